"""The closed set of condition operators: one short function each, with a JSON Schema for its operand.

A field test `{field: SELECTOR, OPERATOR: OPERAND}` selects values and applies
one operator. Three shapes of operator exist:

* value operators test each selected value against the operand; when the
  operand is another value (`{field: SELECTOR}`), each of its values too;
* set operators compare a selected list with a list, or with every value
  another selector picks, gathered into one set;
* selection operators look at the selection as a whole (is anything there,
  how many values, what do they add up to).

Registering an operator here is the only way to extend the condition language.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, Callable

import regex

from codecheck.documents.jurisdictions import around, canonical
from codecheck.documents.values import Incomparable, compare, cut, duration_seconds, quote, same, today
from codecheck.engine import budget

MAX_MATCH_CHARS = 10_000
"""Regular expressions see at most this much of a value: a bound on any pattern's cost."""

REF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Another value of the policy set, named by a selector.",
    "required": ["field"],
    "additionalProperties": False,
    "properties": {
        "field": {"type": "string"},
        "quantifier": {"enum": ["all", "any"], "description": "Compare with all (default) or any of its values."},
    },
}
_SCALAR = {"type": ["string", "number", "boolean"]}
_MONEY = {
    "type": "object",
    "required": ["amount", "currency"],
    "additionalProperties": False,
    "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}},
}
_ORDERED = {"anyOf": [{"type": ["number", "string"]}, _MONEY, REF_SCHEMA]}
_LIST = {"anyOf": [{"type": "array", "items": _SCALAR}, REF_SCHEMA]}
_PLACES = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "string", "x-jurisdiction": True},
    "description": "Jurisdiction codes: the value (a list of codes) names one of them or a place within one.",
}
_MEASURE = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {op: {"type": "number"} for op in ("eq", "lt", "lte", "gt", "gte")},
    "description": "Bounds on a number, e.g. {gte: 1, lte: 3}.",
}


@dataclass(frozen=True)
class Operator:
    shape: str  # "value" | "set" | "selection"
    test: Callable[..., bool]
    schema: dict[str, Any]
    verb: str  # how a failure reads: "{value} must be {verb} {expected}"


def _ordered(sign: Callable[[int], bool]) -> Callable[[Any, Any], bool]:
    return lambda value, expected: sign(compare(value, expected))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


REGEX_TIMEOUT = 0.5
"""Seconds one regular expression may spend on one value; then the test fails with a message."""


@functools.cache
def _regex(pattern: str) -> Any:
    return regex.compile(pattern)


def _matches(value: Any, pattern: str) -> bool:
    """A search bounded in input (MAX_MATCH_CHARS) and in time: REGEX_TIMEOUT per value, and the run's budget.

    The `regex` engine takes a timeout where `re` has none: a pattern that
    slipped past the load-time check still cannot hang a run.
    """
    if not isinstance(value, str):
        return False
    text = value[:MAX_MATCH_CHARS]
    try:
        found = budget.timed_regex(lambda seconds: _regex(pattern).search(text, timeout=seconds), REGEX_TIMEOUT)
    except TimeoutError as error:
        raise Incomparable(f"the pattern '{cut(pattern)}' took more than {REGEX_TIMEOUT} s on this value") from error
    return found is not None


def _pairs(left: list[Any], right: list[Any]) -> list[Any]:
    """`left`, after counting the comparisons of each of its items with each of `right` (budget.py)."""
    budget.spend(len(left) * len(right))
    return left


_BOUNDS: dict[str, Callable[[float, float], bool]] = {
    "eq": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def measure(amount: float, bounds: dict[str, float]) -> bool:
    """Whether a number (a length, a count, a sum) is within `bounds` such as {gte: 1, lte: 3}."""
    return all(_BOUNDS[op](amount, limit) for op, limit in bounds.items())


def _within_last(value: Any, window: Any) -> bool:
    seconds = duration_seconds(window) if isinstance(window, str) else None
    if seconds is None or not isinstance(value, str):
        raise Incomparable(f"cannot tell whether {quote(value)} is within {quote(window)}")
    try:
        age = datetime.date.fromisoformat(today()) - datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Incomparable(f"{quote(value)} is not a date") from error
    return age.total_seconds() <= seconds


def _sold_in(value: Any, places: list[str]) -> bool:
    """Whether jurisdiction codes (a plan's) name one of `places` or a place within one: [IT] is sold in the EU."""
    codes = [code for code in _as_list(value) if isinstance(code, str)]
    return not around(codes).isdisjoint(canonical(p) for p in places)


OPERATORS: dict[str, Operator] = {
    "exists": Operator("selection", lambda hits, wanted: bool(hits) == wanted, {"type": "boolean"}, "present"),
    "count": Operator("selection", lambda hits, bounds: measure(len(hits), bounds), _MEASURE, "counted"),
    "sum": Operator(
        "selection",
        lambda hits, bounds: measure(sum(h.value for h in hits if _is_number(h.value)), bounds),
        _MEASURE,
        "in total",
    ),
    "eq": Operator("value", same, {"anyOf": [_SCALAR, _MONEY, REF_SCHEMA]}, "equal to"),
    "ne": Operator("value", lambda v, e: not same(v, e), {"anyOf": [_SCALAR, _MONEY, REF_SCHEMA]}, "other than"),
    "lt": Operator("value", _ordered(lambda c: c < 0), _ORDERED, "less than"),
    "lte": Operator("value", _ordered(lambda c: c <= 0), _ORDERED, "at most"),
    "gt": Operator("value", _ordered(lambda c: c > 0), _ORDERED, "more than"),
    "gte": Operator("value", _ordered(lambda c: c >= 0), _ORDERED, "at least"),
    "in": Operator("set", lambda v, s: any(same(v, x) for x in _pairs(s, [v])), _LIST, "one of"),
    "not_in": Operator("set", lambda v, s: not any(same(v, x) for x in _pairs(s, [v])), _LIST, "none of"),
    "contains": Operator(
        "value", lambda v, e: any(same(x, e) for x in _as_list(v)), {"anyOf": [_SCALAR, REF_SCHEMA]}, "a list containing"
    ),
    "not_contains": Operator(
        "value", lambda v, e: not any(same(x, e) for x in _as_list(v)), {"anyOf": [_SCALAR, REF_SCHEMA]}, "a list without"
    ),
    "subset_of": Operator(
        "set", lambda v, s: all(any(same(x, y) for y in s) for x in _pairs(_as_list(v), s)), _LIST, "within"
    ),
    "superset_of": Operator(
        "set", lambda v, s: all(any(same(x, y) for x in _pairs(_as_list(v), s)) for y in s), _LIST, "a list including all of"
    ),
    "intersects": Operator(
        "set", lambda v, s: any(same(x, y) for x in _pairs(_as_list(v), s) for y in s), _LIST, "a list including one of"
    ),
    "disjoint_from": Operator(
        "set", lambda v, s: not any(same(x, y) for x in _pairs(_as_list(v), s) for y in s), _LIST, "a list with none of"
    ),
    "matches": Operator("value", _matches, {"type": "string", "format": "regex"}, "matching"),
    "not_matches": Operator("value", lambda v, p: not _matches(v, p), {"type": "string", "format": "regex"}, "not matching"),
    "length": Operator(
        "value", lambda v, bounds: isinstance(v, (list, str)) and measure(len(v), bounds), _MEASURE, "of length"
    ),
    "within_last": Operator("value", _within_last, {"anyOf": [{"type": "string"}, REF_SCHEMA]}, "within the last"),
    "sold_in": Operator("value", _sold_in, _PLACES, "sold in"),
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
