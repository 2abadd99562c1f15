"""The changes that would raise the grade most: failing rules, fixed everywhere, graded again.

A board does not act on 267 findings; it acts on three decisions. Each
candidate is one rule made to pass on every document where it fails (its
fix text says how), and the whole policy set is graded again with the same
formula, so the gain shown is exactly what the fixes would earn.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from codecheck.grading.grade import Scorecard, grade
from codecheck.model import Outcome, Rule, Status
from codecheck.pipeline import Audit


@dataclass(frozen=True)
class Improvement:
    rule: Rule
    findings: int
    """How many findings the change resolves."""
    documents: int
    """How many documents it touches."""
    score_before: int | None
    score_after: int | None
    grade_before: str | None
    grade_after: str | None
    tenet_before: int | None
    tenet_after: int | None


def improvements(audit: Audit, limit: int = 3) -> list[Improvement]:
    """Up to `limit` rules to fix, each chosen for the most it adds to the changes before it.

    Greedy and cumulative, because caps make single fixes misleading: with two failed
    legal requirements, fixing either alone leaves the overall cap in place, and only
    the second one lifts it. Each step ranks by the overall score it reaches, then
    the tenet score, then the findings it resolves.
    """
    outcomes = list(audit.outcomes)
    chosen: list[Improvement] = []
    card = audit.card
    while len(chosen) < limit:
        failing = sorted({o.rule.id: o.rule for o in outcomes if o.status is Status.FAIL}.values(), key=lambda r: r.id)
        if not failing:
            break
        options = [_fixed(audit, outcomes, card, rule) for rule in failing]
        best = min(
            options,
            key=lambda o: (
                -((o[0].score_after or 0) - (o[0].score_before or 0)),
                -((o[0].tenet_after or 0) - (o[0].tenet_before or 0)),
                -o[0].findings,
                o[0].rule.id,
            ),
        )
        improvement, outcomes, card = best
        chosen.append(improvement)
    return chosen


def _fixed(audit: Audit, outcomes: list[Outcome], card: Scorecard, rule: Rule) -> tuple[Improvement, list[Outcome], Scorecard]:
    """The policy set graded again with `rule` passing wherever it failed, on top of the earlier fixes."""
    fixed = [
        dataclasses.replace(o, status=Status.PASS) if o.rule.id == rule.id and o.status is Status.FAIL else o
        for o in outcomes
    ]
    after = grade(fixed, unread_files=card.unread_files)
    before_tenet = next(t for t in card.tenets if t.tenet.number == rule.tenet)
    after_tenet = next(t for t in after.tenets if t.tenet.number == rule.tenet)
    improvement = Improvement(
        rule,
        sum(1 for f in audit.report.failures if f.rule_id == rule.id),
        sum(1 for o in outcomes if o.rule.id == rule.id and o.status is Status.FAIL),
        card.score,
        after.score,
        card.grade,
        after.grade,
        before_tenet.score,
        after_tenet.score,
    )
    return improvement, fixed, after
