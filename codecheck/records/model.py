"""A scorecard as a later comparison reads it: the grades, the findings' identities, when each was first seen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordedFinding:
    fingerprint: str
    """Identity across edits (model.Finding.fingerprint): the same finding in two runs has the same one."""
    rule_id: str
    tenet: int | None
    severity: str
    message: str
    file: str
    line: int
    legal_in: tuple[str, ...]
    suppressed: bool
    first_seen: str
    """The date of the first scorecard that had it, carried forward from run to run."""


@dataclass(frozen=True)
class RecordedTenet:
    number: int
    title: str
    score: int | None
    grade: str | None


@dataclass(frozen=True)
class Record:
    """One scorecard: whose, when, of what, graded how, with which findings."""

    source: str
    """Where it was read from: a file, or a git commit for `diff`."""
    organisation: str
    title: str
    date: str
    paths: tuple[str, ...]
    commit: str | None
    rulebook: str
    score: int | None
    grade: str | None
    assessed_tenets: int
    tenets: tuple[RecordedTenet, ...]
    findings: tuple[RecordedFinding, ...]
    link: str = ""
    """The repository's own scorecard, for a portfolio to link to."""

    def tenet(self, number: int) -> RecordedTenet | None:
        return next((t for t in self.tenets if t.number == number), None)
