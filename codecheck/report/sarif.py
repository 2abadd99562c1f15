"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

Every rule (and document check) is described in the driver with its help
text, so a finding shown on a policy line explains itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from codecheck import __version__
from codecheck.documents import checks
from codecheck.model import Finding, Report, Rule, Severity, Suppression
from codecheck.report.rules import places
from codecheck.tenets import TENETS

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.GAP: "note"}


def artifact_uri(file: str) -> str:
    """A URI reference for a file: relative paths stay relative (for uriBaseId), absolute ones become file: URIs."""
    if os.path.isabs(file):
        return Path(file).as_uri()
    return quote(file.replace(os.sep, "/"))


def plain_message(text: str) -> str:
    """SARIF reads `[text](target)` in a message as an embedded link: a policy value's brackets are escaped (§3.11.5)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    references = "\n".join(f"- [{r.title}]({r.url})" if r.url else f"- {r.title}" for r in rule.references)
    law = f"Legal requirement in {places(rule.legal_in)}. " if rule.legal_in else "Best practice. "
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {
            "text": f"{rule.rationale}\n\nFix: {rule.fix}",
            "markdown": f"{rule.rationale}\n\n**Fix:** {rule.fix}\n\n{law}\n\n**References**\n{references}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [f"tenet-{rule.tenet}", TENETS[rule.tenet].name], "legal_in": [str(p) for p in rule.legal_in]},
    }


def _check_descriptor(check: checks.Check) -> dict[str, Any]:
    return {
        "id": check.id,
        "name": check.name,
        "shortDescription": {"text": check.title},
        "help": {"text": check.fix},
        "defaultConfiguration": {"level": "error"},
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": LEVELS[finding.severity],
        "message": {"text": plain_message(finding.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.file)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                **({"logicalLocations": [{"fullyQualifiedName": _logical(finding)}]} if finding.doc_id else {}),
            }
        ],
        "properties": {"tenet": finding.tenet, "path": finding.path, "fix": finding.fix, "legal_in": list(finding.legal_in)},
    }
    if finding.gap:  # not a failure: a fact not stated, which these rules needed
        result["properties"].update({"gap": True, "needed_by": list(finding.needed_by)})
    if finding.rule_id in index:
        result["ruleIndex"] = index[finding.rule_id]
    if finding.suppression is not None:
        result["suppressions"] = [_suppression(finding.suppression)]
    return result


def _suppression(suppression: Suppression) -> dict[str, Any]:
    """An in-source suppression, accepted, with who and why, as SARIF records it."""
    return {
        "kind": "inSource",
        "status": "accepted",
        "justification": suppression.reason,
        "location": {
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(suppression.file)},
                "region": {"startLine": suppression.line, "startColumn": suppression.column},
            }
        },
        "properties": {"owner": suppression.owner, "until": suppression.until},
    }


def _logical(finding: Finding) -> str:
    return f"{finding.doc_id}.{finding.path}" if finding.path else str(finding.doc_id)


def render(report: Report) -> str:
    descriptors = [_check_descriptor(c) for c in checks.ALL] + [_rule_descriptor(r) for r in report.rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "codecheck",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in report.findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
