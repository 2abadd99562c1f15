"""Where and when a rule is law: `legal_in`, `only_in` and `jurisdiction:` with subdivisions, unions and dates.

Each test compiles a rule of its own and evaluates it on a small policy set
as of a pinned date, as `--as-of` does for a whole run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, documents, write

from codecheck.documents.values import as_of
from codecheck.engine.evaluate import evaluate
from codecheck.engine.rulebook import RuleError, compile_rule, load_rule_file
from codecheck.language import Jurisdiction
from codecheck.model import Severity, Status

RULE = """\
id: CC0999
name: test-rule
title: Test rule
tenet: 9
kinds: [cancellation]
severity: warning
message: cancelling takes {value} steps
rationale: Because.
fix: Fix it.
references: [{title: Test}]
examples: {pass: [{}], fail: [{}]}
"""

FAILS = "check: {field: steps, lte: 1}\n"


def judge(body: str, sold_in: str, date: str = "2026-11-24") -> tuple[list[Status], list[tuple[Severity, tuple[str, ...]]]]:
    """The outcomes and (severity, where it is law) of each finding, for a cancellation sold in `sold_in`."""
    (doc,) = documents(RULE + body, "CC0999.yaml")
    policy = documents(PRICING + "---\n" + CANCELLATION + f"jurisdictions: {sold_in}\n")
    with as_of(date):
        outcomes, findings = evaluate(policy, [compile_rule(doc)])
    return [o.status for o in outcomes], [(f.severity, f.legal_in) for f in findings]


LAW = (Severity.ERROR,)
PRACTICE = (Severity.WARNING, ())


@pytest.mark.parametrize(
    ("legal_in", "sold_in", "expected"),
    [
        ("[EU, DE, FR, UK]", "[IT]", (Severity.ERROR, ("EU",))),  # the old list form keeps working
        ("[EU]", "[NO]", PRACTICE),  # Norway is in the EEA, not the EU
        ("[EEA]", "[NO]", (Severity.ERROR, ("EEA",))),
        ("[EEA]", "[IT]", (Severity.ERROR, ("EEA",))),
        ("[EU]", "[UK]", PRACTICE),
        ("[CA]", "[CA-QC]", (Severity.ERROR, ("CA",))),  # federal law holds in a province
        ("[CA-QC]", "[CA]", PRACTICE),  # and provincial law not in the whole country
        ("[CA-QC]", "[CA-QC]", (Severity.ERROR, ("CA-QC",))),
        ("[AU]", "[AU-NSW]", (Severity.ERROR, ("AU",))),
        ("[UK]", "[GB-SCT]", (Severity.ERROR, ("UK",))),
        ("[US, US-CA]", "[US-CA]", (Severity.ERROR, ("US", "US-CA"))),
        ("[GR]", "[EL]", (Severity.ERROR, ("GR",))),  # the EU's code for Greece is an alias
        ("[EL]", "[GR]", (Severity.ERROR, ("GR",))),
        ("[BR, IN]", "[IN]", (Severity.ERROR, ("IN",))),
    ],
)
def test_a_rule_is_law_where_its_narrowest_place_includes_the_market(legal_in: str, sold_in: str, expected) -> None:
    assert judge(f"legal_in: {legal_in}\n" + FAILS, sold_in)[1] == [expected]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2026-08-10", PRACTICE),
        ("2026-08-11", (Severity.ERROR, ("FR",))),  # the first day it is law
        ("2030-01-01", (Severity.ERROR, ("FR",))),
    ],
)
def test_law_that_starts_on_a_date_is_law_from_that_day(date: str, expected) -> None:
    body = "legal_in: [{in: FR, from: 2026-08-11}]\n" + FAILS
    assert judge(body, "[FR]", date)[1] == [expected]


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2025-07-07", (Severity.ERROR, ("US",))), ("2025-07-08", PRACTICE)],  # vacated on 8 July 2025
)
def test_law_that_ends_on_a_date_is_no_longer_law_that_day(date: str, expected) -> None:
    body = "legal_in: [EU, {in: US, from: 2010-12-29, until: 2025-07-08}]\n" + FAILS
    assert judge(body, "[US-NY]", date)[1] == [expected]


def test_only_in_with_a_date_is_not_applicable_before_the_law_starts() -> None:
    body = "only_in: [{in: ES, from: 2026-12-28}]\nlegal_in: [ES]\n" + FAILS
    assert judge(body, "[ES]", "2026-12-27") == ([Status.NOT_APPLICABLE], [])
    assert judge(body, "[ES]", "2026-12-28") == ([Status.FAIL], [(Severity.ERROR, ("ES",))])
    assert judge(body, "[IT]", "2026-12-28") == ([Status.NOT_APPLICABLE], [])


def test_a_jurisdiction_condition_holds_only_on_its_dates() -> None:
    body = "check:\n  any:\n    - not: {jurisdiction: [{in: FR, from: 2026-08-11}, US-CA]}\n    - {field: steps, lte: 1}\n"
    assert judge(body, "[FR]", "2026-08-10")[0] == [Status.PASS]
    assert judge(body, "[FR]", "2026-08-11")[0] == [Status.FAIL]
    assert judge(body, "[US-CA]", "2020-01-01")[0] == [Status.FAIL]
    assert judge(body, "[CA-QC]", "2030-01-01")[0] == [Status.PASS]  # Quebec is not California


def test_today_is_the_date_the_run_is_judged_on() -> None:
    body = 'check: {field: $today, lt: "2026-08-11"}\n'
    assert judge(body, "[FR]", "2026-08-10")[0] == [Status.PASS]
    assert judge(body, "[FR]", "2026-08-11")[0] == [Status.FAIL]


def test_the_rule_keeps_the_places_and_dates_it_was_written_with() -> None:
    (doc,) = documents(RULE + "legal_in: [EL, {in: FR, from: 2026-08-11}, {in: US, until: 2025-07-08}]\n" + FAILS, "r.yaml")
    assert compile_rule(doc).legal_in == (
        Jurisdiction("GR"),
        Jurisdiction("FR", since="2026-08-11"),
        Jurisdiction("US", until="2025-07-08"),
    )
    assert [str(p) for p in compile_rule(doc).legal_in] == ["GR", "FR from 11 August 2026", "US until 8 July 2025"]


@pytest.mark.parametrize(
    ("legal_in", "expected"),
    [
        (
            "[EU, Italy]",
            "CC0999.yaml:12:16: legal_in[1]: 'Italy' is not a known jurisdiction code (did you mean 'IT'?);"
            " use an ISO 3166 country or subdivision code such as IT, US-CA or CA-QC, or EU or EEA",
        ),
        (
            "[{in: QC}]",
            "CC0999.yaml:12:17: legal_in[0].in: 'QC' is not a known jurisdiction code (did you mean 'CA-QC'?);"
            " use an ISO 3166 country or subdivision code such as IT, US-CA or CA-QC, or EU or EEA",
        ),
        ("[{in: FR, form: 2026-08-11}]", "CC0999.yaml:12:12: legal_in[0]: unknown field 'form' (did you mean 'from'?)"),
        ("[{from: 2026-08-11}]", "CC0999.yaml:12:12: legal_in[0]: missing required field 'in'"),
        ("[{in: FR, from: 11.08.2026}]", "CC0999.yaml:12:27: legal_in[0].from: '11.08.2026' is not a date in the form YYYY-MM-DD"),
        (
            "[{in: FR, from: 2026-02-30}]",
            "CC0999.yaml:12:27: legal_in[0].from: '2026-02-30' is not a date: day is out of range for month",
        ),
        (
            "[{in: FR, from: 2026-08-11, until: 2026-08-11}]",
            "CC0999.yaml:12:46: legal_in[0].until: 'until' (2026-08-11) must be later than 'from' (2026-08-11)",
        ),
    ],
)
def test_a_broken_place_in_a_rule_file_stops_the_run_at_its_position(tmp_path: Path, legal_in: str, expected: str) -> None:
    path = write(tmp_path / "CC0999.yaml", RULE + f"legal_in: {legal_in}\n" + FAILS)
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert str(caught.value).replace(str(tmp_path) + "/", "") == expected


@pytest.mark.parametrize(
    ("plan", "places", "passes"),
    [
        ("[IT]", "[EU]", True),
        ("[NO]", "[EU]", False),  # in the EEA only
        ("[NO]", "[EEA]", True),
        ("[CA-QC, UK]", "[CA]", True),
        ("[CA]", "[CA-QC]", False),  # the whole country is not one province
        ("[EL]", "[GR]", True),
        ("[US-NY]", "[EU, US-CA]", False),
        ("[EU]", "[EU]", True),
    ],
)
def test_sold_in_reads_a_plans_jurisdictions_with_the_places_they_lie_within(plan: str, places: str, passes: bool) -> None:
    (doc,) = documents(RULE.replace("[cancellation]", "[pricing]") + f"for_each: plans[*]\ncheck: {{field: jurisdictions, sold_in: {places}}}\n", "r.yaml")
    policy = documents(PRICING.replace("    signup:", f"    jurisdictions: {plan}\n    signup:"))
    outcomes, _ = evaluate(policy, [compile_rule(doc)])
    assert [o.status for o in outcomes] == [Status.PASS if passes else Status.FAIL]


def test_sold_in_takes_only_known_codes(tmp_path: Path) -> None:
    body = "check: {field: jurisdictions, sold_in: [Europe]}\n"
    with pytest.raises(RuleError, match=r"CC0999.yaml:12:41: check.sold_in\[0\]: 'Europe' is not a known jurisdiction code"):
        load_rule_file(write(tmp_path / "CC0999.yaml", RULE + body))
