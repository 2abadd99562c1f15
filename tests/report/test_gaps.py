"""Gaps are their own class in every format, never fail a run by default, and --require-complete makes them fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import run_cli, write

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """The first-draft example: good practices stated, the rest left out."""
    folder = tmp_path / "draft"
    shutil.copytree(ROOT / "examples" / "first-draft", folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


@pytest.fixture
def broken(draft: Path) -> Path:
    """The draft with one document that fails its schema, so no rule can read it."""
    flow = draft / "cancellation.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("steps: 2", "steps: two"), encoding="utf-8")
    return draft


GAP = "./cancellation.yaml:3:1: CC0306 gap authorized_cancellers is not stated (who may cancel); needed by CC0306"


def test_text_lists_gaps_apart_and_exits_0(monkeypatch, capsys, draft: Path) -> None:
    monkeypatch.chdir(draft)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", ".", "--fail-on", "info")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "Not stated (gaps: what the rules need to assess; not failures):"
    assert f"  {GAP}" in lines
    assert lines[-1] == "No failures: 3 documents in 3 files checked; 25 facts not stated (gaps)."


def test_json_marks_gaps_with_the_rules_that_need_them(monkeypatch, capsys, draft: Path) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(draft), "--format", "json")
    report = json.loads(out)
    assert report["summary"]["findings"] == 0 and report["summary"]["gaps"] == 25
    gap = next(f for f in report["findings"] if f["path"] == "confirmation")
    assert (gap["severity"], gap["rule_id"], gap["needed_by"]) == ("gap", "CC0905", ["CC0905", "CC0912"])


def test_sarif_reports_gaps_as_notes(monkeypatch, capsys, draft: Path) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(draft), "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert results and {r["level"] for r in results} == {"note"}
    assert all(r["properties"]["gap"] is True and r["properties"]["needed_by"] for r in results)


def test_markdown_and_github_show_gaps_apart(monkeypatch, capsys, draft: Path) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(draft), "--format", "markdown")
    assert "### Not stated" in out and "| Needed by | Location | What is not stated |" in out
    assert "| Severity | Rule |" not in out  # no failure table: there are no failures
    _, out, _ = run_cli(monkeypatch, capsys, "lint", str(draft), "--format", "github")
    assert out.splitlines()[0].startswith("::notice file=") and "title=not stated%3A CC0306" in out


def test_require_complete_turns_gaps_into_failures_of_the_rules(monkeypatch, capsys, draft: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(draft), "--require-complete", "--format", "json")
    report = json.loads(out)
    assert status == 1  # CC0905 is law in Germany: an error
    assert report["summary"]["gaps"] == 0
    assert ("CC0905", "error") in {(f["rule_id"], f["severity"]) for f in report["findings"]}
    write(draft / ".codecheck.yaml", "require: complete\n")
    assert run_cli(monkeypatch, capsys, "lint", str(draft))[0] == 1


def test_the_scorecard_shows_coverage_and_caps(monkeypatch, capsys, draft: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "scorecard", str(draft))
    assert status == 0
    assert "Overall: B (89/100), 6 of 10 tenets assessed, 15 of 40 applicable rule outcomes known (37%)." in out
    assert "Capped: coverage 37% is below 80%." in out
    assert "   3. Solve for my success, not your systems" in out and "0%           not assessed: the policy does not state" in out


def test_a_document_that_could_not_be_read_is_shown_first_and_costs_the_a(monkeypatch, capsys, broken: Path) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, "scorecard", str(broken))
    first = out.splitlines()[0]
    assert first.startswith(f"Not assessed: the document could not be read: {broken / 'cancellation.yaml'}:14:8: CC0012 ")
    assert "Capped: documents in 1 file could not be read." in out
    _, out, _ = run_cli(monkeypatch, capsys, "scorecard", str(broken), "--format", "json")
    card = json.loads(out)
    assert [f["rule_id"] for f in card["unread"]] == ["CC0012"]
    assert card["overall"]["grade"] != "A"
    assert next(t for t in card["tenets"] if t["number"] == 9)["unread"] > 0
    _, out, _ = run_cli(monkeypatch, capsys, "scorecard", str(broken), "--format", "markdown")
    assert out.index("### Not assessed: the document could not be read") < out.index("| Tenet | Grade |")


def test_the_html_scorecard_puts_unread_documents_first_and_lists_gaps(monkeypatch, capsys, broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "card.html"
    run_cli(monkeypatch, capsys, "scorecard", str(broken), "--format", "html", "-o", str(target))
    html = target.read_text(encoding="utf-8")
    # in the executive summary, which comes first, under "What was not assessed"
    assert html.index("not assessed: the document could not be read") < html.index('id="tenets-heading"')
    assert 'id="gaps-heading">Not stated (' in html
    assert "applicable rule outcomes known (" in html and "<th scope=\"col\">Coverage</th>" in html
