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
from dataclasses import replace
from typing import AbstractSet, Iterable

from codecheck import checks
from codecheck.model import Finding, Severity, Suppression
from codecheck.values import today

_MARKER = re.compile(r"#\s*codecheck\s*:\s*ignore\b(?P<rest>.*)$", re.M)
_RULES = re.compile(r"\[(?P<ids>[^\]]*)\]")
_SETTING = re.compile(r"""(?<![a-z_])(?P<key>[a-z_]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_RULE_ID = re.compile(r"CC\d{4}\Z")
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
            return f"unknown suppression setting '{key}'; use reason, owner and until"
        settings[key] = next(v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None)
    until = settings.get("until")
    if until is not None and not _DATE.match(until):
        return f"until={until} is not a date YYYY-MM-DD"
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


def apply(
    findings: Iterable[Finding], suppressions: Iterable[Suppression], known_ids: AbstractSet[str]
) -> tuple[list[Finding], list[Finding]]:
    """The findings with valid suppressions attached, and the findings about the suppressions themselves."""
    valid, problems = [], []
    for suppression in suppressions:
        problem = _problem(suppression, known_ids)
        if problem is None:
            valid.append(suppression)
        else:
            problems.append(problem)
    by_line: dict[tuple[str, int], list[int]] = {}  # a finding meets only the suppressions of its line
    for index, suppression in enumerate(valid):
        by_line.setdefault((suppression.file, suppression.target_line), []).append(index)
    used: set[int] = set()
    result = []
    for finding in findings:
        candidates = by_line.get((finding.file, finding.line), ())
        match = next((i for i in candidates if _covers(valid[i], finding)), None)
        if match is not None:
            used.add(match)
            finding = replace(finding, suppression=valid[match])
        result.append(finding)
    problems.extend(_unused(s) for i, s in enumerate(valid) if i not in used)
    return result, problems


def _covers(suppression: Suppression, finding: Finding) -> bool:
    return (
        finding.file == suppression.file
        and finding.line == suppression.target_line
        and finding.rule_id in suppression.rule_ids
    )


def _problem(s: Suppression, known_ids: AbstractSet[str]) -> Finding | None:
    unknown = [i for i in s.rule_ids if not _RULE_ID.match(i) or i not in known_ids]
    if unknown:
        return checks.BAD_SUPPRESSION.finding(s.file, s.line, s.column, f"suppression names unknown rule {', '.join(unknown)}")
    if not s.reason:
        message = f"suppression of {', '.join(s.rule_ids)} has no reason; add reason=\"...\" so an auditor knows why"
        return checks.BAD_SUPPRESSION.finding(s.file, s.line, s.column, message)
    if s.until and s.until < today():
        message = f"suppression of {', '.join(s.rule_ids)} expired on {s.until}; fix the finding or renew it with a reason"
        return checks.EXPIRED_SUPPRESSION.finding(s.file, s.line, s.column, message)
    return None


def _unused(s: Suppression) -> Finding:
    message = f"suppression of {', '.join(s.rule_ids)} silences nothing on line {s.target_line}; remove it"
    finding = checks.UNUSED_SUPPRESSION.finding(s.file, s.line, s.column, message)
    return replace(finding, severity=Severity.WARNING)
