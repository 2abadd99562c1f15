"""The machine format: one versioned JSON object, documented in docs/json-output.md."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from codecheck.model import Finding, Report, Severity, Suppression

if TYPE_CHECKING:
    from codecheck.gate.approvals import Approval
    from codecheck.gate.changes import Change
    from codecheck.gate.diff import Diff

VERSION = 1


def render(report: Report) -> str:
    document = {
        "version": VERSION,
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "files": report.files,
            "documents": report.documents,
            "findings": len(report.failures),
            "suppressed": len(report.suppressed),
            "baselined": sum(1 for f in report.findings if f.baselined),
            "skipped": len(report.skipped),
            **{str(s): report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
            "as_of": report.as_of,
            "gaps": len(report.gaps),
        },
        "stale_baseline": [
            {"fingerprint": e.fingerprint, "rule_id": e.rule_id, "doc_id": e.doc_id, "path": e.path}
            for e in report.stale_baseline
        ],
        "skipped": [{"file": s.file, "reason": s.reason} for s in report.skipped],
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
        "suppression": _suppression(finding.suppression),
        "baselined": finding.baselined,
        "fingerprint": finding.fingerprint,
        "override": _override(finding),
        "value": finding.value,
        "absent": finding.absent,
        "needed_by": list(finding.needed_by),
    }


def _override(finding: Finding) -> dict[str, Any] | None:
    """What the rulebook said before the configuration changed the severity, why, and where."""
    if finding.override is None:
        return None
    return {"rulebook_severity": str(finding.override.rulebook), "reason": finding.override.reason, "set_in": finding.override.source}


def _suppression(suppression: Suppression | None) -> dict[str, Any] | None:
    if suppression is None:
        return None
    return {
        "reason": suppression.reason,
        "owner": suppression.owner or None,
        "until": suppression.until or None,
        "file": suppression.file,
        "line": suppression.line,
    }


def change_dict(change: Change) -> dict[str, Any]:
    pos = change.document.position(change.where)
    return {
        "id": change.direction.id,
        "type": change.type,
        "fingerprint": change.fingerprint,
        "tenet": change.direction.tenet,
        "severity": str(change.direction.severity),
        "kind": change.direction.kind,
        "doc_id": change.doc_id,
        "path": change.path,
        "before": _finite(change.before) if _plain(change.before) else None,
        "after": _finite(change.after) if _plain(change.after) else None,
        "message": change.message,
        "file": change.document.file,
        "line": pos.line,
        "column": pos.column,
    }


def _finite(value: Any) -> Any:
    """JSON has no infinity and no NaN (`.inf` and `.nan` in YAML): they are written as text, "inf" or "nan"."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, dict, list)) or value is None


def approval_dict(approval: Approval) -> dict[str, Any]:
    return {
        "fingerprint": approval.fingerprint,
        "owner": approval.owner,
        "reason": approval.reason,
        "until": approval.until or None,
        "once": approval.once,
        "file": approval.file,
        "line": approval.line,
        "column": approval.column,
    }


def render_diff(diff: Diff, grades: dict[str, Any] | None = None) -> str:
    """`grades`: how the change moves the grades (json_scorecard.moves_dict), when it was graded."""
    document = {
        "version": VERSION,
        **({"grades": grades} if grades is not None else {}),
        "changes": [change_dict(c) for c in diff.changes],
        "new_findings": [finding_dict(f) for f in diff.new],
        "resolved_findings": [finding_dict(f) for f in diff.resolved],
        "skipped_in_base": [{"file": s.file, "reason": s.reason} for s in diff.skipped],
        "approved_changes": [{**change_dict(a.change), "approval": approval_dict(a.approval)} for a in diff.approved],
        "approval_warnings": [{**approval_dict(w.approval), "message": w.message} for w in diff.approval_warnings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
