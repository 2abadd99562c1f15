"""The human format: one finding per line, `path:line:col: ID severity message`, then a summary.

`--show-source` adds each finding's line with a caret under its column,
`--statistics` replaces the findings with a count per rule, and `--quiet`
leaves out the summary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

import click

from codecheck.documents import checks
from codecheck.grading.grade import percent
from codecheck.language import long_date
from codecheck.model import Finding, Report, Severity
from codecheck.report.history import text_lines
from codecheck.report.view.excerpts import window
from codecheck.tenets import TENETS

if TYPE_CHECKING:
    from codecheck.gate.approvals import ApprovalWarning, Approved
    from codecheck.gate.changes import Change
    from codecheck.gate.diff import Diff
    from codecheck.gate.hook import Gate
    from codecheck.pipeline import Audit

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue", Severity.GAP: "cyan"}
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters, line separators and the bidirectional overrides that make text read other than it is."""


def printable(text: str) -> str:
    """Text for a terminal or a CI log, on one line: a control character from a policy value (an ANSI
    escape, a newline that would fake another finding) becomes U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def printable_lines(text: str) -> str:
    """Text of several lines (a rule's explanation) with each line made printable."""
    return "\n".join(printable(line) for line in text.split("\n"))


def render(report: Report, sources: Mapping[str, Sequence[str]] | None = None, with_summary: bool = True) -> str:
    """The report as text; styles are ANSI codes that click strips when not on a terminal.

    With `sources` (each file's lines), every finding is followed by its line
    and a caret under its column; without `with_summary`, a report with no
    finding is empty. Gaps (facts not stated) are listed apart, after the failures.
    """
    lines: list[str] = []
    for finding in report.failures:
        lines.append(_line(finding))
        if sources is not None:
            lines += excerpt(finding, sources.get(finding.file, ()))
    if report.gaps:
        lines += [*([""] if lines else []), "Not stated (gaps: what the rules need to assess; not failures):"]
        lines += [f"  {_line(gap)}" for gap in report.gaps]
    lines += [
        printable(f"baseline: {e.rule_id} {e.doc_id or ''} {e.path} no longer occurs; remove it from the baseline")
        for e in report.stale_baseline
    ]
    return _with_summary(lines, report, with_summary)


def _with_summary(lines: list[str], report: Report, wanted: bool) -> str:
    if wanted:
        lines += ["", summary(report)] if lines else [summary(report)]
        lines += [skipped_note(report)] if report.skipped else []
    return "".join(f"{line}\n" for line in lines)


def skipped_note(report: Report) -> str:
    """The YAML files that were not read as policies, counted once: a CI workflow is not an error."""
    n = len(report.skipped)
    return f"Skipped {n} YAML file{_s(n)} that {'is' if n == 1 else 'are'} not {'a policy document' if n == 1 else 'policy documents'}."


def excerpt(finding: Finding, lines: Sequence[str]) -> list[str]:
    """The line a finding is on, numbered, and a caret under its column; nothing for a line that is not there."""
    if not 1 <= finding.line <= len(lines):
        return []
    shown, column = window(printable(lines[finding.line - 1]), finding.column)
    under = "".join("\t" if char == "\t" else " " for char in shown[: column - 1])  # tabs keep the caret aligned
    number = str(finding.line)
    return [f"  {click.style(number, dim=True)} | {shown}", f"  {' ' * len(number)} | {under}^"]


def render_statistics(report: Report, with_summary: bool = True) -> str:
    """How many active findings each rule has, most first: `count  id  severity  title`, then the summary."""
    titles = {rule.id: rule.title for rule in report.rules} | {check.id: check.title for check in checks.ALL}
    counts = Counter((f.rule_id, f.severity) for f in report.active)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][0], -item[0][1]))
    width = len(str(max(counts.values(), default=0)))
    lines = [
        f"{n:>{width}}  {click.style(rule_id, bold=True)}  {click.style(f'{severity!s:<7}', fg=_COLOURS[severity])}  "
        f"{printable(titles.get(rule_id, ''))}".rstrip()
        for (rule_id, severity), n in ranked
    ]
    return _with_summary(lines, report, with_summary)


def _line(finding: Finding) -> str:
    where = click.style(f"{printable(finding.file)}:{finding.line}:{finding.column}:", bold=True)
    rule = click.style(finding.rule_id, bold=True)
    severity = click.style(str(finding.severity), fg=_COLOURS[finding.severity])
    return f"{where} {rule} {severity} {printable(finding.message + override_note(finding))}"


def override_note(finding: Finding) -> str:
    """` (lowered from error by the configuration: REASON)` when the config changed the severity."""
    override = finding.override
    if override is None:
        return ""
    verb = "lowered" if finding.severity < override.rulebook else "raised"
    return f" ({verb} from {override.rulebook} by the configuration" + (f": {override.reason})" if override.reason else ")")


@dataclass(frozen=True)
class OverrideUse:
    """One severity override in a report: which rule, from what to what, why, where it is set, how often."""

    rule_id: str
    rulebook: Severity
    severity: Severity
    reason: str
    source: str
    findings: int


def overrides_used(report: Report) -> list[OverrideUse]:
    """Every severity override that changed a finding, for the scorecard's reader."""
    counts = Counter(
        (f.rule_id, f.override.rulebook, f.severity, f.override.reason, f.override.source)
        for f in report.findings
        if f.override is not None
    )
    return [OverrideUse(*key, findings=n) for key, n in sorted(counts.items())]


def override_line(use: OverrideUse) -> str:
    counted = f"{use.findings} finding{_s(use.findings)}"
    why = f": {use.reason}" if use.reason else " (no reason given)"
    return f"{use.rule_id} {use.rulebook} -> {use.severity} in {counted}, set in {use.source}{why}"


def summary(report: Report) -> str:
    scope = f"{report.documents} document{_s(report.documents)} in {report.files} file{_s(report.files)}"
    known = sum(1 for f in report.findings if f.baselined)
    notes = [f"{len(report.suppressed)} suppressed"] if report.suppressed else []
    notes += [f"{known} in the baseline"] if known else []
    note = f" ({', '.join(notes)})" if notes else ""
    gaps = len(report.gaps)
    gap_note = f"; {gaps} fact{_s(gaps)} not stated (gap{_s(gaps)})" if gaps else ""
    if not report.failures:
        return f"No {'failures' if gaps else 'findings'}: {scope} checked{note}{gap_note}."
    counts = [
        f"{n} {severity}{'' if severity is Severity.INFO else _s(n)}"
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if (n := report.count(severity))
    ]
    return f"Found {', '.join(counts)} in {scope}{note}{gap_note}."


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def render_scorecard(audit: Audit) -> str:
    """The scorecard as a table: what could not be read first, one line per tenet, then the overall grade."""
    card = audit.card
    lines = [f"Not assessed: the document could not be read: {_where(f)} {f.rule_id} {printable(f.message)}" for f in audit.unread]
    lines += [""] if lines else []
    lines.append(f"{'':3}{'tenet':52} {'grade':>5} {'score':>5} {'coverage':>8} {'findings':>8}")
    for t in card.tenets:
        title = f"{t.tenet.number}. {t.tenet.title}"
        coverage = percent(t.coverage) if t.coverage is not None else "-"
        if t.assessed:
            lines.append(f"   {title:52} {t.grade:>5} {t.score:>5} {coverage:>8} {len(audit.findings_of(t)):>8}")
        else:
            lines.append(f"   {title:52} {'-':>5} {'-':>5} {coverage:>8} {'':>8}  not assessed: {t.reason}")
    overall = f"{card.grade} ({card.score}/100)" if card.grade else "not assessed"
    known = f"{card.known} of {card.applicable} applicable rule outcomes known ({percent(card.coverage)})"
    lines += ["", f"Overall: {overall}, {card.assessed_tenets} of 10 tenets assessed, {known}."]
    lines += [f"Capped: {cap}." for cap in card.caps]
    lines.append(law_as_of(audit.report))
    lines.append(summary(audit.report))
    used = overrides_used(audit.report)
    if used:
        lines += ["", "Severity overrides (the grades use the rulebook's severities):"]
        lines += [f"  {printable(override_line(u))}" for u in used]
    if audit.history is not None:
        lines += ["", *text_lines(audit.history, printable)]
    if audit.approvals is not None and audit.approvals.file is not None:  # the HTML and JSON forms say there is none
        from codecheck.report.view import approvals  # reads the gate's modules: `--version` and lint start without them

        lines += ["", *approvals.text_lines(approvals.section(audit.approvals), printable)]
    return "\n".join(lines) + "\n"


def law_as_of(report: Report) -> str:
    """Which day's law the grades rest on: an auditor replaying a date with --as-of sees it said."""
    return f"Judged by the law in force on {long_date(report.as_of)}."


def _where(finding: Finding) -> str:
    return f"{printable(finding.file)}:{finding.line}:{finding.column}:"


def change_line(change: Change) -> str:
    """One customer-adverse change: where, which tenet, how severe, what got worse, in the document's words."""
    pos = change.document.position(change.where)
    tenet = TENETS[change.direction.tenet]
    where = click.style(f"{printable(change.document.file)}:{pos.line}:{pos.column}:", bold=True)
    severity = click.style(str(change.direction.severity), fg=_COLOURS[change.direction.severity])
    ids = f"[{change.direction.id}, fingerprint {change.fingerprint}]"
    return f"{where} tenet {tenet.number} ({tenet.title}) {severity} {printable(f'{change.title}: {change.message}')} {ids}"


def approved_line(approved: Approved) -> str:
    """An approved change, with who approved it, until when, and why."""
    approval = approved.approval
    scope = "for this change only" if approval.once else f"until {approval.until}"
    return f"{change_line(approved.change)} approved by {printable(approval.owner)} {scope}: {printable(approval.reason)}"


def render_diff(diff: Diff) -> str:
    lines = [f"Customer-adverse changes: {len(diff.changes)}"]
    lines += [f"  {change_line(c)}" for c in diff.changes]
    if diff.approved:
        lines += [f"Approved changes: {len(diff.approved)}"] + [f"  {approved_line(a)}" for a in diff.approved]
    lines += [f"New findings: {_counted(diff.new)}"] + [f"  {_diff_line(f)}" for f in diff.new]
    lines += [f"Resolved findings: {_counted(diff.resolved)}"] + [f"  {_diff_line(f)}" for f in diff.resolved]
    if diff.skipped:
        lines += [f"Not read from the base: {len(diff.skipped)}"]
        lines += [f"  {printable(s.file)}: {s.reason}" for s in diff.skipped]
    lines += [warning_line(w) for w in diff.approval_warnings]
    return "\n".join(lines) + "\n"


def render_gate(gate: Gate) -> str:
    """The pre-commit hook's change check, in the lines `codecheck diff` prints for the same changes."""
    lines = [f"Customer-adverse changes in this commit: {len(gate.pending)}"] + [f"  {change_line(c)}" for c in gate.pending]
    if gate.approved:
        lines += [f"Approved changes: {len(gate.approved)}"] + [f"  {approved_line(a)}" for a in gate.approved]
    lines += [warning_line(w) for w in gate.warnings]
    return "\n".join(lines) + "\n"


def warning_line(warning: ApprovalWarning) -> str:
    """An approval that did nothing, at its place in the approvals file."""
    a = warning.approval
    return f"{printable(a.file)}:{a.line}:{a.column}: warning: {printable(warning.message)}"


def _counted(findings: tuple[Finding, ...]) -> str:
    """How many, and how many of them are suppressed: those do not fail the diff."""
    suppressed = sum(1 for f in findings if f.suppression is not None)
    return f"{len(findings)}" + (f" ({suppressed} suppressed)" if suppressed else "")


def _diff_line(finding: Finding) -> str:
    """A finding of a diff, with its suppression and reason when it has one."""
    if finding.suppression is None:
        return _line(finding)
    return f"{_line(finding)} (suppressed: {printable(finding.suppression.reason)})"
