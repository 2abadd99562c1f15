"""An audit: a checked and graded policy set, what lint and scorecard both report and gate on."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from codecheck.config import Config, apply_to_rules
from codecheck.errors import EXIT_FINDINGS, EXIT_OK
from codecheck.grade import Scorecard, TenetGrade, grade
from codecheck.load import read_text
from codecheck.model import Finding, Report, Rule, Severity
from codecheck.pipeline import Options, check
from codecheck.profile import stage
from codecheck.provenance import Provenance, provenance
from codecheck.rulebook import load_rules


@dataclass(frozen=True)
class Audit:
    report: Report
    card: Scorecard
    provenance: Provenance
    sources: dict[str, list[str]] = field(default_factory=dict)
    """The lines of each file with a finding, for the excerpts of the HTML scorecard."""

    def findings_of(self, tenet: TenetGrade) -> list[Finding]:
        """The active findings of a tenet; suppressed ones are listed apart."""
        return [f for f in self.report.active if f.tenet == tenet.tenet.number]

    @property
    def document_problems(self) -> list[Finding]:
        """Findings about the files themselves (CC00xx): those documents could not be assessed."""
        return [f for f in self.report.active if f.tenet is None]


def run_audit(
    paths: tuple[str, ...],
    config: Config,
    with_sources: bool = False,
    jobs: int | None = None,
    focus: frozenset[str] | None = None,
) -> Audit:
    """Load the rules the configuration enables, check and grade the policy set under `paths`."""
    with stage("rules"):
        rulebook = load_rules(config.rules)
    checked = check(paths, dataclasses.replace(options_for(config, rulebook, jobs), focus=focus))
    sources = read_sources(checked.report) if with_sources else {}
    with stage("grade"):
        card = grade(checked.outcomes)
    return Audit(checked.report, card, provenance(paths, checked.report.rules), sources)


def options_for(config: Config, rulebook: tuple[Rule, ...], jobs: int | None = None) -> Options:
    """The enabled rules and the configuration; suppressions may name any rule of the rulebook."""
    return Options(apply_to_rules(config, rulebook), config, frozenset(r.id for r in rulebook), jobs)


def read_sources(report: Report) -> dict[str, list[str]]:
    """The lines of every file with a finding; a file that cannot be read has no excerpt."""
    sources: dict[str, list[str]] = {}
    for file in {f.file for f in report.findings}:
        text = read_text(file)
        sources[file] = [] if isinstance(text, Finding) else text.splitlines()
    return sources


def gate(audit: Audit, config: Config) -> int:
    """Exit 1 when a finding reaches `fail_on`, or the overall grade is below `min_grade`."""
    threshold = Severity.parse(config.fail_on)
    if any(f.severity >= threshold for f in audit.report.active):
        return EXIT_FINDINGS
    wanted = config.min_grade
    if wanted and (audit.card.grade is None or audit.card.grade > wanted.upper()):
        return EXIT_FINDINGS
    return EXIT_OK
