"""A baseline and a diff survive the edits a policy repo sees every week (issue 16, item 1).

On the lock-in example (full of findings): a plan inserted at the top, every
list reordered, a file renamed, a document moved to another file, line ends
changed to CRLF. Each edit keeps every baselined finding matched (nothing
stale, nothing back), and `diff` reports no new or resolved finding and no
customer-adverse change, except the findings about an inserted item itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import pytest
import yaml
from helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
LOCK_IN = ROOT / "examples" / "lock-in"

NEW_PLAN = """\
  - id: starter
    name: Starter plan (inside sales)
    roles: [sales]
    pays_on: [stickr-pricing]
    commission: {basis: tcv, rate: 0.1, paid: upfront}
    clawback: {exists: false}
"""

NEW_PURPOSE = """\
  - id: analytics
    name: Product analytics
    kind: analytics
    lawful_basis: consent
    data_categories: [workout-history]
    subjects: [customers]
    recipients: []
    transfers: []
    retention: P10Y
"""


def insert_at_top(folder: Path) -> None:
    compensation = folder / "compensation.yaml"
    compensation.write_text(compensation.read_text(encoding="utf-8").replace("plans:\n", "plans:\n" + NEW_PLAN, 1), encoding="utf-8")
    processing = folder / "processing.yaml"
    processing.write_text(processing.read_text(encoding="utf-8").replace("purposes:\n", "purposes:\n" + NEW_PURPOSE, 1), encoding="utf-8")


def reversed_all_the_way(node: object) -> object:
    if isinstance(node, dict):
        return {k: reversed_all_the_way(node[k]) for k in reversed(list(node))}
    if isinstance(node, list):
        return [reversed_all_the_way(item) for item in reversed(node)]
    return node


def reorder(folder: Path) -> None:
    for file in folder.glob("*.yaml"):
        docs = [reversed_all_the_way(d) for d in yaml.safe_load_all(file.read_text(encoding="utf-8"))]
        file.write_text(yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=True), encoding="utf-8")


def rename_a_file(folder: Path) -> None:
    (folder / "pricing.yaml").rename(folder / "prices-2025.yml")


def move_a_document(folder: Path) -> None:
    cancellation = (folder / "cancellation.yaml").read_text(encoding="utf-8")
    with (folder / "pricing.yaml").open("a", encoding="utf-8") as pricing:
        pricing.write("\n---\n" + cancellation)
    (folder / "cancellation.yaml").unlink()


def crlf(folder: Path) -> None:
    for file in folder.glob("*.yaml"):
        file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))


EDITS: dict[str, Callable[[Path], None]] = {
    "insert at the top": insert_at_top,
    "reorder every list": reorder,
    "rename a file": rename_a_file,
    "move a document to another file": move_a_document,
    "CRLF line ends": crlf,
}
INSERTED = ("[id=starter]", "[id=analytics]")


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    shutil.copytree(LOCK_IN, tmp_path / "base", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(LOCK_IN, tmp_path / "policies", ignore=shutil.ignore_patterns("*.md"))
    return tmp_path / "policies"


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_baseline_survives_the_edit(monkeypatch, capsys, policies: Path, tmp_path: Path, edit: str) -> None:
    baseline = tmp_path / "baseline.json"
    run_cli(monkeypatch, capsys, "lint", str(policies), "--write-baseline", str(baseline))
    recorded = len(json.loads(baseline.read_text(encoding="utf-8"))["findings"])
    EDITS[edit](policies)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--baseline", str(baseline), "--format", "json")
    report = json.loads(out)
    assert report["stale_baseline"] == []
    assert report["summary"]["baselined"] == recorded > 100
    active = [f for f in report["findings"] if not f["baselined"]]
    assert [f for f in active if not f["path"].startswith(tuple(f"{p}{i}" for p in ("plans", "purposes") for i in INSERTED))] == []
    assert bool(active) == (edit == "insert at the top")
    assert (status == 1) == any(f["severity"] == "error" for f in active)  # warnings and gaps do not fail by default


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_diff_sees_only_the_inserted_items(monkeypatch, capsys, policies: Path, tmp_path: Path, edit: str) -> None:
    EDITS[edit](policies)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(tmp_path / "base"), str(policies), "--format", "json")
    report = json.loads(out)
    assert report["resolved_findings"] == []
    assert {f["path"].split(".")[0] for f in report["new_findings"]} <= {f"{p}{i}" for p in ("plans", "purposes") for i in INSERTED}
    assert bool(report["new_findings"]) == (edit == "insert at the top")
    assert [c["id"] for c in report["changes"] if "[id=starter]" not in c["path"] and "[id=analytics]" not in c["path"]] == []
