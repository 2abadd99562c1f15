"""The command line: parse options, call the pipeline, write the output, return an exit code.

Every command returns an int; `main` is the one error boundary that turns a
UsageError (or anything unexpected) into a one-line message and exit status 2,
so no traceback ever reaches a user.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from codecheck import __version__, profile
from codecheck.cli.options import parse_jurisdictions, parse_list, policy_options, rules_option, settings
from codecheck.cli.output import write_output
from codecheck.documents import checks, kinds
from codecheck.engine.rulebook import builtin_dir, load_rules
from codecheck.engine.ruletest import run_all_examples
from codecheck.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from codecheck.gate import baseline
from codecheck.gate.changes import load_directions
from codecheck.gate.diff import Diff
from codecheck.gate.hook import concerns, policy_sets
from codecheck.model import Report, Severity
from codecheck.pipeline import Audit, diff, diff_against_git, gate, options_for, run_audit
from codecheck.profile import stage
from codecheck.report import github, junit, markdown, sarif
from codecheck.report import json as json_report
from codecheck.report import rules as rules_report
from codecheck.report import text as text_report
from codecheck.settings.config import render_config

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

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="codecheck")
def cli() -> None:
    """codecheck checks customer-facing policies written as YAML against the Customer Code.

    It is not legal advice.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Fail only on findings not in FILE.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's findings in FILE and exit 0.")
@policy_options
def lint(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    baseline_file: str | None,
    write_baseline: str | None,
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
        write_output(RENDERERS[fmt](audit.report), output)
    return gate(audit, config)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(SCORECARDS)), default="text", help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the scorecard to FILE.")
@policy_options
def scorecard(paths: tuple[str, ...], fmt: str, output: str | None, **options: Any) -> int:
    """Grade the policy set under PATHS against the ten tenets."""
    paths, config = settings(paths, **options)
    audit = run_audit(paths, config, with_sources=fmt == "html", jobs=options["jobs"])
    write_output(SCORECARDS[fmt](audit), output)
    return gate(audit, config)


DIFFS: dict[str, Callable[[Diff], str]] = {
    "text": text_report.render_diff,
    "json": json_report.render_diff,
    "markdown": markdown.render_diff,
    "github": github.render_diff,
}


@cli.command("diff")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--base", "base_ref", help="Compare PATHS with their version at this git commit, branch or tag.")
@click.option("--format", "fmt", type=click.Choice(sorted(DIFFS)), default="text", help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@policy_options
def diff_command(paths: tuple[str, ...], base_ref: str | None, fmt: str, output: str | None, **options: Any) -> int:
    """What a change does to customers: `diff BASE HEAD` (two folders) or `diff --base REF [PATHS]`.

    Exits 1 on a customer-adverse change or a new finding at or above --fail-on.
    """
    if base_ref is None and len(paths) != 2:
        raise UsageError("diff needs two folders, BASE and HEAD, or --base GIT_REF and the paths to compare")
    head = paths if base_ref is not None else paths[1:]
    head, config = settings(head, **options)
    rulebook = load_rules(config.rules)
    directions = load_directions([builtin_dir(), *(Path(p) for p in config.rules)])
    if base_ref is not None:
        result = diff_against_git(base_ref, head, options_for(config, rulebook), directions)
    else:
        result = diff((paths[0],), head, options_for(config, rulebook), directions)
    write_output(DIFFS[fmt](result), output)
    return EXIT_FINDINGS if result.failing(Severity.parse(config.fail_on)) else EXIT_OK


@cli.command("hook")
@click.argument("files", nargs=-1, type=click.Path())
@policy_options
def hook_command(files: tuple[str, ...], **options: Any) -> int:
    """For pre-commit: lint the policy sets holding FILES and report the findings in FILES."""
    status = EXIT_OK
    for root, changed in sorted(policy_sets(list(files)).items()):
        paths, config = settings((root,), **options)
        focus = None if config.min_grade else frozenset(changed)  # a grade needs every document
        audit = run_audit(paths, config, focus=focus)
        mine = tuple(f for f in audit.report.findings if concerns(f, changed, audit.report.rules))
        report = dataclasses.replace(audit.report, findings=mine)
        write_output(RENDERERS["text"](report), None)
        status = max(status, gate(dataclasses.replace(audit, report=report), config))
    return status


@cli.command("config")
@click.argument("paths", nargs=-1, type=click.Path())
@policy_options
def show_config(paths: tuple[str, ...], **options: Any) -> int:
    """Print the effective configuration for PATHS and where each value came from."""
    _, config = settings(paths, **options)
    click.echo(render_config(config), nl=False)
    return EXIT_OK


@cli.command("init")
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


@cli.command()
@click.argument("kind", required=False, type=click.Choice(kinds.KINDS))
def schema(kind: str | None) -> int:
    """Print the JSON Schema of KIND, or of every kind keyed by kind."""
    value = kinds.schema(kind) if kind else {k: kinds.schema(k) for k in kinds.KINDS}
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))
    return EXIT_OK


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", help="Output format.")
@rules_option
def list_rules(fmt: str, rule_packs: tuple[str, ...]) -> int:
    """List every rule: id, tenet, severity, title."""
    rules = load_rules(rule_packs)
    render = {"text": rules_report.render_text, "json": rules_report.render_json, "markdown": rules_report.render_markdown}
    click.echo(render[fmt](rules), nl=False)
    return EXIT_OK


@cli.command()
@click.argument("rule_id")
@rules_option
def explain(rule_id: str, rule_packs: tuple[str, ...]) -> int:
    """Explain RULE_ID: what it checks, why, examples, the fix and its references."""
    wanted = rule_id.upper()
    for check_ in checks.ALL:
        if check_.id == wanted:
            click.echo(rules_report.explain_check(check_), nl=False)
            return EXIT_OK
    for rule in load_rules(rule_packs):
        if rule.id == wanted:
            click.echo(rules_report.explain(rule), nl=False)
            return EXIT_OK
    raise UsageError(f"no rule has the id {rule_id}; `codecheck rules` lists them")


@cli.command("test-rules")
@click.argument("packs", nargs=-1, type=click.Path())
def test_rules(packs: tuple[str, ...]) -> int:
    """Run the examples of the built-in rules and of the rule packs in PACKS."""
    results = run_all_examples(load_rules(packs))
    failed = [r for r in results if r.problem]
    for result in failed:
        click.echo(f"{result.rule.source}: {result.name}: {result.problem}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FINDINGS if failed else EXIT_OK


def main() -> None:
    """Entry point: run the CLI and exit with the command's status; never show a traceback."""
    try:
        status = cli.main(standalone_mode=False)
        if profile.requested():  # every command that takes --profile, printed in one place
            click.echo(profile.report(), err=True, nl=False)
    except click.exceptions.Exit as done:
        status = done.exit_code
    except click.ClickException as error:
        error.show()
        status = EXIT_USAGE
    except click.Abort:
        click.echo("codecheck: aborted", err=True)
        status = EXIT_USAGE
    except UsageError as error:
        click.echo(f"codecheck: error: {error}", err=True)
        status = EXIT_USAGE
    except Exception as error:  # the one boundary: a bug must not print a traceback
        if os.environ.get("CODECHECK_DEBUG"):
            raise
        click.echo(f"codecheck: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("codecheck: please report this; set CODECHECK_DEBUG=1 to see the traceback", err=True)
        status = EXIT_USAGE
    sys.exit(status if isinstance(status, int) else EXIT_OK)
