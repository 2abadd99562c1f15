"""`codecheck lint` and `codecheck scorecard`: check a policy set, render its findings or its grades."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import click

from codecheck.cli.options import colour_option, policy_options, settings, wants_colour
from codecheck.cli.output import write_output
from codecheck.errors import EXIT_OK
from codecheck.gate import baseline
from codecheck.model import Report
from codecheck.pipeline import Audit, gate, run_audit
from codecheck.profile import stage
from codecheck.report import github, junit, markdown, sarif
from codecheck.report import json as json_report
from codecheck.report import text as text_report

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
}

SCORECARDS: dict[str, Callable[[Audit], str]] = {
    "text": text_report.render_scorecard,
    "json": json_report.render_scorecard,
    "markdown": markdown.render_scorecard,
    "html": lambda audit: _html_scorecard(audit),
}


def _html_scorecard(audit: Audit) -> str:
    """Jinja2 is imported only when an HTML scorecard is asked for: lint stays quick to start."""
    from codecheck.report import html

    return html.render_scorecard(audit)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Fail only on findings not in FILE.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's findings in FILE and exit 0.")
@colour_option
@policy_options
def lint(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    baseline_file: str | None,
    write_baseline: str | None,
    colour: str,
    **options: Any,
) -> int:
    """Check the policy files under PATHS (default: policies/ or the current folder)."""
    paths, config = settings(paths, **options)
    audit = run_audit(paths, config, jobs=options["jobs"])
    if baseline_file:
        audit = dataclasses.replace(audit, report=baseline.apply(audit.report, baseline.read(baseline_file)))
    if write_baseline:
        write_output(baseline.render(audit.report), write_baseline)
        click.echo(f"codecheck: recorded {len(audit.report.active)} findings in {write_baseline}", err=True)
        return EXIT_OK
    with stage("report"):
        write_output(RENDERERS[fmt](audit.report), output, wants_colour(colour))
    return gate(audit, config)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(SCORECARDS)), default="text", help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the scorecard to FILE.")
@colour_option
@policy_options
def scorecard(paths: tuple[str, ...], fmt: str, output: str | None, colour: str, **options: Any) -> int:
    """Grade the policy set under PATHS against the ten tenets."""
    paths, config = settings(paths, **options)
    audit = run_audit(paths, config, with_sources=fmt == "html", jobs=options["jobs"])
    write_output(SCORECARDS[fmt](audit), output, wants_colour(colour))
    return gate(audit, config)
