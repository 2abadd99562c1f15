"""`codecheck scorecard`: grade a policy set, compared with an earlier scorecard when one is given."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import click

from codecheck.cli import progress
from codecheck.cli.options import colour_option, exit_status, exit_zero_option, format_option, policy_options, settings, wants_colour
from codecheck.cli.output import write_output
from codecheck.errors import EXIT_USAGE
from codecheck.pipeline import Audit, gate, run_audit, with_approvals, with_previous
from codecheck.records.read import read_record
from codecheck.report import json_scorecard, markdown, oscal
from codecheck.report import text as text_report


def _html_scorecard(audit: Audit) -> str:
    """Jinja2 is imported only when an HTML scorecard is asked for: lint stays quick to start."""
    from codecheck.report import html

    return html.render_scorecard(audit)


SCORECARDS: dict[str, Callable[[Audit], str]] = {
    "text": text_report.render_scorecard,
    "json": json_scorecard.render_scorecard,
    "markdown": markdown.render_scorecard,
    "html": _html_scorecard,
    "oscal": oscal.render_oscal,
}


@click.command(short_help="Grade a policy set against the ten tenets.")
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(SCORECARDS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the scorecard to FILE.")
@click.option("--title", metavar="TITLE", help="The report's title (default: Customer Code scorecard, or Customer Code portfolio).")
@click.option(
    "--previous",
    type=click.Path(dir_okay=False),
    help="Compare with FILE, an earlier `scorecard --format json` of this policy set: how the grades moved since.",
)
@exit_zero_option
@colour_option
@policy_options
def scorecard(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    title: str | None,
    previous: str | None,
    exit_zero: bool,
    colour: str,
    **options: Any,
) -> int:
    """Grade the policy set under PATHS against the ten tenets.

    Exits 2 when the approvals file cannot be read; the scorecard is still written, and says why.
    """
    paths, config = settings(paths, **options)
    earlier = read_record(previous) if previous else None  # a bad file stops before any work
    with progress.shown(quiet=False):
        audit = run_audit(paths, config, with_sources=fmt == "html", jobs=options["jobs"])
    audit = with_approvals(audit, paths[0], config)
    if title:
        audit = dataclasses.replace(audit, title=title)
    if earlier is not None:
        audit = with_previous(audit, earlier)
    write_output(SCORECARDS[fmt](audit), output, wants_colour(colour))
    if audit.approvals is not None and audit.approvals.problem:
        click.echo(f"codecheck: error: {text_report.printable(audit.approvals.problem)}", err=True)
        return EXIT_USAGE
    return exit_status(gate(audit, config), exit_zero)
