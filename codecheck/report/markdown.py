"""Markdown for pull-request comments and job summaries: the findings, or the scorecard, as tables.

Every policy value and message is escaped: a value written by anyone in a
policy file must not turn into links, images or HTML in a comment.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING

from codecheck.gate.changes import describe_value
from codecheck.grading.grade import percent
from codecheck.model import Report, Severity
from codecheck.report.history import markdown_lines
from codecheck.report.text import law_as_of, override_note, overrides_used, printable, summary
from codecheck.tenets import TENETS

if TYPE_CHECKING:
    from codecheck.gate.changes import Change
    from codecheck.gate.diff import Diff
    from codecheck.pipeline import Audit

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
ICONS = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟡 warning", Severity.INFO: "🔵 info", Severity.GAP: "⚪ gap"}


def escape(text: str) -> str:
    """Text that renders as itself in GitHub-flavoured Markdown, on one line, with no control character."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return printable(_SPECIAL.sub(r"\\\1", " ".join(text.split())))


def link(url: str) -> str:
    """A link's destination that cannot end the link early or start markup: `(`, `)`, `<`, `>`, spaces,
    backslashes and anything outside ASCII are percent-encoded."""
    return urllib.parse.quote(url, safe="/:?#@!$&'*+,;=%~")


def render(report: Report) -> str:
    lines = ["## codecheck", "", escape(summary(report)), ""]
    if report.failures:
        lines += ["| Severity | Rule | Location | Message |", "|---|---|---|---|"]
        for f in report.failures:
            where = escape(f"{f.file}:{f.line}:{f.column}")
            lines.append(f"| {ICONS[f.severity]} | {f.rule_id} | {where} | {escape(f.message + override_note(f))} |")
        lines.append("")
    if report.gaps:
        lines += ["### Not stated", "", "What the rules need to assess and the policy does not say. Not failures.", ""]
        lines += ["| Needed by | Location | What is not stated |", "|---|---|---|"]
        for f in report.gaps:
            where = escape(f"{f.file}:{f.line}:{f.column}")
            lines.append(f"| {', '.join(f.needed_by)} | {where} | {escape(f.message)} |")
        lines.append("")
    if report.suppressed:
        lines += ["### Suppressed", "", "| Rule | Location | Message | Reason | Owner | Until |", "|---|---|---|---|---|---|"]
        for f in report.suppressed:
            s = f.suppression
            assert s is not None
            where = escape(f"{f.file}:{f.line}:{f.column}")
            cells = [f.rule_id, where, escape(f.message), escape(s.reason), escape(s.owner or "–"), s.until or "–"]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def render_scorecard(audit: Audit) -> str:
    card = audit.card
    overall = f"**{card.grade}** ({card.score}/100)" if card.grade else "**not assessed**"
    lines = ["## codecheck scorecard", ""]
    if audit.unread:
        lines += ["### Not assessed: the document could not be read", "", "| Check | Location | Problem |", "|---|---|---|"]
        lines += [f"| {f.rule_id} | {escape(f'{f.file}:{f.line}:{f.column}')} | {escape(f.message)} |" for f in audit.unread]
        lines.append("")
    known = f"{card.known} of {card.applicable} applicable rule outcomes known ({percent(card.coverage)})"
    lines += [f"Overall: {overall}, {card.assessed_tenets} of 10 tenets assessed, {known}. {law_as_of(audit.report)}"]
    lines += [f"Capped: {escape(cap)}." for cap in card.caps]
    lines += ["", "| Tenet | Grade | Score | Coverage | Findings |", "|---|---|---|---|---|"]
    for t in card.tenets:
        name = escape(f"{t.tenet.number}. {t.tenet.title}")
        coverage = percent(t.coverage) if t.coverage is not None else "–"
        if t.assessed:
            lines.append(f"| {name} | {t.grade} | {t.score} | {coverage} | {len(audit.findings_of(t))} |")
        else:
            lines.append(f"| {name} | – | – | {coverage} | not assessed: {escape(t.reason)} |")
    used = overrides_used(audit.report)
    if used:
        lines += ["", "### Severity overrides", "", "The grades use the rulebook's severities.", ""]
        lines += ["| Rule | Rulebook | Configured | Findings | Reason | Set in |", "|---|---|---|---|---|---|"]
        for u in used:
            cells = [u.rule_id, str(u.rulebook), str(u.severity), str(u.findings), escape(u.reason or "no reason given"), escape(u.source)]
            lines.append("| " + " | ".join(cells) + " |")
    if audit.history is not None:
        lines += ["", *markdown_lines(audit.history, escape)]
    if audit.approvals is not None and audit.approvals.file is not None:  # the HTML and JSON forms say there is none
        from codecheck.report.view import approvals  # reads the gate's modules: `--version` and lint start without them

        lines += ["", *approvals.markdown_lines(approvals.section(audit.approvals), escape)]
    return "\n".join(lines) + "\n\n" + render(audit.report).split("\n", 2)[2]


_APPROVE_HINT = (
    "A deliberate change (a price rise announced as the contract allows) can be approved: add its fingerprint, "
    "shown by `codecheck diff`, with an owner and a reason to `.codecheck-approvals.yaml`."
)


def _change_row(c: Change) -> str:
    tenet = TENETS[c.direction.tenet]
    cells = [escape(f"{tenet.number}. {tenet.title}"), escape(c.title), escape(c.message)]
    cells += [escape(describe_value(c.before)), escape(describe_value(c.after))]
    return "| " + " | ".join(cells) + " |"


def render_diff(diff: Diff) -> str:
    """A pull-request comment a product manager understands: what got worse for the customer, before -> after."""
    lines = ["## codecheck: what this change does to customers", ""]
    if diff.changes:
        lines += ["### Worse for the customer", "", "| Tenet | Policy | What changed | Before | After |", "|---|---|---|---|---|"]
        lines += [_change_row(c) for c in diff.changes]
        lines += ["", _APPROVE_HINT, ""]
    elif not diff.approved:
        lines += ["Nothing in this change makes a policy worse for customers.", ""]
    if diff.approved:
        lines += ["### Approved changes", "", "| Tenet | Policy | What changed | Before | After | Approved by | Why |"]
        lines += ["|---|---|---|---|---|---|---|"]
        for a in diff.approved:
            scope = "this change only" if a.approval.once else f"until {a.approval.until}"
            lines.append(_change_row(a.change) + f" {escape(a.approval.owner)} ({scope}) | {escape(a.approval.reason)} |")
        lines.append("")
    for warning in diff.approval_warnings:
        lines += [f"⚠️ {escape(f'{warning.approval.file}:{warning.approval.line}: {warning.message}')}", ""]
    for title, findings in (("New findings", diff.new), ("Resolved findings", diff.resolved)):
        if findings:
            lines += [f"### {title}", "", "| Severity | Rule | Location | Message |", "|---|---|---|---|"]
            for f in findings:
                where = escape(f"{f.file}:{f.line}:{f.column}")
                note = f" (suppressed: {f.suppression.reason})" if f.suppression is not None else ""
                lines.append(f"| {ICONS[f.severity]} | {f.rule_id} | {where} | {escape(f.message + note)} |")
            lines.append("")
    if diff.skipped:
        lines += ["### Not read from the base", ""] + [f"- {escape(s.file)}: {escape(s.reason)}" for s in diff.skipped] + [""]
    return "\n".join(lines)


