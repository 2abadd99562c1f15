"""Run every rule's own examples: `pass` sets must pass it, `fail` sets must fail it, and
`unknown` sets must leave it unable to assess them: a gap, neither a failure nor a pass.

Examples are checked against the document schemas first, so a rule whose
examples use a field name the schema does not have is caught here instead of
silently never applying to a real policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from codecheck.documents.parse import parse
from codecheck.documents.validate import validate
from codecheck.documents.values import as_of
from codecheck.engine.evaluate import evaluate
from codecheck.model import Document, Finding, Rule, Status


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    expected: str  # "pass" | "fail" | "unknown"
    number: int
    problem: str | None  # None when the example behaved as declared

    @property
    def name(self) -> str:
        return f"{self.rule.id} {self.expected}[{self.number}]"


def example_documents(rule: Rule, example: Any, label: str) -> tuple[Document, ...]:
    """The policy set an example describes, with `codecheck`, `kind` and `id` filled in when left out."""
    raw = example if isinstance(example, list) else [example]
    documents: list[Document] = []
    for number, data in enumerate(raw):
        full = {"codecheck": 1, "kind": rule.kinds[0], "id": f"example-{number}", **data}
        docs, _ = parse(yaml.safe_dump(full, sort_keys=False, allow_unicode=True), f"<{rule.id} {label}>")
        documents.extend(docs)
    return tuple(documents)


def run_example(rule: Rule, expected: str, number: int, example: Any) -> ExampleResult:
    label = f"{expected}[{number}]"
    documents = example_documents(rule, example, label)
    sound, problems = validate(documents, complete=False)
    if problems:
        return ExampleResult(rule, expected, number, f"the example is not a valid policy set: {problems[0].message}")
    outcomes, found = evaluate(sound, [rule])
    statuses = {o.status for o in outcomes}
    findings = [f for f in found if not f.gap]
    if expected == "unknown":
        return ExampleResult(rule, expected, number, _not_unknown(statuses, findings, len(found) - len(findings)))
    if expected == "fail" and Status.FAIL not in statuses:
        return ExampleResult(rule, expected, number, f"expected the rule to fail, it was {_summary(statuses)}")
    if expected == "pass" and Status.FAIL in statuses:
        return ExampleResult(rule, expected, number, f"expected the rule to pass, it failed: {findings[0].message}")
    if expected == "pass" and Status.PASS not in statuses:
        return ExampleResult(rule, expected, number, f"expected the rule to pass, it was {_summary(statuses)}")
    return ExampleResult(rule, expected, number, None)


def _not_unknown(statuses: set[Status], findings: list[Finding], gaps: int) -> str | None:
    """Why an `unknown` example did not leave the rule unable to assess it with a gap; None when it did."""
    if findings:
        return f"expected a gap, the rule failed: {findings[0].message}"
    if Status.UNKNOWN not in statuses or not gaps:
        return f"expected the rule to be unknown with a gap, it was {_summary(statuses)}"
    return None


def _summary(statuses: set[Status]) -> str:
    return " and ".join(sorted(s.value.replace("_", " ") for s in statuses))


EXAMPLES_DATE = "2026-11-24"
"""Rule examples are evaluated as of this date, so that an example about review dates never expires."""


def run_all_examples(rules: tuple[Rule, ...]) -> list[ExampleResult]:
    """Every example of every rule, in rule order."""
    with as_of(EXAMPLES_DATE):
        return [
            run_example(rule, expected, number, example)
            for rule in rules
            for expected in ("pass", "fail", "unknown")
            for number, example in enumerate(rule.examples.get(expected, ()))
        ]
