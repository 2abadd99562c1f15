"""GitHub Actions workflow commands: each finding becomes an annotation on its policy line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from codecheck.model import Finding, Report, Severity
from codecheck.report.text import printable, summary

if TYPE_CHECKING:
    from codecheck.gate.changes import Change
    from codecheck.gate.diff import Diff

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice", Severity.GAP: "notice"}


def _data(text: str) -> str:
    """A workflow command's message: `%` escaped, and every control character shown as U+FFFD, so a value
    can neither end the command (a newline) nor style or rewrite the log (an ANSI escape)."""
    return printable(text.replace("%", "%25"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = ",".join(
        [
            f"file={_property(finding.file)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={_property(('not stated: ' if finding.gap else '') + finding.rule_id)}",
        ]
    )
    return f"::{COMMANDS[finding.severity]} {properties}::{_data(finding.message)}"


def render(report: Report) -> str:
    return "".join(annotation(f) + "\n" for f in report.active) + summary(report) + "\n"


def render_diff(diff: Diff) -> str:
    lines = [_change(c, COMMANDS[c.direction.severity], f"fingerprint {c.fingerprint}") for c in diff.changes]
    lines += [
        _change(a.change, "notice", f"approved by {a.approval.owner}: {a.approval.reason}") for a in diff.approved
    ]
    lines += [annotation(f) for f in diff.new if f.suppression is None]
    for warning in diff.approval_warnings:
        a = warning.approval
        lines.append(f"::warning file={_property(a.file)},line={a.line},col={a.column}::{_data(warning.message)}")
    return "".join(line + "\n" for line in lines)


def _change(change: Change, command: str, note: str) -> str:
    pos = change.document.position(change.where)
    properties = ",".join(
        [f"file={_property(change.document.file)}", f"line={pos.line}", f"col={pos.column}", f"title={_property(change.direction.id)}"]
    )
    text = f"tenet {change.direction.tenet}: {change.title}: {change.message} ({note})"
    return f"::{command} {properties}::{_data(text)}"
