"""Documents x Rules -> Outcomes (pass / fail / not applicable) and the findings of the failures.

For each rule, each document of its kinds is a candidate; `for_each` picks the
subjects inside it (every plan, every purpose), `when` says which subjects the
rule is about, and `check` must hold for each. A rule with no subject in a
document is not applicable there, which grading reads as "no evidence", never
as a pass.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from codecheck.conditions import (
    AllOf,
    AnyOf,
    Condition,
    FieldTest,
    InJurisdiction,
    Not,
    Quantified,
    Ref,
)
from codecheck.model import (
    Document,
    Finding,
    Outcome,
    Path,
    Rule,
    Severity,
    Status,
    format_path,
)
from codecheck.operators import OPERATORS
from codecheck.selectors import Hit, Index, Selector, compile_selector, select
from codecheck.values import Incomparable, show, today


class Context(NamedTuple):
    """Where a condition is evaluated: its subject, the bound variables, the policy set."""

    subject: Hit
    variables: Mapping[str, Hit]
    policy: Index
    jurisdictions: frozenset[str]

    def select(self, selector: Selector) -> list[Hit]:
        return select(selector, self.subject, self.variables, self.policy)

    def bind(self, name: str | None, hit: Hit) -> Context:
        variables = {**self.variables, name: hit} if name else self.variables
        return Context(hit, variables, self.policy, self.jurisdictions)


@dataclass(frozen=True)
class Failure:
    """Why a condition failed: the offending value (or where a missing one belongs).

    It keeps the context it failed in, so that a message can name variables
    bound by the quantifier around it.
    """

    context: Context
    path: Path
    value: Any
    expected: Any
    message: str | None
    missing: bool = False


def evaluate(
    documents: Iterable[Document],
    rules: Iterable[Rule],
    jurisdictions: frozenset[str] | None = None,
    part: tuple[int, int] = (0, 1),
) -> tuple[list[Outcome], list[Finding]]:
    """Every rule over the policy set; `jurisdictions` overrides what the documents declare.

    With part=(i, n), only every n-th document from the i-th is a subject (cross-document
    rules still see the whole set): n processes can share the work.
    """
    index = Index(documents)
    declared = expand(j for doc in index.documents for j in doc.data.get("jurisdictions", []))
    mine = {id(doc) for doc in index.documents[part[0] :: part[1]]}
    outcomes: list[Outcome] = []
    findings: list[Finding] = []
    for rule in rules:
        candidates = [doc for kind in rule.kinds for doc in index.by_kind.get(kind, [])]
        if not candidates and part[0] == 0:
            outcomes.append(Outcome(rule, None, Status.NOT_APPLICABLE, False))
        for doc in (d for d in candidates if id(d) in mine):
            where = expand(jurisdictions or doc.data.get("jurisdictions", [])) or declared
            outcome, found = _evaluate_document(rule, doc, index, where)
            outcomes.append(outcome)
            findings.extend(found)
    return outcomes, findings


PARENTS = {"DE": "EU", "FR": "EU", "US-CA": "US", "US-NY": "US"}
"""A member state is also in the EU, a state also in the US: their law applies there too."""


def expand(codes: Iterable[str]) -> frozenset[str]:
    """Jurisdictions with the unions and federations they belong to: DE -> DE, EU."""
    return frozenset(c for code in codes for c in (code, PARENTS.get(code)) if c)


def _evaluate_document(
    rule: Rule, doc: Document, index: Index, jurisdictions: frozenset[str]
) -> tuple[Outcome, list[Finding]]:
    legal = tuple(sorted(jurisdictions & set(rule.legal_in)))
    if rule.only_in and not jurisdictions & set(rule.only_in):
        return Outcome(rule, doc, Status.NOT_APPLICABLE, bool(legal)), []
    root = Context(Hit(doc, (), doc.data), {"today": Hit(None, (), today())}, index, jurisdictions)
    subjects = root.select(rule.for_each) if rule.for_each else [root.subject]
    applicable = False
    findings: list[Finding] = []
    for subject in subjects:
        context = root.bind("subject", subject)
        if rule.when is not None and failures(rule.when, context):
            continue
        applicable = True
        for failure in failures(rule.check, context):
            findings.append(_finding(rule, doc, failure, legal))
    status = Status.FAIL if findings else Status.PASS if applicable else Status.NOT_APPLICABLE
    return Outcome(rule, doc, status, bool(legal)), findings


def failures(condition: Condition, context: Context) -> list[Failure]:
    """Every way `condition` fails for the context's subject; none means it holds."""
    return _KINDS[type(condition)](condition, context)


def _all(condition: AllOf, context: Context) -> list[Failure]:
    return [failure for part in condition.conditions for failure in failures(part, context)]


def _any(condition: AnyOf, context: Context) -> list[Failure]:
    first: list[Failure] | None = None
    for part in condition.conditions:
        found = failures(part, context)
        if not found:
            return []
        first = found if first is None else first
    return _relabel(first or [], condition.message)


def _not(condition: Not, context: Context) -> list[Failure]:
    if failures(condition.condition, context):
        return []
    return [Failure(context, context.subject.path, context.subject.value, None, condition.message)]


def _jurisdiction(condition: InJurisdiction, context: Context) -> list[Failure]:
    if context.jurisdictions & condition.codes:
        return []
    where = sorted(context.jurisdictions)
    return [Failure(context, context.subject.path, where, sorted(condition.codes), condition.message)]


def _relabel(found: list[Failure], message: str | None) -> list[Failure]:
    return found if message is None else [dataclasses.replace(failure, message=message) for failure in found]


def _quantified(condition: Quantified, context: Context) -> list[Failure]:
    hits = context.select(condition.selector)
    results = [(hit, failures(condition.condition, context.bind(condition.name, hit))) for hit in hits]
    if condition.quantifier == "every":
        return [f for _, found in results for f in _relabel(found, condition.message)]
    if condition.quantifier == "none":
        return [
            Failure(context, _local(hit, context), hit.value, None, condition.message) for hit, found in results if not found
        ]
    if any(not found for _, found in results):  # some
        return []
    where = context.subject.path + condition.selector.static_path()
    return [Failure(context, where, [h.value for h in hits], None, condition.message, missing=not hits)]


def _field_test(test: FieldTest, context: Context) -> list[Failure]:
    operator = OPERATORS[test.operator]
    hits = context.select(test.selector)
    if operator.shape == "selection":
        if operator.test(hits, test.operand):
            return []
        value = [h.value for h in hits] if test.operator != "exists" else (hits[0].value if hits else None)
        return [Failure(context, _anchor(test, hits, context), value, test.operand, test.message, missing=not hits)]
    if not hits:
        return [Failure(context, _anchor(test, hits, context), None, test.operand, test.message, missing=True)]
    expected = _operand(test.operand, operator.shape, context)
    found = []
    for hit in hits:
        problem = _test_value(operator, hit.value, expected, test.operand)
        if problem is not None:
            message = test.message if problem is True else str(problem)
            shown = _shown_expected(expected, test.operand)
            found.append(Failure(context, _local(hit, context), hit.value, shown, message))
    return found


_KINDS: dict[type, Callable[[Any, Context], list[Failure]]] = {
    FieldTest: _field_test,
    AllOf: _all,
    AnyOf: _any,
    Not: _not,
    Quantified: _quantified,
    InJurisdiction: _jurisdiction,
}


def _operand(operand: Any, shape: str, context: Context) -> list[Any]:
    """The values to test against: the literal, or everything a reference selects."""
    if not isinstance(operand, Ref):
        return [operand]
    values = [h.value for h in context.select(operand.selector)]
    if shape == "set":
        return [[item for value in values for item in (value if isinstance(value, list) else [value])]]
    return values


def _test_value(operator: Any, value: Any, expected: list[Any], operand: Any) -> bool | str | None:
    """None when the value passes; True when it fails; a message when it cannot be compared."""
    try:
        if not isinstance(operand, Ref):
            return None if operator.test(value, operand) else True
        results = [operator.test(value, e) for e in expected]
    except Incomparable as error:
        return str(error)
    passed = all(results) if operand.quantifier == "all" else any(results) or not results
    return None if passed else True


def _shown_expected(expected: list[Any], operand: Any) -> Any:
    """What a value was compared with, for a message: each distinct value once."""
    if not isinstance(operand, Ref):
        return operand
    distinct = [value for i, value in enumerate(expected) if value not in expected[:i]]
    return distinct[0] if len(distinct) == 1 else distinct


def _anchor(test: FieldTest, hits: list[Hit], context: Context) -> Path:
    """Where a finding about these hits belongs; for a missing value, the mapping it belongs in."""
    if hits:
        return _local(hits[0], context)
    selector = test.selector
    if selector.start == "":
        start: Hit | None = context.subject
    elif selector.start == "$":
        start = Hit(context.subject.doc, (), None)
    else:
        start = context.variables.get(selector.start)
    crosses = any(step.op in ("follow", "reverse") for step in selector.steps)
    if start is None or crosses or start.doc is not context.subject.doc:
        return context.subject.path
    return start.path + selector.static_path()


def _local(hit: Hit, context: Context) -> Path:
    """A path in the subject's document: a value from another document is reported at the subject."""
    return hit.path if hit.doc is context.subject.doc else context.subject.path


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
SPECIAL_PLACEHOLDERS = ("value", "expected", "path")


@functools.lru_cache(maxsize=None)
def _placeholder(text: str) -> Selector:
    return compile_selector(text)


def placeholders(template: str) -> list[str]:
    """The selectors a message template reads, so a rule pack can be checked when it loads."""
    return [name for name in _PLACEHOLDER.findall(template) if name not in SPECIAL_PLACEHOLDERS]


def render_message(template: str, failure: Failure) -> str:
    """Fill `{value}`, `{expected}`, `{path}` and `{SELECTOR}` (read from the subject) in a message."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "value":
            return show(failure.value)
        if name == "expected":
            return show(failure.expected)
        if name == "path":
            return format_path(failure.path)
        hits = failure.context.select(_placeholder(name))
        return show(hits[0].value) if len(hits) == 1 else show([h.value for h in hits])

    return _PLACEHOLDER.sub(fill, template)


def _finding(rule: Rule, doc: Document, failure: Failure, legal: tuple[str, ...]) -> Finding:
    if failure.missing and failure.message is None:
        text = f"{format_path(failure.path) or doc.kind} is not stated: {rule.title[0].lower()}{rule.title[1:]}"
    else:
        text = render_message(failure.message or rule.message, failure)
    pos = doc.position(failure.path)
    return Finding(
        rule_id=rule.id,
        severity=Severity.ERROR if legal else rule.severity,
        message=text,
        file=doc.file,
        line=pos.line,
        column=pos.column,
        tenet=rule.tenet,
        doc_id=doc.id,
        path=format_path(failure.path),
        fix=rule.fix,
        legal_in=legal,
        value="" if failure.missing else show(failure.value),
    )
