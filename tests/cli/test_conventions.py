"""The switches linter users reach for: --quiet, --statistics, --exit-zero, --fail-on never, --output-format,
`-` with --stdin-filename, --show-source, the progress line, and shell completion."""

from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

from codecheck.cli import progress as progress_line
from codecheck.engine.rulebook import load_rules

FOUND = "Found 1 warning in 2 documents in 2 files."


@pytest.fixture
def policies(tmp_path: Path, monkeypatch) -> Path:
    """A set with one finding, CC0902: the minimal documents leave out what other rules would ask for."""
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / "policies" / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 9"))
    write(tmp_path / ".codecheck.yaml", SELECT)
    return tmp_path / "policies"


SELECT = "select: [CC0902, CC00]\n"


def cc0902(policies: Path, file: str = "cancellation.yaml") -> str:
    return f"{policies / file}:6:8: CC0902 warning cancelling takes 9 steps but signing up for a covered plan takes 2"


def test_quiet_prints_the_findings_and_nothing_else(monkeypatch, capsys, policies: Path) -> None:
    assert run_cli(monkeypatch, capsys, "lint", str(policies), "--fail-on", "warning", "-q") == (1, cc0902(policies) + "\n", "")
    write(policies / "cancellation.yaml", CANCELLATION)
    assert run_cli(monkeypatch, capsys, "lint", str(policies), "--quiet") == (0, "", "")


def test_quiet_leaves_out_the_note_of_write_baseline(monkeypatch, capsys, policies: Path) -> None:
    target = policies.parent / "baseline.json"
    assert run_cli(monkeypatch, capsys, "lint", str(policies), "--write-baseline", str(target), "-q") == (0, "", "")
    assert json.loads(target.read_text())["findings"][0]["rule_id"] == "CC0902"


def test_statistics_counts_the_findings_of_each_rule(monkeypatch, capsys, policies: Path) -> None:
    write(policies / "broken.yaml", "a: [1\n")
    write(policies / "twice.yaml", "a: 1\na: 2\n")
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--statistics")
    assert status == 1
    lines = out.splitlines()
    assert [line.split()[:3] for line in lines[:-2]] == [["1", "CC0001", "error"], ["1", "CC0005", "error"], ["1", "CC0010", "error"], ["1", "CC0902", "warning"]]
    title = next(rule.title for rule in load_rules(()) if rule.id == "CC0902")
    assert lines[3] == f"1  CC0902  warning  {title}"
    assert lines[-2:] == ["", "Found 3 errors, 1 warning in 3 documents in 4 files."]
    _, quiet, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--statistics", "-q")
    assert quiet.splitlines() == lines[:-2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--statistics", "--format", "json"), "--statistics is for the text format; --format json has every finding with its place already"),
        (("--show-source", "--output-format", "sarif"), "--show-source is for the text format; --format sarif has every finding with its place already"),
        (("--show-source", "--statistics"), "--statistics counts findings and shows none: it cannot show their source"),
        (("--stdin-filename", "x.yaml"), "--stdin-filename names the text on standard input: give - among PATHS to read it"),
        (("-", "-"), "give - (standard input) once"),
    ],
)
def test_switches_that_cannot_go_together_are_a_usage_error(monkeypatch, capsys, policies: Path, args, message: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert run_cli(monkeypatch, capsys, "lint", str(policies), *args) == (2, "", f"codecheck: error: {message}\n")


def test_exit_zero_reports_the_findings_and_exits_0(monkeypatch, capsys, policies: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--fail-on", "info", "--exit-zero")
    assert (status, out) == (0, f"{cc0902(policies)}\n\n{FOUND}\n")


def test_exit_zero_does_not_hide_a_usage_error(monkeypatch, capsys, tmp_path: Path) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "missing"), "--exit-zero")
    assert (status, err) == (2, f"codecheck: error: {tmp_path / 'missing'}: no such file or folder\n")


@pytest.mark.parametrize("command", ["scorecard", "diff"])
def test_exit_zero_for_scorecard_and_diff(monkeypatch, capsys, policies: Path, command: str) -> None:
    base = policies.parent / "base"
    write(base / "pricing.yaml", PRICING)
    write(base / "cancellation.yaml", CANCELLATION)
    paths = [str(base), str(policies)] if command == "diff" else [str(policies)]
    assert run_cli(monkeypatch, capsys, command, *paths, "--fail-on", "info")[0] == 1
    assert run_cli(monkeypatch, capsys, command, *paths, "--fail-on", "info", "--exit-zero")[0] == 0


def test_fail_on_never_reports_and_passes_from_the_command_line_or_the_config(monkeypatch, capsys, policies: Path) -> None:
    write(policies / "cancellation.yaml", CANCELLATION.replace("channels: [online, email]", "channels: [fax]"))
    assert run_cli(monkeypatch, capsys, "lint", str(policies))[0] == 1
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--fail-on", "never")
    assert status == 0 and "CC0012 error" in out
    write(policies / ".codecheck.yaml", SELECT + "fail_on: never\n")
    assert run_cli(monkeypatch, capsys, "lint", str(policies))[0] == 0
    assert "fail_on        never  [" in run_cli(monkeypatch, capsys, "config", str(policies))[1]
    assert run_cli(monkeypatch, capsys, "lint", str(policies), "--min-grade", "A")[0] == 1  # the grade still counts


def test_fail_on_never_for_diff(monkeypatch, capsys, policies: Path) -> None:
    base = policies.parent / "base"
    write(base / "pricing.yaml", PRICING)
    write(base / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 1"))  # cancelling gets longer: adverse
    assert run_cli(monkeypatch, capsys, "diff", str(base), str(policies))[0] == 1
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(policies), "--fail-on", "never")
    assert status == 0 and "Customer-adverse changes: 1" in out


@pytest.mark.parametrize(
    ("command", "fmt"), [("lint", "json"), ("scorecard", "markdown"), ("diff", "json"), ("rules", "markdown")]
)
def test_output_format_is_another_name_for_format(monkeypatch, capsys, policies: Path, command: str, fmt: str) -> None:
    paths = {"lint": [str(policies)], "scorecard": [str(policies)], "diff": [str(policies), str(policies)], "rules": []}[command]
    by_format = run_cli(monkeypatch, capsys, command, *paths, "--format", fmt)
    assert run_cli(monkeypatch, capsys, command, *paths, "--output-format", fmt) == by_format
    assert by_format[1] != run_cli(monkeypatch, capsys, command, *paths)[1]


def stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_dash_lints_standard_input_alone(monkeypatch, capsys, tmp_path: Path) -> None:
    write(tmp_path / ".codecheck.yaml", SELECT)  # found from the current folder
    monkeypatch.chdir(tmp_path)
    stdin(monkeypatch, CANCELLATION.encode())
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "-")
    assert (status, out.splitlines()) == (1, [
        "<stdin>:4:10: CC0014 error cancellation.covers[=pricing-main]: no pricing document has the id 'pricing-main'",
        "",
        "Found 1 error in 1 document in 1 file.",
    ])


def test_stdin_filename_puts_standard_input_in_place_of_that_file_in_its_policy_set(monkeypatch, capsys, tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write(policies / "pricing.yaml", PRICING)
    write(policies / "cancellation.yaml", CANCELLATION)  # on disk: fine
    write(policies / ".codecheck.yaml", SELECT + "fail_on: warning\n")  # found from --stdin-filename's folder
    monkeypatch.chdir(tmp_path)
    stdin(monkeypatch, CANCELLATION.replace("steps: 2", "steps: 9").encode())  # the unsaved buffer: a cross-document finding
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "policies", "-", "--stdin-filename", "./policies/cancellation.yaml")
    assert (status, out) == (1, f"{cc0902(Path('policies'))}\n\n{FOUND}\n")


def test_stdin_that_is_binary_or_too_large_is_a_finding_like_a_file(monkeypatch, capsys) -> None:
    stdin(monkeypatch, b"\x00\x01")
    assert run_cli(monkeypatch, capsys, "lint", "-", "--stdin-filename", "p.yaml", "-q")[1] == (
        "p.yaml:1:1: CC0002 error the file is binary, not YAML text\n"
    )
    monkeypatch.setattr("codecheck.cli.lint.MAX_FILE_BYTES", 8)
    stdin(monkeypatch, b"a: 1\nb: 2\nc: 3\n")
    assert run_cli(monkeypatch, capsys, "lint", "-", "--stdin-filename", "p.yaml", "-q")[1].startswith("p.yaml:1:1: CC0003 error ")


def test_show_source_puts_the_line_and_a_caret_under_each_finding(monkeypatch, capsys, policies: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--show-source", "-q")
    assert out.splitlines() == [cc0902(policies), "  6 | steps: 9", "    |        ^"]
    write(policies / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps:\t9"))  # a tab keeps the caret under it
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--show-source", "-q")
    assert out.splitlines()[1:] == ["  6 | steps:\t9", "    |       \t^"]


def test_show_source_reads_standard_input_not_the_file_it_replaces(monkeypatch, capsys, policies: Path) -> None:
    stdin(monkeypatch, ("# unsaved\n" + CANCELLATION.replace("steps: 2", "steps: 9")).encode())
    target = str(policies / "cancellation.yaml")
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "-", "--stdin-filename", target, "--show-source", "-q")
    assert out.splitlines()[1:] == ["  7 | steps: 9", "    |        ^"]


def progress_on(stream, monkeypatch, capsys, policies: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """Run lint in-process with standard error on `stream`; the delay before the first draw is 0 here."""
    monkeypatch.setattr(progress_line, "DELAY", 0.0)
    monkeypatch.setattr(progress_line, "INTERVAL", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "stderr", stream)
    run_cli(monkeypatch, capsys, "lint", str(policies), *args)


def on_a_terminal(monkeypatch, capsys, policies: Path, *args: str, env: dict[str, str] | None = None) -> str:
    main, child = pty.openpty()
    with os.fdopen(child, "w", encoding="utf-8", closefd=True) as terminal:
        assert terminal.isatty()
        progress_on(terminal, monkeypatch, capsys, policies, *args, env=env)
    os.set_blocking(main, False)
    try:
        return os.read(main, 1 << 20).decode()
    except OSError:  # nothing was written (EAGAIN), or the terminal is closed and empty (EIO)
        return ""
    finally:
        os.close(main)


def test_a_terminal_sees_the_progress_line_drawn_over_itself_and_erased(monkeypatch, capsys, policies: Path) -> None:
    seen = on_a_terminal(monkeypatch, capsys, policies)
    assert "\rcodecheck: reading files      [" + "#" * 15 + "." * 15 + "] 1/2\x1b[K" in seen
    assert "\rcodecheck: checking documents [" + "#" * 30 + "]" in seen
    assert seen.endswith("\r\x1b[K")  # erased before the report


@pytest.mark.parametrize(
    ("args", "env"), [(("-q",), {}), ((), {"CI": "true"}), ((), {"TERM": "dumb"})], ids=["quiet", "CI", "dumb-terminal"]
)
def test_no_progress_line_when_quiet_in_ci_or_on_a_dumb_terminal(monkeypatch, capsys, policies: Path, args, env) -> None:
    assert on_a_terminal(monkeypatch, capsys, policies, *args, env=env) == ""


def test_no_progress_line_in_a_pipe(monkeypatch, capsys, policies: Path) -> None:
    pipe = io.StringIO()  # not a terminal
    progress_on(pipe, monkeypatch, capsys, policies)
    assert pipe.getvalue() == ""


def completions(words: str) -> list[str]:
    """What bash offers after `words` with codecheck's completion script loaded, as the docs say to load it."""
    codecheck = shutil.which("codecheck", path=os.path.dirname(sys.executable))
    assert codecheck is not None
    script = (
        f'eval "$(_CODECHECK_COMPLETE=bash_source {codecheck})"\n'
        f"COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
        f"_codecheck_completion {codecheck}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split()


def test_bash_completes_commands_options_and_rule_ids() -> None:
    assert completions("codecheck li") == ["lint"]
    assert completions("codecheck lint --stat") == ["--statistics"]
    assert completions("codecheck lint --fail-on n") == ["never"]
    assert completions("codecheck explain cc090") == [f"CC090{n}" for n in range(1, 10)]
    assert completions("codecheck explain cancellation-st") == ["cancellation-steps-up"]

