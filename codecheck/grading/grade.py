"""Outcomes -> a 0-100 score and a letter per tenet and overall (the formula is docs/scoring.md).

Each applicable outcome (a rule on a document) weighs by what is at stake: a
legal requirement where the document is sold weighs 4, otherwise the rule's
severity weighs error 3, warning 2, info 1. A tenet's score is the weight that
passed over the weight that applied. A failed legal requirement caps the
tenet: one at 69 (D), two or more at 49 (F). A tenet with no applicable
outcome is not assessed: it gets no score and no letter, and the overall
score is the mean of the assessed tenets, capped at C (79) when any legal
requirement failed and at B (89) when fewer than eight tenets were assessed.
"""

from __future__ import annotations

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

    @property
    def assessed(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class Scorecard:
    score: int | None
    grade: str | None
    tenets: tuple[TenetGrade, ...]

    @property
    def assessed_tenets(self) -> int:
        return sum(1 for t in self.tenets if t.assessed)


def letter(score: int) -> str:
    return next(grade for floor, grade in LETTERS if score >= floor)


def weight(outcome: Outcome) -> int:
    return LEGAL_WEIGHT if outcome.legal else WEIGHTS[outcome.rule.severity]


def grade_tenet(tenet: Tenet, outcomes: list[Outcome]) -> TenetGrade:
    applicable = [o for o in outcomes if o.status is not Status.NOT_APPLICABLE]
    failed = [o for o in applicable if o.status is Status.FAIL]
    legal = tuple(sorted({o.rule.id for o in failed if o.legal}))
    counts = (len(applicable) - len(failed), len(failed), len(outcomes) - len(applicable))
    if not applicable:
        return TenetGrade(tenet, None, None, *counts, legal, _why_not_assessed(outcomes))
    total = sum(weight(o) for o in applicable)
    score = round(100 * (total - sum(weight(o) for o in failed)) / total)
    if legal:
        score = min(score, ONE_LEGAL_FAILURE_CAP if len(legal) == 1 else LEGAL_FAILURES_CAP)
    return TenetGrade(tenet, score, letter(score), *counts, legal)


def _why_not_assessed(outcomes: list[Outcome]) -> str:
    if not outcomes:
        return "no rule of this tenet is enabled"
    missing = sorted({kind for o in outcomes if o.document is None for kind in o.rule.kinds})
    if all(o.document is None for o in outcomes):
        return f"the policy set has no {' or '.join(missing)} document"
    return "its rules found nothing to assess in the documents" + (
        f"; the policy set has no {' or '.join(missing)} document" if missing else ""
    )


def grade(outcomes: Iterable[Outcome]) -> Scorecard:
    by_tenet: dict[int, list[Outcome]] = {number: [] for number in TENETS}
    for outcome in outcomes:
        by_tenet[outcome.rule.tenet].append(outcome)
    tenets = tuple(grade_tenet(TENETS[n], by_tenet[n]) for n in TENETS)
    scores = [t.score for t in tenets if t.score is not None]
    if not scores:
        return Scorecard(None, None, tenets)
    overall = round(sum(scores) / len(scores))
    if any(t.legal_failures for t in tenets):
        overall = min(overall, OVERALL_LEGAL_CAP)
    if len(scores) < FULL_COVERAGE:
        overall = min(overall, PARTIAL_COVERAGE_CAP)
    return Scorecard(overall, letter(overall), tenets)
