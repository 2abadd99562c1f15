"""The rules in two halves: those that read only their own document, and those that read across documents.

--jobs runs the first half in worker processes, each on its own files, and
the second in the parent, which alone has every document (engine/parallel.py).
One process evaluates the same two halves one after the other, so that every
--jobs value gives the same outcomes and findings, in the same order.
"""

from __future__ import annotations

import os
from typing import Iterable, Sequence

from codecheck.engine.evaluate import evaluate
from codecheck.model import Document, Finding, Outcome, Rule

PARALLEL_FILES = 250
"""Fewer files than this are checked in one process whatever --jobs asks: forking would cost about what it
saves (bench/corpus.py sets on two idle processors, --jobs 2 against 1: 100 files 0.99x, 200 1.06x, 300
1.18x, 600 1.36x as fast)."""


def split(rules: Iterable[Rule]) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The rules a process can run on its own documents, and those that need the whole set.

    The second are the rules that read other documents, with every rule they
    supersede or are superseded by: one finding per fact is decided among the
    rules of one evaluation (engine/overlap.py).
    """
    rules = tuple(rules)
    across = {r.id for r in rules if r.cross_document}
    grown = True
    while grown:
        grown = False
        for rule in rules:
            linked = {rule.id, *rule.supersedes}
            if linked & across and not linked <= across:
                across |= linked
                grown = True
    return tuple(r for r in rules if r.id not in across), tuple(r for r in rules if r.id in across)


def evaluate_apart(
    sound: tuple[Document, ...], rules: Iterable[Rule], jurisdictions: frozenset[str] | None, complete: bool
) -> tuple[list[Outcome], list[Finding]]:
    """evaluate(), in the two halves --jobs runs apart: each document's own rules in file order, then the others."""
    own, across = split(rules)
    outcomes, findings = in_file_order(*evaluate(sound, own, jurisdictions, complete=complete), sound)
    more_outcomes, more_findings = evaluate(sound, across, jurisdictions, complete=complete)
    return outcomes + more_outcomes, findings + more_findings


def in_file_order(
    outcomes: list[Outcome], findings: list[Finding], sound: Sequence[Document]
) -> tuple[list[Outcome], list[Finding]]:
    """The results of rules that read one document, by file: the same order whichever process found them.

    The order within a file is evaluate()'s, which does not depend on the other files of the set.
    """
    order: dict[str, int] = {}
    for doc in sound:
        order.setdefault(doc.file, len(order))
    return (
        sorted(outcomes, key=lambda o: -1 if o.document is None else order[o.document.file]),
        sorted(findings, key=lambda f: order.get(f.file, len(order))),
    )


def processes(asked: int | None, files: int) -> int:
    """How many processes check `files` files: one below PARALLEL_FILES, else as asked (--jobs).

    By default, as many as there are processors nothing else is using, and no
    more than one per PARALLEL_FILES files. On a busy machine a second process
    is no faster: Linux shares the processors between sessions (autogroup), so
    the processes of one run share what its session is given, and --jobs 2
    costs about a tenth more processor time (10k documents: 11.7 s in one
    process, 13.0 s with two; 0.67x as fast as one process at a load of 4).
    """
    if files < PARALLEL_FILES:
        return 1
    if asked is not None:
        return asked
    return max(1, min(files // PARALLEL_FILES, idle_processors()))


def idle_processors() -> int:
    """The processors this process may run on, less those that other tasks are running on now (at least one).

    Now, not on average: the load averages count this run's own recent past (the previous step of a CI
    job, the run before it in a benchmark) as someone else's load, and chose one process on an idle
    machine. One where the processors a process may use are not known (not Linux): the workers are
    forked, which is measured, and safe, on Linux only.
    """
    if not hasattr(os, "sched_getaffinity"):
        return 1
    usable = len(os.sched_getaffinity(0))
    others = running_now() - 1  # this process is one of them
    return max(1, min(usable, usable - others))


def running_now() -> int:
    """How many tasks the kernel is running or ready to run at this instant, this one included
    (/proc/loadavg's fourth field, `running/total`); where that cannot be read, as if every processor were busy."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return int(handle.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else 2
