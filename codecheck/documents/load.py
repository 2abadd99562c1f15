"""Paths -> a PolicySet: find the policy files, read them safely, parse every document.

A file that cannot be read becomes a finding and the run goes on with the others.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, replace
from typing import Callable, Iterable, List, Mapping, Tuple

from codecheck import progress
from codecheck.documents import checks
from codecheck.documents.choice import NOT_A_POLICY, Choice, clearly_not_a_policy
from codecheck.documents.files import read_text
from codecheck.documents.folders import leaves, walk
from codecheck.documents.parse import parse
from codecheck.documents.suppressions import parse_suppressions
from codecheck.errors import UsageError
from codecheck.model import Document, Finding, PolicySet, Skipped, Suppression

SUFFIXES = (".yaml", ".yml")

def discover(paths: Iterable[str]) -> list[str]:
    """The policy files under `paths`: files as given, folders searched recursively.

    Hidden folders (.git, .venv) are skipped; the order is sorted so that output is stable.
    """
    found: list[str] = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
        elif os.path.isdir(path):
            found.extend(sorted(walk(path, SUFFIXES)))
        elif os.path.exists(path):
            raise UsageError(f"{path}: not a regular file or folder")
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def roots_of(paths: Iterable[str]) -> tuple[str, ...]:
    """The folders a run may read: each folder given, and the folder of each file given, as real paths."""
    return tuple(os.path.realpath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths)


FileResult = Tuple[List[Document], List[Finding], List[Suppression]]


def name_problem(path: str) -> Finding | None:
    """CC0002 for a file name that is not UTF-8: it could not be written in any report."""
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if shown == path:
        return None
    return checks.UNREADABLE.finding(shown, 1, 1, "the file name is not valid UTF-8; rename the file")


def read_file(path: str, roots: tuple[str, ...] | None = None) -> FileResult:
    """One policy file: its documents, the findings about it, its suppression comments.

    With `roots`, a file whose links lead out of them is reported (CC0007), not read.
    """
    return parse_file(path, _read(path, roots), on_disk=True)


def _read(path: str, roots: tuple[str, ...] | None) -> str | Finding:
    problem = name_problem(path)
    if problem is None and roots is not None and leaves(path, roots):
        problem = checks.OUTSIDE.finding(path, 1, 1, _OUTSIDE)
    return problem if problem is not None else read_text(path)


@dataclass(frozen=True)
class Chosen:
    """The YAML files under some paths: those to read, those the configuration leaves out (and why), and
    which of those to read were found in a folder rather than named (only those may be skipped unread)."""

    files: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    found: frozenset[str]


def choose(paths: list[str], choice: Choice | None) -> Chosen:
    """The files under `paths` that `choice` keeps; a file named on the command line is always kept."""
    named = {os.path.abspath(p) for p in paths if os.path.isfile(p)}
    files, skipped = [], []
    for path in discover(paths):
        reason = None if choice is None or os.path.abspath(path) in named else choice.excluded(path)
        if reason is None:
            files.append(path)
        else:
            skipped.append(Skipped(path, reason))
    found = frozenset() if choice is None else frozenset(f for f in files if os.path.abspath(f) not in named)
    return Chosen(tuple(files), tuple(skipped), found)


def read_all(paths: Iterable[str], choice: Choice | None = None) -> list[tuple[str, str | Finding]]:
    """Every file load would read under `paths`, with its text: what a cached result depends on."""
    paths = list(paths)
    roots = roots_of(paths)
    return [(path, _read(path, roots)) for path in choose(paths, choice).files]


def parse_file(name: str, text: str | Finding, on_disk: bool = False) -> FileResult:
    """The documents and suppression comments of one file's text, or the finding that it could not be read.

    With on_disk, `text` is what the file `name` holds, and is read again for positions rather than kept.
    """
    if isinstance(text, Finding):
        return [], [text], []
    docs, problems = parse(text, name, on_disk)
    marks, bad_marks = parse_suppressions(text, name)
    return docs, problems + bad_marks, marks


_OUTSIDE = "the file is a symbolic link to a file outside the folders being checked, so it is not read"


def read_policy(path: str, roots: tuple[str, ...], found: frozenset[str]) -> FileResult | Skipped:
    """read_file, except that a file in `found` (met by walking a folder, not named) that is clearly not a
    policy is skipped: a docker-compose.yaml beside the policies is not a broken policy."""
    text = _read(path, roots)
    return _chosen(path, text, parse_file(path, text, on_disk=True), path in found)


def _chosen(name: str, text: str | Finding, result: FileResult, judged: bool) -> FileResult | Skipped:
    if judged and isinstance(text, str) and clearly_not_a_policy(text, result[0], result[1]):
        return Skipped(name, NOT_A_POLICY)
    return result


def load(
    paths: Iterable[str],
    choice: Choice | None = None,
    texts: list[tuple[str, str | Finding]] | None = None,
    chosen: Chosen | None = None,
) -> PolicySet:
    """Read every policy file under `paths` into one policy set.

    With `choice`, files found in a folder are chosen first (documents/choice.py); those left out are
    listed as skipped. Without it, every YAML file is read. `texts`, the files read_all read with the
    same `choice`, are parsed rather than read again, and taken out of the list as they are: memory
    stays that of the documents. `chosen` is choose(paths, choice), when the caller has it already.
    """
    paths = list(paths)
    chosen = chosen or choose(paths, choice)
    roots = roots_of(paths)
    results: list[FileResult | Skipped]
    if texts is not None:
        results = _parse_all(texts, chosen.found)
    else:
        results = []
        for done, path in enumerate(chosen.files, start=1):
            results.append(read_policy(path, roots, chosen.found))
            gc.freeze()  # the documents live to the end: keep the cyclic collector from rescanning them
            progress.advance("reading", done, len(chosen.files))
    return assemble(chosen, results)


def assemble(chosen: Chosen, results: Iterable[FileResult | Skipped]) -> PolicySet:
    """The policy set of the chosen files' results, in the order of the files (--jobs reads them elsewhere)."""
    results = list(results)
    skipped = [*chosen.skipped, *(r for r in results if isinstance(r, Skipped))]
    read = [r for r in results if not isinstance(r, Skipped)]
    return replace(_policy_set(read, len(read)), skipped=tuple(skipped))


def read_chosen(path: str, text: str | Finding | None, roots: tuple[str, ...], found: frozenset[str]) -> FileResult | Skipped:
    """One chosen file: read now (`text` None), or parsed from the text read_all read."""
    if text is None:
        return read_policy(path, roots, found)
    return _chosen(path, text, parse_file(path, text, on_disk=True), path in found)


def _parse_all(texts: list[tuple[str, str | Finding]], found: frozenset[str]) -> list[FileResult | Skipped]:
    results: list[FileResult | Skipped] = []
    for index, (path, text) in enumerate(texts):
        texts[index] = (path, "")
        results.append(read_chosen(path, text, (), found))
        gc.freeze()  # the documents live to the end: keep the cyclic collector from rescanning them
        progress.advance("reading", index + 1, len(texts))
    return results


def load_texts(
    files: Iterable[tuple[str, str | Finding]], choice: Choice | None = None, named: frozenset[str] = frozenset()
) -> PolicySet:
    """A policy set from texts already read (a git commit's blobs): named, but never opened as files.

    With `choice`, the texts are chosen as files found in a folder are (load), but for those `named`.
    """
    results, skipped = [], []
    for name, text in files:
        judged = choice is not None and name not in named
        reason = choice.excluded(name) if choice is not None and judged else None
        result = Skipped(name, reason) if reason is not None else _chosen(name, text, parse_file(name, text), judged)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            results.append(result)
    return replace(_policy_set(results, len(results)), skipped=tuple(skipped))


def load_overlay(
    paths: Iterable[str], texts: Mapping[str, str | Finding], parse_one: Callable[[str, str | Finding], FileResult] = parse_file
) -> PolicySet:
    """The policy set under `paths`, where a file named in `texts` has that text instead of what is on disk.

    For text that is not saved anywhere: standard input (`lint -`) and the open
    documents of the language server. A name in `texts` that is under `paths`
    takes that file's place (and keeps its name as discovered); the others join
    the set. `parse_one` lets the language server reuse the parse of a file
    whose text has not changed.
    """
    paths = list(paths)
    files, roots = discover(paths), roots_of(paths)
    given = {os.path.abspath(name): name for name in texts}
    results = []
    for path in files:
        name = given.pop(os.path.abspath(path), None)
        results.append(parse_one(path, texts[name] if name is not None else _read(path, roots)))
    results += [parse_one(name, texts[name]) for name in given.values()]
    return _policy_set(results, len(results))


def _policy_set(results: list[FileResult], files: int) -> PolicySet:
    documents = tuple(doc for docs, _, _ in results for doc in docs)
    findings = tuple(finding for _, found, _ in results for finding in found)
    suppressions = tuple(mark for _, _, marks in results for mark in marks)
    return PolicySet(documents, findings, files, suppressions)
