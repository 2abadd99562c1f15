"""The benchmark's corpus measures the rulebook on what it is meant to: good practice stated in full, plus lapses.

bench/corpus.py writes groups of nine documents in the style of examples/customer-first. A group without
lapses must give no finding and no gap (otherwise a benchmark of "clean" documents measures the cost of
reporting thousands of gaps), and every lapse must still give a finding, in every market a group can sell in.
"""

from __future__ import annotations

import importlib.util
import json
import random
from collections import defaultdict
from pathlib import Path
from types import ModuleType

from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> ModuleType:
    """bench/corpus.py as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def findings_by_group(monkeypatch, capsys, folder: Path) -> tuple[int, dict[str, list[dict]]]:
    """Lint `folder` uncached; the exit status and every finding (gaps included) by group folder."""
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(folder), "--no-cache", "--format", "json")
    assert "Traceback" not in err, err
    found: dict[str, list[dict]] = defaultdict(list)
    for finding in json.loads(out)["findings"]:
        found[Path(finding["file"]).parent.name].append(finding)
    return status, found


def test_groups_without_lapses_have_no_finding_and_no_gap_in_any_market(monkeypatch, capsys, tmp_path: Path) -> None:
    module = corpus()
    count = 9 * len(module.MARKETS)  # one group per market
    module.write(str(tmp_path), count, seed=7, lapse_rate=0.0)
    status, found = findings_by_group(monkeypatch, capsys, tmp_path)
    assert {group: [(f["rule_id"], f["severity"], f["path"]) for f in fs] for group, fs in found.items()} == {}
    assert status == 0


def test_every_lapse_gives_a_finding(monkeypatch, capsys, tmp_path: Path) -> None:
    """One group per lapse, the markets taken in turn, each with that lapse alone."""
    module = corpus()
    rng = random.Random(3)
    cases: dict[str, tuple[str, str]] = {}
    lapses = [(kind, lapse) for kind in module.KINDS for lapse in module.LAPSES[kind] + module.COMMON_LAPSES]
    for group, (kind_with_lapse, lapse) in enumerate(lapses):
        context = module.group_context(rng, group)
        for kind in module.KINDS:
            text = module.TEMPLATES[kind](context, {lapse} if kind == kind_with_lapse else set())
            (tmp_path / f"g{group:06d}").mkdir(exist_ok=True)
            (tmp_path / f"g{group:06d}" / f"{kind}.yaml").write_text(text, encoding="utf-8")
        cases[f"g{group:06d}"] = (kind_with_lapse, lapse)
    status, found = findings_by_group(monkeypatch, capsys, tmp_path)
    without = [(case, context_market(tmp_path / group)) for group, case in cases.items()
               if not any(f["severity"] != "gap" for f in found.get(group, []))]
    assert without == []
    assert status == 1


def context_market(group: Path) -> str:
    """The jurisdictions line of a group's pricing document, to say where a lapse went unnoticed."""
    return next(line for line in (group / "pricing.yaml").read_text(encoding="utf-8").splitlines() if line.startswith("jurisdictions:"))


def test_with_every_document_lapsing_every_group_has_findings(monkeypatch, capsys, tmp_path: Path) -> None:
    module = corpus()
    module.write(str(tmp_path), 9 * 12, seed=7, lapse_rate=1.0)
    status, found = findings_by_group(monkeypatch, capsys, tmp_path)
    groups = sorted(path.name for path in tmp_path.iterdir())
    assert len(groups) == 12
    assert [group for group in groups if not any(f["severity"] != "gap" for f in found.get(group, []))] == []
    assert status == 1


def test_the_same_arguments_give_byte_identical_files_and_another_seed_other_files(tmp_path: Path) -> None:
    module = corpus()
    trees = {}
    for name, seed, changed in (("a", 7, 0.0), ("b", 7, 0.0), ("c", 8, 0.0), ("d", 7, 0.5), ("e", 7, 0.5)):
        module.write(str(tmp_path / name), 30, seed=seed, changed_share=changed)
        trees[name] = {path.relative_to(tmp_path / name): path.read_bytes() for path in sorted((tmp_path / name).rglob("*.yaml"))}
    assert len(trees["a"]) == 30
    assert trees["a"] == trees["b"]
    assert trees["d"] == trees["e"]
    assert trees["a"] != trees["c"] and trees["a"] != trees["d"]
