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
from codecheck.documents.values import cut
from codecheck.engine.messages import MessageError, check_message
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
    if message is not None:
        message_of(message, path + ("message",))
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


def message_of(text: str, path: tuple[str | int, ...]) -> str:
    """A message template, its placeholders checked now rather than when a finding needs it."""
    try:
        check_message(text)
    except MessageError as error:
        raise ConditionError(str(error), path) from error
    return text


def _selector(text: str, path: tuple[str | int, ...]) -> Selector:
    try:
        return compile_selector(text)
    except ValueError as error:
        raise ConditionError(str(error), path) from error


_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT)
_REFUSED = {
    getattr(sre_parse, "ATOMIC_GROUP", None): "atomic groups (?>...) are not supported",
    getattr(sre_parse, "POSSESSIVE_REPEAT", None): "possessive repeats (a++, a*+, a?+) are not supported",
    sre_parse.GROUPREF: "backreferences can take exponential time",
    getattr(sre_parse, "GROUPREF_EXISTS", None): "backreferences can take exponential time",
}
_REFUSED.pop(None, None)  # Python 3.10 has no atomic groups or possessive repeats: they do not parse there


def check_regex(pattern: str, path: tuple[str | int, ...]) -> None:
    """Refuse patterns that can backtrack catastrophically, before they ever run.

    The shapes that cause exponential (or high polynomial) backtracking are
    refused: a repeat of variable length (`a+`, `a?`, `a{1,5}`) or an
    alternation inside a repeat that can run more than once (`(a+)+`,
    `(a{1,100}){1,100}`, `(a|aa)*`), backreferences, and the atomic groups and
    possessive repeats that would hide such a repeat from this check. What is
    left is bounded in time by the run's budget (engine/operators.py).
    """
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as error:
        raise ConditionError(f"invalid regular expression '{cut(pattern)}': {error}", path) from error
    problem = _stray_brace(pattern) or _risky(parsed, inside_repeat=False)
    if problem:
        raise ConditionError(f"regular expression '{cut(pattern)}' is refused: {problem}", path)


_COUNT = re.compile(r"\{[0-9]*(,[0-9]*)?\}")


def _stray_brace(pattern: str) -> str | None:
    """A `{` that is not a repeat count such as {2} or {1,3}.

    Python's parser (which this check reads) takes `a{e<=2}` as literal text,
    while the `regex` engine that runs the pattern reads it as fuzzy matching:
    the check would approve one pattern and the engine run another.
    """
    at, in_class = 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            at += 2 if pattern.startswith("[^", at) else 1
            at += 1 if pattern.startswith("]", at) else 0  # a `]` first in a class is literal
            in_class = True
            continue
        elif char == "{":
            count = _COUNT.match(pattern, at)
            if count is None or count.group() in ("{}", "{,}"):
                return "a '{' that is not a repeat count such as {2} or {1,3} (write \\{ for a brace)"
            at = count.end()
            continue
        at += 1
    return None


def _risky(items: Any, inside_repeat: bool) -> str | None:
    for op, arg in items:
        if op in _REFUSED:
            return _REFUSED[op]
        if op in _REPEATS:
            low, high, sub = arg
            if inside_repeat and low != high:
                return "a repeat inside a repeat can take exponential time"
            found = _risky(sub, inside_repeat or high > 1)
        elif op == sre_parse.BRANCH:
            if inside_repeat:
                return "an alternation inside a repeat can take exponential time; use a character class such as [ab]"
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
