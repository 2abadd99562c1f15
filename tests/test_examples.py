"""The example policy sets produce exactly the expected findings, at the expected places.

tests/data/expected/<example>.txt lists them as `RULE file:line:col severity`
(gaps too, as severity `gap`). After a deliberate change to a rule or an
example, review the difference and regenerate with: python tests/test_examples.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("customer-first", "lock-in", "ordinary", "first-draft")
EXPECTED = Path(__file__).parent / "data" / "expected"


def codecheck_json(*args: str) -> tuple[int, dict]:
    """codecheck in a fresh process, as a user runs it, with today pinned; its exit status and JSON output."""
    done = subprocess.run(
        [sys.executable, "-m", "codecheck", *args, "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"CODECHECK_TODAY": "2026-11-24", "PATH": "/usr/bin:/bin"},
    )
    return done.returncode, json.loads(done.stdout)


def findings(example: str) -> tuple[int, list[dict]]:
    status, report = codecheck_json("lint", f"examples/{example}")
    return status, report["findings"]


def lines(example: str) -> list[str]:
    _, found = findings(example)
    prefix = f"examples/{example}/"
    return [f"{f['rule_id']} {f['file'].removeprefix(prefix)}:{f['line']}:{f['column']} {f['severity']}" for f in found]


@pytest.mark.parametrize("example", EXAMPLES)
def test_exact_findings(example: str) -> None:
    expected = (EXPECTED / f"{example}.txt").read_text(encoding="utf-8").splitlines()
    assert lines(example) == expected


def test_the_exemplary_company_is_clean_and_the_locked_in_one_fails_under_eight_tenets() -> None:
    status, found = findings("customer-first")
    assert (status, found) == (0, [])  # no failure and no gap: it states everything the rules need
    status, found = findings("lock-in")
    assert status == 1
    assert len({f["tenet"] for f in found if f["severity"] == "error"}) >= 8


def test_a_first_draft_of_good_practices_has_gaps_and_no_failure() -> None:
    status, found = findings("first-draft")
    assert status == 0
    assert {f["severity"] for f in found} == {"gap"}
    assert all(f["needed_by"] and "is not stated" in f["message"] for f in found)
    overall = codecheck_json("scorecard", "examples/first-draft")[1]["overall"]
    assert overall["coverage"] < 0.8 and overall["grade"] != "A"
    assert "coverage 37% is below 80%" in overall["caps"]


@pytest.mark.parametrize(("example", "grades"), [("customer-first", "A"), ("lock-in", "DF"), ("ordinary", "ABC")])
def test_example_grades(example: str, grades: str) -> None:
    overall = codecheck_json("scorecard", f"examples/{example}")[1]["overall"]
    assert overall["grade"] in grades and overall["assessed_tenets"] == 10


def _resolves(data: Any, path: str) -> bool:
    """Whether a finding's path (`purposes[id=ads].lawful_basis`, `channels[0]`) names a value the document states."""
    for name, inside in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]*)\]", path):
        if name:
            if not isinstance(data, dict) or name not in data:
                return False
            data = data[name]
        elif inside.isdigit():
            if not isinstance(data, list) or int(inside) >= len(data):
                return False
            data = data[int(inside)]
        else:
            named = [item for item in data if _named(item, inside)] if isinstance(data, list) else []
            if not named:
                return False
            data = named[0]
    return True


def _named(item: Any, inside: str) -> bool:
    """`=phone` names a scalar item; `id=pro` or `country=US, recipient=Acme` a mapping."""
    if inside.startswith("="):
        return str(item) == inside[1:]
    pairs = [part.split("=", 1) for part in inside.split(", ")]
    return isinstance(item, dict) and all(str(item.get(k)) == v for k, v in pairs)


@pytest.mark.parametrize("example", [*EXAMPLES, "init"])
def test_silence_fails_only_where_a_rule_names_the_duty_to_state(example: str, tmp_path: Path) -> None:
    """No error, warning or info comes from an absent field unless the rule cites the law requiring the statement.

    A failure about a value the document does not state sits at a path that does not resolve in it.
    """
    folder = ROOT / "examples" / example
    if example == "init":
        folder = tmp_path / "init"
        env = {"CODECHECK_TODAY": "2026-11-24", "PATH": "/usr/bin:/bin"}
        command = [sys.executable, "-m", "codecheck", "init", str(folder), "--jurisdiction", "EU,DE,UK,US,US-CA"]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=env)
    duties = {rule["id"]: rule["absent"] for rule in codecheck_json("rules")[1]}
    documents = {
        data["id"]: data for file in folder.glob("*.yaml") for data in yaml.safe_load_all(file.read_text(encoding="utf-8"))
    }
    found = codecheck_json("lint", str(folder))[1]["findings"]
    failures = [f for f in found if f["severity"] != "gap" and f["tenet"] is not None]
    silent = [f for f in failures if not _resolves(documents[f["doc_id"]], f["path"])]
    assert [f"{f['rule_id']} {f['path']}" for f in silent if not duties[f["rule_id"]]] == []
    if example == "init":
        assert found == []


if __name__ == "__main__":
    for name in EXAMPLES:
        (EXPECTED / f"{name}.txt").write_text("".join(line + "\n" for line in lines(name)), encoding="utf-8")
