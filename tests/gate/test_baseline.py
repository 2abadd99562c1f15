"""Baselines: findings recorded today still match after unrelated edits shift every line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli, write

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for file in (ROOT / "examples" / "lock-in").glob("*.yaml"):
        write(tmp_path / "policies" / file.name, file.read_text(encoding="utf-8"))
    return tmp_path / "policies"


def test_a_baseline_round_trip_survives_shifted_lines(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(repo), "--write-baseline", str(base))
    recorded = json.loads(base.read_text())["findings"]
    assert status == 0 and recorded
    assert err == f"codecheck: recorded {len(recorded)} findings in {base}\n"
    for file in repo.glob("*.yaml"):  # every line moves down by three
        file.write_text("# reviewed\n# by legal\n\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(repo), "--baseline", str(base), "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert report["summary"]["findings"] == 0
    assert report["summary"]["baselined"] == len(recorded)
    assert report["stale_baseline"] == []


def test_new_findings_fail_and_fixed_ones_are_reported_stale(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    run_cli(monkeypatch, capsys, "lint", str(repo), "--write-baseline", str(base))
    cancellation = repo / "cancellation.yaml"
    text = cancellation.read_text(encoding="utf-8")
    assert "requires_agent: true" in text
    cancellation.write_text(text.replace("requires_agent: true", "requires_agent: false") + "steps: many\n", encoding="utf-8")
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(repo), "--baseline", str(base), "--format", "json")
    report = json.loads(out)
    active = [f["rule_id"] for f in report["findings"] if not f["baselined"] and f["suppression"] is None]
    assert status == 1
    assert "CC0005" in active or "CC0012" in active  # the new problem fails the run
    assert any(e["rule_id"] == "CC0903" for e in report["stale_baseline"])  # the fixed one is reported


def test_a_missing_or_foreign_baseline_is_a_usage_error(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(repo), "--baseline", str(tmp_path / "none.json"))
    assert (status, err) == (2, f"codecheck: error: {tmp_path / 'none.json'}: cannot read the baseline: No such file or directory\n")
    write(tmp_path / "other.json", '{"results": []}')
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(repo), "--baseline", str(tmp_path / "other.json"))
    assert status == 2 and "not a codecheck baseline file" in err


def test_a_version_1_baseline_is_refused_with_how_to_rewrite_it(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", '{"version": 1, "findings": [{"fingerprint": "abc", "rule_id": "CC0903", "path": "plans[0]"}]}')
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(repo), "--baseline", str(old))
    assert status == 2
    assert err == (
        f"codecheck: error: {old}: a version 1 baseline, which named list items by their position; this codecheck "
        f"reads version 2. Rewrite it: check out the commit that last changed it and run "
        f"`codecheck lint --write-baseline {old}` there, so that it records the same findings\n"
    )


def test_a_written_baseline_is_version_2_with_paths_by_identity(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    run_cli(monkeypatch, capsys, "lint", str(repo), "--write-baseline", str(base))
    data = json.loads(base.read_text())
    assert data["version"] == 2
    paths = [e["path"] for e in data["findings"]]
    assert "plans[id=closer].clawback.exists" in paths and not any("[0]" in p or "[1]" in p for p in paths)


def test_document_check_fingerprints_hold_no_line_numbers(monkeypatch, capsys, tmp_path: Path) -> None:
    """The duplicate key's message names the line of the first key; its fingerprint must not move with it."""
    text = (
        "codecheck: 1\nkind: support\nid: s\ntitle: a\ntitle: b\n"
        "# codecheck: ignore[CC0701] reason=\"kept\"\nbot_only: false\n"
    )
    folder = tmp_path / "p"

    def fingerprints(content: str) -> dict[str, str]:
        write(folder / "support.yaml", content)
        _, out, _ = run_cli(monkeypatch, capsys, "lint", str(folder), "--format", "json")
        return {f["rule_id"]: f["fingerprint"] for f in json.loads(out)["findings"] if f["rule_id"] in ("CC0005", "CC0022")}

    before = fingerprints(text)
    assert set(before) == {"CC0005", "CC0022"}
    assert fingerprints("# a comment\n\n" + text) == before
