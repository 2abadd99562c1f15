"""Reading a file codecheck was given, safely: only regular files, bounded in size, decoded as YAML allows.

Every file codecheck reads, policy or not (rules, config, baselines), goes
through here, so no input can block the run, exhaust memory or crash it, and
none can be replaced by one of the run's own outputs.
"""

from __future__ import annotations

import codecs
import os
import re
import stat

from codecheck.documents import checks
from codecheck.errors import UsageError
from codecheck.inputs import note_input
from codecheck.model import Finding

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest policy file read; policy files are hand-written and rarely pass 100 KB."""

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so every finding's line number) counts as the end of a line."""


def read_text(path: str) -> str | Finding:
    """The file's text, or the finding that says why it cannot be read."""
    data = read_bytes(path)
    return data if isinstance(data, Finding) else decode(data, path)


def read_bytes(path: str) -> bytes | Finding:
    """The file's bytes, or the finding that says why it cannot be read.

    Only regular files are read, and never more than MAX_FILE_BYTES of them: a
    FIFO would block forever and /dev/zero has no end, whatever its size says.
    O_NONBLOCK lets the open of a FIFO return so that it can be refused. Each
    file opened is noted as an input of the run (codecheck/inputs.py).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return checks.UNREADABLE.finding(path, 1, 1, "cannot read the file: not a regular file")
            note_input(info)
            if info.st_size > MAX_FILE_BYTES:
                return too_large(path)
            with open(fd, "rb", closefd=False) as handle:
                data = handle.read(info.st_size + 1)  # not a 10 MiB buffer for every file
                if len(data) > info.st_size:  # it grew since fstat (or is a /proc file, of size 0): read on to the bound
                    data += handle.read(MAX_FILE_BYTES + 1 - len(data))
        finally:
            os.close(fd)
        if len(data) > MAX_FILE_BYTES:  # it grew while being read
            return too_large(path)
    except OSError as error:
        return checks.UNREADABLE.finding(path, 1, 1, f"cannot read the file: {error.strerror or error}")
    return data


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

