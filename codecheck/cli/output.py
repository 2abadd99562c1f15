"""Writing a report: to standard output, or atomically to a file."""

from __future__ import annotations

import os
import stat
import tempfile

import click

from codecheck.errors import UsageError


def write_output(content: str, output: str | None, colour: bool | None = None) -> None:
    """Print, or replace `output` atomically: a reader never sees half a file, and a failure keeps the old one.

    On standard output, `colour` keeps the text's ANSI styles (True), strips them (False) or leaves
    it to click, which keeps them on a terminal (None). A file never gets them: `-o FILE` writes what
    `> FILE` would.
    """
    if output is None:
        click.echo(content, nl=False, color=colour)
        return
    content = click.unstyle(content)
    if os.path.exists(output) and not os.path.isfile(output) and not os.path.isdir(output):
        _write_in_place(content, output)  # /dev/null, a pipe: never rename a file over a device
        return
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise UsageError(f"{output}: the folder {folder} does not exist")
    mode = _mode_for(output)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".codecheck-", suffix=".tmp")
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
    try:
        with open(output, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(content)
    except OSError as error:
        raise UsageError(f"{output}: cannot write: {error.strerror or error}") from error
