"""How the grades moved since an earlier scorecard, for the text and Markdown formats.

Said the way an auditor reports it: the overall grade first, then each tenet
that moved, then the findings that are new, resolved, and still open (the
oldest first, with the date each was first seen).
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from codecheck.records.compare import History
from codecheck.records.model import RecordedFinding

Escape = Callable[[str], str]
"""The format's own escaping of untrusted text (text.printable, markdown.escape)."""

SHOWN = 20
"""Findings listed by name in each group; the rest are counted."""


def since(history: History) -> str:
    previous = history.previous
    commit = f", commit {previous.commit[:12]}" if previous.commit else ""
    return f"the scorecard of {previous.date} ({previous.source}{commit})"


def _oldest(findings: tuple[RecordedFinding, ...]) -> list[RecordedFinding]:
    return sorted(findings, key=lambda f: (f.first_seen, f.file, f.line, f.rule_id))


def dates(findings: tuple[RecordedFinding, ...]) -> str:
    by_date = Counter(f.first_seen for f in findings)
    return "; ".join(f"{count} since {date}" for date, count in sorted(by_date.items()))


def text_lines(history: History, printable: Escape) -> list[str]:
    lines = [f"Since {printable(since(history))}:", f"  Overall: {history.overall.words()}."]
    moved = [m for m in history.tenets if m.direction not in ("same", "none")]
    lines += [f"  Tenet {m.number}, {m.title}: {m.words()}." for m in moved]
    if not moved:
        lines.append("  No tenet's score moved.")
    for label, found, dated in (
        ("New findings", history.new, False),
        ("Resolved findings", history.resolved, True),
        ("Still open", history.still_open, True),
    ):
        counted = f"{label}: {len(found)}" + (f" ({dates(found)})" if dated and found else "")
        lines.append(f"  {counted}")
        for f in _oldest(found)[:SHOWN]:
            first = f" (first seen {f.first_seen})" if dated else ""
            lines.append(f"    {printable(f.file)}:{f.line} {f.rule_id} {printable(f.message)}{first}")
        if len(found) > SHOWN:
            lines.append(f"    and {len(found) - SHOWN} more")
    return lines


def markdown_lines(history: History, escape: Escape) -> list[str]:
    lines = [f"### Since {escape(since(history))}", "", f"Overall: {escape(history.overall.words())}.", ""]
    moved = [m for m in history.tenets if m.direction not in ("same", "none")]
    if moved:
        lines += ["| Tenet | Change |", "|---|---|"]
        lines += [f"| {escape(f'{m.number}. {m.title}')} | {escape(m.words())} |" for m in moved]
        lines.append("")
    new, resolved, still = len(history.new), len(history.resolved), len(history.still_open)
    lines.append(f"New findings: {new}; resolved: {resolved}; still open: {still}.")
    if history.still_open:
        lines.append(f"Still open: {escape(dates(history.still_open))}.")
    for label, found in (("New", history.new), ("Resolved", history.resolved)):
        if found:
            lines += ["", f"**{label}**", ""]
            lines += [f"- {escape(f.file)}:{f.line} {f.rule_id} {escape(f.message)}" for f in _oldest(found)[:SHOWN]]
            if len(found) > SHOWN:
                lines.append(f"- and {len(found) - SHOWN} more")
    return [*lines, ""]


def moves_text(history: History, printable: Escape) -> list[str]:
    """The grades' movement alone, for `diff` (which lists new and resolved findings itself)."""
    moved = [m for m in history.tenets if m.direction not in ("same", "none")]
    lines = [f"Grades, {printable(history.previous.source)} -> {printable(history.current.source)}:"]
    lines += [f"  Overall: {history.overall.words()}."]
    lines += [f"  Tenet {m.number}, {m.title}: {m.words()}." for m in moved]
    return lines


def moves_markdown(history: History, escape: Escape) -> list[str]:
    moved = [m for m in history.tenets if m.direction not in ("same", "none")]
    lines = [f"### Grades, {escape(history.previous.source)} → {escape(history.current.source)}", ""]
    lines += [f"Overall: {escape(history.overall.words())}.", ""]
    if moved:
        lines += ["| Tenet | Change |", "|---|---|"]
        lines += [f"| {escape(f'{m.number}. {m.title}')} | {escape(m.words())} |" for m in moved]
    return [*lines, ""]
