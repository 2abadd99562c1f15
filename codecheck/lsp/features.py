"""What the editor is sent: diagnostics for findings, the rule's explanation on hover, a suppression to
insert, rule ids to complete. Pure functions from codecheck's objects to the protocol's (lsprotocol).

Positions: a finding's line and column count characters from 1; the protocol
counts from 0 in the units the client chose (UTF-16 unless it asked for
another), so every position goes through pygls's codec with the line's text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from codecheck.documents import checks
from codecheck.lsp.spans import span
from codecheck.model import Finding, Rule, Severity
from codecheck.tenets import TENETS

SOURCE = "codecheck"
OPEN_RULE = "codecheck.openRule"
"""The command a code action runs to show a rule's file (its rationale, fix, references and examples)."""
REASON = 'reason=""'
"""The reason a suppression needs: left empty, it is itself a finding until the author writes one."""

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.GAP: types.DiagnosticSeverity.Hint,  # a fact not stated: never a failure, shown apart
}
_MARKER = re.compile(r"#\s*codecheck\s*:\s*ignore\s*\[(?P<ids>[^\]]*)(?P<close>\])?")
_OPEN_MARKER = re.compile(r"#\s*codecheck\s*:\s*ignore\s*\[(?P<ids>[^\]]*)$")
_RULE_ID = re.compile(r"CC\d{4}", re.I)
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def diagnostic(finding: Finding, lines: Sequence[str], codec: PositionCodec, rule: Rule | None) -> types.Diagnostic:
    """A finding as the editor underlines it: the value's token on its line, the rule id as the code."""
    line = max(finding.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    start, end = span(text, finding.column)
    diag_range = types.Range(
        codec.position_to_client_units(lines, types.Position(line, start)),
        codec.position_to_client_units(lines, types.Position(line, min(end, len(text)) if text else 0)),
    )
    if diag_range.end == diag_range.start:
        diag_range.end = types.Position(line, diag_range.start.character + 1)
    href = types.CodeDescription(href=Path(rule.source).as_uri()) if rule is not None and rule.source else None
    return types.Diagnostic(
        range=diag_range,
        message=finding.message + (f"\nFix: {finding.fix}" if finding.fix else ""),
        severity=_SEVERITIES[finding.severity],
        code=finding.rule_id,
        code_description=href,
        source=SOURCE,
        data={"rule_id": finding.rule_id},
    )


def escape(text: str) -> str:
    """Text from a rule (a rule pack is untrusted) shown as Markdown: as written, never as markup or a link."""
    return _MARKDOWN.sub(r"\\\1", text)


def explanation(rule_id: str, rulebook: Sequence[Rule]) -> str | None:
    """The hover text for a rule id: what it checks, why, the fix, the references; None for an unknown id."""
    for check in checks.ALL:
        if check.id == rule_id:
            return f"**{check.id}** {escape(check.title)}\n\nA document check: always an error.\n\n**Fix:** {escape(check.fix)}"
    rule = next((r for r in rulebook if r.id == rule_id), None)
    if rule is None:
        return None
    tenet = TENETS[rule.tenet]
    parts = [
        f"**{rule.id}** {escape(rule.title)}",
        f"Tenet {tenet.number}: {escape(tenet.title)} · {rule.severity}" + (" where it is law" if rule.legal_in else ""),
        escape(rule.rationale),
        f"**Fix:** {escape(rule.fix)}",
    ]
    references = [_reference(r.title, r.url) for r in rule.references]
    if references:
        parts.append("**References:** " + "; ".join(references))
    parts.append(f"`codecheck explain {rule.id}` shows an example that fails and one that passes.")
    return "\n\n".join(parts)


def _reference(title: str, url: str) -> str:
    if url.startswith(("https://", "http://")) and not re.search(r"[\s()<>]", url):
        return f"[{escape(title)}]({url})"
    return escape(title)


def rule_id_at(line: str, character: int) -> str | None:
    """The rule id under `character` (0-based, in characters) inside a suppression comment of `line`."""
    for marker in _MARKER.finditer(line):
        for found in _RULE_ID.finditer(line, marker.start("ids"), marker.end("ids")):
            if found.start() <= character <= found.end():
                return found.group().upper()
    return None


def suppression_edit(line_number: int, line: str, rule_id: str, codec: PositionCodec, lines: Sequence[str]) -> types.TextEdit:
    """The edit that silences `rule_id` on a line: added to the line's suppression, else a trailing comment,
    else (the line has a comment of its own) a comment line above, which covers the line below it."""
    marker = next((m for m in _MARKER.finditer(line) if m.group("close")), None)
    if marker is not None:
        at = marker.end("ids")
        separator = ", " if marker.group("ids").strip() else ""
        return _insert(lines, codec, line_number, len(line[:at].rstrip()), f"{separator}{rule_id}")
    comment = f"# codecheck: ignore[{rule_id}] {REASON}"
    if _has_comment(line):
        indent = line[: len(line) - len(line.lstrip())]
        return _insert(lines, codec, line_number, 0, f"{indent}{comment}\n")
    return _insert(lines, codec, line_number, len(line.rstrip()), f"  {comment}")


def _insert(lines: Sequence[str], codec: PositionCodec, line: int, character: int, text: str) -> types.TextEdit:
    at = codec.position_to_client_units(lines, types.Position(line, character))
    return types.TextEdit(range=types.Range(at, at), new_text=text)


def _has_comment(line: str) -> bool:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and (index == 0 or line[index - 1] in " \t[{:,-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return True
    return False


def completions(before: str, rulebook: Sequence[Rule], line: int, character: int) -> list[types.CompletionItem]:
    """Rule ids for the suppression comment being written: `before` is the line up to the cursor."""
    marker = _OPEN_MARKER.search(before)
    if marker is None:
        return []
    typed = re.split(r"[,\s]", marker.group("ids"))[-1]
    replace = types.Range(types.Position(line, character - len(typed)), types.Position(line, character))
    titles = {c.id: c.title for c in checks.ALL} | {r.id: r.title for r in rulebook}
    return [
        types.CompletionItem(
            label=rule_id,
            kind=types.CompletionItemKind.Reference,
            detail=title,
            documentation=_markdown(explanation(rule_id, rulebook)),
            text_edit=types.TextEdit(range=replace, new_text=rule_id),
            sort_text=rule_id,
        )
        for rule_id, title in sorted(titles.items())
        if rule_id.startswith(typed.upper())
    ]


def _markdown(text: str | None) -> types.MarkupContent | None:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text) if text else None
