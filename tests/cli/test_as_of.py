"""`--as-of DATE` and `as_of:`: an auditor replays the law of a past or future day, and the reports say which day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

DATED_RULE = """\
id: CC0998
name: dated-law
title: Cancelling takes one step
tenet: 9
kinds: [cancellation]
severity: warning
legal_in: [{in: FR, from: 2026-08-11}, CA-QC]
check: {field: steps, lte: 1}
message: cancelling takes {value} steps
rationale: A law that starts on 11 August 2026 in France, and holds in Quebec.
fix: Remove a step.
references: [{title: Test law, url: "https://example.org/law"}]
examples:
  pass: [{steps: 1}]
  fail: [{jurisdictions: [FR], steps: 2}]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "policies" / "pricing.yaml", PRICING + "jurisdictions: [FR]\n")
    write(tmp_path / "policies" / "cancellation.yaml", CANCELLATION + "jurisdictions: [FR]\n")
    write(tmp_path / "pack" / "CC0998.yaml", DATED_RULE)
    return tmp_path


def lint_json(monkeypatch, capsys, project: Path, *args: str) -> tuple[int, dict]:
    status, out, err = run_cli(
        monkeypatch, capsys, "lint", str(project / "policies"), "--rules", str(project / "pack"), "--select", "CC0998",
        "--format", "json", *args,
    )  # fmt: skip
    assert err == ""
    return status, json.loads(out)


def test_lint_judges_by_the_law_of_the_as_of_date(monkeypatch, capsys, project: Path) -> None:
    status, before = lint_json(monkeypatch, capsys, project, "--as-of", "2026-08-10")
    assert status == 0 and before["summary"]["as_of"] == "2026-08-10"
    assert [(f["rule_id"], f["severity"], f["legal_in"]) for f in before["findings"]] == [("CC0998", "warning", [])]
    status, after = lint_json(monkeypatch, capsys, project, "--as-of", "2026-08-11")
    assert status == 1 and after["summary"]["as_of"] == "2026-08-11"
    assert [(f["rule_id"], f["severity"], f["legal_in"]) for f in after["findings"]] == [("CC0998", "error", ["FR"])]


def test_without_as_of_the_run_is_judged_by_today(monkeypatch, capsys, project: Path) -> None:
    status, report = lint_json(monkeypatch, capsys, project)  # the tests pin today to 2026-11-24
    assert (status, report["summary"]["as_of"], report["findings"][0]["severity"]) == (1, "2026-11-24", "error")


def test_the_as_of_date_holds_in_every_process(monkeypatch, capsys, project: Path) -> None:
    monkeypatch.setattr("codecheck.engine.split.PARALLEL_FILES", 1)  # a small project: fork anyway
    status, report = lint_json(monkeypatch, capsys, project, "--as-of", "2026-08-10", "--jobs", "2")
    assert (status, report["findings"][0]["severity"]) == (0, "warning")


def test_a_subdivision_on_the_command_line_gets_its_law(monkeypatch, capsys, project: Path) -> None:
    status, report = lint_json(monkeypatch, capsys, project, "--as-of", "2026-01-01", "--jurisdiction", "ca-qc")
    assert (status, report["findings"][0]["legal_in"]) == (1, ["CA-QC"])


def test_the_scorecard_says_which_day_of_law_it_applied(monkeypatch, capsys, project: Path) -> None:
    args = ("scorecard", str(project / "policies"), "--rules", str(project / "pack"), "--as-of", "2027-03-01")
    status, out, _ = run_cli(monkeypatch, capsys, *args, "--format", "json")
    provenance = json.loads(out)["provenance"]
    assert (provenance["date"], provenance["as_of"]) == ("2026-11-24", "2027-03-01")
    _, text, _ = run_cli(monkeypatch, capsys, *args)
    assert "Judged by the law in force on 1 March 2027." in text.splitlines()
    _, markdown, _ = run_cli(monkeypatch, capsys, *args, "--format", "markdown")
    assert "Judged by the law in force on 1 March 2027." in markdown


def test_the_config_file_sets_the_date_and_the_command_line_overrides_it(monkeypatch, capsys, project: Path) -> None:
    write(project / ".codecheck.yaml", "as_of: 2026-08-10\n")
    assert lint_json(monkeypatch, capsys, project)[1]["summary"]["as_of"] == "2026-08-10"
    assert lint_json(monkeypatch, capsys, project, "--as-of", "2026-09-01")[1]["summary"]["as_of"] == "2026-09-01"
    status, out, _ = run_cli(monkeypatch, capsys, "config", str(project / "policies"))
    line = next(line for line in out.splitlines() if line.startswith("as_of"))
    assert (status, line.split()[1], line.endswith(f"[{project}/.codecheck.yaml]")) == (0, "2026-08-10", True)


def test_pyproject_may_write_the_date_as_a_toml_date(monkeypatch, capsys, project: Path) -> None:
    write(project / "pyproject.toml", "[tool.codecheck]\nas_of = 2026-08-10\n")
    assert lint_json(monkeypatch, capsys, project)[1]["summary"]["as_of"] == "2026-08-10"


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (".codecheck.yaml", "fail_on: error\nas_of: 2026-02-30\n", ".codecheck.yaml:2:1: as_of: '2026-02-30' is not a date (day is out of range for month)"),
        (".codecheck.yaml", "as_of: tomorrow\n", ".codecheck.yaml:1:1: as_of: 'tomorrow' is not a date in the form YYYY-MM-DD"),
        ("pyproject.toml", "[tool.codecheck]\nas_of = 2026-02-30\n", "pyproject.toml:2:9: Invalid date or datetime"),
        ("pyproject.toml", "[tool.codecheck]\nas_of = '2026-13-01'\n", "pyproject.toml:2:1: tool.codecheck.as_of: '2026-13-01' is not a date in the form YYYY-MM-DD"),
        (".codecheck.yaml", "jurisdictions: [EU, Germny]\n", ".codecheck.yaml:1:21: jurisdictions[1]: 'Germny' is not a known jurisdiction code (did you mean 'DE'?); use an ISO 3166 country or subdivision code such as IT, US-CA or CA-QC, or EU or EEA"),
    ],
)  # fmt: skip
def test_a_bad_date_or_code_in_the_config_stops_the_run_at_its_position(
    monkeypatch, capsys, project: Path, file: str, content: str, message: str
) -> None:
    write(project / file, content)
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(project / "policies"))
    assert (status, err) == (2, f"codecheck: error: {project}/{message}\n")


def test_test_rules_runs_a_pack_with_dated_law(monkeypatch, capsys, project: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "test-rules", str(project / "pack"))
    assert status == 0 and "0 failed" in out
