"""Baselines: adopt codecheck on an existing policy repo without fixing everything on day one.

`lint --write-baseline FILE` records today's findings by fingerprint (rule,
document id, value path with list items named by identity, and value; never
the line), so edits elsewhere in a file, inserting or reordering list items,
renaming a file or moving a document to another file do not break the match. `lint --baseline FILE` then fails only on
findings not in it, and reports the entries that no longer occur.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from codecheck.errors import UsageError
from codecheck.model import BaselineEntry, Finding, Report

VERSION = 2
"""Version 2 names list items by identity (`plans[id=pro]`); version 1 named them by position."""


def render(report: Report) -> str:
    """The baseline file for a report: its active findings, sorted for stable diffs."""
    entries = sorted(
        (
            {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "doc_id": f.doc_id, "path": f.path, "value": f.value}
            for f in report.active
        ),
        key=lambda e: (e["rule_id"], str(e["doc_id"]), e["path"], e["fingerprint"]),
    )
    return json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def read(path: str) -> list[BaselineEntry]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        _check_version(path, data)
        return [
            BaselineEntry(e["fingerprint"], e["rule_id"], e.get("doc_id"), e.get("path", ""), e.get("value", ""))
            for e in data["findings"]
        ]
    except OSError as error:
        raise UsageError(f"{path}: cannot read the baseline: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{path}: not a codecheck baseline file (written by lint --write-baseline)") from error


def _check_version(path: str, data: object) -> None:
    """A version 1 baseline cannot be matched: its fingerprints named list items by position, which
    the findings no longer carry. Rewriting it on the commit that wrote it records the same findings."""
    version = data.get("version") if isinstance(data, dict) else None
    if version == 1:
        raise UsageError(
            f"{path}: a version 1 baseline, which named list items by their position; this codecheck reads version "
            f"{VERSION}. Rewrite it: check out the commit that last changed it and run "
            f"`codecheck lint --write-baseline {path}` there, so that it records the same findings"
        )
    if version != VERSION:
        raise ValueError(version)


def apply(report: Report, entries: list[BaselineEntry]) -> Report:
    """Mark the findings the baseline knows; keep the entries that matched nothing as stale."""
    remaining = Counter(e.fingerprint for e in entries)
    findings: list[Finding] = []
    for finding in report.findings:
        if finding.suppression is None and remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            finding = replace(finding, baselined=True)
        findings.append(finding)
    stale: list[BaselineEntry] = []
    for entry in entries:
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            stale.append(entry)
    return replace(report, findings=tuple(findings), stale_baseline=tuple(stale))
