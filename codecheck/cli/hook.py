"""`codecheck hook`: the pre-commit hook (.pre-commit-hooks.yaml)."""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import click

from codecheck.cli.lint import RENDERERS
from codecheck.cli.options import colour_option, policy_options, settings, wants_colour
from codecheck.cli.output import write_output
from codecheck.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from codecheck.gate.approvals import find_approvals, read_approvals
from codecheck.gate.gitbase import NotARepository
from codecheck.gate.hook import concerns, is_policy, policy_sets, staged_changes
from codecheck.pipeline import directions_for, gate, run_audit
from codecheck.report.text import render_gate
from codecheck.settings.config import Config


@click.command("hook", short_help="Lint and gate the policy sets of changed files (pre-commit).")
@click.argument("files", nargs=-1, type=click.Path())
@colour_option
@policy_options
def hook_command(files: tuple[str, ...], colour: str, **options: Any) -> int:
    """For pre-commit: lint the policy sets holding FILES, report the findings in FILES, and refuse a
    customer-adverse change between HEAD and what is staged, as `codecheck diff --base HEAD` would.

    The hook's entry ends with `--`, so every argument pre-commit appends is a file, even
    `--select=x/policies/p.yaml`: a folder name cannot switch the rules off.
    """
    missing = [file for file in files if not os.path.lexists(file)]
    if missing:
        raise UsageError(
            f"{missing[0]}: no such file; every argument after `--` is a file, "
            "so put the hook's options in the config file (.codecheck.yaml)"
        )
    policies = [file for file in files if is_policy(file, settings((file,), **options)[1].choice)]
    if not policies:
        click.echo(f"codecheck: no policy file in this commit ({_counted(len(files))} passed over).")
        return EXIT_OK
    status = EXIT_OK
    for root, changed in sorted(policy_sets(policies).items()):
        paths, config = settings((os.path.relpath(root),), **options)
        focus = None if config.min_grade else frozenset(changed)  # a grade needs every document
        audit = run_audit(paths, config, focus=focus, cached=True)
        mine = tuple(f for f in audit.report.findings if concerns(f, changed, audit.report.rules))
        report = dataclasses.replace(audit.report, findings=mine)
        write_output(RENDERERS["text"](report), None, wants_colour(colour))
        status = max(status, gate(dataclasses.replace(audit, report=report), config), _gate_changes(paths[0], config, colour))
    return status


def _gate_changes(root: str, config: Config, colour: str) -> int:
    """The change check on what the commit changes: exit 1 on a pending change at or above `fail_on`."""
    directions = directions_for(config)
    found = find_approvals(root)
    try:
        result = staged_changes(root, config.choice, directions, read_approvals(found) if found else ())
    except NotARepository:
        return EXIT_OK  # run by hand outside git: nothing is staged
    if result is None or not (result.pending or result.approved or result.warnings):
        return EXIT_OK
    write_output(render_gate(result), None, wants_colour(colour))
    threshold = config.threshold
    return EXIT_FINDINGS if threshold is not None and any(c.direction.severity >= threshold for c in result.pending) else EXIT_OK


def _counted(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
