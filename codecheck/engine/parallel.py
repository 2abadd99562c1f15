"""--jobs: each process reads, parses, validates and checks its own files; this one checks across them.

Most rules read only their own document (Rule.cross_document is False). A
worker process takes a contiguous share of the files, reads and parses them,
runs the checks of one document at a time (documents/validate.py
each_document) and those rules, and sends back its documents, the findings and
the outcomes packed as small tuples. Meanwhile this process, once it has every
document, runs the checks across documents and the rules that read other
documents. Both halves are evaluated apart in one process too (evaluate_apart),
so every --jobs value gives the same report, in the same order.

The workers are forked: they inherit the rules, the configuration and the texts
already read; nothing travels to them but where the whole set is sold and how
many documents it has. Every bound of a one-process run holds in each worker
(file sizes, depth, aliases, links out of the folders); a rule's bound on work
grows with the whole set, as in one process, and the regex time is each
process's own.
"""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from codecheck.documents.jurisdictions import around
from codecheck.documents.load import Chosen, FileResult, assemble, read_chosen
from codecheck.documents.validate import across_documents, each_document
from codecheck.engine.evaluate import evaluate
from codecheck.engine.split import in_file_order, split
from codecheck.errors import UsageError
from codecheck.inputs import note_path
from codecheck.model import Document, Finding, Outcome, PolicySet, Rule, Skipped, Status
from codecheck.profile import stage

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

@dataclass(frozen=True)
class Checked:
    """What load, validate and evaluate give, found by several processes."""

    policy_set: PolicySet
    sound: tuple[Document, ...]
    problems: list[Finding]
    outcomes: list[Outcome]
    findings: list[Finding]


@dataclass(frozen=True)
class _Job:
    """What every worker inherits when it is forked."""

    shares: list[Share]
    roots: tuple[str, ...]
    found: frozenset[str]
    own: tuple[Rule, ...]
    jurisdictions: frozenset[str] | None
    complete: bool


_job: _Job | None = None


Share = list[tuple[str, str | Finding | None]]
"""The files of one worker, each with its text when it was read already (read_all)."""


def shares(files: Sequence[str], texts: Sequence[tuple[str, str | Finding]] | None, jobs: int) -> list[Share]:
    """The files in `jobs` contiguous shares of about the same size (with the text already read, if any)."""
    items: Share = list(texts) if texts is not None else [(f, None) for f in files]
    weights = [_weight(path, text) for path, text in items]
    total, taken, start = sum(weights) or 1, 0, 0
    parts: list[Share] = []
    for i, weight in enumerate(weights):
        taken += weight
        if taken * jobs >= total * (len(parts) + 1) and len(parts) < jobs - 1:
            parts.append(items[start : i + 1])
            start = i + 1
    parts.append(items[start:])
    return [p for p in parts if p]


def _weight(path: str, text: str | Finding | None) -> int:
    if isinstance(text, str):
        return len(text) + 1
    if text is not None:
        return 1
    import os

    try:
        return os.stat(path).st_size + 1
    except OSError:
        return 1


def check_in_processes(
    chosen: Chosen,
    roots: tuple[str, ...],
    texts: list[tuple[str, str | Finding]] | None,
    rules: tuple[Rule, ...],
    jurisdictions: frozenset[str] | None,
    jobs: int,
    complete: bool,
) -> Checked:
    """Load, validate and evaluate the chosen files in `jobs` worker processes and this one."""
    import multiprocessing  # only for --jobs: it costs start-up time

    global _job
    own, across = split(rules)
    _job = _Job(shares(chosen.files, texts, jobs), roots, chosen.found, own, jurisdictions, complete)
    context = multiprocessing.get_context("fork")
    workers = []
    try:
        for number in range(len(_job.shares)):
            control, theirs = context.Pipe()
            data, their_data = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(number, theirs, their_data), daemon=True)
            process.start()
            theirs.close()
            their_data.close()
            workers.append((process, control, data))
        _job = None
        if texts is not None:
            texts.clear()  # the workers have their copies; this process keeps only the documents
        return _gather(chosen, [(c, d) for _, c, d in workers], own, across, jurisdictions, complete)
    finally:
        _job = None
        for process, control, data in workers:
            control.close()
            data.close()
            if process.is_alive():
                process.terminate()
            process.join()


def _gather(
    chosen: Chosen,
    pipes: list[tuple[Connection, Connection]],
    own: tuple[Rule, ...],
    across: tuple[Rule, ...],
    jurisdictions: frozenset[str] | None,
    complete: bool,
) -> Checked:
    with stage("load"):
        heads = [_received(control) for control, _ in pipes]
        codes = sorted({code for head in heads for code in head[0]})
        size = sum(head[1] for head in heads)
        for control, _ in pipes:
            control.send((codes, size))
        gc.disable()  # unpickling makes the documents, which live to the end: the collector would rescan them
        try:
            parts = [pickle.loads(_blob(control, data)) for control, data in pipes]
        finally:
            gc.enable()
            gc.freeze()
        results: list[FileResult | Skipped] = [r for part in parts for r in part[0]]
        policy_set = assemble(chosen, results)
        for path in chosen.files:  # read in other processes, they are inputs of this one
            note_path(path)
    with stage("validate"):
        mine = [tuple(part[2]) for part in parts]
        sound = tuple(doc for docs in mine for doc in docs)
        problems = [f for part in parts for f in part[1]] + across_documents(policy_set.documents, sound, complete)
    with stage("evaluate"):
        return _evaluated(policy_set, sound, problems, pipes, mine, own, across, jurisdictions, complete)


def _evaluated(
    policy_set: PolicySet,
    sound: tuple[Document, ...],
    problems: list[Finding],
    pipes: list[tuple[Connection, Connection]],
    mine: list[tuple[Document, ...]],
    own: tuple[Rule, ...],
    across: tuple[Rule, ...],
    jurisdictions: frozenset[str] | None,
    complete: bool,
) -> Checked:
    """The rules across documents here, while the workers run their own; then the workers' results."""
    outcomes, findings = evaluate(sound, across, jurisdictions, complete=complete)
    kinds = {doc.kind for doc in sound}
    own_outcomes = [Outcome(rule, None, Status.NOT_APPLICABLE, False) for rule in own if not kinds & set(rule.kinds)]
    own_findings: list[Finding] = []
    for (control, _), docs in zip(pipes, mine, strict=True):
        packed, found = _received(control)
        own_outcomes += [Outcome(own[r], docs[d], Status(s), legal) for r, d, s, legal in packed]
        own_findings += found
    return Checked(policy_set, sound, problems, own_outcomes + outcomes, own_findings + findings)


def _blob(control: Connection, data: Connection) -> bytes:
    """A worker's documents; if it stopped before sending them, the error that stopped it."""
    try:
        return data.recv_bytes()
    except EOFError:
        _received(control)
        raise _stopped() from None


def _received(control: Connection) -> Any:
    """The next message of a worker, or the error that stopped it, raised here."""
    try:
        tag, value = control.recv()
    except EOFError:
        raise _stopped() from None
    if tag == "error":
        raise value
    return value


def _stopped() -> UsageError:
    return UsageError("a process of --jobs stopped before it finished (out of memory?); run again with --jobs 1")


def _work(number: int, control: Connection, data: Connection) -> None:
    """One worker: read, parse and validate its share; send the documents; run the rules on its own."""
    try:
        control.send(("ok", _share(number, control, data)))
    except BaseException as error:  # noqa: BLE001 - the parent raises it (a UsageError names the rule)
        control.send(("error", error))
    finally:
        control.close()
        data.close()


def _share(number: int, control: Connection, data: Connection) -> tuple[list[tuple[int, int, str, bool]], list[Finding]]:
    import threading

    job = _job
    assert job is not None
    gc.freeze()  # what this process inherited lives to its end: the collector need not rescan it, nor copy its pages
    results = []
    for path, text in job.shares[number]:
        results.append(read_chosen(path, text, job.roots, job.found))
        gc.freeze()  # as load() does: the documents live to the end
    documents = tuple(doc for r in results if not isinstance(r, Skipped) for doc in r[0])
    sound, problems = each_document(documents)
    undeclared = [doc for doc in sound if not around(doc.data.get("jurisdictions", []))]
    codes = {code for doc in sound for code in doc.data.get("jurisdictions", [])}
    blob = pickle.dumps((results, problems, sound), protocol=pickle.HIGHEST_PROTOCOL)
    control.send(("ok", (codes, len(sound))))
    sender = threading.Thread(target=data.send_bytes, args=(blob,))  # while this thread evaluates
    sender.start()
    del blob
    try:
        set_codes, set_size = control.recv()  # where the whole set is sold, and how large it is
        if undeclared and job.jurisdictions is None:
            outcomes, findings = _evaluate_own(sound, undeclared, job, frozenset(set_codes) or None, set_size)
        else:
            outcomes, findings = evaluate(sound, job.own, job.jurisdictions, complete=job.complete, set_size=set_size)
    finally:
        sender.join()
    outcomes, findings = in_file_order(outcomes, findings, sound)  # here rather than in the parent, which waits
    position = {id(doc): i for i, doc in enumerate(sound)}
    rule_index = {rule.id: i for i, rule in enumerate(job.own)}
    packed = [
        (rule_index[o.rule.id], position[id(o.document)], o.status.value, o.legal) for o in outcomes if o.document is not None
    ]
    return packed, findings


def _evaluate_own(
    sound: tuple[Document, ...], undeclared: list[Document], job: _Job, declared: frozenset[str] | None, set_size: int
) -> tuple[list[Outcome], list[Finding]]:
    """The documents that declare no jurisdiction are sold where the whole set declares (evaluate()): this
    share alone does not know where that is, so they are evaluated with the set's places given."""
    without = {id(doc) for doc in undeclared}
    stated = tuple(doc for doc in sound if id(doc) not in without)
    outcomes, findings = evaluate(stated, job.own, None, complete=job.complete, set_size=set_size)
    more_outcomes, more_findings = evaluate(tuple(undeclared), job.own, declared, complete=job.complete, set_size=set_size)
    return outcomes + more_outcomes, findings + more_findings
