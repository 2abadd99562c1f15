"""`codecheck hook`: the pre-commit hook (.pre-commit-hooks.yaml)."""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import click

from codecheck.cli.lint import RENDERERS
from codecheck.cli.options import colour_option, policy_options, settings, wants_colour
from codecheck.cli.output import write_output
from codecheck.errors import EXIT_OK, UsageError
from codecheck.gate.hook import concerns, policy_sets
from codecheck.pipeline import gate, run_audit


@click.command("hook", short_help="Lint the policy sets of changed files (pre-commit).")
@click.argument("files", nargs=-1, type=click.Path())
@colour_option
@policy_options
def hook_command(files: tuple[str, ...], colour: str, **options: Any) -> int:
    """For pre-commit: lint the policy sets holding FILES and report the findings in FILES.

    The hook's entry ends with `--`, so every argument pre-commit appends is a file, even
    `--select=x/policies/p.yaml`: a folder name cannot switch the rules off.
    """
    missing = [file for file in files if not os.path.lexists(file)]
    if missing:
        raise UsageError(
            f"{missing[0]}: no such file; every argument after `--` is a file, "
            "so put the hook's options in the config file (.codecheck.yaml)"
        )
    status = EXIT_OK
    for root, changed in sorted(policy_sets(list(files)).items()):
        paths, config = settings((root,), **options)
        focus = None if config.min_grade else frozenset(changed)  # a grade needs every document
        audit = run_audit(paths, config, focus=focus, cached=True)
        mine = tuple(f for f in audit.report.findings if concerns(f, changed, audit.report.rules))
        report = dataclasses.replace(audit.report, findings=mine)
        write_output(RENDERERS["text"](report), None, wants_colour(colour))
        status = max(status, gate(dataclasses.replace(audit, report=report), config))
    return status
