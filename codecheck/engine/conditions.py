"""A rule file's conditions compiled once into the typed trees of codecheck/language.py.

Any condition may carry `message:`, used instead of the rule's when it fails.
Regular expressions are checked here, when the rule loads, not when they run.
"""

from __future__ import annotations

import datetime
import re
import sys
from typing import Any, Iterator

from codecheck.documents.jurisdictions import canonical
from codecheck.engine.operators import OPERATORS
from codecheck.engine.selectors import compile_selector
from codecheck.language import (
    AllOf,
    AnyOf,
    Condition,
    FieldTest,
    InJurisdiction,
    Jurisdiction,
    Not,
    Quantified,
    Ref,
    Selector,
)

if sys.version_info >= (3, 11):  # the regular-expression parser moved in Python 3.11
    from re import _parser as sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_parse

COMBINATORS = ("all", "any", "not", "every", "some", "none", "jurisdiction")


class ConditionError(ValueError):
    """A condition that cannot be compiled; `path` says where in the rule file."""

    def __init__(self, message: str, path: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.path = path


def compile_condition(raw: dict[str, Any], path: tuple[str | int, ...] = ()) -> Condition:
    """A typed condition from its (schema-valid) YAML form."""
    message = raw.get("message")
    keys = [k for k in raw if k != "message"]
    if "field" in raw:
        return _field_test(raw, message, path)
    (key,) = keys
    value = raw[key]
    if key in ("all", "any"):
        parts = tuple(compile_condition(c, path + (key, i)) for i, c in enumerate(value))
        return AllOf(parts, message) if key == "all" else AnyOf(parts, message)
    if key == "not":
        return Not(compile_condition(value, path + (key,)), message)
    if key == "jurisdiction":
        return InJurisdiction(compile_places(value, path + (key,)), message)
    inner = compile_condition(value["check"], path + (key, "check"))
    return Quantified(key, _selector(value["field"], path + (key, "field")), value.get("as"), inner, message)


def compile_places(raw: list[Any], path: tuple[str | int, ...]) -> tuple[Jurisdiction, ...]:
    """`[EU, {in: FR, from: 2026-08-11}]` as Jurisdictions, aliases read as their codes (EL -> GR)."""
    places = []
    for i, item in enumerate(raw):
        entry = item if isinstance(item, dict) else {"in": item}
        for bound in ("from", "until"):
            _check_date(entry.get(bound, ""), path + (i, bound))
        since, until = entry.get("from", ""), entry.get("until", "")
        if since and until and until <= since:
            raise ConditionError(f"'until' ({until}) must be later than 'from' ({since})", path + (i, "until"))
        places.append(Jurisdiction(canonical(entry["in"]), since, until))
    return tuple(places)


def _check_date(text: str, path: tuple[str | int, ...]) -> None:
    try:
        if text:
            datetime.date.fromisoformat(text)
    except ValueError as error:
        raise ConditionError(f"'{text}' is not a date: {error}", path) from error


def _field_test(raw: dict[str, Any], message: str | None, path: tuple[str | int, ...]) -> FieldTest:
    operators = [k for k in raw if k in OPERATORS]
    if len(operators) != 1:
        names = ", ".join(operators) or "none"
        raise ConditionError(f"a field test needs exactly one operator, found {names}", path)
    (name,) = operators
    operand = raw[name]
    if isinstance(operand, dict) and "field" in operand:
        operand = Ref(_selector(operand["field"], path + (name, "field")), operand.get("quantifier", "all"))
    elif name in ("matches", "not_matches"):
        check_regex(operand, path + (name,))
    return FieldTest(_selector(raw["field"], path + ("field",)), name, operand, message)


def _selector(text: str, path: tuple[str | int, ...]) -> Selector:
    try:
        return compile_selector(text)
    except ValueError as error:
        raise ConditionError(str(error), path) from error


_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}


def check_regex(pattern: str, path: tuple[str | int, ...]) -> None:
    """Refuse patterns that can backtrack catastrophically, before they ever run.

    Python's `re` has no time limit, so the shapes that cause exponential
    backtracking are refused instead: an unbounded repeat containing another
    repeat or an alternation (`(a+)+`, `(a|aa)*`), and backreferences.
    """
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as error:
        raise ConditionError(f"invalid regular expression '{pattern}': {error}", path) from error
    problem = _risky(parsed, inside_repeat=False)
    if problem:
        raise ConditionError(f"regular expression '{pattern}' is refused: {problem}", path)


def _risky(items: Any, inside_repeat: bool) -> str | None:
    for op, arg in items:
        if op in (sre_parse.GROUPREF, getattr(sre_parse, "GROUPREF_EXISTS", None)):
            return "backreferences can take exponential time"
        if op in _REPEATS:
            _, high, sub = arg
            unbounded = high == sre_parse.MAXREPEAT or high > 100
            if inside_repeat and unbounded:
                return "a repeat inside a repeat can take exponential time"
            found = _risky(sub, inside_repeat or unbounded)
        elif op == sre_parse.BRANCH:
            if inside_repeat:
                return "an alternation inside a repeat can take exponential time"
            found = next((r for branch in arg[1] if (r := _risky(branch, inside_repeat))), None)
        elif op == sre_parse.SUBPATTERN:
            found = _risky(arg[-1], inside_repeat)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            found = _risky(arg[1], inside_repeat)
        else:
            found = None
        if found:
            return found
    return None


def selectors_of(condition: Condition) -> Iterator[Selector]:
    """Every selector a condition reads, operands included."""
    if isinstance(condition, FieldTest):
        yield condition.selector
        if isinstance(condition.operand, Ref):
            yield condition.operand.selector
    elif isinstance(condition, (AllOf, AnyOf)):
        for part in condition.conditions:
            yield from selectors_of(part)
    elif isinstance(condition, Not):
        yield from selectors_of(condition.condition)
    elif isinstance(condition, Quantified):
        yield condition.selector
        yield from selectors_of(condition.condition)
