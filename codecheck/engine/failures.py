"""Conditions -> results: whether one condition holds, fails or cannot be told for one subject.

Judgement has three values. A condition passes, fails (with the failures that
say why), or is unknown (with the gaps: the facts it needs that the policy
does not state). Unknown is never a failure and never a pass: it is how a rule
says that it could not see what it needs.

The combinators follow Kleene's three-valued logic: `all` fails if any part
fails, else is unknown if any part is unknown; `any` passes if any part
passes, else is unknown if any part is unknown; `not` swaps pass and fail and
leaves unknown alone. `exists` is the one two-valued test: whether a field is
stated is always known, so `exists` can split cases (`X is not stated and A,
or X is stated and B`). When `exists: true` fails because the field is not
stated, the failure carries gaps and no failures: a "silent" failure, which
the engine reports as a gap unless the rule names the duty to state it.

Each kind of condition is one short function, chosen through a table by the
condition's type, and returns a small immutable Result.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from codecheck.engine.fieldtests import field_test, local
from codecheck.engine.results import PASSED, Context, Failure, Gap, Result, Verdict, failed, gaps_at, unknown
from codecheck.language import AllOf, AnyOf, Condition, FieldTest, InJurisdiction, Not, Quantified

__all__ = ["PASSED", "Context", "Failure", "Gap", "Result", "Verdict", "judge"]


def judge(condition: Condition, context: Context) -> Result:
    """Whether `condition` holds for the context's subject, fails (and how), or cannot be told (and why)."""
    return _KINDS[type(condition)](condition, context)


def _all(condition: AllOf, context: Context) -> Result:
    return _conjunction([judge(part, context) for part in condition.conditions])


def _conjunction(results: list[Result], missing: tuple[Gap, ...] = ()) -> Result:
    """Every result must pass: the worst verdict, with every failure and every gap."""
    verdict = max((r.verdict for r in results), default=Verdict.PASS)
    if missing and verdict is Verdict.PASS:
        verdict = Verdict.UNKNOWN
    if verdict is Verdict.PASS:
        return PASSED
    return Result(verdict, sum((r.failures for r in results), ()), sum((r.gaps for r in results), missing))


def _any(condition: AnyOf, context: Context) -> Result:
    results = []
    for part in condition.conditions:
        result = judge(part, context)
        if result.verdict is Verdict.PASS:
            return PASSED
        results.append(result)
    undecided = [r for r in results if r.verdict is Verdict.UNKNOWN]
    if undecided:  # name the fewest facts that could make it pass; on a tie the last part's (guards come last)
        return unknown(min(reversed(undecided), key=lambda r: len({(id(g.doc), g.path) for g in r.gaps})).gaps)
    first = results[0]  # every part failed: the first one says why (a silent one, with its gaps)
    return Result(Verdict.FAIL, tuple(_relabel(list(first.failures), condition.message)), first.gaps)


def _not(condition: Not, context: Context) -> Result:
    result = judge(condition.condition, context)
    if result.verdict is Verdict.FAIL:
        return PASSED
    if result.verdict is Verdict.UNKNOWN:
        return result
    return failed([Failure(context, context.subject.path, context.subject.value, None, condition.message)])


def _jurisdiction(condition: InJurisdiction, context: Context) -> Result:
    if context.jurisdictions.law(condition.places):
        return PASSED
    where = sorted(context.jurisdictions.places)
    return failed([Failure(context, context.subject.path, where, [str(p) for p in condition.places], condition.message)])


def _relabel(found: list[Failure], message: str | None) -> list[Failure]:
    """The failures of a part, told in the message of the condition around it."""
    return found if message is None else [dataclasses.replace(f, message=message, note=None) for f in found]


def _quantified(condition: Quantified, context: Context) -> Result:
    hits, absent = context.select_known(condition.selector)
    results = [(hit, judge(condition.condition, context.bind(condition.name, hit))) for hit in hits]
    missing = gaps_at(context, condition.selector, absent)
    if condition.quantifier == "every":
        relabelled = [r._replace(failures=tuple(_relabel(list(r.failures), condition.message))) for _, r in results]
        return _conjunction(relabelled, missing)
    undecided = sum((r.gaps for _, r in results if r.verdict is Verdict.UNKNOWN or r.silent), missing)
    if condition.quantifier == "none":
        holding = [hit for hit, r in results if r.verdict is Verdict.PASS]
        if holding:
            return failed([Failure(context, local(hit, context), hit.value, None, condition.message) for hit in holding])
        return unknown(undecided) if undecided else PASSED
    if any(r.verdict is Verdict.PASS for _, r in results):  # some
        return PASSED
    if undecided:
        return unknown(undecided)
    where = context.subject.path + condition.selector.static_path()
    return failed([Failure(context, where, [h.value for h in hits], None, condition.message, missing=not hits)])


_KINDS: dict[type, Callable[[Any, Context], Result]] = {
    FieldTest: field_test,
    AllOf: _all,
    AnyOf: _any,
    Not: _not,
    Quantified: _quantified,
    InJurisdiction: _jurisdiction,
}


