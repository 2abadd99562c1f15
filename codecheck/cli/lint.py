"""`codecheck lint`: check a policy set (or one policy read from standard input) and report its findings."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, Callable

import click

from codecheck.cli import progress
from codecheck.cli.options import colour_option, exit_status, exit_zero_option, format_option, policy_options, settings, wants_colour
from codecheck.cli.output import write_output
from codecheck.documents.files import MAX_FILE_BYTES, decode, too_large
from codecheck.errors import EXIT_OK, UsageError
from codecheck.gate import baseline
from codecheck.model import Finding, Report
from codecheck.pipeline import Audit, gate, run_audit
from codecheck.profile import stage
from codecheck.report import github, junit, markdown, sarif
from codecheck.report import json as json_report
from codecheck.report import text as text_report
from codecheck.settings.config import Config

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": text_report.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
}

STDIN = "-"
STDIN_NAME = "<stdin>"
"""What a finding in standard input's text names as its file when --stdin-filename is not given."""


@click.command(short_help="Check policy files and report the findings.")
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(RENDERERS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Fail only on findings not in FILE.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's findings in FILE and exit 0.")
@click.option(
    "--stdin-filename", metavar="FILE", help="Name the policy read from standard input (PATHS `-`), and find its config from it."
)
@click.option("--show-source", is_flag=True, help="Show the line of each finding with a caret under its column (text format).")
@click.option("--statistics", is_flag=True, help="Count the findings of each rule instead of listing them (text format).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, no progress line, no notes.")
@exit_zero_option
@colour_option
@policy_options
def lint(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    baseline_file: str | None,
    write_baseline: str | None,
    stdin_filename: str | None,
    show_source: bool,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    colour: str,
    **options: Any,
) -> int:
    """Check the policy files under PATHS (default: policies/ or the current folder); `-` reads one from standard input."""
    for flag, given in (("--show-source", show_source), ("--statistics", statistics)):
        if given and fmt != "text":
            raise UsageError(f"{flag} is for the text format; --format {fmt} has every finding with its place already")
    if show_source and statistics:
        raise UsageError("--statistics counts findings and shows none: it cannot show their source")
    paths, config, texts = inputs(paths, stdin_filename, options)
    with progress.shown(quiet):
        audit = run_audit(paths, config, with_sources=show_source, jobs=options["jobs"], texts=texts, cached=True)
    if baseline_file:
        audit = dataclasses.replace(audit, report=baseline.apply(audit.report, baseline.read(baseline_file)))
    if write_baseline:
        write_output(baseline.render(audit.report), write_baseline)
        if not quiet:
            click.echo(f"codecheck: recorded {len(audit.report.active)} findings in {write_baseline}", err=True)
        return EXIT_OK
    with stage("report"):
        write_output(render(fmt, audit, show_source, statistics, quiet), output, wants_colour(colour))
    return exit_status(gate(audit, config), exit_zero)


def render(fmt: str, audit: Audit, show_source: bool, statistics: bool, quiet: bool) -> str:
    if fmt != "text":
        return RENDERERS[fmt](audit.report)
    if statistics:
        return text_report.render_statistics(audit.report, with_summary=not quiet)
    return text_report.render(audit.report, audit.sources if show_source else None, with_summary=not quiet)


def inputs(
    paths: tuple[str, ...], stdin_filename: str | None, options: dict[str, Any]
) -> tuple[tuple[str, ...], Config, dict[str, str | Finding] | None]:
    """The paths to lint, the configuration, and standard input's text by its name when PATHS has `-`.

    The config is found from the other paths, else from --stdin-filename, else
    from the current folder. When --stdin-filename names a file under the other
    paths, standard input takes its place: an editor lints an unsaved buffer
    with the rest of its policy set.
    """
    if STDIN not in paths:
        if stdin_filename is not None:
            raise UsageError("--stdin-filename names the text on standard input: give - among PATHS to read it")
        found, config = settings(paths, **options)
        return found, config, None
    if paths.count(STDIN) > 1:
        raise UsageError("give - (standard input) once")
    others = tuple(p for p in paths if p != STDIN)
    _, config = settings(others or (stdin_filename or ".",), **options)
    name = stdin_filename or STDIN_NAME
    return others, config, {name: read_stdin(name)}


def read_stdin(name: str) -> str | Finding:
    """Standard input as a policy file's text, with the same bound and decoding as a file on disk."""
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    return too_large(name) if len(data) > MAX_FILE_BYTES else decode(data, name)
