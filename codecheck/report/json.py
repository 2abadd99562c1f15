"""The machine format: one versioned JSON object, documented in docs/json-output.md."""

from __future__ import annotations

import json
from typing import Any

from codecheck.model import Finding, Report, Severity

VERSION = 1


def render(report: Report) -> str:
    document = {
        "version": VERSION,
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "files": report.files,
            "documents": report.documents,
            "findings": len(report.findings),
            **{str(s): report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "tenet": finding.tenet,
        "severity": str(finding.severity),
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "doc_id": finding.doc_id,
        "path": finding.path,
        "message": finding.message,
        "fix": finding.fix,
        "legal_in": list(finding.legal_in),
    }
