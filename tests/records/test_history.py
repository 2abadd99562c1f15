"""`scorecard --previous`: real scorecards written by codecheck, compared across three audits of one policy set.

The first audit is written on one date, the policy set is edited, the second
audit compares with the first, the third with the second: a finding still
open keeps the date it was first seen, a new one is dated the day it appeared,
a fixed one is resolved, and the grades say how they moved.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import run_cli, write
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schemas"


def audit(monkeypatch, capsys, folder: Path, date: str, out: Path, *extra: str) -> dict:
    monkeypatch.setenv("CODECHECK_TODAY", date)
    status, _, err = run_cli(monkeypatch, capsys, "scorecard", str(folder), "--format", "json", "-o", str(out), *extra)
    assert status in (0, 1), err
    return json.loads(out.read_text(encoding="utf-8"))


def validate(card: dict) -> None:
    lint = json.loads((SCHEMAS / "lint-output.schema.json").read_text())
    registry = Registry().with_resource(lint["$id"], Resource.from_contents(lint))
    Draft202012Validator(json.loads((SCHEMAS / "scorecard-output.schema.json").read_text()), registry=registry).validate(card)


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "examples" / "ordinary", folder)
    return folder


def test_three_audits_carry_first_seen_dates_forward(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    first = audit(monkeypatch, capsys, policies, "2026-05-01", tmp_path / "may.json")
    assert first["history"] is None and set(first["first_seen"].values()) == {"2026-05-01"}
    # the edit: the exceptions process loses its escalation owner; the price notice is fixed
    pricing = policies / "pricing.yaml"
    pricing.write_text(pricing.read_text().replace("notice_period: P14D", "notice_period: P30D"))
    before = {f["fingerprint"] for f in first["findings"]}

    second = audit(monkeypatch, capsys, policies, "2026-08-01", tmp_path / "aug.json", "--previous", str(tmp_path / "may.json"))
    validate(second)
    history = second["history"]
    now = {f["fingerprint"] for f in second["findings"]}
    resolved = [f for f in first["findings"] if f["fingerprint"] not in now]
    assert [r["rule_id"] for r in history["resolved"]] == [f["rule_id"] for f in resolved] and "CC0807" in {
        r["rule_id"] for r in history["resolved"]
    }
    assert {r["first_seen"] for r in history["resolved"]} == {"2026-05-01"}
    assert set(history["new"]) == now - before
    assert {o["fingerprint"] for o in history["still_open"]} == now & before
    assert {o["first_seen"] for o in history["still_open"]} == {"2026-05-01"}
    assert history["previous"] == {"source": str(tmp_path / "may.json"), "date": "2026-05-01", "commit": None, "score": 79, "grade": "C"}
    tenet8 = next(m for m in history["tenets"] if m["number"] == 8)
    assert tenet8["before"] == {"score": 94, "grade": "A"} and tenet8["after"]["score"] == 100 and tenet8["direction"] == "up"

    write(policies / "pricing.yaml", pricing.read_text().replace("notice_period: P30D", "notice_period: P14D"))
    third = audit(monkeypatch, capsys, policies, "2026-11-24", tmp_path / "nov.json", "--previous", str(tmp_path / "aug.json"))
    validate(third)
    reopened = [f for f in third["findings"] if f["rule_id"] == "CC0807"]
    assert [third["first_seen"][f["fingerprint"]] for f in reopened] == ["2026-11-24"]  # it came back: new again
    kept = now & {f["fingerprint"] for f in third["findings"]}
    assert kept and {third["first_seen"][fp] for fp in kept} <= {"2026-05-01", "2026-08-01"}
    assert {third["first_seen"][fp] for fp in now & before & kept} == {"2026-05-01"}


def test_the_text_scorecard_says_how_the_grades_moved(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    audit(monkeypatch, capsys, policies, "2026-05-01", tmp_path / "may.json")
    pricing = policies / "pricing.yaml"
    pricing.write_text(pricing.read_text().replace("notice_period: P14D", "notice_period: P30D"))
    monkeypatch.setenv("CODECHECK_TODAY", "2026-08-01")
    _, out, _ = run_cli(monkeypatch, capsys, "scorecard", str(policies), "--previous", str(tmp_path / "may.json"))
    tail = out[out.index("Since the scorecard of 2026-05-01") :].splitlines()
    assert tail[0] == f"Since the scorecard of 2026-05-01 ({tmp_path / 'may.json'}):"
    assert tail[1].startswith("  Overall: ")
    assert "  Tenet 8, I don't mind paying, but I hate getting played: up from A (94) to A (100), 6 points." in tail
    resolved = next(line for line in tail if line.startswith("  Resolved findings: "))
    assert re.fullmatch(r"  Resolved findings: (\d+) \(\1 since 2026-05-01\)", resolved)
    assert any("CC0807" in line and line.endswith("(first seen 2026-05-01)") for line in tail)


def test_a_version_1_scorecard_is_read_as_previous(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    card = audit(monkeypatch, capsys, policies, "2026-05-01", tmp_path / "may.json")
    old = {k: card[k] for k in ("overall", "tenets", "findings", "provenance")} | {"version": 1}
    write(tmp_path / "v1.json", json.dumps(old))
    second = audit(monkeypatch, capsys, policies, "2026-05-01", tmp_path / "again.json", "--previous", str(tmp_path / "v1.json"))
    assert second["history"]["new"] == [] and len(second["history"]["still_open"]) == len(card["findings"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"version": 2,\n  "overall": }', "bad.json:2:14: not a codecheck scorecard: Expecting value"),
        ('{"version": 9}', "bad.json: not a codecheck scorecard: at the top level: 'overall' is a required property"),
        ("[1]", "bad.json: not a codecheck scorecard: at the top level: [1] is not of type 'object'"),
        ('{"version": NaN}', "bad.json: not a codecheck scorecard: NaN is not a JSON number"),
        ("[" * 100000, "bad.json: not a codecheck scorecard: nested too deeply"),
    ],
)
def test_a_bad_previous_scorecard_is_a_usage_error(monkeypatch, capsys, tmp_path: Path, policies: Path, content, message) -> None:
    write(tmp_path / "bad.json", content)
    status, out, err = run_cli(monkeypatch, capsys, "scorecard", str(policies), "--previous", str(tmp_path / "bad.json"))
    assert (status, out) == (2, "")
    assert err == f"codecheck: error: {tmp_path}/{message}\n"


def test_a_previous_scorecard_with_a_hostile_field_is_refused_by_its_place(monkeypatch, capsys, tmp_path, policies) -> None:
    card = audit(monkeypatch, capsys, policies, "2026-05-01", tmp_path / "may.json")
    card["findings"][0]["line"] = "<script>"
    write(tmp_path / "bad.json", json.dumps(card))
    status, _, err = run_cli(monkeypatch, capsys, "scorecard", str(policies), "--previous", str(tmp_path / "bad.json"))
    assert status == 2 and err == f"codecheck: error: {tmp_path}/bad.json: not a codecheck scorecard: at findings[0].line: '<script>' is not of type 'integer'\n"


def test_diff_says_how_a_change_moves_the_grades(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    head = tmp_path / "head"
    shutil.copytree(policies, head)
    pricing = head / "pricing.yaml"
    pricing.write_text(pricing.read_text().replace("notice_period: P14D", "notice_period: P30D"))
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(policies), str(head))
    tail = out[out.index("Grades, ") :].splitlines()
    assert tail[0] == f"Grades, {policies} -> {head}:"
    assert tail[1:] == [
        "  Overall: unchanged at C (79).",
        "  Tenet 8, I don't mind paying, but I hate getting played: up from A (94) to A (100), 6 points.",
    ]
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(policies), str(head), "--format", "json")
    grades = json.loads(out)["grades"]
    assert grades["overall"] == {"number": 0, "before": {"score": 79, "grade": "C"}, "after": {"score": 79, "grade": "C"}, "direction": "same"}
    assert [m["number"] for m in grades["tenets"] if m["direction"] != "same"] == [8]


def test_diff_against_a_git_ref_says_how_the_grades_moved_since_it(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    git = ["git", "-C", str(policies), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(policies)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "audit"], check=True)
    pricing = policies / "pricing.yaml"
    pricing.write_text(pricing.read_text().replace("notice_period: P14D", "notice_period: P30D"))
    _, out, err = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", str(policies), "--format", "markdown")
    assert "### Grades, HEAD → the working tree\n\nOverall: unchanged at C (79).\n" in out, err
    assert "| 8. I don't mind paying, but I hate getting played | up from A (94) to A (100), 6 points |" in out


def test_a_previous_scorecard_over_the_size_bound_is_refused_unread(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * (10 * 1024 * 1024) + b"]")
    status, out, err = run_cli(monkeypatch, capsys, "scorecard", str(policies), "--previous", str(big))
    assert (status, out) == (2, "")
    assert err == f"codecheck: error: {big}: the file is larger than 10 MiB\n"


def test_the_html_scorecard_shows_the_history_and_dates_each_finding(monkeypatch, capsys, tmp_path: Path, policies: Path) -> None:
    audit(monkeypatch, capsys, policies, "2026-05-01", tmp_path / "may.json")
    pricing = policies / "pricing.yaml"
    pricing.write_text(pricing.read_text().replace("notice_period: P14D", "notice_period: P30D"))
    monkeypatch.setenv("CODECHECK_TODAY", "2026-08-01")
    page = tmp_path / "card.html"
    run_cli(monkeypatch, capsys, "scorecard", str(policies), "--format", "html", "-o", str(page), "--previous", str(tmp_path / "may.json"))
    html = page.read_text(encoding="utf-8")
    assert '<h2 id="history-heading">Since the last audit</h2>' in html
    assert '<tr class="up"><th scope="row">8. I don&#39;t mind paying, but I hate getting played</th><td>A (94)</td><td>A (100)</td>' in html
    assert html.count('<span class="since">open since 2026-05-01</span>') >= 5
    assert "CC0807" in html[html.index("<h3>Resolved findings</h3>") :]
