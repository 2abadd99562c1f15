"""Writing a report: to standard output, or atomically to a file."""

from __future__ import annotations

import os
import tempfile

import click

from codecheck.errors import UsageError


def write_output(content: str, output: str | None) -> None:
    """Print, or replace `output` atomically: a reader never sees half a file, and a failure keeps the old one."""
    if output is None:
        click.echo(content, nl=False)
        return
    if os.path.exists(output) and not os.path.isfile(output) and not os.path.isdir(output):
        _write_in_place(content, output)  # /dev/null, a pipe: never rename a file over a device
        return
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise UsageError(f"{output}: the folder {folder} does not exist")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".codecheck-", suffix=".tmp")
    try:
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


def _write_in_place(content: str, output: str) -> None:
    try:
        with open(output, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(content)
    except OSError as error:
        raise UsageError(f"{output}: cannot write: {error.strerror or error}") from error
