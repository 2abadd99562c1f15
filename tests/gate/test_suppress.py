"""Inline suppressions: valid ones silence a finding but keep it visible; bad ones are findings themselves."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

from codecheck.cli import main
from codecheck.documents.suppressions import parse_suppressions

BROKEN = CANCELLATION.replace("steps: 2\n", "steps: many{comment}\n")


def run(monkeypatch, capsys, *args: str) -> tuple[int, dict]:
    status, out, _ = run_cli(monkeypatch, capsys, *args)
    return status, json.loads(out) if out.startswith("{") else {"text": out}



def lint(monkeypatch, capsys, tmp_path: Path, cancellation: str, *extra: str) -> tuple[int, list[dict]]:
    write(tmp_path / "p" / "pricing.yaml", PRICING)
    write(tmp_path / "p" / "cancellation.yaml", cancellation)
    status, report = run(monkeypatch, capsys, "lint", str(tmp_path / "p"), "--select", "CC00", "--format", "json", *extra)
    return status, [
        {k: f[k] for k in ("rule_id", "line", "column", "severity", "message", "suppression")} for f in report["findings"]
    ]


def test_a_trailing_suppression_with_a_reason_silences_its_line(monkeypatch, capsys, tmp_path) -> None:
    comment = '  # codecheck: ignore[CC0012] reason="migrating in Q1" owner="ops@acme" until=2027-03-31'
    status, findings = lint(monkeypatch, capsys, tmp_path, BROKEN.format(comment=comment))
    assert status == 0
    assert [(f["rule_id"], f["line"]) for f in findings] == [("CC0012", 6)]
    assert findings[0]["suppression"] == {
        "reason": "migrating in Q1",
        "owner": "ops@acme",
        "until": "2027-03-31",
        "file": str(tmp_path / "p" / "cancellation.yaml"),
        "line": 6,
    }


def test_a_suppression_on_the_line_above_covers_the_next_value(monkeypatch, capsys, tmp_path) -> None:
    text = BROKEN.format(comment="").replace("steps: many", "# codecheck: ignore[CC0012] reason='legacy'\n\nsteps: many")
    status, findings = lint(monkeypatch, capsys, tmp_path, text)
    assert status == 0
    assert findings[0]["suppression"]["reason"] == "legacy"


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (
            "  # codecheck: ignore[CC0012]",
            ("CC0020", 6, 14, "suppression of CC0012 has no reason; add reason=\"...\" so an auditor knows why"),
        ),
        (
            '  # codecheck: ignore[CC0012] reason="x" until=2026-01-31',
            ("CC0021", 6, 14, "suppression of CC0012 expired on 2026-01-31; fix the finding or renew it with a reason"),
        ),
        (
            '  # codecheck: ignore[CC9999] reason="x"',
            ("CC0020", 6, 14, "suppression names unknown rule CC9999"),
        ),
        (
            '  # codecheck: ignore CC0012 reason="x"',
            ("CC0020", 6, 14, 'a suppression names its rules in brackets: # codecheck: ignore[CC0901] reason="..."'),
        ),
        (
            '  # codecheck: ignore[CC0012] reason="x" until=31.03.2027',
            ("CC0020", 6, 14, "until=31.03.2027 is not a date YYYY-MM-DD"),
        ),
    ],
)
def test_invalid_suppressions_are_findings_and_silence_nothing(monkeypatch, capsys, tmp_path, comment, expected) -> None:
    status, findings = lint(monkeypatch, capsys, tmp_path, BROKEN.format(comment=comment))
    assert status == 1
    problems = [(f["rule_id"], f["line"], f["column"], f["message"]) for f in findings if f["rule_id"] != "CC0012"]
    assert problems == [expected]
    assert [f["suppression"] for f in findings if f["rule_id"] == "CC0012"] == [None]


def test_a_suppression_that_silences_nothing_is_a_warning(monkeypatch, capsys, tmp_path) -> None:
    text = CANCELLATION.replace("steps: 2\n", 'steps: 2  # codecheck: ignore[CC0012] reason="just in case"\n')
    status, findings = lint(monkeypatch, capsys, tmp_path, text)
    assert status == 0
    assert findings == [
        {
            "rule_id": "CC0022",
            "line": 6,
            "column": 11,
            "severity": "warning",
            "message": "suppression of CC0012 silences nothing on line 6; remove it",
            "suppression": None,
        }
    ]


def test_a_hash_inside_a_quoted_value_is_not_a_comment() -> None:
    marks, problems = parse_suppressions('title: "we say # codecheck: ignore[CC0101] here"\n', "f.yaml")
    assert (marks, problems) == ([], [])


def test_several_rules_in_one_suppression() -> None:
    marks, _ = parse_suppressions("a: 1 # codecheck: ignore[CC0901, cc0902] reason=ok\n", "f.yaml")
    assert marks[0].rule_ids == ("CC0901", "CC0902") and marks[0].target_line == 1


def test_suppressed_findings_appear_in_sarif_and_the_scorecard(monkeypatch, capsys, tmp_path) -> None:
    comment = '  # codecheck: ignore[CC0012] reason="board approved" owner="cfo@acme"'
    write(tmp_path / "p" / "pricing.yaml", PRICING)
    write(tmp_path / "p" / "cancellation.yaml", BROKEN.format(comment=comment))
    _, sarif = run(monkeypatch, capsys, "lint", str(tmp_path / "p"), "--select", "CC00", "--format", "sarif")
    (result,) = sarif["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "inSource"
    assert result["suppressions"][0]["justification"] == "board approved"
    page = tmp_path / "card.html"
    monkeypatch.setattr(sys, "argv", ["codecheck", "scorecard", str(tmp_path / "p"), "--format", "html", "-o", str(page)])
    with pytest.raises(SystemExit):
        main()
    html = page.read_text()
    assert "Suppressed findings (1)" in html and "board approved" in html and "cfo@acme" in html
