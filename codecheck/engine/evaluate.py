"""Documents x Rules -> Outcomes (pass / fail / not applicable) and the findings of the failures.

For each rule, each document of its kinds is a candidate; `for_each` picks the
subjects inside it (every plan, every purpose), `when` says which subjects the
rule is about, and `check` must hold for each. A rule with no subject in a
document is not applicable there, which grading reads as "no evidence", never
as a pass.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from codecheck import progress
from codecheck.documents.identity import show_path, stable_value
from codecheck.documents.jurisdictions import Market, around
from codecheck.documents.values import cut, today
from codecheck.engine import budget
from codecheck.engine.failures import Context, Failure, failures
from codecheck.engine.messages import render_message
from codecheck.engine.selectors import Hit, Index
from codecheck.errors import UsageError
from codecheck.model import (
    Document,
    Finding,
    Outcome,
    Path,
    Rule,
    Severity,
    Status,
    format_path,
)


def evaluate(
    documents: Iterable[Document],
    rules: Iterable[Rule],
    jurisdictions: frozenset[str] | None = None,
    part: tuple[int, int] = (0, 1),
    focus: frozenset[str] | None = None,
) -> tuple[list[Outcome], list[Finding]]:
    """Every rule over the policy set; `jurisdictions` overrides what the documents declare.

    With part=(i, n), only every n-th document from the i-th is a subject (cross-document
    rules still see the whole set): n processes can share the work. With `focus` (absolute
    file paths), rules that read only their own document skip documents in other files.
    """
    index = Index(documents)
    date = today()
    declared = around(j for doc in index.documents for j in doc.data.get("jurisdictions", []))
    sold_in = {
        id(doc): Market(around(jurisdictions or doc.data.get("jurisdictions", [])) or declared, date)
        for doc in index.documents
    }
    mine = {id(doc) for doc in index.documents[part[0] :: part[1]]}
    outcomes: list[Outcome] = []
    findings: list[Finding] = []
    budget.start(len(index.documents))
    ruleset = tuple(rules)
    for done, rule in enumerate(ruleset, start=1):
        budget.start_rule()
        candidates = [doc for kind in rule.kinds for doc in index.by_kind.get(kind, [])]
        if not candidates and part[0] == 0:
            outcomes.append(Outcome(rule, None, Status.NOT_APPLICABLE, False))
        if focus is not None and not rule.cross_document:
            candidates = [d for d in candidates if os.path.abspath(d.file) in focus]
        for doc in (d for d in candidates if id(d) in mine):
            try:
                outcome, found = _evaluate_document(rule, doc, index, sold_in[id(doc)])
            except budget.Exhausted as error:
                raise UsageError(f"{rule.source}: rule {rule.id} stopped: {error}") from error
            outcomes.append(outcome)
            findings.extend(found)
        progress.advance("checking", done, len(ruleset))
    return outcomes, findings


def _evaluate_document(rule: Rule, doc: Document, index: Index, market: Market) -> tuple[Outcome, list[Finding]]:
    legal = market.law(rule.legal_in)
    if rule.only_in and not market.law(rule.only_in):
        return Outcome(rule, doc, Status.NOT_APPLICABLE, bool(legal)), []
    root = Context(Hit(doc, (), doc.data), {"today": Hit(None, (), market.as_of)}, index, market)
    subjects = root.select(rule.for_each) if rule.for_each else [root.subject]
    applicable = False
    findings: list[Finding] = []
    for subject in subjects:
        context = root.bind("subject", subject)
        if rule.when is not None and failures(rule.when, context):
            continue
        applicable = True
        for failure in failures(rule.check, context):
            findings.append(_finding(rule, doc, failure, legal))
    status = Status.FAIL if findings else Status.PASS if applicable else Status.NOT_APPLICABLE
    return Outcome(rule, doc, status, bool(legal)), findings


def _finding(rule: Rule, doc: Document, failure: Failure, legal: tuple[str, ...]) -> Finding:
    if failure.note is not None:
        text = failure.note
    elif failure.missing and failure.message is None:
        text = f"{cut(show_path(doc, failure.path)) or doc.kind} is not stated: {rule.title[0].lower()}{rule.title[1:]}"
    else:
        text = render_message(failure.message or rule.message, failure)
    pos = doc.position(failure.path)
    return Finding(
        rule_id=rule.id,
        severity=Severity.ERROR if legal else rule.severity,
        message=text,
        file=doc.file,
        line=pos.line,
        column=pos.column,
        tenet=rule.tenet,
        doc_id=doc.id,
        path=show_path(doc, failure.path),
        fix=rule.fix,
        legal_in=legal,
        value="" if failure.missing else stable_value(failure.value),
        absent=_absent_part(doc.data, failure.path) if failure.missing else "",
    )


def _absent_part(data: Any, path: Path) -> str:
    """The tail of `path` that `data` does not have: what a reader must add, and where."""
    for depth, part in enumerate(path):
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return format_path(path[depth:])
    return ""
