"""`codecheck init`, `schema` and `config`: the commands for setting up a policy repository."""

from __future__ import annotations

import os
from typing import Any

import click

from codecheck.cli.options import parse_jurisdictions, parse_list, policy_options, settings
from codecheck.cli.output import write_output
from codecheck.documents import checks, kinds
from codecheck.engine.rulebook import load_rules
from codecheck.errors import EXIT_OK, UsageError
from codecheck.settings.config import render_config
from codecheck.settings.verify import verify


@click.command("config", short_help="Show the effective configuration and its sources.")
@click.argument("paths", nargs=-1, type=click.Path())
@policy_options
def show_config(paths: tuple[str, ...], **options: Any) -> int:
    """Print the effective configuration for PATHS and where each value came from."""
    _, config = settings(paths, **options)
    verify(config, load_rules(config.rules), (c.id for c in checks.ALL))  # what lint would refuse, config refuses
    click.echo(render_config(config), nl=False)
    return EXIT_OK


@click.command("init", short_help="Write a commented starter policy set.")
@click.argument("folder", default="policies", type=click.Path(file_okay=False))
@click.option("--jurisdiction", multiple=True, metavar="CODES", help="Where the company sells, e.g. EU,DE (default: EU).")
def init_command(folder: str, jurisdiction: tuple[str, ...]) -> int:
    """Write a commented starter policy set into FOLDER (default: policies/); never overwrites."""
    from codecheck.cli.init import SCHEMA_FOLDER, init  # ruamel.yaml is needed by init alone

    written = init(folder, parse_jurisdictions(parse_list(jurisdiction)) or ["EU"])
    for path in written:
        if path.endswith(".yaml"):
            click.echo(f"created {path}")
    click.echo(f"created {os.path.join(folder, SCHEMA_FOLDER, '')} (the JSON Schemas editors use: docs/editors.md)")
    click.echo(f"Next: edit the files, then run `codecheck lint {folder}`.")
    return EXIT_OK


@click.command(
    short_help="Print a kind's JSON Schema, or write them all for editors.",
    help="Print the JSON Schema of KIND, or with --all write the schemas editors use (docs/editors.md)."
    f"\n\nKIND is one of: {', '.join(kinds.KINDS)}."
)
@click.argument("kind", required=False, metavar="[KIND]", type=click.Choice(kinds.KINDS))
@click.option("--all", "write_all", is_flag=True, help="Write the combined schema and every kind's schema into --dir.")
@click.option(
    "--dir", "folder", default="schemas", metavar="DIR", type=click.Path(file_okay=False), help="Where --all writes (default: schemas)."
)
def schema(kind: str | None, write_all: bool, folder: str) -> int:
    """The kinds are named in the help text, not in the usage line, where click would break a name in two."""
    if write_all == (kind is not None):
        raise UsageError("name one KIND to print its schema, or give --all to write every schema into a folder")
    if kind is not None:
        click.echo(kinds.as_text(kinds.schema(kind)), nl=False)
        return EXIT_OK
    os.makedirs(folder, exist_ok=True)
    for name, text in kinds.exported().items():
        write_output(text, os.path.join(folder, name))
    click.echo(f"wrote {os.path.join(folder, kinds.COMBINED_FILE)} and the schema of each kind beside it", err=True)
    return EXIT_OK

