"""Two scorecards of one policy set compared: how each grade moved, which findings are new, resolved, still open.

Findings are matched by fingerprint (rule, document, value path and value,
never the line), counted as a multiset so that two identical findings are
two. A finding still open keeps the date it was first seen; a new one is
first seen today. Scores are compared as numbers, grades as letters; a tenet
assessed in one run and not the other says so rather than inventing a change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from codecheck.records.model import Record, RecordedFinding


@dataclass(frozen=True)
class Move:
    """One grade, before and after: a tenet (1-10), or the overall grade (0)."""

    number: int
    title: str
    before_score: int | None
    before_grade: str | None
    after_score: int | None
    after_grade: str | None

    @property
    def change(self) -> int | None:
        if self.before_score is None or self.after_score is None:
            return None
        return self.after_score - self.before_score

    @property
    def direction(self) -> str:
        """"up", "down", "same", "new" (newly assessed), "lost" (no longer assessed) or "none" (never assessed)."""
        if self.before_score is None:
            return "none" if self.after_score is None else "new"
        if self.after_score is None:
            return "lost"
        change = self.after_score - self.before_score
        return "up" if change > 0 else "down" if change < 0 else "same"

    def words(self) -> str:
        before = _shown(self.before_grade, self.before_score)
        after = _shown(self.after_grade, self.after_score)
        direction = self.direction
        if direction == "same":
            return f"unchanged at {after}"
        if direction in ("up", "down"):
            points = abs(self.change or 0)
            return f"{direction} from {before} to {after}, {points} {'point' if points == 1 else 'points'}"
        if direction == "new":
            return f"newly assessed: {after}"
        if direction == "lost":
            return f"no longer assessed (was {before})"
        return "not assessed in either"


def _shown(grade: str | None, score: int | None) -> str:
    return f"{grade} ({score})" if grade is not None and score is not None else "not assessed"


@dataclass(frozen=True)
class History:
    previous: Record
    current: Record
    overall: Move
    tenets: tuple[Move, ...]
    new: tuple[RecordedFinding, ...]
    resolved: tuple[RecordedFinding, ...]
    still_open: tuple[RecordedFinding, ...]
    """The current findings that the previous scorecard had, each with its first-seen date."""

    def first_seen(self) -> dict[str, str]:
        """Each current finding's first-seen date, by fingerprint: what the next scorecard carries forward."""
        dates = {f.fingerprint: f.first_seen for f in self.new}
        dates.update({f.fingerprint: f.first_seen for f in self.still_open})
        return dates


def compare(previous: Record, current: Record) -> History:
    earlier: dict[str, list[RecordedFinding]] = defaultdict(list)
    for finding in previous.findings:
        earlier[finding.fingerprint].append(finding)
    new: list[RecordedFinding] = []
    still: list[RecordedFinding] = []
    for finding in current.findings:
        matches = earlier.get(finding.fingerprint)
        if matches:
            seen = min(matches[0].first_seen or previous.date, finding.first_seen or current.date)
            still.append(_dated(finding, seen))
            matches.pop(0)
        else:
            new.append(_dated(finding, current.date))
    resolved = [f for remaining in earlier.values() for f in remaining]
    moves = tuple(
        Move(n, t.title, *_grade_of(previous, n), t.score, t.grade) for n, t in ((t.number, t) for t in current.tenets)
    )
    overall = Move(0, "Overall", previous.score, previous.grade, current.score, current.grade)
    return History(previous, current, overall, moves, tuple(new), tuple(resolved), tuple(still))


def _grade_of(record: Record, number: int) -> tuple[int | None, str | None]:
    tenet = record.tenet(number)
    return (tenet.score, tenet.grade) if tenet else (None, None)


def _dated(finding: RecordedFinding, date: str) -> RecordedFinding:
    return finding if finding.first_seen == date else replace(finding, first_seen=date)
