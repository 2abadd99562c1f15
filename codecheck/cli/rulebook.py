"""`codecheck rules`, `explain` and `test-rules`: the rulebook, one rule, and the rules' own examples."""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from codecheck.cli.options import format_option, rules_option
from codecheck.documents import checks
from codecheck.engine.rulebook import builtin_dir, load_rules
from codecheck.engine.ruletest import run_all_examples
from codecheck.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from codecheck.gate.changes import Direction, load_directions
from codecheck.report import changes as changes_report
from codecheck.report import rules as rules_report


@click.command("rules", short_help="List every rule.")
@format_option(["text", "json", "markdown"])
@click.option("--changes", "changes", is_flag=True, help="List the customer-adverse changes `diff` reports instead.")
@rules_option
def list_rules(fmt: str, changes: bool, rule_packs: tuple[str, ...]) -> int:
    """List every rule: id, tenet, severity, title; with --changes, every customer-adverse change direction."""
    if changes:
        render = {"text": changes_report.render_text, "json": changes_report.render_json, "markdown": changes_report.render_markdown}
        click.echo(render[fmt](directions(rule_packs)), nl=False)
        return EXIT_OK
    rules = load_rules(rule_packs)
    render_rules = {"text": rules_report.render_text, "json": rules_report.render_json, "markdown": rules_report.render_markdown}
    click.echo(render_rules[fmt](rules), nl=False)
    return EXIT_OK


def directions(rule_packs: tuple[str, ...]) -> tuple[Direction, ...]:
    """The change directions of the rulebook and of each pack given."""
    return load_directions([builtin_dir(), *(Path(p) for p in rule_packs)])


def complete_rule_id(_context: click.Context, _parameter: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of RULE_ID: the built-in rules, document checks and change ids starting with what was typed."""
    wanted = incomplete.upper()
    titles = {check_.id: check_.title for check_ in checks.ALL} | {rule.id: rule.title for rule in load_rules(())}
    titles |= {d.id: f"a customer-adverse change of {d.kind} {d.field}" for d in directions(())}
    return [CompletionItem(key, help=title) for key, title in sorted(titles.items()) if key.upper().startswith(wanted)]


@click.command(short_help="Explain a rule or a change: why, examples, the fix, references.")
@click.argument("rule_id", shell_complete=complete_rule_id)
@rules_option
def explain(rule_id: str, rule_packs: tuple[str, ...]) -> int:
    """Explain RULE_ID: a rule by its id (CC0902) or name (cancel-steps-parity), a document check, or a
    customer-adverse change by the id `diff` prints beside it (cancellation-steps-up)."""
    wanted = rule_id.upper()
    for check_ in checks.ALL:
        if wanted in (check_.id, check_.name.upper()):
            click.echo(rules_report.explain_check(check_), nl=False)
            return EXIT_OK
    for rule in load_rules(rule_packs):
        if wanted in (rule.id, rule.name.upper()):
            click.echo(rules_report.explain(rule), nl=False)
            return EXIT_OK
    for direction in directions(rule_packs):
        if direction.id.upper() == wanted:
            click.echo(changes_report.explain_change(direction), nl=False)
            return EXIT_OK
    raise UsageError(
        f"no rule or change has the id or name {rule_id}; `codecheck rules` lists the rules, `codecheck rules --changes` the changes"
    )


@click.command("test-rules", short_help="Run the rules' own pass and fail examples.")
@click.argument("packs", nargs=-1, type=click.Path(file_okay=False))
def test_rules(packs: tuple[str, ...]) -> int:
    """Run the examples of the rules in PACKS (folders), or of the built-in rulebook when none is given.

    A folder of the rulebook itself (`codecheck test-rules rules/09-lock-in` in a checkout) runs
    the examples of the rules in it. The rulebook is always loaded, so a pack cannot reuse its ids.
    """
    rules = load_rules(packs)
    if packs:
        folders = [Path(p).resolve() for p in packs]
        rules = tuple(r for r in rules if any(Path(r.source).resolve().is_relative_to(f) for f in folders))
    results = run_all_examples(rules)
    failed = [r for r in results if r.problem]
    for result in failed:
        click.echo(f"{result.rule.source}: {result.name}: {result.problem}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FINDINGS if failed else EXIT_OK
