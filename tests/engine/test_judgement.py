"""Three-valued judgement: pass, fail, unknown; gaps; duties to state; one fact, one finding."""

from __future__ import annotations

import pytest
from helpers import CANCELLATION, PRICING, documents
from test_evaluate import rule, run

from codecheck.engine.evaluate import evaluate
from codecheck.engine.gaps import merge
from codecheck.engine.rulebook import RuleError, _check_supersedes
from codecheck.model import Severity, Status

P, F, U, N = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("check", "status"),
    [
        # a value that is not stated is unknown, whatever the operator
        ("{field: refund.policy, eq: none}", U),
        ("{field: refund.policy, ne: none}", U),
        ("{field: retention.offers_count, lte: 1}", U),
        # whether something is stated is always known
        ("{field: refund, exists: false}", P),
        ("{field: steps, exists: false}", F),
        ("{field: refund, exists: true}", U),  # a demand for the statement: a gap, not a failure
        # Kleene: a failure decides `all`, a pass decides `any`, `not` leaves unknown alone
        ("{all: [{field: steps, lte: 1}, {field: refund.policy, eq: full}]}", F),
        ("{all: [{field: steps, lte: 2}, {field: refund.policy, eq: full}]}", U),
        ("{any: [{field: steps, lte: 2}, {field: refund.policy, eq: full}]}", P),
        ("{any: [{field: steps, lte: 1}, {field: refund.policy, eq: full}]}", U),
        ("{not: {field: refund.policy, eq: full}}", U),
        ("{not: {field: refund, exists: true}}", P),
        # `exists` splits cases: not stated and A, or stated and B
        ("{any: [{all: [{field: refund, exists: false}, {field: steps, lte: 2}]}, {all: [{field: refund, exists: true}, {field: refund.policy, eq: full}]}]}", P),
        ("{any: [{all: [{field: refund, exists: false}, {field: steps, lte: 1}]}, {all: [{field: refund, exists: true}, {field: refund.policy, eq: full}]}]}", F),
        # quantifiers: an absent list is unknown, an empty one is known
        ("{every: {field: 'phone.numbers[*]', as: n, check: {field: $n, eq: x}}}", U),
        ("{some: {field: 'channels[*]', as: c, check: {field: $c, eq: phone}}}", F),
        ("{every: {field: 'covers[*]', as: c, check: {field: $c, eq: pricing-main}}}", P),
        # a count is decided when the values found already decide it
        ("{field: 'channels[*]', count: {gte: 1}}", P),
        ("{field: 'authorized_cancellers[*]', count: {gte: 1}}", U),
        # another value that is not stated leaves a comparison unknown
        ("{field: steps, lte: {field: '$.covers->plans[*].signup.clicks'}}", U),
        ("{field: channels, subset_of: {field: 'withdrawal.channels'}}", U),
    ],
)
def test_three_valued_conditions(check: str, status: Status) -> None:
    statuses, findings = run(f"check: {check}\n")
    assert statuses == [status]
    assert all(f[3] is Severity.GAP for f in findings) if status is U else True


def test_an_unknown_outcome_is_a_gap_at_the_missing_field_naming_the_rule() -> None:
    statuses, findings = run("check: {field: retention.offers_count, lte: 1}\n")
    assert statuses == [U]
    message = "retention is not stated (save offers made to a customer who is cancelling)"
    assert findings == [(12, 1, message, Severity.GAP)]  # the cancellation document, where retention belongs


def test_a_stated_none_is_judged() -> None:
    text = PRICING + "---\n" + CANCELLATION + "refund: {policy: none}\n"
    statuses, findings = run("check: {field: refund.policy, ne: none, message: no refund}\n", text=text)
    assert (statuses, [f[2] for f in findings]) == ([F], ["no refund"])


def test_a_known_empty_list_is_a_known_none() -> None:
    text = PRICING + "---\n" + CANCELLATION.replace("channels: [online, email]", "channels: []")
    body = "check: {some: {field: 'channels[*]', as: c, check: {field: $c, eq: online}}, message: no online channel}\n"
    assert run(body, text=text)[0] == [F]


def test_a_partly_stated_list_is_unknown_unless_a_stated_value_fails() -> None:
    two = PRICING + "  - {id: pro, name: Pro, price: {amount: 5, currency: EUR}}\n"
    body = "check: {field: steps, lte: {field: '$.covers->plans[*].signup.steps'}}\n"
    assert run(body, text=two + "---\n" + CANCELLATION)[0] == [U]
    assert run(body, text=two + "---\n" + CANCELLATION.replace("steps: 2", "steps: 5"))[0] == [F]


DUTY = """\
check: {field: refund.policy, in: [prorated, full]}
absent:
  - field: refund.policy
    duty: {title: "Some Act §1 (the refund terms must be stated)", url: "https://example.com/act"}
    message: "the refund terms are not stated, which Some Act §1 requires"
"""


def test_silence_fails_only_where_the_rule_names_the_duty_to_state() -> None:
    statuses, findings = run(DUTY)
    assert statuses == [F]
    assert findings == [(12, 1, "the refund terms are not stated, which Some Act §1 requires", Severity.WARNING)]


def test_a_duty_binds_only_where_the_rule_applies() -> None:
    statuses, findings = run("when: {field: retention.offers_count, gt: 0}\n" + DUTY)
    assert statuses == [U]  # whether the rule applies is not stated: a gap about that, not a failure
    assert [f[3] for f in findings] == [Severity.GAP]


def test_when_unknown_and_the_check_passing_is_a_pass() -> None:
    assert run("when: {field: retention.offers_count, gt: 0}\ncheck: {field: steps, lte: 2}\n")[0] == [P]


def test_require_complete_makes_every_gap_a_failure() -> None:
    statuses, findings = run("check: {field: retention.offers_count, lte: 1}\n", complete=True)
    assert statuses == [F]
    assert findings == [(12, 1, "retention is not stated: test rule", Severity.WARNING)]


def test_a_rule_that_fails_one_value_twice_reports_it_once() -> None:
    body = "check: {all: [{field: steps, lte: 1, message: too many}, {field: steps, eq: 3, message: not three}]}\n"
    _, findings = run(body)
    assert findings == [(17, 8, "too many; not three", Severity.WARNING)]


def test_gaps_of_several_rules_on_one_fact_are_one_gap_and_none_beside_a_failure() -> None:
    one, two = rule("check: {field: retention.offers_count, lte: 1}\n"), rule("check: {field: retention.offers_count, eq: 0}\n")
    two = type(two)(**{**two.__dict__, "id": "CC0998"})
    docs = documents(PRICING + "---\n" + CANCELLATION)
    _, found = evaluate(docs, [one, two])
    merged = merge(found)
    assert [(f.rule_id, f.needed_by, f.message.split("; ")[-1]) for f in merged] == [
        ("CC0998", ("CC0998", "CC0999"), "needed by CC0998, CC0999")
    ]
    failure = type(found[0])(**{**found[0].__dict__, "severity": Severity.ERROR, "needed_by": ()})
    assert merge([*found, failure]) == [failure]


def test_a_superseding_rule_reports_a_shared_value_once_and_the_grade_counts_it_once() -> None:
    high = rule("legal_in: [DE]\nsupersedes: [CC0998]\ncheck: {field: steps, lte: 1}\n")
    low = type(high)(**{**rule("check: {field: steps, lte: 0}\n").__dict__, "id": "CC0998"})
    docs = documents(PRICING + "---\n" + CANCELLATION + "jurisdictions: [DE]\n")
    outcomes, found = evaluate(docs, [high, low])
    assert [(f.rule_id, f.severity) for f in found] == [("CC0999", Severity.ERROR)]
    assert {o.rule.id: o.status for o in outcomes} == {"CC0999": F, "CC0998": N}


def test_the_higher_severity_wins_even_against_the_superseding_rule() -> None:
    low = rule("supersedes: [CC0998]\ncheck: {field: steps, lte: 1}\n")
    high = type(low)(**{**rule("legal_in: [DE]\ncheck: {field: steps, lte: 0}\n").__dict__, "id": "CC0998", "supersedes": ()})
    docs = documents(PRICING + "---\n" + CANCELLATION + "jurisdictions: [DE]\n")
    _, found = evaluate(docs, [low, high])
    assert [(f.rule_id, f.severity) for f in found] == [("CC0998", Severity.ERROR)]


def test_a_duty_must_name_a_field_the_check_reads() -> None:
    with pytest.raises(RuleError, match=r"CC0999.yaml:\d+:\d+: absent\[0\]\.field: absent names 'refund', which the check does not read"):
        rule(DUTY.replace("  - field: refund.policy", "  - field: refund"))


def test_supersession_names_existing_rules_and_never_runs_both_ways() -> None:
    one = rule("supersedes: [CC0998]\ncheck: {field: steps, lte: 1}\n")
    with pytest.raises(RuleError, match="supersedes CC0998, which is not a rule of the rulebook"):
        _check_supersedes({one.id: one})
    other = type(one)(**{**one.__dict__, "id": "CC0998", "supersedes": ("CC0999",)})
    with pytest.raises(RuleError, match="cannot supersede each other"):
        _check_supersedes({one.id: one, other.id: other})


def test_a_rule_documents_the_fields_it_reads_from_its_subject() -> None:
    body = (
        "for_each: plans[*]\n"
        "when: {field: audience, exists: false}\n"
        "check: {every: {field: 'signup.channels[*]', as: c, check: {field: $c, in: {field: '$.channels'}}}}\n"
    )
    assert rule(body, "[pricing]").reads == ("signup.channels[*]", "$.channels")


def test_a_filter_that_cannot_read_an_item_leaves_the_selection_unknown() -> None:
    text = PRICING.replace("    name: Basic\n", "    name: Basic\n    audience: consumer\n") + "  - {id: pro, name: Pro, price: {amount: 5, currency: EUR}}\n"
    body = "check: {field: 'plans[audience=consumer]', count: {eq: 1}}\n"
    assert run(body, text=text, kinds="[pricing]")[0] == [U]  # the second plan may be for consumers too
    body = "check: {field: 'plans[audience=consumer]', count: {gte: 1}}\n"
    assert run(body, text=text, kinds="[pricing]")[0] == [P]  # one is enough, whatever the second is
