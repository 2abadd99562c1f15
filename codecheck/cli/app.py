"""The command group and the one error boundary.

Each command lives in its own module (lint.py, scorecard.py, diff.py, hook.py,
rulebook.py, authoring.py, lsp.py) and returns an int; `main` turns a UsageError (or anything
unexpected) into a one-line message and exit status 2, so no traceback ever
reaches a user.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Iterator, MutableMapping

import click

from codecheck import __version__, profile
from codecheck.errors import EXIT_OK, EXIT_USAGE, UsageError
from codecheck.inputs import recording

COMMANDS = {
    "lint": ("codecheck.cli.lint", "lint"),
    "scorecard": ("codecheck.cli.scorecard", "scorecard"),
    "diff": ("codecheck.cli.diff", "diff_command"),
    "hook": ("codecheck.cli.hook", "hook_command"),
    "config": ("codecheck.cli.authoring", "show_config"),
    "init": ("codecheck.cli.authoring", "init_command"),
    "schema": ("codecheck.cli.authoring", "schema"),
    "rules": ("codecheck.cli.rulebook", "list_rules"),
    "explain": ("codecheck.cli.rulebook", "explain"),
    "test-rules": ("codecheck.cli.rulebook", "test_rules"),
    "portfolio": ("codecheck.cli.portfolio", "portfolio_command"),
    "lsp": ("codecheck.cli.lsp", "lsp_command"),
}
"""Each command by name, and the module and function that define it."""


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each module imported when its command is first asked for.

    `codecheck --version` (and a command's own start) then loads neither the
    pipeline nor PyYAML, the regex engine and the schema checker it has no use for.
    """

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, function = COMMANDS[name]  # KeyError for a name that is no command, as a dict has
            self._loaded[name] = getattr(importlib.import_module(module), function)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of codecheck are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*COMMANDS, *self._loaded}))

    def __len__(self) -> int:
        return len({*COMMANDS, *self._loaded})


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="codecheck")
def cli() -> None:
    """codecheck checks customer-facing policies written as YAML against the Customer Code.

    It is not legal advice.
    """


cli.commands = _Commands()


def main() -> None:
    """Entry point: run the CLI and exit with the command's status; never show a traceback."""
    try:
        with recording():  # every file read is an input, which no output of the run may replace
            status = cli.main(prog_name="codecheck", standalone_mode=False)  # also under `python -m`
        if profile.requested():  # every command that takes --profile, printed in one place
            click.echo(profile.report(), err=True, nl=False)
    except click.exceptions.Exit as done:
        status = done.exit_code
    except click.ClickException as error:
        error.show()
        status = EXIT_USAGE
    except click.Abort:
        click.echo("codecheck: aborted", err=True)
        status = EXIT_USAGE
    except UsageError as error:
        click.echo(f"codecheck: error: {_printable(str(error))}", err=True)  # it may quote a file: one line, no escapes
        status = EXIT_USAGE
    except Exception as error:  # the one boundary: a bug must not print a traceback
        if os.environ.get("CODECHECK_DEBUG"):
            raise
        click.echo(f"codecheck: internal error: {type(error).__name__}: {_printable(str(error))}", err=True)
        click.echo("codecheck: please report this; set CODECHECK_DEBUG=1 to see the traceback", err=True)
        status = EXIT_USAGE
    sys.exit(status if isinstance(status, int) else EXIT_OK)


def _printable(text: str) -> str:
    """report.text's printable, imported only for an error: `--version` loads no report."""
    from codecheck.report.text import printable

    return printable(text)

