"""Inline suppressions: a YAML comment that silences named rules on one line, with a recorded reason.

    plans:
      - id: annual   # codecheck: ignore[CC0910] reason="B2B only, negotiated terms" owner="legal@acme" until=2027-03-31
      # codecheck: ignore[CC0902, CC0904] reason="retention test approved by the board"
      steps: 4

A trailing comment covers its own line; a comment alone on its line covers
the next line that holds a value. A suppression needs a reason; `owner` and
`until` (an expiry date) are optional. A suppression that has no reason, names
an unknown rule, has expired, cannot be read, or silences nothing is itself a
finding, so every silenced problem stays visible to an auditor.
"""

from __future__ import annotations

import re

from codecheck.documents import checks
from codecheck.documents.values import cut
from codecheck.model import Finding, Suppression

_MARKER = re.compile(r"#\s*codecheck\s*:\s*ignore\b(?P<rest>.*)$", re.M)
_RULES = re.compile(r"\[(?P<ids>[^\]]*)\]")
_SETTING = re.compile(r"""(?<![a-z_])(?P<key>[a-z_]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")



def _comment_start(line: str) -> int | None:
    """Where a YAML comment starts on `line`: a `#` outside quotes, at the start or after a space."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'" and (index == 0 or line[index - 1] in " \t[{:,-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
    return None


def parse_suppressions(text: str, file: str) -> tuple[list[Suppression], list[Finding]]:
    """Every suppression comment in a file, and findings for those that cannot be read."""
    found: list[Suppression] = []
    problems: list[Finding] = []
    if not _MARKER.search(text):
        return found, problems
    lines = _LINE_BREAK.split(text)  # not splitlines(): it also splits at \f and \x1c, which YAML does not
    following: list[int] | None = None
    for number, line in enumerate(lines, start=1):
        if "ignore" not in line:
            continue
        start = _comment_start(line)
        match = _MARKER.search(line, start) if start is not None else None
        if match is None:
            continue
        column = match.start() + 1
        parsed = _parse(match.group("rest"))
        if isinstance(parsed, str):
            problems.append(checks.BAD_SUPPRESSION.finding(file, number, column, parsed))
            continue
        rule_ids, settings = parsed
        if line[:start].strip():
            target = number
        else:
            following = following or _value_lines_after(lines)
            target = following[number] or number
        found.append(
            Suppression(
                file=file,
                line=number,
                column=column,
                target_line=target,
                rule_ids=rule_ids,
                reason=settings.get("reason", "").strip(),
                owner=settings.get("owner", "").strip(),
                until=settings.get("until", ""),
            )
        )
    return found, problems


def _parse(rest: str) -> tuple[tuple[str, ...], dict[str, str]] | str:
    rules = _RULES.match(rest.strip())
    if rules is None:
        return "a suppression names its rules in brackets: # codecheck: ignore[CC0901] reason=\"...\""
    ids = tuple(i.strip().upper() for i in rules.group("ids").split(",") if i.strip())
    if not ids:
        return "a suppression names at least one rule: ignore[CC0901]"
    settings: dict[str, str] = {}
    for match in _SETTING.finditer(rest.strip()[rules.end() :]):
        key = match.group("key")
        if key not in ("reason", "owner", "until"):
            return f"unknown suppression setting '{cut(key)}'; use reason, owner and until"
        settings[key] = next(v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None)
    until = settings.get("until")
    if until is not None and not _DATE.match(until):
        return f"until={cut(until)} is not a date YYYY-MM-DD"
    return ids, settings


def _value_lines_after(lines: list[str]) -> list[int]:
    """For each line number n, the first line after n that is neither blank nor a comment (0: none).

    Computed once per file, backwards: a search from each suppression would be
    quadratic in a file of thousands of consecutive suppression comments.
    """
    following = [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        stripped = lines[index].strip()
        following[index] = index + 1 if stripped and not stripped.startswith("#") else following[index + 1]
    return following
