"""An audit: what a scorecard reporter needs, the findings, the grades and where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from codecheck.grade import Scorecard, TenetGrade
from codecheck.model import Finding, Report
from codecheck.provenance import Provenance


@dataclass(frozen=True)
class Audit:
    report: Report
    card: Scorecard
    provenance: Provenance
    sources: dict[str, list[str]] = field(default_factory=dict)
    """The lines of each file with a finding, for the excerpts of the HTML scorecard."""

    def findings_of(self, tenet: TenetGrade) -> list[Finding]:
        return [f for f in self.report.findings if f.tenet == tenet.tenet.number]

    @property
    def document_problems(self) -> list[Finding]:
        """Findings about the files themselves (CC00xx): those documents could not be assessed."""
        return [f for f in self.report.findings if f.tenet is None]
