"""Baselines: adopt codecheck on an existing policy repo without fixing everything on day one.

`lint --write-baseline FILE` records today's findings by fingerprint (rule,
document id, value path and value, never the line), so edits elsewhere in a
file do not break the match. `lint --baseline FILE` then fails only on
findings not in it, and reports the entries that no longer occur.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from codecheck.errors import UsageError
from codecheck.model import BaselineEntry, Finding, Report

VERSION = 1


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
        return [
            BaselineEntry(e["fingerprint"], e["rule_id"], e.get("doc_id"), e.get("path", ""), e.get("value", ""))
            for e in data["findings"]
        ]
    except OSError as error:
        raise UsageError(f"{path}: cannot read the baseline: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{path}: not a codecheck baseline file (written by lint --write-baseline)") from error


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
