"""Conditions -> failures: how one condition holds or fails for one subject.

Each kind of condition is one short function, chosen through a table by the
condition's type; each returns the list of its failures, empty when it holds.
A failure keeps the context it failed in, so that a message can name the
variables bound by the quantifiers around it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple

from codecheck.documents.jurisdictions import Market
from codecheck.documents.values import Incomparable, show
from codecheck.engine import budget
from codecheck.engine.operators import OPERATORS
from codecheck.engine.selectors import Hit, Index, select
from codecheck.language import AllOf, AnyOf, Condition, FieldTest, InJurisdiction, Not, Quantified, Ref, Selector
from codecheck.model import Path


class Context(NamedTuple):
    """Where a condition is evaluated: its subject, the bound variables, the policy set."""

    subject: Hit
    variables: Mapping[str, Hit]
    policy: Index
    jurisdictions: Market

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
    """The template that says what is wrong (engine/messages.py), or None for the rule's own."""
    missing: bool = False
    note: str | None = None
    """Why the value could not be judged (two currencies, a pattern out of time), in words: shown as it
    is, never read as a template, since it quotes policy values and patterns."""


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
    if context.jurisdictions.law(condition.places):
        return []
    where = sorted(context.jurisdictions.places)
    return [Failure(context, context.subject.path, where, [str(p) for p in condition.places], condition.message)]


def _relabel(found: list[Failure], message: str | None) -> list[Failure]:
    """The failures of a part, told in the message of the condition around it."""
    return found if message is None else [dataclasses.replace(f, message=message, note=None) for f in found]


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
    budget.spend(len(hits) * len(expected))
    found = []
    for hit in hits:
        problem = _test_value(operator, hit.value, expected, test.operand)
        if problem is not None:
            note = problem if isinstance(problem, str) else None
            shown = _shown_expected(expected, test.operand)
            found.append(Failure(context, _local(hit, context), hit.value, shown, test.message, note=note))
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
    shown: dict[str, Any] = {}
    for value in expected:
        shown.setdefault(show(value), value)  # each value once, as a reader tells them apart
    distinct = list(shown.values())
    return distinct[0] if len(distinct) == 1 else distinct


def _anchor(test: FieldTest, hits: list[Hit], context: Context) -> Path:
    """Where a finding about these hits belongs: the one value, or the nearest value that holds them all
    (so reordering them does not move the finding); for a missing value, the mapping it belongs in."""
    if hits:
        paths = [_local(hit, context) for hit in hits]
        shared = paths[0]
        for path in paths[1:]:
            while path[: len(shared)] != shared:
                shared = shared[:-1]
        return shared
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
