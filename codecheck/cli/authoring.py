"""`codecheck init`, `schema` and `config`: the commands for setting up a policy repository."""

from __future__ import annotations

import json
from typing import Any

import click

from codecheck.cli.options import parse_jurisdictions, parse_list, policy_options, settings
from codecheck.documents import kinds
from codecheck.errors import EXIT_OK
from codecheck.settings.config import render_config


@click.command("config")
@click.argument("paths", nargs=-1, type=click.Path())
@policy_options
def show_config(paths: tuple[str, ...], **options: Any) -> int:
    """Print the effective configuration for PATHS and where each value came from."""
    _, config = settings(paths, **options)
    click.echo(render_config(config), nl=False)
    return EXIT_OK


@click.command("init")
@click.argument("folder", default="policies", type=click.Path(file_okay=False))
@click.option("--jurisdiction", multiple=True, help="Where the company sells, e.g. EU,DE (default: EU).")
def init_command(folder: str, jurisdiction: tuple[str, ...]) -> int:
    """Write a commented starter policy set into FOLDER (default: policies/); never overwrites."""
    from codecheck.cli.init import init  # ruamel.yaml is needed by init alone

    written = init(folder, parse_jurisdictions(parse_list(jurisdiction)) or ["EU"])
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"Next: edit the files, then run `codecheck lint {folder}`.")
    return EXIT_OK


@click.command(help=f"Print the JSON Schema of KIND, or of every kind keyed by kind.\n\nKIND is one of: {', '.join(kinds.KINDS)}.")
@click.argument("kind", required=False, metavar="[KIND]", type=click.Choice(kinds.KINDS))
def schema(kind: str | None) -> int:
    """The kinds are named in the help text, not in the usage line, where click would break a name in two."""
    value = kinds.schema(kind) if kind else {k: kinds.schema(k) for k in kinds.KINDS}
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))
    return EXIT_OK
