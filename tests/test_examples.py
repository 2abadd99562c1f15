"""The three example policy sets produce exactly the expected findings, at the expected places.

tests/data/expected/<example>.txt lists them as `RULE file:line:col severity`.
After a deliberate change to a rule or an example, review the difference and
regenerate with: python tests/test_examples.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("customer-first", "lock-in", "ordinary")
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
    assert (status, found) == (0, [])
    status, found = findings("lock-in")
    assert status == 1
    assert len({f["tenet"] for f in found if f["severity"] == "error"}) >= 8


@pytest.mark.parametrize(("example", "grades"), [("customer-first", "AB"), ("lock-in", "DF"), ("ordinary", "ABC")])
def test_example_grades(example: str, grades: str) -> None:
    overall = codecheck_json("scorecard", f"examples/{example}")[1]["overall"]
    assert overall["grade"] in grades and overall["assessed_tenets"] == 10


if __name__ == "__main__":
    for name in EXAMPLES:
        (EXPECTED / f"{name}.txt").write_text("".join(line + "\n" for line in lines(name)), encoding="utf-8")
