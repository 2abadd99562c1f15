"""A text parsed cleanly once is not parsed again (documents/same.py): diff reads two mostly equal policy sets."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

from helpers import CANCELLATION, PRICING, run_cli, write

from codecheck.documents import parse as parse_module
from codecheck.documents.parse import parse
from codecheck.model import Position


def counting_composes(monkeypatch) -> list[str]:
    composed: list[str] = []
    real = parse_module.compose_all
    monkeypatch.setattr(parse_module, "compose_all", lambda text: composed.append(text) or real(text))
    return composed


def test_the_same_file_in_two_folders_is_composed_once_and_each_has_its_own_findings(monkeypatch, capsys, tmp_path: Path) -> None:
    lapse = CANCELLATION.replace("steps: 2", "steps: 8")
    texts = (PRICING, "# a comment first, so positions differ from the text's start\n" + lapse)
    for side in ("a", "b"):
        write(tmp_path / side / "pricing.yaml", texts[0])
        write(tmp_path / side / "cancellation.yaml", texts[1])
    composed = counting_composes(monkeypatch)
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "a", "b", "--format", "json")
    found = json.loads(out)["findings"]
    assert status == 1 and sorted(text for text in composed if text in texts) == sorted(texts)
    steps = [(f["file"], f["line"], f["column"]) for f in found if f["rule_id"] == "CC0902"]  # steps: 8, on line 7
    assert steps == [(os.path.join("a", "cancellation.yaml"), 7, 8), (os.path.join("b", "cancellation.yaml"), 7, 8)]


def test_a_file_with_a_finding_is_parsed_again_and_its_finding_names_it() -> None:
    text = "codecheck: 1\nkind: pricing\nid: p\nid: q\n"  # a duplicate key: a finding that names the file
    assert [f.file for f in parse(text, "a.yaml")[1]] == ["a.yaml"]
    assert [(f.file, f.line) for f in parse(text, "b.yaml")[1]] == [("b.yaml", 4)]


def test_a_text_parsed_under_other_bounds_is_parsed_again(monkeypatch) -> None:
    text = "a: [1, 2, 3, 4, 5]\n"
    kept = parse(text, "a.yaml")
    assert kept[1] == []
    monkeypatch.setattr(parse_module, "MAX_VALUES", 3)
    docs, findings = parse(text, "b.yaml")
    assert docs == [] and [f.rule_id for f in findings] == ["CC0006"]


def test_the_data_is_shared_and_the_positions_are_each_files_own(tmp_path: Path) -> None:
    text = "id: x\nplans:\n  - {id: basic, steps: 2}\n"
    (first,), _ = parse(text, "a.yaml")
    (second,), _ = parse(text, "b.yaml")
    assert second.data is first.data and (second.file, second.index) == ("b.yaml", 0)
    assert second.position(("plans", 0, "steps")) == Position(3, 24)


def test_nothing_is_kept_once_the_documents_are_gone(monkeypatch) -> None:
    """A language server runs all day: an entry lives only as long as a document of its file."""
    text = "id: gone\n"
    docs, _ = parse(text, "a.yaml")
    composed = counting_composes(monkeypatch)
    parse(text, "b.yaml")
    assert composed == []
    del docs
    gc.collect()
    parse(text, "c.yaml")
    assert composed == [text]
