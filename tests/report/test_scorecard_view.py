"""What the scorecard says, before any markup: excerpts, grades in words, counts, and the changes that raise a grade."""

from __future__ import annotations

from pathlib import Path

from helpers import run_cli, write

from codecheck.model import Finding, Severity
from codecheck.pipeline import run_audit
from codecheck.report.view.excerpts import excerpt
from codecheck.report.view.explain import overall_sentences, tenet_sentences
from codecheck.report.view.summary import legal_errors, summarise
from codecheck.report.view.tenets import tenet_views
from codecheck.settings.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]

YAML = """\
codecheck: 1
kind: cancellation
id: cancel
# who may decide
governance:
  owner: Retention lead
  review:
    cycle: P1Y
  last_reviewed: 2026-01-01
flow: {steps: 2, online: true}
"""


def finding(line: int, column: int, path: str, value: str = "", absent: str = "") -> Finding:
    return Finding("CC1001", Severity.WARNING, "m", "f.yaml", line, column, 10, "cancel", path, value=value, absent=absent)


def shown(lines: list) -> list[tuple[int | None, str, str]]:
    return [(line.number, line.mark, line.text) for line in lines]


def test_a_missing_key_is_shown_in_the_mapping_where_it_belongs() -> None:
    lines = excerpt(YAML.splitlines(), finding(6, 3, "governance.approver", absent="approver"))
    assert shown(lines) == [
        (5, "", "governance:"),
        (6, "key", "  owner: Retention lead"),
        (7, "key", "  review:"),
        (None, "fold", "    …"),
        (9, "key", "  last_reviewed: 2026-01-01"),
        (None, "absent", "  approver: … (not stated)"),
    ]


def test_a_missing_top_level_key_shows_the_document_not_its_first_line_alone() -> None:
    lines = excerpt(YAML.splitlines(), finding(1, 1, "security_measures", absent="security_measures"))
    assert [line.number for line in lines if line.number] == [1, 2, 3, 5, 10]
    assert all(line.mark != "hit" for line in lines)
    assert shown(lines)[-1] == (None, "absent", "security_measures: … (not stated)")


def test_a_missing_key_of_a_flow_mapping_is_added_under_its_line() -> None:
    lines = excerpt(YAML.splitlines(), finding(10, 7, "flow.confirmation", absent="confirmation"))
    assert shown(lines) == [
        (9, "context", "  last_reviewed: 2026-01-01"),
        (10, "hit", "flow: {steps: 2, online: true}"),
        (None, "absent", "  confirmation: … (not stated)"),
    ]


def test_a_value_that_is_there_is_marked_with_a_line_either_side() -> None:
    lines = excerpt(YAML.splitlines(), finding(8, 12, "governance.review.cycle", value="P1Y"))
    assert shown(lines) == [(7, "context", "  review:"), (8, "hit", "    cycle: P1Y"), (9, "context", "  last_reviewed: 2026-01-01")]


def test_the_engine_records_which_part_of_a_path_is_not_stated() -> None:
    audit = run_audit((str(ROOT / "examples" / "lock-in"),), DEFAULTS)
    approver = [f for f in audit.report.findings if f.path == "governance.approver_for_exceptions"]
    assert approver and {f.absent for f in approver} == {"approver_for_exceptions"} and {f.value for f in approver} == {""}
    assert all(f.absent == "" for f in audit.report.findings if f.value)


def test_ordinary_explains_the_legal_cap_and_names_the_changes_that_lift_it() -> None:
    audit = run_audit((str(ROOT / "examples" / "ordinary"),), DEFAULTS)
    assert (audit.card.grade, audit.card.score) == ("C", 79)
    assert overall_sentences(audit.card) == [
        "The overall score is the mean of the 10 assessed tenets' scores: 88.",
        "A legal requirement failed, which holds the overall score at 79 (C) at most.",
    ]
    changes = summarise(audit).changes
    assert [c.rule.id for c in changes[:2]] == ["CC0402", "CC0905"]
    assert (changes[0].score_before, changes[0].score_after) == (79, 79)  # one of two legal failures: the cap stays
    # the second lifts the legal cap; what is left is the coverage cap (71% of outcomes known), a B
    assert changes[1].score_before == 79 and changes[1].grade_after == "B"
    assert changes[0].tenet_before == 69 and changes[0].tenet_after > 69


def test_a_capped_tenet_says_its_score_before_the_cap(tmp_path: Path) -> None:
    audit = run_audit((str(ROOT / "examples" / "ordinary"),), DEFAULTS)
    view = next(v for v in tenet_views(audit) if v.grade.tenet.number == 4)
    outcomes = [o for o in audit.outcomes if o.rule.tenet == 4]
    said = tenet_sentences(view.grade, outcomes)
    assert said[-1] == "The score is held at 69 (D): one failed legal requirement caps a tenet at 69 (CC0402)."
    # one of the 13 applicable outcomes is unknown (a fact not stated): the score is over the 12 known ones
    assert said[0].endswith("10 outcomes of 12 were legal requirements; 40 of 44 weighted points passed, a score of 91.")


def test_counts_name_rules_outcomes_and_findings_apart() -> None:
    audit = run_audit((str(ROOT / "examples" / "lock-in"),), DEFAULTS)
    view = next(v for v in tenet_views(audit) if v.grade.tenet.number == 10)
    assert view.counts.rules_failed <= view.counts.rules_applied <= 10
    assert view.counts.outcomes_failed == view.grade.failed and view.counts.outcomes_failed > view.counts.rules_failed
    assert view.counts.findings == len(audit.findings_of(view.grade)) == sum(len(g.findings) for g in view.groups)


def test_legal_errors_are_counted_by_jurisdiction_most_rules_first() -> None:
    found = (
        Finding("CC0901", Severity.ERROR, "m", "f", 1, 1, 9, legal_in=("DE", "EU")),
        Finding("CC0901", Severity.ERROR, "m", "f", 2, 1, 9, legal_in=("DE",)),
        Finding("CC0402", Severity.ERROR, "m", "f", 3, 1, 4, legal_in=("DE",)),
    )
    rows = [(r.code, r.name, r.rules, r.findings, r.tenets) for r in legal_errors(found)]
    assert rows == [("DE", "Germany", ("CC0402", "CC0901"), 3, (4, 9)), ("EU", "European Union", ("CC0901",), 1, (9,))]


def test_the_html_scorecard_is_titled_with_the_organisation_and_opens_on_its_summary(monkeypatch, capsys, tmp_path) -> None:
    folder = tmp_path / "policies"
    for source in (ROOT / "examples" / "ordinary").glob("*.yaml"):
        write(folder / source.name, source.read_text(encoding="utf-8"))
    write(tmp_path / ".codecheck.yaml", "organisation: Fitness & Co <GmbH>\n")
    out = tmp_path / "card.html"
    status, _, err = run_cli(monkeypatch, capsys, "scorecard", str(folder), "--format", "html", "-o", str(out), "--title", "Annual audit 2026")
    html = out.read_text(encoding="utf-8")
    assert status == 1, err
    assert "<title>Annual audit 2026: Fitness &amp; Co &lt;GmbH&gt; (C)</title>" in html
    assert '<p class="kicker">Fitness &amp; Co &lt;GmbH&gt;</p>\n<h1>Annual audit 2026</h1>' in html
    assert html.index('id="summary-heading"') < html.index('id="contents-heading"') < html.index('id="tenet-1"')
    assert "The overall score is the mean of the 10 assessed tenets&#39; scores: 88." in html
