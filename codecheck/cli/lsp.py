"""`codecheck lsp`: the language server, for editors (docs/editors.md)."""

from __future__ import annotations

import click

from codecheck.errors import EXIT_OK, UsageError

PROTOCOL_PACKAGES = {"pygls", "lsprotocol", "cattrs", "attrs"}
"""What `codecheck-policy[lsp]` installs; only their absence means the extra is missing."""


@click.command("lsp", short_help="Run the language server for editors.")
def lsp_command() -> int:
    """Run the language server on standard input and output: diagnostics as you type, the rule on hover,
    suppressions as quick fixes. Editors start it themselves (docs/editors.md)."""
    try:
        from codecheck.lsp.server import server
    except ImportError as error:
        if (error.name or "").split(".")[0] not in PROTOCOL_PACKAGES:
            raise
        raise UsageError("the language server needs pygls: pip install 'codecheck-policy[lsp]'") from error
    server.start_io()
    return EXIT_OK
