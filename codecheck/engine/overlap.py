"""One fact, one finding: where rules overlap on a value, the value is reported once.

A rule may declare that it `supersedes` others: when both fail the same value
of the same document, only one finding remains, the one with the higher
severity there (the superseding rule's on a tie). A rule left with no finding
of its own on the document is not applicable there, so the grade counts the
fact once.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from codecheck.model import Finding, Outcome, Rule, Status


class Judged(NamedTuple):
    """One rule on one document: its outcome, its failures and its gaps."""

    rule: Rule
    outcome: Outcome
    findings: list[Finding]
    gaps: list[Finding]


def one_finding_per_fact(judged: list[Judged]) -> list[Judged]:
    """The rules' results on one document, with each value failed by overlapping rules reported once."""
    by_rule = {j.rule.id: j for j in judged}
    dropped: dict[str, set[str]] = {}
    for winner in judged:
        for loser_id in winner.rule.supersedes:
            loser = by_rule.get(loser_id)
            if loser is None:
                continue
            for path in {f.path for f in winner.findings} & {f.path for f in loser.findings}:
                mine = next(f for f in winner.findings if f.path == path)
                theirs = next(f for f in loser.findings if f.path == path)
                beaten = winner if theirs.severity > mine.severity else loser
                dropped.setdefault(beaten.rule.id, set()).add(path)
    return [_without(j, dropped.get(j.rule.id, set())) for j in judged]


def _without(judged: Judged, paths: set[str]) -> Judged:
    if not paths:
        return judged
    kept = [f for f in judged.findings if f.path not in paths]
    if kept:
        return judged._replace(findings=kept)
    status = Status.UNKNOWN if judged.gaps else Status.NOT_APPLICABLE
    outcome = dataclasses.replace(judged.outcome, status=status)
    return judged._replace(outcome=outcome, findings=kept)
