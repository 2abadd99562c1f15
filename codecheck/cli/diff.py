"""`codecheck diff`: what a change to a policy set does to customers."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import click

from codecheck.cli.options import colour_option, exit_status, exit_zero_option, format_option, policy_options, settings, wants_colour
from codecheck.cli.output import write_output
from codecheck.engine.rulebook import load_rules
from codecheck.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from codecheck.gate.approvals import find_approvals, read_approvals
from codecheck.pipeline import Review, diff, diff_against_git, directions_for, options_for
from codecheck.report import github, history, json_scorecard, markdown
from codecheck.report import json as json_report
from codecheck.report import text as text_report

DIFFS: dict[str, Callable[[Review], str]] = {
    "text": lambda r: text_report.render_diff(r.diff) + "\n".join(history.moves_text(r.grades, text_report.printable)) + "\n",
    "json": lambda r: json_report.render_diff(r.diff, json_scorecard.moves_dict(r.grades)),
    "markdown": lambda r: markdown.render_diff(r.diff) + "\n" + "\n".join(history.moves_markdown(r.grades, markdown.escape)),
    "github": lambda r: github.render_diff(r.diff),
}


@click.command("diff", short_help="Show what a change does to customers.")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--base", "base_ref", metavar="REF", help="Compare PATHS with their version at this git commit, branch or tag.")
@format_option(DIFFS)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@exit_zero_option
@colour_option
@policy_options
def diff_command(
    paths: tuple[str, ...], base_ref: str | None, fmt: str, output: str | None, exit_zero: bool, colour: str, **options: Any
) -> int:
    """What a change does to customers: `diff BASE HEAD` (two folders) or `diff --base REF [PATHS]`.

    Exits 1 on a customer-adverse change or a new finding at or above --fail-on.
    """
    if base_ref is None and len(paths) != 2:
        raise UsageError("diff needs two folders, BASE and HEAD, or --base GIT_REF and the paths to compare")
    head = paths if base_ref is not None else paths[1:]
    head, config = settings(head, **options)
    rulebook = load_rules(config.rules, config.rules_scope)
    directions = directions_for(config)
    if base_ref is not None:
        result = diff_against_git(base_ref, head, options_for(config, rulebook), directions)
    else:
        result = diff((paths[0],), head, options_for(config, rulebook), directions)
    found = find_approvals(head[0])
    if found is not None:
        result = dataclasses.replace(result, diff=result.diff.approve(read_approvals(found)))
    write_output(DIFFS[fmt](result), output, wants_colour(colour))
    threshold = config.threshold
    return exit_status(EXIT_FINDINGS if threshold is not None and result.diff.failing(threshold) else EXIT_OK, exit_zero)
