"""The values judgement works with: a condition's Context, and the Result it comes to.

A Result is small and immutable: a Verdict (pass, unknown, fail) with the
failures that say why it fails and the gaps that say what it could not see.
engine/failures.py combines them; engine/fieldtests.py makes them from values.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple

from codecheck.documents.jurisdictions import Market
from codecheck.engine.selectors import Absent, Hit, Index, select, select_known
from codecheck.language import Selector
from codecheck.model import Document, Path


class Context(NamedTuple):
    """Where a condition is evaluated: its subject, the bound variables, the policy set."""

    subject: Hit
    variables: Mapping[str, Hit]
    policy: Index
    jurisdictions: Market

    def select(self, selector: Selector) -> list[Hit]:
        return select(selector, self.subject, self.variables, self.policy)

    def select_known(self, selector: Selector) -> tuple[list[Hit], list[Absent]]:
        return select_known(selector, self.subject, self.variables, self.policy)

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


class Gap(NamedTuple):
    """A fact a condition needed and the policy does not state.

    `doc` and `path` say where the statement would be (possibly another
    document than the subject's); `selector` is the selector as the rule wrote
    it, which is how a rule's `absent:` duties name the fields they require.
    """

    context: Context
    doc: Document | None
    path: Path
    selector: str
    what: str = ""


class Verdict(enum.IntEnum):
    """Ordered so that `all` is the largest of its parts and `any` the smallest."""

    PASS = 0
    UNKNOWN = 1
    FAIL = 2


class Result(NamedTuple):
    """A verdict with its reasons.

    PASS has neither failures nor gaps; UNKNOWN has gaps only; FAIL has
    failures, gaps besides them, or only gaps (failing for lack of a statement).
    """

    verdict: Verdict
    failures: tuple[Failure, ...] = ()
    gaps: tuple[Gap, ...] = ()

    @property
    def silent(self) -> bool:
        """Fails only because something is not stated: stating it could make it pass."""
        return self.verdict is Verdict.FAIL and not self.failures


PASSED = Result(Verdict.PASS)


def failed(failures: list[Failure], gaps: tuple[Gap, ...] = ()) -> Result:
    return Result(Verdict.FAIL, tuple(failures), gaps)


def unknown(gaps: tuple[Gap, ...]) -> Result:
    return Result(Verdict.UNKNOWN, (), gaps)


def gaps_at(context: Context, selector: Selector, absent: list[Absent]) -> tuple[Gap, ...]:
    return tuple(Gap(context, a.doc, a.path, selector.text, a.what) for a in absent)


