"""Documents x Rules -> Outcomes (pass / fail / unknown / not applicable), the findings and the gaps.

For each rule, each document of its kinds is a candidate; `for_each` picks the
subjects inside it (every plan, every purpose), `when` says which subjects the
rule is about, and `check` must hold for each. A rule with no subject in a
document is not applicable there; a rule that cannot see the facts it needs
is unknown there, and each fact it missed is a gap. Grading reads neither as
a pass.

Silence fails only where the rule names the duty to state (`absent:`), or
where the run asks for completeness (`require: complete`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from typing import Iterable, Iterator

from codecheck import progress
from codecheck.documents.identity import show_path, stable_value
from codecheck.documents.jurisdictions import Market, around
from codecheck.documents.values import cut, today
from codecheck.engine import budget
from codecheck.engine.failures import PASSED, Context, Failure, Gap, Result, Verdict, judge
from codecheck.engine.gaps import absent_part, gap_finding
from codecheck.engine.messages import render_message
from codecheck.engine.overlap import Judged, one_finding_per_fact
from codecheck.engine.selectors import Hit, Index
from codecheck.errors import UsageError
from codecheck.model import Document, Finding, Outcome, Path, Rule, Severity, Status


def evaluate(
    documents: Iterable[Document],
    rules: Iterable[Rule],
    jurisdictions: frozenset[str] | None = None,
    focus: frozenset[str] | None = None,
    complete: bool = False,
    set_size: int | None = None,
) -> tuple[list[Outcome], list[Finding]]:
    """Every rule over the policy set; `jurisdictions` overrides what the documents declare.

    With `focus` (absolute file paths), rules that read only their own document skip
    documents in other files. With `complete`, every gap is a failure. The gaps come back
    one per rule and fact; engine.gaps.merge makes them one per fact. `set_size` is the
    number of documents of the whole policy set when `documents` are one process's share
    (--jobs): the bounds on work grow with the set, so a rule stops, or does not, whatever
    --jobs is.
    """
    documents = tuple(documents)
    with _collector_paused():
        return _evaluate(documents, tuple(rules), jurisdictions, focus, complete, set_size or len(documents))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Evaluation makes no reference cycles, only results that live to the end of the run (findings,
    outcomes) and short-lived values; the cyclic collector would rescan all of them again and again
    (a quarter of the time of a 10,000-document lint, measured), so it waits until evaluation is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _evaluate(
    documents: tuple[Document, ...],
    ruleset: tuple[Rule, ...],
    jurisdictions: frozenset[str] | None,
    focus: frozenset[str] | None,
    complete: bool,
    set_size: int,
) -> tuple[list[Outcome], list[Finding]]:
    index = Index(documents)
    date = today()
    declared = around(j for doc in index.documents for j in doc.data.get("jurisdictions", []))
    outcomes = [
        Outcome(rule, None, Status.NOT_APPLICABLE, False)
        for rule in ruleset
        if not any(index.by_kind.get(kind) for kind in rule.kinds)
    ]
    budget.start(set_size)
    order = _in_rule_order(ruleset, index)
    findings: list[Finding] = []
    for done, (doc, doc_rules) in enumerate(order, start=1):
        market = Market(around(jurisdictions or doc.data.get("jurisdictions", [])) or declared, date)
        in_focus = focus is None or os.path.abspath(doc.file) in focus
        results = [
            _evaluate_counted(rule, doc, index, market, complete) for rule in doc_rules if in_focus or rule.cross_document
        ]
        for judged in one_finding_per_fact(results):
            outcomes.append(judged.outcome)
            findings.extend(judged.findings)
            findings.extend(judged.gaps)
        progress.advance("checking", done, len(order))
    return outcomes, findings


def _in_rule_order(rules: tuple[Rule, ...], index: Index) -> list[tuple[Document, list[Rule]]]:
    """Each document with the rules of its kind, in the order the rules name the kinds.

    Evaluation goes document by document, so that the findings of one document
    find their positions in one composed file (documents/positions.py keeps
    the last few), rather than rule by rule across every file of the set.
    """
    by_kind: dict[str, list[Rule]] = {}
    for rule in rules:
        for kind in dict.fromkeys(rule.kinds):
            by_kind.setdefault(kind, []).append(rule)
    return [(doc, by_kind[kind]) for kind in by_kind for doc in index.by_kind.get(kind, [])]


def _evaluate_counted(rule: Rule, doc: Document, index: Index, market: Market, complete: bool) -> Judged:
    """One rule on one document, its work counted against the rule's bound."""
    budget.start_rule(rule.id)
    try:
        return _evaluate_document(rule, doc, index, market, complete)
    except budget.Exhausted as error:
        raise UsageError(f"{rule.source}: rule {rule.id} stopped: {error}") from error


def _evaluate_document(rule: Rule, doc: Document, index: Index, market: Market, complete: bool) -> Judged:
    legal = market.law(rule.legal_in)
    if rule.only_in and not market.law(rule.only_in):
        return Judged(rule, Outcome(rule, doc, Status.NOT_APPLICABLE, bool(legal)), [], [])
    root = Context(Hit(doc, (), doc.data), {"today": Hit(None, (), market.as_of)}, index, market)
    subjects = root.select(rule.for_each) if rule.for_each else [root.subject]
    duties = {duty.field: duty.message for duty in rule.absent}
    applicable = unknown = False
    findings: dict[str, list[Finding]] = {}
    gaps: dict[tuple[int, Path], Finding] = {}
    for subject in subjects:
        context = root.bind("subject", subject)
        result = _judge_subject(rule, context)
        if result is None:
            continue  # a subject the rule is not about
        applicable = True
        failures = list(result.failures)
        for gap in result.gaps:
            if gap.selector in duties or complete:
                failures.append(_silence(gap, duties.get(gap.selector)))
            else:
                gaps.setdefault((id(gap.doc), gap.path), gap_finding(rule, gap, doc))
        for failure in failures:
            finding = _finding(rule, doc, failure, legal)
            findings.setdefault(finding.path, []).append(finding)
        unknown = unknown or (bool(result.gaps) and not failures)
    status = (
        Status.FAIL if findings else Status.UNKNOWN if unknown else Status.PASS if applicable else Status.NOT_APPLICABLE
    )
    once = [_one(found) for found in findings.values()]
    return Judged(rule, Outcome(rule, doc, status, bool(legal)), once, list(gaps.values()))


def _one(found: list[Finding]) -> Finding:
    """One finding per value: a rule that fails a value for several reasons says each reason once."""
    messages = list(dict.fromkeys(f.message for f in found))
    return found[0] if len(messages) == 1 else dataclasses.replace(found[0], message=_joined(messages))


def _joined(messages: list[str]) -> str:
    """Reasons in one sentence; what they all begin with (`the claim "..." is contradicted by the
    cancellation flow: `) said once."""
    shared = os.path.commonprefix(messages)
    cut = shared.rfind(": ") + 2
    if cut < 2:
        return "; ".join(messages)
    return shared[:cut] + "; ".join(message[cut:] for message in messages)


def _judge_subject(rule: Rule, context: Context) -> Result | None:
    """`when` then `check`, as an implication; None when the subject is not one the rule is about.

    When `when` cannot be told (a field it reads is not stated), the subject
    passes if `check` holds anyway, and is otherwise unknown: the rule cannot
    tell whether it applies, and its gaps are the facts that would tell (a
    duty to state a field binds only where the rule applies).
    """
    condition = judge(rule.when, context) if rule.when is not None else PASSED
    if condition.verdict is Verdict.FAIL:
        return None
    result = judge(rule.check, context)
    if condition.verdict is Verdict.PASS or result.verdict is Verdict.PASS:
        return result
    return Result(Verdict.UNKNOWN, (), condition.gaps)  # what would tell whether the rule applies


def _silence(gap: Gap, message: str | None) -> Failure:
    """A gap the law (or the run) does not accept: a failure at the place the statement belongs."""
    path = gap.path if gap.doc is gap.context.subject.doc else gap.context.subject.path
    return Failure(gap.context, path, None, None, message, missing=True)


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
        absent=absent_part(doc.data, failure.path) if failure.missing else "",
    )
