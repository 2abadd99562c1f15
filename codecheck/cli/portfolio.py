"""`codecheck portfolio SCORECARD.json...`: many repositories' scorecards as one view for an organisation."""

from __future__ import annotations

import os
import urllib.parse
from typing import Callable

import click

from codecheck.cli.output import write_output
from codecheck.errors import EXIT_OK, EXIT_USAGE, UsageError
from codecheck.records.portfolio import Portfolio, gather
from codecheck.report import portfolio as render
from codecheck.tenets import TENETS

FORMATS: dict[str, Callable[[Portfolio], str]] = {
    "html": render.render_html,
    "json": render.render_json,
    "markdown": render.render_markdown,
}


def link_for(scorecard: str, output: str | None) -> str:
    """The repository's own scorecard, relative to where the portfolio is written: the HTML one beside
    the JSON when there is one, else the JSON. Percent-encoded, so no name can become a scheme."""
    stem, _ = os.path.splitext(scorecard)
    target = stem + ".html" if os.path.isfile(stem + ".html") else scorecard
    start = os.path.dirname(os.path.abspath(output)) if output else os.getcwd()
    return urllib.parse.quote(os.path.relpath(os.path.abspath(target), start).replace(os.sep, "/"), safe="/")


@click.command("portfolio", short_help="One view of many repositories' scorecards.")
@click.argument("scorecards", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "--output-format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="html",
    help="Output format (default: html); --output-format is another name for it.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the portfolio to FILE.")
@click.option("--title", metavar="TITLE", help="The report's title (default: Customer Code scorecard, or Customer Code portfolio).")
def portfolio_command(scorecards: tuple[str, ...], fmt: str, output: str | None, title: str | None) -> int:
    """One view of many repositories' JSON scorecards (`codecheck scorecard --format json`).

    Exits 2 when a scorecard could not be read; the others are still shown.
    """
    if output and any(os.path.abspath(output) == os.path.abspath(s) for s in scorecards):
        raise UsageError(f"{output}: is one of the scorecards read; write the portfolio elsewhere")
    titles = {number: tenet.title for number, tenet in TENETS.items()}
    result = gather(((s, link_for(s, output)) for s in scorecards), title or "Customer Code portfolio", titles)
    write_output(FORMATS[fmt](result), output)
    for bad in result.unreadable:
        click.echo(f"codecheck: error: {bad.reason}", err=True)
    return EXIT_USAGE if result.unreadable else EXIT_OK
