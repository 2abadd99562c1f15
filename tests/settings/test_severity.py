"""Severity overrides: an organisation may change a rule's severity, but lowering a rule that is law needs a
stated reason; config, lint and scorecard agree, and the scorecard and JSON show the override and why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import run_cli, write

ROOT = Path(__file__).resolve().parents[2]
REASON = "Our security measures are documented in the ISMS, referenced from the DPA"


@pytest.fixture
def ordinary(tmp_path: Path) -> Path:
    """examples/ordinary: its processing record is missing the security measures, CC0402, law in EU, DE, FR, UK."""
    shutil.copytree(ROOT / "examples" / "ordinary", tmp_path / "policies", ignore=shutil.ignore_patterns("*.md"))
    return tmp_path / "policies"


def config(folder: Path, text: str) -> Path:
    return write(folder.parent / ".codecheck.yaml", text)


def findings(out: str) -> dict[str, dict]:
    return {f["rule_id"]: f for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("command", ["lint", "scorecard", "config"])
def test_lowering_a_legal_error_without_a_reason_is_refused_everywhere(monkeypatch, capsys, ordinary: Path, command: str) -> None:
    config(ordinary, "fail_on: error\nseverity: {CC0402: warning}\n")
    status, out, err = run_cli(monkeypatch, capsys, command, str(ordinary))
    assert (status, out) == (2, "")
    assert err == (
        f"codecheck: error: {ordinary.parent}/.codecheck.yaml:2:20: severity.CC0402: CC0402 is law in EU, DE, FR, UK, "
        'where its findings are errors; to lower it to warning, say why: CC0402: {level: warning, reason: "..."}\n'
    )


def test_with_a_reason_the_error_is_lowered_and_the_reason_travels_with_it(monkeypatch, capsys, ordinary: Path) -> None:
    config(ordinary, f'severity:\n  CC0402: {{level: warning, reason: "{REASON}"}}\n')
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(ordinary), "--select", "CC04")
    line = next(line for line in out.splitlines() if " CC0402 " in line)
    assert line == (
        f"{ordinary}/processing.yaml:4:1: CC0402 warning the record does not describe the security measures "
        f"(GDPR Art. 30(1)(g)) (lowered from error by the configuration: {REASON})"
    )
    assert status == 0  # no error is left under CC04
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(ordinary), "--format", "json")
    cc0402 = findings(out)["CC0402"]
    assert (cc0402["severity"], cc0402["legal_in"]) == ("warning", ["DE", "EU", "FR", "UK"])
    assert cc0402["override"] == {
        "rulebook_severity": "error",
        "reason": REASON,
        "set_in": f"{ordinary.parent}/.codecheck.yaml:2:11",
    }
    assert findings(out)["CC0414"]["override"] is None


def test_config_shows_what_lint_applies(monkeypatch, capsys, ordinary: Path) -> None:
    config(ordinary, f'severity:\n  CC0402: {{level: warning, reason: "{REASON}"}}\n  CC0807: info\n')
    status, out, _ = run_cli(monkeypatch, capsys, "config", str(ordinary))
    severity = next(line for line in out.splitlines() if line.startswith("severity"))
    assert status == 0
    assert severity == f'severity       CC0402=warning ("{REASON}"), CC0807=info  [{ordinary.parent}/.codecheck.yaml]'
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(ordinary), "--format", "json")
    assert (findings(out)["CC0402"]["severity"], findings(out)["CC0807"]["severity"]) == ("warning", "info")


def test_the_scorecard_lists_each_override_and_its_reason(monkeypatch, capsys, ordinary: Path) -> None:
    config(ordinary, f'severity:\n  CC0402: {{level: warning, reason: "{REASON}"}}\n  CC0807: info\n')
    _, text, _ = run_cli(monkeypatch, capsys, "scorecard", str(ordinary))
    assert text.splitlines()[-3:] == [
        "Severity overrides (the grades use the rulebook's severities):",
        f"  CC0402 error -> warning in 1 finding, set in {ordinary.parent}/.codecheck.yaml:2:11: {REASON}",
        f"  CC0807 warning -> info in 1 finding, set in {ordinary.parent}/.codecheck.yaml:3:11 (no reason given)",
    ]
    _, markdown, _ = run_cli(monkeypatch, capsys, "scorecard", str(ordinary), "--format", "markdown")
    assert f"| CC0402 | error | warning | 1 | {REASON} | " in markdown
    _, card, _ = run_cli(monkeypatch, capsys, "scorecard", str(ordinary), "--format", "json")
    assert findings(card)["CC0402"]["override"]["reason"] == REASON
    html = ordinary.parent / "card.html"
    run_cli(monkeypatch, capsys, "scorecard", str(ordinary), "--format", "html", "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert "Severity overrides (2)" in page and REASON in page


def test_overrides_do_not_change_the_grades(monkeypatch, capsys, ordinary: Path) -> None:
    _, before, _ = run_cli(monkeypatch, capsys, "scorecard", str(ordinary), "--format", "json")
    config(ordinary, f'severity:\n  CC0402: {{level: info, reason: "{REASON}"}}\n  CC0807: info\n  CC0503: error\n')
    _, after, _ = run_cli(monkeypatch, capsys, "scorecard", str(ordinary), "--format", "json")
    assert json.loads(after)["tenets"] == json.loads(before)["tenets"]
    assert json.loads(after)["overall"] == json.loads(before)["overall"]


def test_a_best_practice_rule_may_be_lowered_or_raised_without_a_reason(monkeypatch, capsys, ordinary: Path) -> None:
    config(ordinary, "severity: {CC0807: error}\n")
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(ordinary), "--select", "CC08")
    assert status == 1
    assert out.splitlines()[0].endswith("CC0807 error existing customers must be told of a price increase at least "
                                        "30 days before it applies (the policy says 14 days) (raised from warning by the configuration)")


def test_a_per_path_override_obeys_the_same_rule_and_wins_for_its_files(monkeypatch, capsys, ordinary: Path) -> None:
    config(ordinary, "per_path:\n  - paths: ['policies/processing.yaml']\n    severity: {CC0402: info}\n")
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(ordinary))
    assert status == 2 and err.startswith(f"codecheck: error: {ordinary.parent}/.codecheck.yaml:3:24: per_path[0].severity.CC0402: CC0402 is law")
    config(
        ordinary,
        f'severity: {{CC0402: {{level: warning, reason: "{REASON}"}}}}\n'
        "per_path:\n  - paths: ['policies/processing.yaml']\n    severity: {CC0402: {level: info, reason: legacy record}}\n",
    )
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(ordinary), "--format", "json")
    assert (findings(out)["CC0402"]["severity"], findings(out)["CC0402"]["override"]["reason"]) == ("info", "legacy record")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("severity: {CC0499: warning}\n", "1:20: severity.CC0499: no rule has the id CC0499 (did you mean 'CC0409'?)"),
        ("severity: {CC0012: warning}\n", "1:20: severity.CC0012: CC0012 is a document check: a document codecheck cannot read is always an error"),
        ("severity: {CC0402: {level: warning}}\n", "1:12: severity.CC0402: missing required field 'reason'"),
        (
            'severity: {CC0402: {level: warning, reason: " "}}\n',
            "1:37: severity.CC0402.reason: the reason is empty: say why this rule's severity differs from the rulebook's",
        ),
    ],
)
def test_an_override_the_rulebook_refutes_is_exit_2(monkeypatch, capsys, ordinary: Path, text: str, message: str) -> None:
    config(ordinary, text)
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(ordinary))
    assert (status, err) == (2, f"codecheck: error: {ordinary.parent}/.codecheck.yaml:{message}\n")


def test_only_law_in_force_on_the_day_needs_a_reason() -> None:
    """A law not yet in force (or vacated) on the day judged makes the rule best practice that day."""
    from dataclasses import replace

    from codecheck.engine.rulebook import load_rules
    from codecheck.language import Jurisdiction
    from codecheck.model import Severity
    from codecheck.settings.config import SeverityOverride
    from codecheck.settings.verify import override_problem

    rule = next(r for r in load_rules() if r.id == "CC0807")
    later = replace(rule, legal_in=(Jurisdiction("FR", since="2026-08-11"),))
    rules, lowered = {"CC0807": later}, SeverityOverride(Severity.INFO)
    assert override_problem("CC0807", lowered, rules, frozenset(), "2026-08-10") is None
    assert override_problem("CC0807", lowered, rules, frozenset(), "2026-08-11") == (
        "CC0807 is law in FR from 11 August 2026, where its findings are errors; "
        'to lower it to info, say why: CC0807: {level: info, reason: "..."}'
    )
