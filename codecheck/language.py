"""The rule language as typed data: selectors that pick values, and conditions that test them.

A rule file's `for_each`, `when` and `check` are compiled once, when the rule
loads (engine/conditions.py, engine/selectors.py), into these frozen trees;
the engine walks them, and every other stage sees them only as part of a Rule.

    {field: SEL, OPERATOR: OPERAND}     a field test (engine/operators.py)
    {all: [C, ...]}  {any: [C, ...]}  {not: C}
    {every: {field: SEL, as: NAME, check: C}}   also `some` and `none`: C for each selected value
    {jurisdiction: [EU, DE]}            true where the document is sold in one of these
"""

from __future__ import annotations

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
class InJurisdiction:
    codes: frozenset[str]
    message: str | None = None


Condition = Union[FieldTest, AllOf, AnyOf, Not, Quantified, InJurisdiction]


