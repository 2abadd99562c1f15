"""Outcomes -> a 0-100 score, a letter and a coverage per tenet and overall (the formula is docs/scoring.md).

Each known outcome (a rule that passed or failed on a document) weighs by what
is at stake: a legal requirement where the document is sold weighs 4,
otherwise the rule's severity weighs error 3, warning 2, info 1. A tenet's
score is the weight that passed over the weight that was known. Unknown
outcomes (the facts a rule needs are not stated) and the rules of documents
that could not be read neither raise nor lower a score: they lower coverage,
the share of the tenet's outcomes that were known. A failed legal requirement
caps the tenet: one at 69 (D), two or more at 49 (F). A tenet with no known
outcome is not assessed. The overall score is the mean of the assessed
tenets, capped at C (79) when any legal requirement failed, and at B (89)
when fewer than eight tenets were assessed, when the overall coverage is
below 80%, or when any document could not be read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from codecheck.model import Outcome, Severity, Status
from codecheck.tenets import TENETS, Tenet

WEIGHTS = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}
LEGAL_WEIGHT = 4
ONE_LEGAL_FAILURE_CAP = 69
LEGAL_FAILURES_CAP = 49
OVERALL_LEGAL_CAP = 79
FULL_COVERAGE = 8
PARTIAL_COVERAGE_CAP = 89
COVERAGE_FOR_A = 0.8
"""An overall A needs at least this share of the applicable outcomes known."""
LETTERS = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (0, "F"))


@dataclass(frozen=True)
class TenetGrade:
    tenet: Tenet
    score: int | None
    grade: str | None
    passed: int
    failed: int
    not_applicable: int
    legal_failures: tuple[str, ...]
    """Ids of the failed legal requirements that cap this tenet."""
    reason: str = ""
    """Why the tenet was not assessed; empty when it was."""
    unknown: int = 0
    """Outcomes that could not be told: the facts the rule needs are not stated."""
    unread: int = 0
    """Outcomes that never happened: the document could not be read."""

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def known(self) -> int:
        return self.passed + self.failed

    @property
    def coverage(self) -> float | None:
        """The share of the applicable outcomes that were known; None when none was applicable."""
        applicable = self.known + self.unknown + self.unread
        return self.known / applicable if applicable else None


@dataclass(frozen=True)
class Scorecard:
    score: int | None
    grade: str | None
    tenets: tuple[TenetGrade, ...]
    unread_files: int = 0
    """Files with a document no rule could read: such a set never gets an A."""
    caps: tuple[str, ...] = ()
    """Why the overall score is lower than the mean of the tenets, in words."""

    @property
    def assessed_tenets(self) -> int:
        return sum(1 for t in self.tenets if t.assessed)

    @property
    def known(self) -> int:
        return sum(t.known for t in self.tenets)

    @property
    def applicable(self) -> int:
        return sum(t.known + t.unknown + t.unread for t in self.tenets)

    @property
    def coverage(self) -> float | None:
        """Known outcomes over applicable ones, across every tenet; None when nothing was applicable."""
        return self.known / self.applicable if self.applicable else None


def letter(score: int) -> str:
    return next(grade for floor, grade in LETTERS if score >= floor)


def weight(outcome: Outcome) -> int:
    return LEGAL_WEIGHT if outcome.legal else WEIGHTS[outcome.rule.severity]


def percent(share: float | None) -> str:
    """A coverage as a reader sees it: 61%, or 'none' when nothing was applicable. Rounded down, so that a
    share below a threshold never reads as the threshold (79.5% is not "80%") and only all is "100%"."""
    return "none" if share is None else f"{math.floor(100 * share)}%"


def grade_tenet(tenet: Tenet, outcomes: list[Outcome]) -> TenetGrade:
    known = [o for o in outcomes if o.status in (Status.PASS, Status.FAIL)]
    failed = [o for o in known if o.status is Status.FAIL]
    legal = tuple(sorted({o.rule.id for o in failed if o.legal}))
    unknown = sum(1 for o in outcomes if o.status is Status.UNKNOWN)
    unread = sum(1 for o in outcomes if o.status is Status.UNREADABLE)
    not_applicable = sum(1 for o in outcomes if o.status is Status.NOT_APPLICABLE)
    counts = (len(known) - len(failed), len(failed), not_applicable)
    if not known:
        return TenetGrade(tenet, None, None, *counts, legal, _why_not_assessed(outcomes), unknown, unread)
    total = sum(weight(o) for o in known)
    score = round(100 * (total - sum(weight(o) for o in failed)) / total)
    if legal:
        score = min(score, ONE_LEGAL_FAILURE_CAP if len(legal) == 1 else LEGAL_FAILURES_CAP)
    return TenetGrade(tenet, score, letter(score), *counts, legal, "", unknown, unread)


def _why_not_assessed(outcomes: list[Outcome]) -> str:
    if not outcomes:
        return "no rule of this tenet is enabled"
    statuses = {o.status for o in outcomes}
    missing = sorted({kind for o in outcomes if o.document is None for kind in o.rule.kinds})
    reasons = ["the document could not be read"] if Status.UNREADABLE in statuses else []
    reasons += ["the policy does not state what its rules need"] if Status.UNKNOWN in statuses else []
    if not reasons and any(o.document is not None for o in outcomes):
        reasons.append("its rules found nothing to assess in the documents")
    reasons += [f"the policy set has no {' or '.join(missing)} document"] if missing else []
    return "; ".join(reasons)


def grade(outcomes: Iterable[Outcome], unread_files: int = 0) -> Scorecard:
    by_tenet: dict[int, list[Outcome]] = {number: [] for number in TENETS}
    for outcome in outcomes:
        by_tenet[outcome.rule.tenet].append(outcome)
    tenets = tuple(grade_tenet(TENETS[n], by_tenet[n]) for n in TENETS)
    scores = [t.score for t in tenets if t.score is not None]
    if not scores:
        return Scorecard(None, None, tenets, unread_files)
    mean = round(sum(scores) / len(scores))
    card = Scorecard(mean, letter(mean), tenets, unread_files)
    caps = _caps(card)
    overall = min([mean, *caps.values()])
    return Scorecard(overall, letter(overall), tenets, unread_files, tuple(k for k, v in caps.items() if v < mean))


def _caps(card: Scorecard) -> dict[str, int]:
    """Every limit on the overall score that applies, by why it applies."""
    caps: dict[str, int] = {}
    failed = sorted({rule for t in card.tenets for rule in t.legal_failures})
    if failed:
        caps[f"a legal requirement failed ({', '.join(failed)})"] = OVERALL_LEGAL_CAP
    if card.assessed_tenets < FULL_COVERAGE:
        caps[f"only {card.assessed_tenets} of 10 tenets were assessed"] = PARTIAL_COVERAGE_CAP
    if card.coverage is not None and card.coverage < COVERAGE_FOR_A:
        caps[f"coverage {percent(card.coverage)} is below {percent(COVERAGE_FOR_A)}"] = PARTIAL_COVERAGE_CAP
    if card.unread_files:
        caps[f"documents in {card.unread_files} file{'s' if card.unread_files != 1 else ''} could not be read"] = (
            PARTIAL_COVERAGE_CAP
        )
    return caps
