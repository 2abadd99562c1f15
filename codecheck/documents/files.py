"""Reading a file codecheck was given, safely: only regular files, bounded in size, decoded as YAML allows.

Every file codecheck reads, policy or not (rules, config, baselines), goes
through here, so no input can block the run, exhaust memory or crash it.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import Iterable, Iterator

from codecheck.documents import checks
from codecheck.errors import UsageError
from codecheck.model import Finding

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest policy file read; policy files are hand-written and rarely pass 100 KB."""

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so every finding's line number) counts as the end of a line."""


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
                return too_large(path)
            with open(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
        if len(data) > MAX_FILE_BYTES:  # it grew while being read
            return too_large(path)
    except OSError as error:
        return checks.UNREADABLE.finding(path, 1, 1, f"cannot read the file: {error.strerror or error}")
    return decode(data, path)


def read_or_stop(path: str) -> str:
    """The text of a file codecheck needs to run (a rule, a config): unreadable, it stops the run."""
    text = read_text(path)
    if isinstance(text, Finding):
        raise UsageError(f"{text.file}:{text.line}:{text.column}: {text.message}")
    return text


def too_large(path: str) -> Finding:
    """CC0003 for a file (or a git blob) over MAX_FILE_BYTES, found before any of it is read."""
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


def walk(folder: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The files under `folder` whose names end in `suffixes`, hidden files and folders skipped.

    Iterative, so a tree thousands of folders deep cannot exhaust Python's
    recursion limit (os.walk and Path.rglob recurse before Python 3.12).
    Symlinked folders are not followed (a folder linking to its parent is walked
    once); a folder that cannot be listed is passed over, as os.walk does.
    """
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                if not entry.is_symlink():
                    folders.append(entry.path)
            elif entry.name.endswith(suffixes):
                yield entry.path
        pending.extend(reversed(folders))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def leaves(path: str, roots: Iterable[str]) -> bool:
    """Whether `path`, its symbolic links followed, is outside every one of `roots` (real paths of folders).

    A policy set may link one of its files to another; a link out of it would
    put a file the user never pointed at (a key, a password file) into a report.
    """
    real = os.path.realpath(path)
    return not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def repository_root(start: str) -> str | None:
    """The nearest folder at or above `start` that holds `.git` (a folder, or a file in a git worktree)."""
    folder = os.path.realpath(start)
    folder = folder if os.path.isdir(folder) else os.path.dirname(folder)
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def not_shown(what: str, repository: str) -> str:
    """The error for a broken file in a folder `foreign` to the repository: where it is, never what it holds."""
    return (
        f"not a valid {what}; what it holds is not shown, since its folder is outside the repository "
        f"{repository} (run codecheck from that folder to see the problem)"
    )


def foreign(folder: str, scope: str | None) -> bool:
    """Whether `folder` is outside `scope`, the repository of the configuration that named it (None: the
    command line named it, so it is the user's own choice).

    A committed configuration can name a rule pack anywhere on the machine; an
    error about a file there must not print what the file holds (a config naming
    ~/.ssh would copy a key into a public CI log).
    """
    return scope is not None and leaves(folder, [scope])
