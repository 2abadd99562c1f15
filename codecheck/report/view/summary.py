"""The executive summary: the one page a board reads before anything else.

Overall grade and how much of the Customer Code it rests on, the legal errors
by jurisdiction, the three changes that would raise the grade most, and what
was not assessed and why. Every other part of the scorecard is detail behind it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from codecheck.documents import jurisdictions
from codecheck.grading.grade import percent
from codecheck.model import Finding, Severity
from codecheck.pipeline import Audit
from codecheck.report.view.explain import overall_sentences
from codecheck.report.view.whatif import Improvement, improvements


@dataclass(frozen=True)
class LegalErrors:
    code: str
    name: str
    rules: tuple[str, ...]
    """The distinct rules broken there, by id."""
    findings: int
    tenets: tuple[int, ...]


@dataclass(frozen=True)
class NotAssessed:
    what: str
    why: str


@dataclass(frozen=True)
class Summary:
    title: str
    organisation: str
    scope: str
    """What was read: paths, files, documents."""
    coverage: str
    """How much of the Customer Code the grade rests on, in words."""
    overall: list[str]
    """How the overall grade was reached, caps included."""
    legal: list[LegalErrors]
    changes: list[Improvement]
    not_assessed: list[NotAssessed]
    counts: dict[str, int]
    """Active findings by severity, and suppressed ones."""


def jurisdiction_name(code: str) -> str:
    """The place's name in English (documents/jurisdictions.py): US-CA -> California."""
    return jurisdictions.name(code)


def legal_errors(findings: tuple[Finding, ...]) -> list[LegalErrors]:
    """The findings that break the law, by each jurisdiction where the rule is law, most first."""
    rules: dict[str, set[str]] = defaultdict(set)
    tenets: dict[str, set[int]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    for finding in findings:
        for code in finding.legal_in:
            rules[code].add(finding.rule_id)
            tenets[code].add(finding.tenet or 0)
            count[code] += 1
    rows = [
        LegalErrors(code, jurisdiction_name(code), tuple(sorted(rules[code])), count[code], tuple(sorted(tenets[code] - {0})))
        for code in rules
    ]
    return sorted(rows, key=lambda r: (-len(r.rules), -r.findings, r.code))


def not_assessed(audit: Audit) -> list[NotAssessed]:
    """Documents that could not be read (first), tenets without a grade and other document problems, each with why."""
    rows = [
        NotAssessed(f"{f.file} (line {f.line})", f"not assessed: the document could not be read: {f.message}")
        for f in audit.unread
    ]
    rows += [NotAssessed(f"Tenet {t.tenet.number}: {t.tenet.title}", t.reason) for t in audit.card.tenets if not t.assessed]
    for finding in (f for f in audit.document_problems if f not in audit.unread):
        where = f"{finding.file} (line {finding.line})"
        rows.append(NotAssessed(where, f"the document could not be checked: {finding.message}"))
    return rows


def summarise(audit: Audit) -> Summary:
    report, card = audit.report, audit.card
    paths = ", ".join(audit.provenance.paths)
    scope = (
        f"{paths}: {report.documents} policy documents in {report.files} files, "
        f"checked against {len(report.rules)} rules"
    )
    known = f"{card.known} of {card.applicable} applicable rule outcomes known ({percent(card.coverage)})"
    coverage = f"{card.assessed_tenets} of the 10 tenets assessed; {known}"
    counts = {str(s): report.count(s) for s in Severity}
    counts["suppressed"] = len(report.suppressed)
    return Summary(
        title=audit.title or "Customer Code scorecard",
        organisation=audit.organisation,
        scope=scope,
        coverage=coverage,
        overall=overall_sentences(card),
        legal=legal_errors(report.active),
        changes=improvements(audit),
        not_assessed=not_assessed(audit),
        counts=counts,
    )
