"""A run's grades and findings as a Record: what `scorecard --format json` writes and a later run compares with."""

from __future__ import annotations

from codecheck.grading.grade import Scorecard
from codecheck.model import Finding, Report
from codecheck.provenance import Provenance
from codecheck.records.model import Record, RecordedFinding, RecordedTenet


def as_record(
    card: Scorecard,
    report: Report,
    source: str,
    prov: Provenance,
    seen: dict[str, str],
    organisation: str = "",
    title: str = "",
) -> Record:
    """`seen` holds the first-seen dates carried forward from an earlier scorecard; others date from this run."""
    return Record(
        source=source,
        organisation=organisation,
        title=title,
        date=prov.date,
        paths=prov.paths,
        commit=prov.commit,
        rulebook=prov.rulebook,
        score=card.score,
        grade=card.grade,
        assessed_tenets=card.assessed_tenets,
        tenets=tuple(RecordedTenet(t.tenet.number, t.tenet.title, t.score, t.grade) for t in card.tenets),
        findings=tuple(recorded(f, seen.get(f.fingerprint, prov.date)) for f in report.findings),
    )


def recorded(finding: Finding, first_seen: str) -> RecordedFinding:
    return RecordedFinding(
        finding.fingerprint,
        finding.rule_id,
        finding.tenet,
        str(finding.severity),
        finding.message,
        finding.file,
        finding.line,
        finding.legal_in,
        finding.suppression is not None,
        first_seen,
    )
