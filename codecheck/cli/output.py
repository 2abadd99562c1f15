"""Writing a report: to standard output, or atomically to a file."""

from __future__ import annotations

import errno
import os
import stat
import tempfile

import click

from codecheck.errors import UsageError
from codecheck.inputs import is_input


def write_output(content: str, output: str | None, colour: bool | None = None) -> None:
    """Print, or replace `output` atomically: a reader never sees half a file, and a failure keeps the old one.

    On standard output, `colour` keeps the text's ANSI styles (True), strips them (False) or leaves
    it to click, which keeps them on a terminal (None). A file never gets them: `-o FILE` writes what
    `> FILE` would.
    """
    if output is None:
        click.echo(content, nl=False, color=colour)
        return
    if is_input(output):
        raise UsageError(f"{output}: this run read the file (a policy, rule, config or baseline file); "
                         "codecheck never writes over what it reads: write to another file")
    content = click.unstyle(content)
    if os.path.exists(output) and not os.path.isfile(output) and not os.path.isdir(output):
        _write_in_place(content, output)  # /dev/null, a pipe: never rename a file over a device
        return
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise UsageError(f"{output}: the folder {folder} does not exist")
    mode = _mode_for(output)
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".codecheck-", suffix=".tmp")
    except OSError as error:  # a folder the user may not write in
        raise UsageError(f"{output}: cannot write in {folder}: {error.strerror or error}") from error
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600; the file gets the mode redirection would give it
        # errors="replace": a path given on the command line that is not UTF-8 must not stop the report
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(content)
        os.replace(temp, output)
    except BaseException as error:  # whatever stops the write, no temporary file is left behind
        if os.path.exists(temp):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise UsageError(f"{output}: cannot write: {error.strerror or error}") from error
        raise


def _mode_for(output: str) -> int:
    """An existing file keeps its mode; a new one gets 0666 less the umask, as `> FILE` gives it."""
    try:
        return stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        mask = os.umask(0o022)  # the umask can only be read by setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def _write_in_place(content: str, output: str) -> None:
    """Write into a device or a pipe. Opened without blocking, a pipe nobody reads is an error
    (ENXIO) rather than a wait for ever; once open, writes block as usual."""
    try:
        fd = os.open(output, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        reason = "no program is reading from this pipe" if error.errno == errno.ENXIO else error.strerror or error
        raise UsageError(f"{output}: cannot write: {reason}") from error
    try:
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        with open(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(content)
    except OSError as error:
        raise UsageError(f"{output}: cannot write: {error.strerror or error}") from error
