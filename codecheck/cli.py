"""The command line: parse options, call the pipeline, write the output, return an exit code.

Every command returns an int; `main` is the one error boundary that turns a
UsageError (or anything unexpected) into a one-line message and exit status 2,
so no traceback ever reaches a user.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Callable

import click

from codecheck import __version__, checks, kinds
from codecheck.audit import Audit
from codecheck.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from codecheck.grade import grade
from codecheck.load import read_text
from codecheck.model import Finding, Report, Severity
from codecheck.pipeline import Options, check
from codecheck.provenance import provenance
from codecheck.report import github, html, junit, markdown, sarif
from codecheck.report import json as json_report
from codecheck.report import rules as rules_report
from codecheck.report import text as text_report
from codecheck.rulebook import load_rules
from codecheck.ruletest import run_all_examples

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
    "html": html.render_scorecard,
}

SEVERITIES = click.Choice(["error", "warning", "info"])
GRADES = click.Choice(["A", "B", "C", "D", "F"], case_sensitive=False)
JURISDICTIONS = ("EU", "DE", "FR", "UK", "US", "US-CA", "US-NY")

rules_option = click.option(
    "--rules", "rule_packs", multiple=True, type=click.Path(), help="Add the rule pack in DIR (repeatable)."
)


def parse_jurisdictions(text: str | None) -> frozenset[str] | None:
    """`EU,DE,US-CA` -> a set of known codes; None keeps what the documents declare."""
    if text is None:
        return None
    codes = frozenset(code.strip().upper() for code in text.split(",") if code.strip())
    unknown = sorted(codes - set(JURISDICTIONS))
    if unknown or not codes:
        raise UsageError(f"--jurisdiction: unknown code {', '.join(unknown) or '(none)'}; use {', '.join(JURISDICTIONS)}")
    return codes


def gate_options(command: Callable[..., int]) -> Callable[..., int]:
    """--fail-on, --min-grade and --jurisdiction, shared by lint and scorecard."""
    command = click.option("--jurisdiction", help="Where the company sells, e.g. EU,DE,US-CA (overrides the documents).")(command)
    command = click.option("--min-grade", type=GRADES, help="Fail when the overall grade is below this letter.")(command)
    return click.option(
        "--fail-on", type=SEVERITIES, default="error", show_default=True, help="Lowest severity that fails."
    )(command)


def run_audit(
    paths: tuple[str, ...], jurisdiction: str | None, rule_packs: tuple[str, ...], with_sources: bool = False
) -> Audit:
    """Check and grade: the one call both lint and scorecard make."""
    paths = paths or default_paths()
    options = Options(rules=load_rules(rule_packs), jurisdictions=parse_jurisdictions(jurisdiction))
    report, outcomes = check(paths, options)
    sources = read_sources(report) if with_sources else {}
    return Audit(report, grade(outcomes), provenance(paths, options.rules), sources)


def read_sources(report: Report) -> dict[str, list[str]]:
    """The lines of every file with a finding; a file that cannot be read has no excerpt."""
    sources: dict[str, list[str]] = {}
    for file in {f.file for f in report.findings}:
        text = read_text(file)
        sources[file] = [] if isinstance(text, Finding) else text.splitlines()
    return sources


def gate(audit: Audit, fail_on: str, min_grade: str | None) -> int:
    """Exit 1 when a finding reaches `fail_on`, or the overall grade is below `min_grade`."""
    threshold = Severity.parse(fail_on)
    if any(f.severity >= threshold for f in audit.report.findings):
        return EXIT_FINDINGS
    if min_grade and (audit.card.grade is None or audit.card.grade > min_grade.upper()):
        return EXIT_FINDINGS
    return EXIT_OK


def default_paths() -> tuple[str, ...]:
    """`policies/` when the current folder has one, else the current folder."""
    return ("policies",) if os.path.isdir("policies") else (".",)


def write_output(content: str, output: str | None) -> None:
    """Print, or replace `output` atomically: a reader never sees half a file."""
    if output is None:
        click.echo(content, nl=False)
        return
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise UsageError(f"{output}: the folder {folder} does not exist")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".codecheck-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(temp, output)
    except OSError as error:
        os.unlink(temp)
        raise UsageError(f"{output}: cannot write: {error.strerror}") from error


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
@gate_options
@rules_option
def lint(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str,
    min_grade: str | None,
    jurisdiction: str | None,
    rule_packs: tuple[str, ...],
) -> int:
    """Check the policy files under PATHS (default: policies/ or the current folder)."""
    audit = run_audit(paths, jurisdiction, rule_packs)
    write_output(RENDERERS[fmt](audit.report), output)
    return gate(audit, fail_on, min_grade)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(SCORECARDS)), default="text", help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the scorecard to FILE.")
@gate_options
@rules_option
def scorecard(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str,
    min_grade: str | None,
    jurisdiction: str | None,
    rule_packs: tuple[str, ...],
) -> int:
    """Grade the policy set under PATHS against the ten tenets."""
    audit = run_audit(paths, jurisdiction, rule_packs, with_sources=fmt == "html")
    write_output(SCORECARDS[fmt](audit), output)
    return gate(audit, fail_on, min_grade)


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
