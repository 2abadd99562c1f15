"""The scorecard as JSON: versioned, documented in docs/schemas/scorecard-output.schema.json.

Besides the grades and findings it carries what a later run needs to compare
with it (`scorecard --previous`) and what a portfolio needs to aggregate it:
whose policies these are, each finding's fingerprint and the date it was
first seen, and, when it was compared, how the grades moved.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from codecheck.model import Outcome
from codecheck.pipeline import Audit
from codecheck.records.compare import History, Move
from codecheck.records.model import RecordedFinding
from codecheck.report.json import approval_dict, change_dict, finding_dict
from codecheck.report.view.explain import counts

if TYPE_CHECKING:
    from codecheck.gate.standing import Listed, Standing

VERSION = 3
"""2 added organisation, title, first_seen, history, rules_applied and rules_failed, and each finding's value and
absent part; 3 added approvals."""


def render_scorecard(audit: Audit) -> str:
    card, prov = audit.card, audit.provenance
    by_tenet: dict[int, list[Outcome]] = {}
    for outcome in audit.outcomes:
        by_tenet.setdefault(outcome.rule.tenet, []).append(outcome)
    seen = audit.history.first_seen() if audit.history else {}
    document = {
        "version": VERSION,
        "organisation": audit.organisation,
        "title": audit.title,
        "overall": {
            "score": card.score,
            "grade": card.grade,
            "assessed_tenets": card.assessed_tenets,
            "known": card.known,
            "applicable": card.applicable,
            "coverage": card.coverage,
            "caps": list(card.caps),
        },
        "unread": [finding_dict(f) for f in audit.unread],
        "tenets": [_tenet(audit, t, by_tenet.get(t.tenet.number, [])) for t in card.tenets],
        "findings": [finding_dict(f) for f in audit.report.findings],
        "first_seen": {f.fingerprint: seen.get(f.fingerprint, prov.date) for f in audit.report.findings},
        "history": history_dict(audit.history) if audit.history else None,
        "approvals": approvals_dict(audit.approvals) if audit.approvals else None,
        "provenance": {
            "codecheck_version": prov.codecheck_version,
            "rulebook": prov.rulebook,
            "paths": list(prov.paths),
            "commit": prov.commit,
            "date": prov.date,
            "as_of": prov.as_of,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _tenet(audit: Audit, t: Any, outcomes: list[Outcome]) -> dict[str, Any]:
    found = audit.findings_of(t)
    counted = counts(outcomes, len(found))
    return {
        "number": t.tenet.number,
        "name": t.tenet.name,
        "title": t.tenet.title,
        "score": t.score,
        "grade": t.grade,
        "assessed": t.assessed,
        "findings": len(found),
        "rules_applied": counted.rules_applied,
        "rules_failed": counted.rules_failed,
        "passed": t.passed,
        "failed": t.failed,
        "not_applicable": t.not_applicable,
        "unknown": t.unknown,
        "unread": t.unread,
        "coverage": t.coverage,
        "legal_failures": list(t.legal_failures),
        "not_assessed_reason": t.reason,
    }


def approvals_dict(standing: Standing) -> dict[str, Any]:
    """The approvals file as the scorecard read it: those in force and expired on `judged_on`, or why it could not
    be read; each approval's change where this version names it (gate/standing.py), else null."""
    return {
        "file": standing.file,
        "judged_on": standing.day,
        "problem": standing.problem or None,
        "in_force": [_listed(item) for item in standing.in_force],
        "expired": [_listed(item) for item in standing.expired],
    }


def _listed(item: Listed) -> dict[str, Any]:
    return {**approval_dict(item.approval), "change": change_dict(item.change) if item.change else None}


def history_dict(history: History) -> dict[str, Any]:
    """How the grades moved and which findings are new, resolved or still open; findings by fingerprint."""
    previous = history.previous
    return {
        "previous": {
            "source": previous.source,
            "date": previous.date,
            "commit": previous.commit,
            "score": previous.score,
            "grade": previous.grade,
        },
        "overall": _move(history.overall),
        "tenets": [_move(m) for m in history.tenets],
        "new": [f.fingerprint for f in history.new],
        "still_open": [{"fingerprint": f.fingerprint, "first_seen": f.first_seen} for f in history.still_open],
        "resolved": [_resolved(f) for f in history.resolved],
    }


def moves_dict(history: History) -> dict[str, Any]:
    """The grades' movement alone, for `diff --format json`."""
    return {"base": history.previous.source, "overall": _move(history.overall), "tenets": [_move(m) for m in history.tenets]}


def _move(move: Move) -> dict[str, Any]:
    return {
        "number": move.number,
        "before": {"score": move.before_score, "grade": move.before_grade},
        "after": {"score": move.after_score, "grade": move.after_grade},
        "direction": move.direction,
    }


def _resolved(finding: RecordedFinding) -> dict[str, Any]:
    return {
        "fingerprint": finding.fingerprint,
        "rule_id": finding.rule_id,
        "tenet": finding.tenet,
        "severity": finding.severity,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "first_seen": finding.first_seen,
    }
