"""The command line, through its real entry point: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

from codecheck import __version__


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / "policies" / "cancellation.yaml", CANCELLATION)
    return tmp_path / "policies"


def test_version(monkeypatch, capsys) -> None:
    assert run_cli(monkeypatch, capsys, "--version") == (0, f"codecheck, version {__version__}\n", "")


def test_a_policy_set_without_errors_exits_0(monkeypatch, capsys, policies: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies))
    assert status == 0, out
    assert " error" not in out


def test_a_broken_value_exits_1_at_its_line_and_column(monkeypatch, capsys, policies: Path) -> None:
    write(policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: many"))
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies))
    assert status == 1
    assert f"{policies / 'cancellation.yaml'}:6:8: CC0012 error cancellation.steps: expected a whole number, found 'many'" in out
    assert out.splitlines()[-1].startswith("Found 1 error in 2 documents in 2 files")


def test_the_default_path_is_policies(monkeypatch, capsys, policies: Path) -> None:
    monkeypatch.chdir(policies.parent)
    write(policies / "broken.yaml", "a: [1\n")
    status, out, _ = run_cli(monkeypatch, capsys, "lint")
    assert status == 1
    assert out.startswith("policies/broken.yaml:2:1: CC0001 error ")


def test_json_output_shape(monkeypatch, capsys, policies: Path) -> None:
    write(policies / "cancellation.yaml", CANCELLATION.replace("channels: [online, email]", "channels: [fax]"))
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--format", "json")
    report = json.loads(out)
    assert status == 1
    assert report["version"] == 1
    schema_findings = [f for f in report["findings"] if f["rule_id"] == "CC0012"]
    assert len(schema_findings[0].pop("fingerprint")) == 20
    assert schema_findings == [
        {
            "rule_id": "CC0012",
            "tenet": None,
            "severity": "error",
            "file": str(policies / "cancellation.yaml"),
            "line": 5,
            "column": 12,
            "doc_id": "cancel-main",
            "path": "channels[=fax]",
            "message": "cancellation.channels[=fax]: 'fax' is not one of: online, in_app, email, phone, chat, in_person, mail",
            "fix": "Correct the value; `codecheck schema KIND` prints every field with its description.",
            "legal_in": [],
            "suppression": None,
            "baselined": False,
            "override": None,
            "value": "",
            "absent": "",
            "needed_by": [],
        }
    ]
    assert report["summary"]["files"] == 2 and report["summary"]["documents"] == 2


def test_output_file_is_written_and_a_missing_folder_is_a_usage_error(monkeypatch, capsys, policies: Path) -> None:
    target = policies.parent / "report.json"
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--format", "json", "-o", str(target))
    assert (status, out) == (0, "")
    assert json.loads(target.read_text())["version"] == 1
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(policies), "-o", str(policies.parent / "no" / "r.txt"))
    assert status == 2
    assert "the folder" in err and "does not exist" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lint", "/nonexistent/policies"), "codecheck: error: /nonexistent/policies: no such file or folder\n"),
        (
            ("lint", ".", "--jurisdiction", "XX"),
            "codecheck: error: --jurisdiction: 'XX' is not a known jurisdiction code; use an ISO 3166 country or"
            " subdivision code such as IT, US-CA or CA-QC, or EU or EEA\n",
        ),
        (
            ("lint", ".", "--jurisdiction", "EU,Quebec"),
            "codecheck: error: --jurisdiction: 'Quebec' is not a known jurisdiction code (did you mean 'CA-QC'?); use an"
            " ISO 3166 country or subdivision code such as IT, US-CA or CA-QC, or EU or EEA\n",
        ),
        (("lint", ".", "--as-of", "2026-02-30"), "codecheck: error: --as-of: '2026-02-30' is not a date (day is out of range for month)\n"),
        (("lint", ".", "--as-of", "next week"), "codecheck: error: --as-of: 'next week' is not a date (expected YYYY-MM-DD)\n"),
        (("explain", "CC9999"), "codecheck: error: no rule or change has the id or name CC9999; "
         "`codecheck rules` lists the rules, `codecheck rules --changes` the changes\n"),
        (("lint", ".", "--rules", "/nonexistent/pack"), "codecheck: error: /nonexistent/pack: no such rule pack folder\n"),
    ],
)
def test_usage_errors_exit_2_with_one_line(monkeypatch, capsys, args: tuple[str, ...], message: str) -> None:
    status, _, err = run_cli(monkeypatch, capsys, *args)
    assert (status, err) == (2, message)


def test_bad_options_exit_2(monkeypatch, capsys) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "lint", "--format", "yaml")
    assert status == 2
    assert "Invalid value for '--format'" in err
    assert "Traceback" not in err


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys, policies: Path) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("codecheck.cli.lint.run_audit", broken)
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(policies))
    assert status == 2
    assert err.startswith("codecheck: internal error: RuntimeError: boom\n")
    assert "Traceback" not in err


def test_schema_prints_a_complete_schema(monkeypatch, capsys) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "schema", "cancellation")
    schema = json.loads(out)
    assert status == 0
    assert schema["properties"]["kind"]["const"] == "cancellation"
    assert {"codecheck", "kind", "id"} <= set(schema["required"])
    assert "duration" in schema["$defs"]


def test_explain_a_document_check(monkeypatch, capsys) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "explain", "cc0005")
    assert status == 0
    assert out.startswith("CC0005 (duplicate-key): A key appears twice in one mapping")


def test_rules_json_lists_complete_rules(monkeypatch, capsys) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "rules", "--format", "json")
    listed = json.loads(out)
    assert status == 0
    assert {"id", "title", "tenet", "severity", "kinds", "jurisdictions", "references"} <= set(listed[0])


def test_test_rules_catches_a_wrong_example_in_a_user_pack(monkeypatch, capsys, tmp_path: Path) -> None:
    from engine.test_rulebook import GOOD

    write(tmp_path / "pack" / "CC0999.yaml", GOOD.replace("  fail: [{steps: 4}]", "  fail: [{steps: 2}]"))
    status, out, _ = run_cli(monkeypatch, capsys, "test-rules", str(tmp_path / "pack"))
    assert status == 1
    assert f"{tmp_path / 'pack' / 'CC0999.yaml'}: CC0999 fail[0]: expected the rule to fail, it was pass\n" in out
    assert out.rstrip().endswith(" passed, 1 failed")


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "codecheck", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"codecheck, version {__version__}\n")


def test_json_output_matches_the_published_schema(monkeypatch, capsys, policies: Path) -> None:
    from jsonschema import Draft202012Validator

    write(policies / "broken.yaml", "a: [1\n")
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--format", "json")
    schema = json.loads((Path(__file__).resolve().parents[2] / "docs" / "schemas" / "lint-output.schema.json").read_text())
    Draft202012Validator(schema).validate(json.loads(out))


def test_jobs_give_the_same_report_as_one_process(monkeypatch, capsys) -> None:
    monkeypatch.setattr("codecheck.engine.split.PARALLEL_FILES", 1)  # the examples are few files: fork anyway
    examples = str(Path(__file__).resolve().parents[2] / "examples")
    _, one, _ = run_cli(monkeypatch, capsys, "lint", examples, "--format", "json", "--jobs", "1")
    _, two, _ = run_cli(monkeypatch, capsys, "lint", examples, "--format", "json", "--jobs", "2")
    assert json.loads(one)["findings"] and one == two


def test_hook_reports_what_lint_reports_for_the_changed_file_and_cross_document_rules(monkeypatch, capsys) -> None:
    from codecheck.engine.rulebook import load_rules

    folder = os.path.relpath(Path(__file__).resolve().parents[2] / "examples" / "lock-in")  # as the hook prints it
    changed = os.path.join(folder, "support.yaml")
    cross = {r.id for r in load_rules() if r.cross_document}
    _, full, _ = run_cli(monkeypatch, capsys, "lint", folder)
    status, hooked, _ = run_cli(monkeypatch, capsys, "hook", changed)
    findings = [line for line in full.splitlines() if line.startswith(folder)]
    expected = [line for line in findings if line.startswith(changed) or line.split()[1] in cross]
    assert status == 1
    assert [line for line in hooked.splitlines() if line.startswith(folder)] == expected
    assert any(line.startswith(changed) for line in expected) and any(not line.startswith(changed) for line in expected)


@pytest.mark.parametrize("command", ["lint", "scorecard", "hook"])
def test_profile_prints_the_stages_for_every_command(monkeypatch, capsys, command: str) -> None:
    import codecheck.profile

    monkeypatch.setattr(codecheck.profile, "_requested", [])
    example = Path(__file__).resolve().parents[2] / "examples" / "customer-first"
    target = str(example / "support.yaml") if command == "hook" else str(example)
    status, _, err = run_cli(monkeypatch, capsys, command, target, "--profile")
    assert status == 0
    assert [line.split()[0] for line in err.splitlines()][-1] == "total" and "evaluate" in err


def test_every_command_is_found_by_its_name() -> None:
    """Commands are imported when they run: each name in the table must give that command."""
    import click

    from codecheck.cli.app import COMMANDS, cli

    context = click.Context(cli)
    assert [cli.get_command(context, name).name for name in cli.list_commands(context)] == sorted(COMMANDS)


def test_the_version_loads_no_pipeline() -> None:
    """`codecheck --version` is start-up alone: no stage, no model, no report, no PyYAML, no regex engine, no schema
    checker, no multiprocessing."""
    code = "import sys\nsys.argv = ['codecheck', '--version']\nfrom codecheck.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\nprint(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(done.stdout.splitlines()[-1])  # a list of module names, printed by the child
    heavy = ("yaml", "regex", "jsonschema", "jsonschema_rs", "multiprocessing", "jinja2")
    stages = ("codecheck.pipeline", "codecheck.engine", "codecheck.settings", "codecheck.documents", "codecheck.gate",
              "codecheck.report", "codecheck.records", "codecheck.model")  # the readers and the model: 20 of 44 ms
    assert [m for m in loaded if m.split(".")[0] in heavy or m.startswith(stages)] == []


def test_lint_in_one_process_loads_no_multiprocessing(tmp_path: Path) -> None:
    """multiprocessing costs start-up time (about a fifth of the imports): only --jobs 2 or more needs it."""
    write(tmp_path / "pricing.yaml", PRICING)
    code = f"import sys\nsys.argv = ['codecheck', 'lint', {str(tmp_path)!r}]\nfrom codecheck.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\nprint('multiprocessing' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
