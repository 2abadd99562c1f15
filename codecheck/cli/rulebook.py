"""`codecheck rules`, `explain` and `test-rules`: the rulebook, one rule, and the rules' own examples."""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from codecheck.cli.options import format_option, rules_option
from codecheck.documents import checks
from codecheck.engine.rulebook import load_rules
from codecheck.engine.ruletest import run_all_examples
from codecheck.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from codecheck.report import rules as rules_report


@click.command("rules", short_help="List every rule.")
@format_option(["text", "json", "markdown"])
@rules_option
def list_rules(fmt: str, rule_packs: tuple[str, ...]) -> int:
    """List every rule: id, tenet, severity, title."""
    rules = load_rules(rule_packs)
    render = {"text": rules_report.render_text, "json": rules_report.render_json, "markdown": rules_report.render_markdown}
    click.echo(render[fmt](rules), nl=False)
    return EXIT_OK


def complete_rule_id(_context: click.Context, _parameter: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of RULE_ID: the built-in rules and document checks starting with what was typed."""
    wanted = incomplete.upper()
    titles = {check_.id: check_.title for check_ in checks.ALL} | {rule.id: rule.title for rule in load_rules(())}
    return [CompletionItem(rule_id, help=title) for rule_id, title in sorted(titles.items()) if rule_id.startswith(wanted)]


@click.command(short_help="Explain a rule: why, examples, the fix, references.")
@click.argument("rule_id", shell_complete=complete_rule_id)
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
