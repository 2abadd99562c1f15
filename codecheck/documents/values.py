"""Typed comparison of policy values: numbers, ISO 8601 durations, money and dates.

Durations compare by their length with a month of 30.436875 days and a year of
365.2425 days (the Gregorian averages), so P12M == P1Y and P30D < P1M < P31D.
The words "indefinite" and "never" (a stated "it does not happen") are longer than any duration.

Every comparison is total: two values either have an order or raise
Incomparable, never a silent "equal". The parser reads no NaN or infinity (see
scalars.py), and a number that is not finite, a money amount that is not a
number, or a duration too long to count is refused here as well.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import math
import os
import re
from typing import Any, Iterator

from codecheck.model import bounded

MAX_DURATION_DIGITS = 30
"""Longest number in a duration that is counted: 10^30 years is already far past any policy, and a longer
one (say 4,301 digits) would make Python refuse the integer. A longer one is not a duration."""

_N = rf"(\d{{1,{MAX_DURATION_DIGITS}}})"
_DURATION = re.compile(rf"P(?!$)(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?(?:T(?=\d)(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

MONTH_SECONDS = 2_629_746  # 30.436875 days
_UNIT_SECONDS = (12 * MONTH_SECONDS, MONTH_SECONDS, 7 * 86_400, 86_400, 3_600, 60, 1)


class Incomparable(ValueError):
    """Two values that cannot be ordered, such as EUR and USD amounts, or a date and a number."""


@functools.lru_cache(maxsize=4096)
def duration_seconds(text: str) -> float | None:
    """The length of an ISO 8601 duration in seconds, inf for "indefinite" or "never", None if not a duration.

    Counted in whole seconds (an int, exact however long): a float would overflow past 10^308.
    """
    if text in ("indefinite", "never"):
        return math.inf
    match = _DURATION.match(text)
    if match is None:
        return None
    return sum(int(n) * unit for n, unit in zip(match.groups(), _UNIT_SECONDS, strict=True) if n)


def order_key(value: Any) -> tuple[str, Any]:
    """A (type, key) pair; only keys of the same type are compared."""
    if isinstance(value, bool) or value is None:
        raise Incomparable(f"{quote(value)} has no order")
    if isinstance(value, (int, float)):
        if not _finite(value):
            raise Incomparable(f"{quote(value)} is not a number that can be compared")
        return ("number", value)
    if isinstance(value, str):
        seconds = duration_seconds(value)
        if seconds is not None:
            return ("duration", seconds)
        if _DATE.match(value):
            return ("date", value)
        raise Incomparable(f"{quote(value)} is not a number, duration or date")
    if isinstance(value, dict) and {"amount", "currency"} <= set(value):
        amount = value["amount"]
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not _finite(amount):
            raise Incomparable(f"the amount {quote(amount)} is not a number")
        return ("money:" + show(value["currency"]), amount)
    raise Incomparable(f"{quote(value)} has no order")


def _finite(number: int | float) -> bool:
    return isinstance(number, int) or math.isfinite(number)


def compare(left: Any, right: Any) -> int:
    """-1, 0 or 1 as left is less than, equal to or greater than right."""
    left_type, left_key = order_key(left)
    right_type, right_key = order_key(right)
    if left_type != right_type:
        raise Incomparable(f"cannot compare {quote(left)} with {quote(right)}")
    return int(left_key > right_key) - int(left_key < right_key)


def same(left: Any, right: Any) -> bool:
    """Equality that treats equal durations (P1Y, P12M) and equal amounts as the same."""
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if left == right:
        return True
    try:
        return compare(left, right) == 0
    except Incomparable:
        return False


def show(value: Any) -> str:
    """A value as a person would write it, whole: the one place that says how a value reads."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing"
    if isinstance(value, dict) and {"amount", "currency"} <= set(value):
        return f"{value['amount']} {value['currency']}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


_UNIT_NAMES = ("year", "month", "week", "day", "hour", "minute", "second")
_TOKEN = re.compile(r"[a-z]+(?:_[a-z0-9]+)+\Z")
"""A value from a schema's list of choices, such as legitimate_interests: said with spaces."""
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def words(value: Any) -> str:
    """A value as a sentence for a compliance reader says it: "48 hours", "one month", "yes", "in app and phone".

    Messages about practices use this; messages about a value that cannot be read
    use `show`, which keeps it as written so that it can be found in the file.
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    duration = _DURATION.match(value) if isinstance(value, str) else None
    if duration is not None:
        return _series([_count(int(n), unit) for n, unit in zip(duration.groups(), _UNIT_NAMES, strict=True) if n is not None])
    if isinstance(value, list):
        return _series([words(v) for v in value]) if value else "none"
    if isinstance(value, str) and _TOKEN.match(value):
        return value.replace("_", " ")
    return show(value)


def _count(number: int, unit: str) -> str:
    name = _SMALL[number] if number < len(_SMALL) else f"{number:,}"
    return f"{name} {unit}" if number == 1 else f"{name} {unit}s"


def _series(items: list[str]) -> str:
    """Items as a sentence lists them: a; a and b; a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


MAX_QUOTED = 100
"""Most characters of one value quoted in a message; a longer value is cut, and its length said."""


def quote(value: Any) -> str:
    """A value as a message shows it: written as `show` does, cut to MAX_QUOTED characters.

    Every message that names a policy value uses this, so a value of 14 KB (or an
    alias expanded to thousands of items) costs a line in a report, not megabytes.
    """
    return cut(show(value))


def in_words(value: Any) -> str:
    """`words`, cut to MAX_QUOTED characters: how a message names a policy value."""
    return cut(words(value))


def cut(text: str) -> str:
    """`text`, or its start with an ellipsis and the whole length when it is longer than MAX_QUOTED."""
    return bounded(text, MAX_QUOTED)


_pinned: list[str] = []


def today() -> str:
    """Today's date, YYYY-MM-DD; CODECHECK_TODAY pins it so that runs and tests are reproducible."""
    if _pinned:
        return _pinned[-1]
    return os.environ.get("CODECHECK_TODAY") or datetime.date.today().isoformat()


@contextlib.contextmanager
def as_of(date: str) -> Iterator[None]:
    """Evaluate as if today were `date`: rule examples use it so that they never go stale."""
    _pinned.append(date)
    try:
        yield
    finally:
        _pinned.pop()
