"""Paths -> a PolicySet: find the policy files, read them safely, parse every document.

A file that cannot be read becomes a finding and the run goes on with the others.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
import stat
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

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so every finding's line number) counts as the end of a line."""

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
        elif os.path.exists(path):
            raise UsageError(f"{path}: not a regular file or folder")
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
    """The file's text, or the finding that says why it cannot be read.

    Only regular files are read, and never more than MAX_FILE_BYTES of them: a
    FIFO would block forever and /dev/zero has no end, whatever its size says.
    O_NONBLOCK lets the open of a FIFO return so that it can be refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return checks.UNREADABLE.finding(path, 1, 1, "cannot read the file: not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                return _too_large(path)
            with open(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
        if len(data) > MAX_FILE_BYTES:  # it grew while being read
            return _too_large(path)
    except OSError as error:
        return checks.UNREADABLE.finding(path, 1, 1, f"cannot read the file: {error.strerror or error}")
    return decode(data, path)


def read_or_stop(path: str) -> str:
    """The text of a file codecheck needs to run (a rule, a config): unreadable, it stops the run."""
    text = read_text(path)
    if isinstance(text, Finding):
        raise UsageError(f"{text.file}:{text.line}:{text.column}: {text.message}")
    return text


def _too_large(path: str) -> Finding:
    mib, rest = divmod(MAX_FILE_BYTES, 1024 * 1024)
    limit = f"{mib} MiB" if mib and not rest else f"{MAX_FILE_BYTES} bytes"
    return checks.TOO_LARGE.finding(path, 1, 1, f"the file is larger than {limit}")


def decode(data: bytes, path: str) -> str | Finding:
    """Decode UTF-8 (or UTF-16 with a byte-order mark, which YAML allows); refuse binaries."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return checks.UNREADABLE.finding(path, 1, 1, "the file starts like UTF-16 but is not valid UTF-16")
    if b"\x00" in data:
        return checks.UNREADABLE.finding(path, 1, 1, "the file is binary, not YAML text")
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        # the line and column of the bad byte as the YAML parser counts them: in characters, after the BOM
        before = _LINE_BREAK.split(body[: error.start].decode("utf-8"))
        line, column = len(before), len(before[-1]) + 1
        message = f"the file is not valid UTF-8 (byte 0x{body[error.start]:02x}); save it as UTF-8"
        return checks.UNREADABLE.finding(path, line, column, message)


FileResult = Tuple[List[Document], List[Finding], List[Suppression]]


def read_file(path: str) -> FileResult:
    """One policy file: its documents, the findings about it, its suppression comments."""
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if shown != path:  # a name that is not UTF-8 could not be written in any report
        return [], [checks.UNREADABLE.finding(shown, 1, 1, "the file name is not valid UTF-8; rename the file")], []
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
