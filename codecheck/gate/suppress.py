"""Suppressions applied: each finding meets the suppression comments of its line; bad ones are findings.

The comments themselves are read with the file (documents/suppressions.py);
here they silence what they name, and a suppression with no reason, naming an
unknown rule, expired, or silencing nothing becomes a finding of its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import AbstractSet, Iterable

from codecheck.documents import checks
from codecheck.documents.values import cut, today
from codecheck.model import Finding, Severity, Suppression

_RULE_ID = re.compile(r"CC\d{4}\Z")


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
        return checks.BAD_SUPPRESSION.finding(s.file, s.line, s.column, f"suppression names unknown rule {cut(', '.join(unknown))}")
    if not s.reason:
        message = f"suppression of {_ids(s)} has no reason; add reason=\"...\" so an auditor knows why"
        return checks.BAD_SUPPRESSION.finding(s.file, s.line, s.column, message)
    if s.until and s.until < today():
        message = f"suppression of {_ids(s)} expired on {s.until}; fix the finding or renew it with a reason"
        return checks.EXPIRED_SUPPRESSION.finding(s.file, s.line, s.column, message)
    return None


def _ids(s: Suppression) -> str:
    return cut(", ".join(s.rule_ids))


def _unused(s: Suppression) -> Finding:
    message = f"suppression of {_ids(s)} silences nothing on line {s.target_line}; remove it"
    finding = checks.UNUSED_SUPPRESSION.finding(s.file, s.line, s.column, message, value=", ".join(s.rule_ids))
    return replace(finding, severity=Severity.WARNING)
