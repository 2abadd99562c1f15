"""What the rulebook and the commands say about themselves: listings that agree, help that reads whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import run_cli

from codecheck.documents import checks
from codecheck.documents.kinds import KINDS
from codecheck.engine.rulebook import load_rules


def test_the_text_and_json_rule_listings_name_the_same_ids(monkeypatch, capsys) -> None:
    _, text, _ = run_cli(monkeypatch, capsys, "rules")
    _, listed, _ = run_cli(monkeypatch, capsys, "rules", "--format", "json")
    in_text = [line.split()[0] for line in text.splitlines()]
    in_json = [entry["id"] for entry in json.loads(listed)]
    assert in_text == in_json
    assert in_json == [c.id for c in checks.ALL] + [r.id for r in load_rules()]


def test_a_document_check_in_the_json_listing_has_no_tenet_and_is_an_error(monkeypatch, capsys) -> None:
    _, listed, _ = run_cli(monkeypatch, capsys, "rules", "--format", "json")
    entries = {entry["id"]: entry for entry in json.loads(listed)}
    assert entries["CC0014"] == {
        "id": "CC0014",
        "name": "dangling-reference",
        "title": "A document refers to a document id that does not exist in the policy set",
        "tenet": None,
        "severity": "error",
        "kinds": [],
        "jurisdictions": [],
        "only_in": [],
        "status": "",
        "references": [],
        "reads": [],
        "absent": [],
        "supersedes": [],
    }
    assert set(entries["CC0014"]) == set(entries["CC0902"])


@pytest.mark.parametrize("command", ["lint", "scorecard", "diff", "config", "rules", "explain", "hook"])
def test_rules_takes_a_folder_and_says_so(monkeypatch, capsys, command: str) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, command, "--help")
    assert re.search(r"--rules DIR\s+Add the rule pack in DIR", out), out


def test_a_file_given_as_a_rule_pack_is_a_usage_error(monkeypatch, capsys, tmp_path: Path) -> None:
    pack = tmp_path / "CC0999.yaml"
    pack.write_text("id: CC0999\n")
    status, _, err = run_cli(monkeypatch, capsys, "rules", "--rules", str(pack))
    assert status == 2
    assert f"'{pack}' is a file" in err


@pytest.mark.parametrize("columns", ["50", "80", "120"])
def test_schema_help_names_every_kind_whole(monkeypatch, capsys, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    status, out, _ = run_cli(monkeypatch, capsys, "schema", "--help")
    assert status == 0
    assert out.startswith("Usage: codecheck schema [OPTIONS] [KIND]\n")
    words = re.findall(r"[a-z]+", out)
    assert all(kind in words for kind in KINDS), out


ROOT = Path(__file__).resolve().parents[2]


def examples_of(rules) -> int:
    return sum(len(r.examples.get(kind, ())) for r in rules for kind in ("pass", "fail", "unknown"))


def test_test_rules_runs_the_rulebook_in_a_checkout(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    status, out, _ = run_cli(monkeypatch, capsys, "test-rules", "rules")
    assert (status, out) == (0, f"{examples_of(load_rules())} passed, 0 failed\n")


def test_test_rules_on_a_folder_of_the_rulebook_runs_its_rules_alone(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    lock_in = [r for r in load_rules() if r.tenet == 9]
    status, out, _ = run_cli(monkeypatch, capsys, "test-rules", "rules/09-lock-in")
    assert (status, out) == (0, f"{examples_of(lock_in)} passed, 0 failed\n")


def test_test_rules_on_a_pack_runs_the_pack_alone(monkeypatch, capsys, tmp_path: Path) -> None:
    from engine.test_rulebook import GOOD

    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "CC0999.yaml").write_text(GOOD, encoding="utf-8")
    status, out, _ = run_cli(monkeypatch, capsys, "test-rules", str(tmp_path / "pack"))
    assert (status, out) == (0, "2 passed, 0 failed\n")


def test_lint_with_the_rulebook_as_a_pack_reports_what_lint_alone_does(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    _, alone, _ = run_cli(monkeypatch, capsys, "lint", "examples/ordinary")
    status, again, err = run_cli(monkeypatch, capsys, "lint", "examples/ordinary", "--rules", "rules", "--rules", "rules/09-lock-in")
    assert (again, err) == (alone, "")
    assert status == 1
