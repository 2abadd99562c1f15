"""--jobs: evaluate the rules in several processes, each taking every n-th document as subject.

The processes are forked after loading, so each inherits the whole policy set
(cross-document rules need it) without copying it through a pipe; only the
outcomes, as small tuples, and the findings travel back.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from codecheck.engine.evaluate import evaluate
from codecheck.model import Document, Finding, Outcome, Rule, Status

_shared: tuple[tuple[Document, ...], tuple[Rule, ...], frozenset[str] | None, int, bool] | None = None


def _part(number: int) -> tuple[list[tuple[int, int | None, str, bool]], list[Finding]]:
    assert _shared is not None
    documents, rules, jurisdictions, jobs, complete = _shared
    position = {id(doc): i for i, doc in enumerate(documents)}
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    outcomes, findings = evaluate(documents, rules, jurisdictions, (number, jobs), complete=complete)
    packed = [
        (rule_index[o.rule.id], position[id(o.document)] if o.document else None, o.status.value, o.legal)
        for o in outcomes
    ]
    return packed, findings


def evaluate_in_parallel(
    documents: tuple[Document, ...],
    rules: tuple[Rule, ...],
    jurisdictions: frozenset[str] | None,
    jobs: int,
    complete: bool = False,
) -> tuple[list[Outcome], list[Finding]]:
    global _shared
    _shared = (documents, rules, jurisdictions, jobs, complete)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts: list[Any] = pool.map(_part, range(jobs))
    finally:
        _shared = None
    outcomes: list[Outcome] = []
    findings: list[Finding] = []
    for packed, found in parts:
        outcomes += [Outcome(rules[r], documents[d] if d is not None else None, Status(s), legal) for r, d, s, legal in packed]
        findings += found
    return outcomes, findings
