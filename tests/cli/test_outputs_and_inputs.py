"""What a run writes never replaces what it read, and no output or input can hang it."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from helpers import deadline, run_cli, write

from codecheck.gate.baseline import VERSION

ROOT = Path(__file__).resolve().parents[2]
GOOD = "codecheck: 1\nkind: feedback\nid: good\nsurveys: []\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "policies" / "good.yaml", GOOD)
    write(tmp_path / "policies" / ".codecheck.yaml", "fail_on: error\nrules: [../pack]\n")
    rule = (ROOT / "tests" / "engine" / "test_budget.py").read_text().split('PACK_RULE = """\\\n')[1].split('"""')[0]
    write(tmp_path / "pack" / "CC0999.yaml", rule.replace("CHECK", "{field: title, exists: false}").replace("EXAMPLE", "{}"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


REFUSED = "this run read the file (a policy, rule, config or baseline file); codecheck never writes over what it reads: write to another file"


@pytest.mark.parametrize(
    "target", ["policies/good.yaml", "policies/.codecheck.yaml", "pack/CC0999.yaml", "policies/link.yaml", "hard.yaml"]
)
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_report_never_replaces_a_file_the_run_read(monkeypatch, capsys, repo: Path, target: str, option: str) -> None:
    """`lint policies -o policies/pricing.yaml` silently replaced the policy with the report."""
    (repo / "policies" / "link.yaml").symlink_to("good.yaml")  # a link to an input is the input
    os.link(repo / "policies" / "good.yaml", repo / "hard.yaml")  # and so is a second name for it
    status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", option, target)
    assert (status, out, err) == (2, "", f"codecheck: error: {target}: {REFUSED}\n")
    assert (repo / "policies" / "good.yaml").read_text() == GOOD
    assert (repo / "pack" / "CC0999.yaml").read_text().startswith("id: CC0999")


def test_a_baseline_is_not_rewritten_by_the_run_that_reads_it(monkeypatch, capsys, repo: Path) -> None:
    status, _, _ = run_cli(monkeypatch, capsys, "lint", "policies", "--write-baseline", "baseline.json")
    assert status == 0
    recorded = (repo / "baseline.json").read_text()
    for option in ("-o", "--write-baseline"):
        status, _, err = run_cli(monkeypatch, capsys, "lint", "policies", "--baseline", "baseline.json", option, "baseline.json")
        assert (status, err) == (2, f"codecheck: error: baseline.json: {REFUSED}\n")
    assert (repo / "baseline.json").read_text() == recorded


def test_diff_and_scorecard_refuse_too(monkeypatch, capsys, repo: Path) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "scorecard", "policies", "--format", "html", "-o", "policies/good.yaml")
    assert (status, err) == (2, f"codecheck: error: policies/good.yaml: {REFUSED}\n")
    status, _, err = run_cli(monkeypatch, capsys, "diff", "policies", "policies", "-o", "policies/good.yaml")
    assert (status, err) == (2, f"codecheck: error: policies/good.yaml: {REFUSED}\n")
    assert (repo / "policies" / "good.yaml").read_text() == GOOD


def test_a_fifo_with_no_reader_as_output_is_an_error_not_a_hang(monkeypatch, capsys, repo: Path) -> None:
    os.mkfifo(repo / "pipe")
    with deadline(20):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "-o", "pipe")
    assert (status, out, err) == (2, "", "codecheck: error: pipe: cannot write: no program is reading from this pipe\n")


def test_a_fifo_with_a_reader_as_output_gets_the_whole_report(monkeypatch, capsys, repo: Path) -> None:
    """`-o >(jq .)`: a pipe someone reads is a place to write, and the writes block as usual."""
    os.mkfifo(repo / "pipe")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append((repo / "pipe").read_bytes()))
    reader.start()
    with deadline(30):
        status, _, err = run_cli(monkeypatch, capsys, "lint", "policies", "--format", "json", "-o", "pipe")
        reader.join()
    assert (status, err) == (0, "")
    assert json.loads(received[0])["summary"]["documents"] == 1


def test_a_folder_that_cannot_be_written_is_a_one_line_error(monkeypatch, capsys, repo: Path) -> None:
    """mkstemp's PermissionError escaped as an internal error. /proc takes no new file, even from root."""
    status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "-o", "/proc/report.txt")
    assert status == 2 and out == ""
    assert err.startswith("codecheck: error: /proc/report.txt: cannot write in /proc: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (f'{{"version": {VERSION}, "findings": [{{"fingerprint": {{"a": 1}}, "rule_id": "CC0101"}}]}}',
         "baseline.json:1:45: not a codecheck baseline file (written by lint --write-baseline): "
         "findings[0].fingerprint: expected text, found a mapping"),
        (f'{{"version": {VERSION}, "findings": [{{"fingerprint": ["x"], "rule_id": "CC0101"}}]}}', "lint --write-baseline): findings[0].fingerprint: expected text, found a list"),
        (f'{{"version": {VERSION}, "findings": {{}}}}', "baseline.json:1:28: not a codecheck baseline file (written by lint --write-baseline): findings: expected a list"),
        ("[" * 100_000, "baseline.json:1:100000: not a codecheck baseline file (written by lint --write-baseline): "
         "it is nested too deeply (100,000 levels)\n"),
        (f'{{"version": {VERSION},\n "findings": [' + "9" * 5_000 + "]}",
         "baseline.json:2:15: not a codecheck baseline file (written by lint --write-baseline): a number with 5,000 digits is too long to read\n"),
        (f'{{"version": {VERSION},\n "findings": [,]}}', "baseline.json:2:15: not a codecheck baseline file (written by lint --write-baseline): it is not valid JSON"),
        ("[]", "baseline.json:1:1: not a codecheck baseline file (written by lint --write-baseline): expected a mapping of fields, found a list"),
        # the reviewer reads the first list, json.loads keeps the second
        (f'{{"version": {VERSION},\n "findings": [{{"fingerprint": "x", "rule_id": "CC0101"}}],\n "findings": []}}',
         "baseline.json:3:2: not a codecheck baseline file (written by lint --write-baseline): duplicate key 'findings' (first defined on line 2)"),
    ],
)
def test_a_broken_baseline_is_a_one_line_error(monkeypatch, capsys, repo: Path, content: str, says: str) -> None:
    """A fingerprint that is a mapping or a list was a TypeError; 100,000 nested [ a RecursionError; both that and
    5,000 digits were errors that named no line and column."""
    (repo / "baseline.json").write_text(content)
    status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "--baseline", "baseline.json")
    assert status == 2 and out == ""
    assert err.startswith("codecheck: error: ") and says in err and err.count("\n") == 1


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_baseline_that_is_not_a_regular_file_is_refused_without_reading_it(monkeypatch, capsys, repo: Path, special: str) -> None:
    """/dev/zero was read without end, a FIFO blocked for ever."""
    if special == "fifo":
        os.mkfifo(repo / "fifo")
    with deadline(20):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "--baseline", special)
    assert (status, out, err) == (2, "", f"codecheck: error: {special}: cannot read the baseline: not a regular file\n")
