"""What evaluating the rules may cost: regular-expression time per run, and work per rule, each bounded.

A rule pack is data, yet data can still ask for a great deal of work: a
pattern that backtracks polynomially (`.*.*.*x` on 10,000 characters), or
reverse selectors chained so that every document is paired with every other.
Both are counted as they happen. At the bound, evaluation stops with an error
that names the rule (engine/evaluate.py), rather than running for hours.

Work is counted in values: each value a fan-out step of a selector yields
(`[*]`, `[key=value]`, `->`, `<-`) and each pair of values a comparison with
another selection makes. Plain field steps never add values, so they are not
counted. The bound grows with the policy set, so a large set is never refused
for being large: only work that grows faster than the set does reaches it.

The budget is kept per process (one evaluation at a time): `--jobs N` gives
each of its N processes its own.

Regex time is the processor time of the thread that runs the search, not the
time on the clock: on a busy machine (a shared CI runner) a search may wait
for the processor many times longer than it computes, and a lint must not
stop there and pass on a quiet machine. On 10,000 documents the built-in
rulebook's searches took 6.2 s on the clock and 0.1 s of processor time.
"""

from __future__ import annotations

import time
from typing import Callable, TypeVar

REGEX_SECONDS = 10.0
"""Seconds of processor time all regular-expression matches of one evaluation may take together (each
is also cut at operators.REGEX_TIMEOUT); the built-in rulebook takes about 1 s on 100,000 documents."""

WORK_PER_DOCUMENT = 1_000
"""Values one rule may select and compare per document of the policy set."""

WORK_FLOOR = 1_000_000
"""Values every rule may select and compare, however small the policy set."""


class Exhausted(Exception):
    """A bound was reached; the message says which, evaluate() adds the rule."""


class _Left:
    """What is left of the current evaluation's budgets."""

    regex_seconds = REGEX_SECONDS
    work = WORK_FLOOR
    work_per_rule = WORK_FLOOR
    rule = ""
    others: dict[str, int] = {}
    """What is left of the other rules' work: evaluation goes document by document, rule by rule."""


_LEFT = _Left()


def start(documents: int) -> None:
    """A new evaluation of a policy set of `documents` documents: the regex clock starts again."""
    _LEFT.regex_seconds = REGEX_SECONDS
    _LEFT.work_per_rule = max(WORK_FLOOR, WORK_PER_DOCUMENT * documents)
    _LEFT.work, _LEFT.rule, _LEFT.others = _LEFT.work_per_rule, "", {}


def start_rule(rule: str) -> None:
    """The work that follows is `rule`'s: each rule has its own bound on work over the whole policy set;
    the regex time is shared by all rules of the run."""
    if rule != _LEFT.rule:
        _LEFT.others[_LEFT.rule] = _LEFT.work
        _LEFT.rule, _LEFT.work = rule, _LEFT.others.get(rule, _LEFT.work_per_rule)


def spend(values: int) -> None:
    """Count `values` of work for the current rule."""
    _LEFT.work -= values
    if _LEFT.work < 0:
        raise Exhausted(
            f"it selected and compared more than {_LEFT.work_per_rule:,} values in this policy set "
            "(its selectors multiply documents by documents); simplify its selectors"
        )


T = TypeVar("T")


def timed_regex(search: Callable[[float], T], longest: float) -> T:
    """Run `search(longest)` if the run has regex time left, and count the processor time it took.

    `longest` is the engine's own timeout for one search; a search that runs out of it raises
    TimeoutError as before. Once the run's time is used up, its next search raises Exhausted: a run
    overruns its time by at most one search.
    """
    if _LEFT.regex_seconds <= 0:
        raise _regex_spent()
    start_time = time.thread_time()
    try:
        return search(longest)
    finally:
        _LEFT.regex_seconds -= time.thread_time() - start_time


def _regex_spent() -> Exhausted:
    return Exhausted(
        f"the regular expressions of this run took more than {REGEX_SECONDS:g} s in all; "
        "a pattern that backtracks (such as .*.*x) is too slow on these values"
    )
