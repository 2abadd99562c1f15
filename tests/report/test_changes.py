"""Issue 16, item 5: change ids are documented. `codecheck explain` takes a change id and a rule's
name; docs/changes.md lists every customer-adverse direction, generated from rules/changes.yaml."""

from __future__ import annotations

from pathlib import Path

from helpers import run_cli

from codecheck.engine.rulebook import builtin_dir
from codecheck.gate.changes import load_directions
from codecheck.report.changes import render_markdown
from codecheck.report.markdown import escape

ROOT = Path(__file__).resolve().parents[2]
DIRECTIONS = load_directions([builtin_dir()])


def test_docs_changes_md_is_generated_from_rules_changes_yaml() -> None:
    assert (ROOT / "docs" / "changes.md").read_text(encoding="utf-8") == render_markdown(DIRECTIONS), (
        "docs/changes.md is stale: run `codecheck rules --changes --format markdown > docs/changes.md`"
    )


def test_every_built_in_direction_says_why_it_is_adverse() -> None:
    assert [d.id for d in DIRECTIONS if len(d.rationale) < 40] == []
    listed = (ROOT / "docs" / "changes.md").read_text(encoding="utf-8")
    assert [d.id for d in DIRECTIONS if f"\n### {d.id}\n\n{escape(d.rationale)}\n" not in listed] == []


def test_explain_takes_the_change_id_diff_prints(monkeypatch, capsys) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "explain", "cancellation-steps-up")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "cancellation-steps-up: a customer-adverse change that `codecheck diff` and the pre-commit hook report"
    assert "Watches: steps in cancellation documents" in lines and "Adverse when: the value grows" in lines
    assert "Severity: error" in lines and "Reported as: cancelling now takes {after} steps instead of {before}" in lines
    assert lines[lines.index("Why it matters") + 1].startswith("Every extra step on the way out")
    _, out, _ = run_cli(monkeypatch, capsys, "explain", "processing-purposes-added")
    assert "Adverse when: an item is added, unless lawful_basis is consent" in out.splitlines()
    _, out, _ = run_cli(monkeypatch, capsys, "explain", "cancellation-effective-worse")
    assert "Adverse when: the value moves later in: immediate, end_of_period, after_notice" in out.splitlines()


def test_explain_takes_a_rule_by_its_name(monkeypatch, capsys) -> None:
    _, by_id, _ = run_cli(monkeypatch, capsys, "explain", "CC0902")
    status, by_name, _ = run_cli(monkeypatch, capsys, "explain", "cancel-steps-parity")
    assert status == 0 and by_name == by_id and by_id.startswith("CC0902 (cancel-steps-parity): ")
    _, check, _ = run_cli(monkeypatch, capsys, "explain", "yaml-syntax")
    assert check.startswith("CC0001 (yaml-syntax): ")


def test_explain_of_an_unknown_name_is_exit_2(monkeypatch, capsys) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "explain", "cancellation-steps-down")
    assert status == 2
    assert err == ("codecheck: error: no rule or change has the id or name cancellation-steps-down; "
                   "`codecheck rules` lists the rules, `codecheck rules --changes` the changes\n")


def test_rules_changes_lists_every_direction(monkeypatch, capsys) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "rules", "--changes")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == [d.id for d in DIRECTIONS]
    assert out.splitlines()[0].split() == ["cancellation-steps-up", "9", "error", "cancellation.steps"]
