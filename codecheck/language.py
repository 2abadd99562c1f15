"""The rule language as typed data: selectors that pick values, and conditions that test them.

A rule file's `for_each`, `when` and `check` are compiled once, when the rule
loads (engine/conditions.py, engine/selectors.py), into these frozen trees;
the engine walks them, and every other stage sees them only as part of a Rule.

    {field: SEL, OPERATOR: OPERAND}     a field test (engine/operators.py)
    {all: [C, ...]}  {any: [C, ...]}  {not: C}
    {every: {field: SEL, as: NAME, check: C}}   also `some` and `none`: C for each selected value
    {jurisdiction: [EU, DE]}            true where the document is sold in one of these
    {jurisdiction: [{in: FR, from: 2026-08-11}]}   ... and the date the run is judged on is in the period
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Union


class SelectorError(ValueError):
    """A selector that does not parse; the message names the offending character."""


@dataclass(frozen=True)
class Step:
    op: str  # name | index | all | filter | follow | reverse
    arg: Any = None
    arg2: Any = None


@dataclass(frozen=True)
class Selector:
    text: str
    start: str  # "" (the current subject), "$" (the document root) or a variable's name
    steps: tuple[Step, ...]

    def static_path(self) -> tuple[str | int, ...]:
        """The plain field/index steps at the start: where a missing value would have been."""
        path: list[str | int] = []
        for step in self.steps:
            if step.op not in ("name", "index"):
                break
            path.append(step.arg)
        return tuple(path)



@dataclass(frozen=True)
class Ref:
    selector: Selector
    quantifier: str = "all"

    def __str__(self) -> str:
        return f"the value of {self.selector.text}"


@dataclass(frozen=True)
class FieldTest:
    selector: Selector
    operator: str
    operand: Any
    message: str | None = None


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]
    message: str | None = None


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]
    message: str | None = None


@dataclass(frozen=True)
class Not:
    condition: Condition
    message: str | None = None


@dataclass(frozen=True)
class Quantified:
    quantifier: str  # every | some | none
    selector: Selector
    name: str | None
    condition: Condition
    message: str | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """A place where a rule is law (or applies), and when: `US-CA`, or `{in: FR, from: 2026-08-11}`.

    `since` is the first day it holds, `until` the day it stops holding (the law
    was repealed or vacated that day), both YYYY-MM-DD; empty is no bound.
    """

    code: str
    since: str = ""
    until: str = ""

    def holds_on(self, date: str) -> bool:
        """Whether the period includes `date` (ISO dates compare as text)."""
        return (not self.since or self.since <= date) and (not self.until or date < self.until)

    def __str__(self) -> str:
        since = f" from {long_date(self.since)}" if self.since else ""
        until = f" until {long_date(self.until)}" if self.until else ""
        return self.code + since + until


def long_date(iso: str) -> str:
    """A date in words for a reader: 2026-08-11 -> 11 August 2026."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class InJurisdiction:
    places: tuple[Jurisdiction, ...]
    message: str | None = None


Condition = Union[FieldTest, AllOf, AnyOf, Not, Quantified, InJurisdiction]


