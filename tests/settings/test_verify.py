"""--select and --ignore, on the command line or in a config file, must name a rule: a typo in a CI gate
stops the run (exit 2) with a did-you-mean instead of passing every policy set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

from codecheck.settings.verify import pattern_problem

ROOT = Path(__file__).resolve().parents[2]
LOCKIN = "'lockin' is not a rule id, an id prefix such as CC09, or a tenet name such as lock-in (did you mean 'lock-in'?)"
CC9 = "no rule id starts with 'CC9' (did you mean 'CC09'?)"
FOO = "'foo' is not a rule id, an id prefix such as CC09, or a tenet name such as lock-in; `codecheck rules` lists the rule ids"


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / "policies" / "cancellation.yaml", CANCELLATION)
    return tmp_path / "policies"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--select", "lockin", LOCKIN), ("--ignore", "CC9", CC9), ("--select", "foo", FOO), ("--ignore", "CC09,lockin", LOCKIN)],
)
@pytest.mark.parametrize("command", ["lint", "scorecard", "config", "hook"])
def test_a_pattern_on_the_command_line_that_names_no_rule_is_exit_2(
    monkeypatch, capsys, policies: Path, command: str, option: str, value: str, message: str
) -> None:
    target = str(policies / "pricing.yaml") if command == "hook" else str(policies)
    status, out, err = run_cli(monkeypatch, capsys, command, target, option, value)
    assert (status, out, err) == (2, "", f"codecheck: error: {option}: {message}\n")


def test_diff_refuses_it_too(monkeypatch, capsys, policies: Path) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "diff", str(policies), str(policies), "--select", "lockin")
    assert (status, err) == (2, f"codecheck: error: --select: {LOCKIN}\n")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("select: [lockin]\n", ".codecheck.yaml:1:10: select[0]", LOCKIN),
        ("fail_on: warning\nignore: [CC09, CC9]\n", ".codecheck.yaml:2:16: ignore[1]", CC9),
        ("per_path:\n  - paths: [legacy/*]\n    ignore: [foo]\n", ".codecheck.yaml:3:14: per_path[0].ignore[0]", FOO),
    ],
)
def test_the_same_pattern_in_a_config_file_is_the_same_error_at_its_line_and_column(
    monkeypatch, capsys, policies: Path, text: str, where: str, message: str
) -> None:
    write(policies.parent / ".codecheck.yaml", text)
    for command in ("lint", "config"):
        status, _, err = run_cli(monkeypatch, capsys, command, str(policies))
        assert (status, err) == (2, f"codecheck: error: {policies.parent}/{where}: {message}\n")


def test_in_pyproject_toml_it_names_the_key_line(monkeypatch, capsys, policies: Path) -> None:
    write(policies.parent / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.codecheck]\nselect = ['CC09', 'lockin']\n")
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(policies))
    assert (status, err) == (2, f"codecheck: error: {policies.parent}/pyproject.toml:5:1: tool.codecheck.select[1]: {LOCKIN}\n")


@pytest.mark.parametrize("pattern", ["CC", "CC1", "cc09", "CC0902", "lock-in", "LOCK-IN", "CC00", "CC0012", "data"])
def test_ids_prefixes_and_tenet_names_are_accepted_in_any_case(pattern: str) -> None:
    assert pattern_problem(pattern, ["CC0012", "CC0902", "CC1001"]) is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("CC0903", "no rule id starts with 'CC0903' (did you mean 'CC0902'?)"),
        ("tenet9", "'tenet9' is not a rule id, an id prefix such as CC09, or a tenet name such as lock-in; `codecheck rules` lists the rule ids"),
        ("self_service", "'self_service' is not a rule id, an id prefix such as CC09, or a tenet name such as lock-in (did you mean 'self-service'?)"),
    ],
)
def test_the_closest_id_prefix_or_tenet_name_is_suggested(pattern: str, message: str) -> None:
    assert pattern_problem(pattern, ["CC0012", "CC0902", "CC1001"]) == message


def test_a_rule_of_a_pack_can_be_selected_once_the_pack_is_given(monkeypatch, capsys, policies: Path, tmp_path: Path) -> None:
    from engine.test_rulebook import GOOD

    write(tmp_path / "pack" / "CC0999.yaml", GOOD)
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(policies), "--select", "CC0999")
    assert (status, err) == (2, "codecheck: error: --select: no rule id starts with 'CC0999' (did you mean 'CC0909'?)\n")
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(policies), "--select", "CC0999", "--rules", str(tmp_path / "pack"))
    assert (status, err) == (0, "")


def test_ignore_drops_a_document_check_and_select_never_hides_one(monkeypatch, capsys, policies: Path) -> None:
    write(policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: many"))
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--select", "CC09", "--format", "json")
    failures = {f["rule_id"] for f in json.loads(out)["findings"] if f["severity"] != "gap"}
    assert failures == {"CC0012"}  # a broken file is always reported
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--ignore", "CC0012", "--format", "json")
    assert "CC0012" not in {f["rule_id"] for f in json.loads(out)["findings"]}
    assert status == 0
