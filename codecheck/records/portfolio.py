"""Many repositories' scorecards as one view for an organisation.

Each scorecard is read, summarised and dropped before the next is read, so a
portfolio of a thousand repositories holds a thousand summaries, never a
thousand sets of findings. A scorecard that cannot be read is listed with the
reason and leaves the others standing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from codecheck.errors import UsageError
from codecheck.records.model import Record
from codecheck.records.read import read_record

MAX_SCORECARDS = 10_000
"""Most scorecards one portfolio reads: a bound on its time and memory, far above a CI matrix."""


@dataclass(frozen=True)
class Repository:
    """One repository's scorecard, summarised."""

    name: str
    organisation: str
    source: str
    link: str
    date: str
    commit: str | None
    score: int | None
    grade: str | None
    assessed_tenets: int
    tenets: tuple[tuple[int, int | None, str | None], ...]
    """(number, score, grade) of each tenet."""
    severities: tuple[tuple[str, int], ...]
    """Active (unsuppressed) findings by severity."""
    legal: tuple[tuple[str, int, tuple[str, ...]], ...]
    """(jurisdiction, findings, distinct rules) of the active findings that break the law there."""


@dataclass(frozen=True)
class TenetAcross:
    number: int
    title: str
    assessed: int
    """Repositories where the tenet was assessed."""
    mean: int | None
    failing: int
    """Repositories graded D or F on it."""
    worst: tuple[str, ...]
    """The names of the repositories with its lowest score."""


@dataclass(frozen=True)
class LegalAcross:
    code: str
    repositories: int
    rules: tuple[str, ...]
    findings: int


@dataclass(frozen=True)
class Unreadable:
    source: str
    reason: str


@dataclass(frozen=True)
class Portfolio:
    title: str
    repositories: tuple[Repository, ...]
    """Worst first: by score (not assessed first), then by coverage."""
    tenets: tuple[TenetAcross, ...]
    """Worst first: by mean score."""
    legal: tuple[LegalAcross, ...]
    unreadable: tuple[Unreadable, ...]


def summarise(record: Record) -> Repository:
    active = [f for f in record.findings if not f.suppressed]
    rules: dict[str, set[str]] = defaultdict(set)
    count: Counter[str] = Counter()
    for finding in active:
        for code in finding.legal_in:
            rules[code].add(finding.rule_id)
            count[code] += 1
    name = record.title or ", ".join(record.paths) or record.source
    return Repository(
        name=name,
        organisation=record.organisation,
        source=record.source,
        link=record.link,
        date=record.date,
        commit=record.commit,
        score=record.score,
        grade=record.grade,
        assessed_tenets=record.assessed_tenets,
        tenets=tuple((t.number, t.score, t.grade) for t in record.tenets),
        severities=tuple(sorted(Counter(f.severity for f in active).items())),
        legal=tuple(sorted((code, count[code], tuple(sorted(rules[code]))) for code in rules)),
    )


def gather(sources: Iterable[tuple[str, str]], title: str, titles: dict[int, str]) -> Portfolio:
    """`sources`: (scorecard file, link to show) pairs; `titles`: each tenet's title, by number."""
    repositories: list[Repository] = []
    unreadable: list[Unreadable] = []
    for index, (source, link) in enumerate(sources):
        if index == MAX_SCORECARDS:
            raise UsageError(f"portfolio: more than {MAX_SCORECARDS} scorecards; split the portfolio")
        try:
            repositories.append(summarise(read_record(source, link)))
        except UsageError as error:
            unreadable.append(Unreadable(source, str(error)))
    repositories.sort(key=lambda r: (-1 if r.score is None else r.score, r.assessed_tenets, r.name))
    return Portfolio(title, tuple(repositories), _tenets(repositories, titles), _legal(repositories), tuple(unreadable))


def _tenets(repositories: list[Repository], titles: dict[int, str]) -> tuple[TenetAcross, ...]:
    scores: dict[int, list[tuple[int, str]]] = {n: [] for n in titles}
    failing: Counter[int] = Counter()
    for repo in repositories:
        for number, score, grade in repo.tenets:
            if score is not None and number in scores:
                scores[number].append((score, repo.name))
                failing[number] += grade in ("D", "F")
    rows = []
    for number, seen in scores.items():
        mean = round(sum(s for s, _ in seen) / len(seen)) if seen else None
        low = min((s for s, _ in seen), default=None)
        worst = tuple(sorted(name for s, name in seen if s == low))[:3]
        rows.append(TenetAcross(number, titles[number], len(seen), mean, failing[number], worst))
    return tuple(sorted(rows, key=lambda t: (t.mean is None, t.mean or 0, t.number)))


def _legal(repositories: list[Repository]) -> tuple[LegalAcross, ...]:
    repos: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    rules: dict[str, set[str]] = defaultdict(set)
    for repo in repositories:
        for code, count, ids in repo.legal:
            repos[code] += 1
            findings[code] += count
            rules[code].update(ids)
    rows = [LegalAcross(code, repos[code], tuple(sorted(rules[code])), findings[code]) for code in repos]
    return tuple(sorted(rows, key=lambda r: (-r.repositories, -r.findings, r.code)))
