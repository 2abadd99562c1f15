"""Evaluation: outcomes per rule and document, findings at the offending value, legal severity."""

from __future__ import annotations

import pytest
from helpers import CANCELLATION, PRICING, documents

from codecheck.engine.evaluate import evaluate
from codecheck.engine.rulebook import compile_rule
from codecheck.model import Severity, Status

RULE_HEAD = """\
id: CC0999
name: test-rule
title: Test rule
tenet: 9
severity: warning
message: "{path} is {value}"
rationale: Because.
fix: Fix it.
references: [{title: Test}]
examples: {pass: [{}], fail: [{}]}
"""


def rule(body: str, kinds: str = "[cancellation]"):
    (doc,) = documents(RULE_HEAD + f"kinds: {kinds}\n" + body, "CC0999.yaml")
    return compile_rule(doc)


def run(body: str, text: str = PRICING + "---\n" + CANCELLATION, kinds: str = "[cancellation]", **kw):
    outcomes, findings = evaluate(documents(text), [rule(body, kinds)], **kw)
    return [o.status for o in outcomes], [(f.line, f.column, f.message, f.severity) for f in findings]


@pytest.mark.parametrize(
    ("check", "passes"),
    [
        ("{field: steps, lte: 2}", True),
        ("{field: steps, lt: 2}", False),
        ("{field: steps, eq: 2}", True),
        ("{field: steps, ne: 2}", False),
        ("{field: steps, in: [1, 2]}", True),
        ("{field: channels, contains: email}", True),
        ("{field: channels, not_contains: email}", False),
        ("{field: channels, subset_of: [online, email, phone]}", True),
        ("{field: channels, superset_of: [online, phone]}", False),
        ("{field: channels, intersects: [phone, email]}", True),
        ("{field: channels, disjoint_from: [phone, email]}", False),
        ("{field: id, matches: '^cancel-'}", True),
        ("{field: id, not_matches: main}", False),
        ("{field: channels, length: {gte: 1, lte: 2}}", True),
        ("{field: 'channels[*]', count: {eq: 3}}", False),
        ("{field: refund, exists: false}", True),
        ("{field: steps, exists: true}", True),
        ("{all: [{field: steps, lte: 2}, {field: channels, contains: online}]}", True),
        ("{any: [{field: steps, gt: 5}, {field: channels, contains: online}]}", True),
        ("{not: {field: channels, contains: online}}", False),
        ("{every: {field: 'channels[*]', as: c, check: {field: $c, in: [online, email]}}}", True),
        ("{some: {field: 'channels[*]', as: c, check: {field: $c, eq: phone}}}", False),
        ("{none: {field: 'channels[*]', as: c, check: {field: $c, eq: phone}}}", True),
        ("{field: steps, lte: {field: '$.covers->plans[*].signup.steps'}}", True),
        ("{field: steps, lt: {field: '$.covers->plans[*].signup.steps'}}", False),
    ],
)
def test_operators_and_combinators(check: str, passes: bool) -> None:
    statuses, _ = run(f"check: {check}\n")
    assert statuses == [Status.PASS if passes else Status.FAIL]


def test_a_failing_value_is_reported_at_its_position_with_its_value() -> None:
    _, findings = run("check: {field: steps, lte: 1}\n")
    assert findings == [(17, 8, "steps is 2", Severity.WARNING)]


def test_a_missing_value_is_a_gap_at_the_enclosing_mapping_not_a_failure() -> None:
    statuses, findings = run("for_each: plans[*]\ncheck: {field: signup.consent.method, eq: unticked_checkbox}\n", kinds="[pricing]")
    assert statuses == [Status.UNKNOWN]
    message = "plans[id=basic].signup.consent is not stated (how the customer agrees to be charged)"
    assert findings == [(9, 7, message, Severity.GAP)]


def test_condition_messages_name_the_values_and_bound_variables() -> None:
    body = (
        "check:\n"
        "  every:\n"
        "    field: channels[*]\n"
        "    as: channel\n"
        "    check: {field: $channel, eq: online, message: \"'{$channel}' in {$.id} is not online\"}\n"
    )
    _, findings = run(body)
    assert findings == [(16, 20, "'email' in cancel-main is not online", Severity.WARNING)]


def test_without_a_document_of_its_kind_a_rule_is_not_applicable() -> None:
    statuses, findings = run("check: {field: steps, lte: 1}\n", text=PRICING)
    assert (statuses, findings) == ([Status.NOT_APPLICABLE], [])


def test_when_filters_subjects_and_none_left_is_not_applicable() -> None:
    statuses, _ = run("when: {field: steps, gt: 5}\ncheck: {field: steps, lte: 1}\n")
    assert statuses == [Status.NOT_APPLICABLE]


def test_a_legal_requirement_in_a_declared_jurisdiction_is_an_error() -> None:
    text = PRICING + "---\n" + CANCELLATION + "jurisdictions: [DE]\n"
    _, findings = run("legal_in: [DE]\ncheck: {field: steps, lte: 1}\n", text=text)
    assert [f[3] for f in findings] == [Severity.ERROR]


def test_the_command_line_jurisdiction_overrides_the_documents() -> None:
    text = PRICING + "---\n" + CANCELLATION + "jurisdictions: [DE]\n"
    _, findings = run("legal_in: [DE]\ncheck: {field: steps, lte: 1}\n", text=text, jurisdictions=frozenset({"US"}))
    assert [f[3] for f in findings] == [Severity.WARNING]


def test_only_in_makes_a_rule_not_applicable_elsewhere() -> None:
    statuses, _ = run("only_in: [DE]\ncheck: {field: steps, lte: 1}\n", jurisdictions=frozenset({"UK"}))
    assert statuses == [Status.NOT_APPLICABLE]


def test_comparing_incomparable_values_fails_with_a_reason() -> None:
    _, findings = run("check: {field: steps, lte: P1M}\n")
    assert findings == [(17, 8, "cannot compare 2 with P1M", Severity.WARNING)]


def test_dates_within_the_last_duration_use_today() -> None:
    text = CANCELLATION.replace("steps: 2\n", "governance: {last_reviewed: 2026-01-10, review_cycle: P1Y}\n")
    body = "check: {field: governance.last_reviewed, within_last: {field: governance.review_cycle}}\n"
    assert run(body, text=PRICING + "---\n" + text)[0] == [Status.PASS]
    stale = text.replace("2026-01-10", "2025-11-01")
    assert run(body, text=PRICING + "---\n" + stale)[0] == [Status.FAIL]


def test_a_member_state_is_in_the_union_and_a_state_in_the_federation() -> None:
    text = PRICING + "---\n" + CANCELLATION + "jurisdictions: [DE]\n"
    _, findings = run("legal_in: [EU]\ncheck: {field: steps, lte: 1}\n", text=text)
    assert [f[3] for f in findings] == [Severity.ERROR]
    _, findings = run("legal_in: [US]\ncheck: {field: steps, lte: 1}\n", jurisdictions=frozenset({"US-CA"}))
    assert [f[3] for f in findings] == [Severity.ERROR]
    _, findings = run("legal_in: [DE]\ncheck: {field: steps, lte: 1}\n", jurisdictions=frozenset({"EU"}))
    assert [f[3] for f in findings] == [Severity.WARNING]  # EU law does not make German law apply


def test_filters_match_booleans_as_written() -> None:
    text = PRICING.replace("    signup:", "    auto_renew: true\n    signup:")
    body = "check: {field: 'plans[auto_renew=true].signup.steps', lte: 1}\n"
    assert run(body, text=text, kinds="[pricing]")[0] == [Status.FAIL]


def test_a_regular_expression_is_bounded_in_time() -> None:
    import time

    from codecheck.documents.values import Incomparable
    from codecheck.engine.operators import REGEX_TIMEOUT, _matches

    start = time.monotonic()
    with pytest.raises(Incomparable, match="took more than"):
        _matches("a" * 5000, "(a+)+b")  # refused in rule files; bounded even if it got through
    assert time.monotonic() - start < REGEX_TIMEOUT + 5


@pytest.mark.parametrize("pattern", [".*.*.*x", "\\\\s*\\\\s*\\\\s*\\\\s*x"])
def test_polynomial_patterns_finish_on_long_values(pattern: str) -> None:
    text = CANCELLATION + "title: '" + "a" * 9000 + "'\n"
    statuses, _ = run(f"check: {{field: title, not_matches: '{pattern}'}}\n", text=PRICING + "---\n" + text)
    assert statuses == [Status.PASS]


@pytest.mark.parametrize("written", ["'{1}'", "'{$.id}'", "'{value} {0} {doc.__class__}'"])
def test_a_value_that_looks_like_a_placeholder_is_shown_as_written(written: str) -> None:
    """When a comparison cannot be made, its reason quotes the value; it was filled in again as a template."""
    text = PRICING + "---\n" + CANCELLATION.replace("steps: 2", f"steps: {written}")
    _, findings = run("check: {field: steps, lte: P1M}\n", text=text)
    assert findings == [(17, 8, f"{written[1:-1]} is not a number, duration or date", Severity.WARNING)]


def test_a_message_quotes_a_long_value_cut_to_a_readable_length() -> None:
    from codecheck.documents.values import MAX_QUOTED

    text = PRICING + "---\n" + CANCELLATION.replace("steps: 2", "steps: '" + "x" * 14_000 + "'")
    _, findings = run("check: {field: steps, eq: 1}\n", text=text)
    assert findings == [(17, 8, "steps is " + "x" * MAX_QUOTED + "… (14,000 characters)", Severity.WARNING)]


def test_several_reasons_for_one_value_share_their_opening_words_once() -> None:
    body = """\
check:
  all:
    - {field: steps, lt: 2, message: "the flow is hard to use: it takes {value} steps"}
    - {field: steps, lt: 1, message: "the flow is hard to use: {value} steps is more than none"}
    - {field: steps, lt: 0, message: "too many steps: {value}"}
"""
    _, findings = run(body)
    assert [message for _, _, message, _ in findings] == [
        "the flow is hard to use: it takes 2 steps; the flow is hard to use: 2 steps is more than none; too many steps: 2"
    ]
    _, findings = run(body.replace('    - {field: steps, lt: 0, message: "too many steps: {value}"}\n', ""))
    assert [message for _, _, message, _ in findings] == [
        "the flow is hard to use: it takes 2 steps; 2 steps is more than none"
    ]
