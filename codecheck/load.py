"""Paths -> a PolicySet: find the policy files, read them safely, parse every document.

A file that cannot be read becomes a finding and the run goes on with the others.
"""

from __future__ import annotations

import codecs
import gc
import os
from pathlib import Path as FsPath
from typing import Iterable, Iterator, List, Tuple

from codecheck import checks
from codecheck.errors import UsageError
from codecheck.model import Document, Finding, PolicySet, Suppression
from codecheck.parallel import map_in_processes
from codecheck.parse import ReparsingSourceMap, parse
from codecheck.suppress import parse_suppressions

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest policy file read; policy files are hand-written and rarely pass 100 KB."""

SUFFIXES = (".yaml", ".yml")

PARALLEL_FILES = 500
"""Files from which --jobs also parses in several processes."""


def discover(paths: Iterable[str]) -> list[str]:
    """The policy files under `paths`: files as given, folders searched recursively.

    Hidden folders (.git, .venv) are skipped; the order is sorted so that output is stable.
    """
    found: list[str] = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
        elif os.path.isdir(path):
            found.extend(sorted(_walk(path)))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)


def read_text(path: str) -> str | Finding:
    """The file's text, or the finding that says why it cannot be read."""
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return checks.TOO_LARGE.finding(path, 1, 1, f"the file is larger than {limit} MiB")
        data = FsPath(path).read_bytes()
    except OSError as error:
        return checks.UNREADABLE.finding(path, 1, 1, f"cannot read the file: {error.strerror or error}")
    return decode(data, path)


def decode(data: bytes, path: str) -> str | Finding:
    """Decode UTF-8 (or UTF-16 with a byte-order mark, which YAML allows); refuse binaries."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return checks.UNREADABLE.finding(path, 1, 1, "the file starts like UTF-16 but is not valid UTF-16")
    if b"\x00" in data:
        return checks.UNREADABLE.finding(path, 1, 1, "the file is binary, not YAML text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8"
        return checks.UNREADABLE.finding(path, line, column, message)


FileResult = Tuple[List[Document], List[Finding], List[Suppression]]


def read_file(path: str) -> FileResult:
    """One policy file: its documents, the findings about it, its suppression comments."""
    text = read_text(path)
    if isinstance(text, Finding):
        return [], [text], []
    docs, problems = parse(text, path)
    marks, bad_marks = parse_suppressions(text, path)
    return docs, problems + bad_marks, marks


def read_file_detached(path: str) -> FileResult:
    """read_file for another process: documents travel as data, their positions are found again on demand."""
    docs, findings, marks = read_file(path)
    detached = [Document(d.file, d.index, d.data, ReparsingSourceMap(d.file, d.index)) for d in docs]
    return detached, findings, marks


def load(paths: Iterable[str], jobs: int = 1) -> PolicySet:
    """Read every policy file under `paths` into one policy set, in `jobs` processes for large sets."""
    files = discover(paths)
    if jobs > 1 and len(files) >= PARALLEL_FILES:
        results = map_in_processes(read_file_detached, files, jobs)
        gc.freeze()  # the documents live to the end (and are shared by forked evaluators)
    else:
        results = []
        for path in files:
            results.append(read_file(path))
            gc.freeze()  # the parsed nodes live to the end: keep the cyclic collector from rescanning them
    documents = tuple(doc for docs, _, _ in results for doc in docs)
    findings = tuple(finding for _, found, _ in results for finding in found)
    suppressions = tuple(mark for _, _, marks in results for mark in marks)
    return PolicySet(documents, findings, len(files), suppressions)
