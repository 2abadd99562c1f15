"""Field tests -> results: one selected value (or the selection as a whole) against an operator.

A test on a value that is not stated is unknown, with a gap where the value
belongs; `exists` is always known (a field is stated or it is not). An operand
that is another value is compared with every value it selects, and where some
of those are not stated the test is decided only if the stated ones already
decide it.
"""

from __future__ import annotations

from typing import Any, Callable

from codecheck.documents.values import Incomparable, show
from codecheck.engine import budget
from codecheck.engine.operators import OPERATORS
from codecheck.engine.results import PASSED, Context, Failure, Result, Verdict, failed, gaps_at, unknown
from codecheck.engine.selectors import Absent, Hit
from codecheck.language import FieldTest, Ref
from codecheck.model import Path


def field_test(test: FieldTest, context: Context) -> Result:
    operator = OPERATORS[test.operator]
    hits, absent = context.select_known(test.selector)
    if operator.shape == "selection":
        return _selection(test, hits, absent, context)
    if not hits:
        return unknown(gaps_at(context, test.selector, absent)) if absent else PASSED
    expected, expected_absent = _operand(test.operand, operator.shape, context)
    budget.spend(len(hits) * len(expected))
    failures, undecided = [], False
    for hit in hits:
        problem = _test_value(test.operator, hit.value, expected, test.operand, bool(expected_absent))
        if problem is None:
            undecided = True
        elif problem is not False:
            note = problem if isinstance(problem, str) else None
            shown = _shown_expected(expected, test.operand)
            failures.append(Failure(context, local(hit, context), hit.value, shown, test.message, note=note))
    gaps = gaps_at(context, test.selector, absent)
    if undecided and isinstance(test.operand, Ref):
        gaps += gaps_at(context, test.operand.selector, expected_absent)
    if failures:
        return failed(failures, gaps)
    return unknown(gaps) if gaps else PASSED


def _selection(test: FieldTest, hits: list[Hit], absent: list[Absent], context: Context) -> Result:
    """`exists`, `count` and `sum` look at the selection as a whole.

    `exists` is always known: a field is stated or it is not. When `exists:
    true` fails because the field is not stated, it fails silently (gaps, no
    failures). A count or sum with absences is unknown, unless the values
    found already decide it.
    """
    operator = OPERATORS[test.operator]
    verdict = Verdict.PASS if operator.test(hits, test.operand) else Verdict.FAIL
    gaps = gaps_at(context, test.selector, absent)
    if test.operator == "exists" and test.operand is True and verdict is Verdict.FAIL and gaps:
        return Result(Verdict.FAIL, (), gaps)
    if gaps and not _decided(test, len(hits), verdict):
        return unknown(gaps)
    if verdict is Verdict.PASS:
        return PASSED
    value = [h.value for h in hits] if test.operator != "exists" else (hits[0].value if hits else None)
    return failed([Failure(context, _anchor(test, hits, context), value, test.operand, test.message, missing=not hits)])


def _decided(test: FieldTest, found: int, verdict: Verdict) -> bool:
    """Whether the values found settle the test whatever the absences hide.

    `exists` always does (whether something is stated is known); a count does
    when a lower bound is already met or an upper bound already exceeded.
    """
    if test.operator == "exists":
        return True
    if test.operator != "count":
        return False
    bounds: dict[str, float] = test.operand
    if verdict is Verdict.PASS:
        return all(op in ("gt", "gte") for op in bounds)
    return any(op in _CEILINGS and _CEILINGS[op](found, limit) for op, limit in bounds.items())


_CEILINGS: dict[str, Callable[[int, float], bool]] = {
    "lt": lambda found, limit: found >= limit,
    "lte": lambda found, limit: found > limit,
    "eq": lambda found, limit: found > limit,
}
"""Upper bounds that a count already breaks with the values found, whatever else is not stated."""


def _operand(operand: Any, shape: str, context: Context) -> tuple[list[Any], list[Absent]]:
    """The values to test against: the literal, or everything a reference selects (and where it found nothing)."""
    if not isinstance(operand, Ref):
        return [operand], []
    hits, absent = context.select_known(operand.selector)
    values = [h.value for h in hits]
    if shape == "set":
        return [[item for value in values for item in (value if isinstance(value, list) else [value])]], absent
    return values, absent


_MORE_PASSES = frozenset({"in", "subset_of", "intersects"})
"""Set operators that a larger operand set can only turn from failing to passing (the others the other way)."""


def _test_value(name: str, value: Any, expected: list[Any], operand: Any, partial: bool) -> bool | str | None:
    """False when the value passes; True when it fails; a message when it cannot be compared;
    None when it cannot be told, because the values it is compared with are not all stated."""
    operator = OPERATORS[name]
    try:
        if not isinstance(operand, Ref):
            return False if operator.test(value, operand) else True
        results = [operator.test(value, e) for e in expected]
    except Incomparable as error:
        return str(error)
    if operator.shape == "set":  # one gathered set: what is not stated may add to it
        passed = all(results)
        if partial and passed != (name in _MORE_PASSES):
            return None
        return not passed
    if operand.quantifier == "all":
        return True if not all(results) else None if partial else False
    return False if any(results) else None if partial else bool(results)


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
        paths = [local(hit, context) for hit in hits]
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


def local(hit: Hit, context: Context) -> Path:
    """A path in the subject's document: a value from another document is reported at the subject."""
    return hit.path if hit.doc is context.subject.doc else context.subject.path
