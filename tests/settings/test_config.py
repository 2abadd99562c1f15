"""Configuration: the layers, selection by prefix and tenet, per-path overrides, and errors with positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

from codecheck.settings.config import resolve
from codecheck.settings.files import ConfigError, find_config, read_config
from codecheck.settings.selection import enabled


@pytest.mark.parametrize(
    ("rule_id", "tenet", "select", "ignore", "expected"),
    [
        ("CC0902", 9, (), (), True),
        ("CC0902", 9, ("CC09",), (), True),
        ("CC0402", 4, ("CC09",), (), False),
        ("CC0902", 9, (), ("CC09",), False),
        ("CC0902", 9, ("CC0902",), ("CC09",), True),  # the longer pattern wins
        ("CC0903", 9, ("CC09",), ("CC0903",), False),
        ("CC0902", 9, ("lock-in",), (), True),
        ("CC0902", 9, (), ("lock-in",), False),
        ("CC0012", None, ("CC09",), (), False),
        ("CC0012", None, ("CC00",), (), True),
    ],
)
def test_select_and_ignore(rule_id, tenet, select, ignore, expected) -> None:
    assert enabled(rule_id, tenet, select, ignore) is expected


def test_precedence_defaults_then_file_then_command_line(tmp_path: Path) -> None:
    file = write(tmp_path / ".codecheck.yaml", "fail_on: warning\nignore: [CC0703]\njurisdictions: [EU]\nrules: [packs/acme]\n")
    config = resolve(str(file), {"fail_on": "info", "ignore": [], "select": [], "min_grade": None})
    assert config.fail_on == "info" and config.sources["fail_on"] == "command line"
    assert config.ignore == ("CC0703",) and config.sources["ignore"] == str(file)
    assert config.jurisdictions == ("EU",)
    assert config.rules == (str(tmp_path / "packs" / "acme"),)  # relative to the config file
    assert config.min_grade is None and config.sources["min_grade"] == "default"


def test_the_nearest_config_above_the_path_is_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(str(tmp_path)) is None  # a pyproject.toml without [tool.codecheck] is not a config
    write(tmp_path / "pyproject.toml", "[tool.codecheck]\nfail_on = 'warning'\n")
    (tmp_path / "policies" / "sub").mkdir(parents=True)
    assert find_config(str(tmp_path / "policies" / "sub")) == str(tmp_path / "pyproject.toml")
    write(tmp_path / "policies" / ".codecheck.yaml", "fail_on: info\n")
    assert find_config(str(tmp_path / "policies" / "sub")) == str(tmp_path / "policies" / ".codecheck.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fail_on: warning\nselct: [CC09]\n", ".codecheck.yaml:2:1: unknown field 'selct' (did you mean 'select'?)"),
        ("fail_on: sometimes\n", ".codecheck.yaml:1:1: fail_on: 'sometimes' is not one of: error, warning, info, never"),
        ("select: CC09\n", ".codecheck.yaml:1:1: select: expected a list, found 'CC09'"),
        (
            "per_path:\n  - paths: [legacy/*]\n    ignor: [CC04]\n",
            ".codecheck.yaml:3:5: per_path[0]: unknown field 'ignor' (did you mean 'ignore'?)",
        ),
        ("fail_on: [error\n", ".codecheck.yaml:2:1: while parsing a flow sequence at line 1, column 10: did not find expected ',' or ']'"),
    ],
)
def test_config_errors_name_file_line_column_and_key(tmp_path: Path, text: str, expected: str) -> None:
    file = write(tmp_path / ".codecheck.yaml", text)
    with pytest.raises(ConfigError) as caught:
        read_config(str(file))
    assert str(caught.value).replace(str(tmp_path) + "/", "") == expected


def test_pyproject_errors_name_the_line_of_the_key(tmp_path: Path) -> None:
    file = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.codecheck]\nfail_on = 'warning'\nmin_grade = 'Z'\n")
    with pytest.raises(ConfigError) as caught:
        read_config(str(file))
    assert str(caught.value) == f"{file}:6:1: tool.codecheck.min_grade: 'Z' is not one of: A, B, C, D, F"


def test_a_bad_config_key_is_exit_2_with_one_line(monkeypatch, capsys, tmp_path: Path) -> None:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / ".codecheck.yaml", "fail-on: warning\n")
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"))
    assert status == 2
    assert err == f"codecheck: error: {tmp_path}/.codecheck.yaml:1:1: unknown field 'fail-on' (did you mean 'fail_on'?)\n"


def test_config_prints_each_value_and_its_source(monkeypatch, capsys, tmp_path: Path) -> None:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / ".codecheck.yaml", "ignore: [CC0703]\nfail_on: warning\n")
    status, out, _ = run_cli(monkeypatch, capsys, "config", str(tmp_path / "policies"), "--fail-on", "info")
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert status == 0
    assert lines["ignore"].endswith(f"CC0703  [{tmp_path}/.codecheck.yaml]")
    assert lines["fail_on"].endswith("info  [command line]")
    assert lines["select"].endswith("[default]")


def test_per_path_overrides_drop_findings_for_matching_files(monkeypatch, capsys, tmp_path: Path) -> None:
    broken = CANCELLATION.replace("steps: 2", "steps: many")
    write(tmp_path / "policies" / "legacy" / "cancellation.yaml", broken)
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--select", "CC0012")
    assert status == 1 and "CC0012" in out
    write(tmp_path / ".codecheck.yaml", "per_path:\n  - paths: ['policies/legacy/*']\n    ignore: [CC0012]\n")
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--select", "CC0012")
    assert status == 0 and "CC0012" not in out


def test_select_on_the_command_line_limits_the_rules(monkeypatch, capsys) -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "lock-in"
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(root), "--select", "CC09", "--format", "json")
    import json

    ids = {f["rule_id"] for f in json.loads(out)["findings"]}
    assert ids and all(i.startswith("CC09") for i in ids)


def test_an_unreadable_config_or_changes_file_is_a_one_line_error(monkeypatch, capsys, tmp_path: Path) -> None:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.codecheck]\nfail_on = "caf\xe9"\n')
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"))
    assert status == 2 and err.startswith(f"codecheck: error: {tmp_path / 'pyproject.toml'}:2:") and "internal" not in err
    (tmp_path / "pyproject.toml").unlink()
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "changes.yaml").write_bytes(b"changes:\n  - id: caf\xe9\n")
    folder = str(tmp_path / "policies")
    status, _, err = run_cli(monkeypatch, capsys, "diff", folder, folder, "--rules", str(tmp_path / "pack"))
    assert status == 2 and err.startswith(f"codecheck: error: {tmp_path / 'pack' / 'changes.yaml'}:2:")
