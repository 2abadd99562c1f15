"""Gaps: the facts rules needed and the policy does not state, reported apart from failures.

A gap is a finding of its own class (Severity.GAP): it never fails a run, and
it says in words what is missing and which rules needed it. The same missing
fact needed by several rules is one gap naming them all (merge).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from codecheck.documents.identity import show_path
from codecheck.documents.kinds import field_description
from codecheck.engine.failures import Gap
from codecheck.model import Document, Finding, Path, Rule, Severity, format_path


def describe(gap: Gap, doc: Document) -> str:
    """What is not stated, in the schema's words: `plans[0].price is not stated (the price of the plan)`."""
    where = show_path(doc, gap.path)
    if gap.what:
        return f"not stated: {gap.what}" + (f" (at {where})" if where else "")
    words = field_description(doc.kind, gap.path)
    words = "whether " + words[len("true if ") :] if words.startswith("true if ") else words
    first = words.split(" ", 1)[0]
    words = words if len(first) > 1 and first.isupper() else words[:1].lower() + words[1:]
    return f"{where or doc.kind} is not stated" + (f" ({words})" if words else "")


def gap_finding(rule: Rule, gap: Gap, subject_doc: Document) -> Finding:
    """One rule's gap: where the statement belongs, in the document that should make it."""
    doc = gap.doc or subject_doc
    pos = doc.position(gap.path)
    return Finding(
        rule_id=rule.id,
        severity=Severity.GAP,
        message=describe(gap, doc),
        file=doc.file,
        line=pos.line,
        column=pos.column,
        tenet=rule.tenet,
        doc_id=doc.id,
        path=show_path(doc, gap.path),
        fix=f"State it, so that {rule.id} can assess {rule.title[0].lower()}{rule.title[1:]}.",
        needed_by=(rule.id,),  # no legal_in: a gap is not a legal error, whichever rule needed it
        absent=absent_part(doc.data, gap.path),
    )


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """One gap per fact: a field that several rules (or one rule for several subjects) need is one finding,
    and none where a failure already reports the same value (a rule whose law requires the statement)."""
    merged: list[Finding] = []
    groups: dict[tuple[str, str | None, str, int, int, str], list[Finding]] = {}
    findings = list(findings)
    failed = {(f.file, f.doc_id, f.path) for f in findings if not f.gap}
    for finding in findings:
        if finding.gap and (finding.file, finding.doc_id, finding.path) in failed:
            continue  # a failure already says this value is not stated
        if finding.gap:
            key = (finding.file, finding.doc_id, finding.path, finding.line, finding.column, finding.message)
            groups.setdefault(key, []).append(finding)
        else:
            merged.append(finding)
    for group in groups.values():
        rules = tuple(sorted({rule_id for f in group for rule_id in f.needed_by}))
        first = next(f for f in group if f.rule_id == rules[0])
        fix = first.fix if len(rules) == 1 else f"State it, so that {', '.join(rules)} can assess it."
        message = f"{first.message}; needed by {', '.join(rules)}"
        merged.append(dataclasses.replace(first, rule_id=rules[0], needed_by=rules, message=message, fix=fix))
    return merged


def absent_part(data: Any, path: Path) -> str:
    """The tail of `path` that `data` does not have: what a reader must add, and where."""
    for depth, part in enumerate(path):
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return format_path(path[depth:])
    return ""
