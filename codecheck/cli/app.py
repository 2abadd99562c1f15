"""The command group and the one error boundary.

Each command lives in its own module (lint.py, scorecard.py, diff.py, hook.py,
rulebook.py, authoring.py, lsp.py) and returns an int; `main` turns a UsageError (or anything
unexpected) into a one-line message and exit status 2, so no traceback ever
reaches a user.
"""

from __future__ import annotations

import os
import sys

import click

from codecheck import __version__, profile
from codecheck.cli.authoring import init_command, schema, show_config
from codecheck.cli.diff import diff_command
from codecheck.cli.hook import hook_command
from codecheck.cli.lint import lint
from codecheck.cli.lsp import lsp_command
from codecheck.cli.portfolio import portfolio_command
from codecheck.cli.rulebook import explain, list_rules, test_rules
from codecheck.cli.scorecard import scorecard
from codecheck.documents.files import recording
from codecheck.errors import EXIT_OK, EXIT_USAGE, UsageError
from codecheck.report.text import printable


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="codecheck")
def cli() -> None:
    """codecheck checks customer-facing policies written as YAML against the Customer Code.

    It is not legal advice.
    """


_COMMANDS = (lint, scorecard, portfolio_command, diff_command, hook_command)
for _command in (*_COMMANDS, show_config, init_command, schema, list_rules, explain, test_rules, lsp_command):
    cli.add_command(_command)


def main() -> None:
    """Entry point: run the CLI and exit with the command's status; never show a traceback."""
    try:
        with recording():  # every file read is an input, which no output of the run may replace
            status = cli.main(standalone_mode=False)
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
        click.echo(f"codecheck: error: {printable(str(error))}", err=True)  # it may quote a file: one line, no escapes
        status = EXIT_USAGE
    except Exception as error:  # the one boundary: a bug must not print a traceback
        if os.environ.get("CODECHECK_DEBUG"):
            raise
        click.echo(f"codecheck: internal error: {type(error).__name__}: {printable(str(error))}", err=True)
        click.echo("codecheck: please report this; set CODECHECK_DEBUG=1 to see the traceback", err=True)
        status = EXIT_USAGE
    sys.exit(status if isinstance(status, int) else EXIT_OK)
