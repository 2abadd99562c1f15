"""On every example set, reordering list items or inserting new ones changes the fingerprint of no finding.

Findings, baselines and diff name list items by identity (`plans[id=pro]`),
so an edit to one item, or a new item anywhere in the list, never renames the
findings about the others. Both versions are written by the same YAML dumper,
so only the edit differs.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from codecheck.documents import kinds
from codecheck.documents.identity import keys_for
from codecheck.documents.load import load
from codecheck.engine.rulebook import load_rules
from codecheck.model import Finding
from codecheck.pipeline import check, options_for
from codecheck.settings.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir())


def documents(example: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for doc in load([str(ROOT / "examples" / example)]).documents:
        found.setdefault(Path(doc.file).name, []).append(doc.data)
    return found


def dump(folder: Path, files: dict[str, list[Any]]) -> Path:
    folder.mkdir(parents=True)
    for name, docs in files.items():
        (folder / name).write_text(yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def findings(folder: Path) -> list[Finding]:
    return list(check([str(folder)], options_for(DEFAULTS, load_rules(()))).report.findings)


def fingerprints(folder: Path) -> Counter[str]:
    return Counter(f.fingerprint for f in findings(folder))


def reordered(node: Any) -> Any:
    """Every list reversed and every mapping's keys in reverse order, all the way down."""
    if isinstance(node, dict):
        return {k: reordered(node[k]) for k in reversed(list(node))}
    if isinstance(node, list):
        return [reordered(item) for item in reversed(node)]
    return node


def named_lists(node: Any, pattern: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
    """Every list of named mappings in a document, with its schema path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from named_lists(value, pattern + (key,))
    elif isinstance(node, list):
        if node and all(isinstance(item, dict) for item in node):
            yield pattern, node
        for item in node:
            yield from named_lists(item, pattern + ("*",))


def with_inserted_items(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the first item put at the top of each named list, under new names, where the schema allows it."""
    result = copy.deepcopy(document)
    checker = kinds.checker(result["kind"])
    for number, (pattern, items) in enumerate(list(named_lists(result))):
        clone = copy.deepcopy(items[0])
        for key in {name for names in keys_for(result["kind"], pattern) for name in names}:
            if isinstance(clone.get(key), str):
                clone[key] = f"inserted-{number}"
        items.insert(0, clone)
        if not checker.is_valid(result):  # a name the schema refuses (a country code, an enum): leave this list
            items.pop(0)
    return result


def test_the_examples_have_findings_to_rename() -> None:
    assert sum(len(findings(ROOT / "examples" / example)) for example in EXAMPLES) > 100


@pytest.mark.parametrize("example", EXAMPLES)
def test_reordering_every_list_changes_no_fingerprint(tmp_path: Path, example: str) -> None:
    files = documents(example)
    before = fingerprints(dump(tmp_path / "before", files))
    after = fingerprints(dump(tmp_path / "after", {name: [reordered(d) for d in docs] for name, docs in files.items()}))
    assert after == before


@pytest.mark.parametrize("example", EXAMPLES)
def test_inserting_items_at_the_top_of_every_list_renames_no_finding(tmp_path: Path, example: str) -> None:
    """Every finding is still there under its fingerprint, unless the inserted item became part of its value."""
    files = documents(example)
    before = findings(dump(tmp_path / "before", files))
    edited = {name: [with_inserted_items(d) for d in docs] for name, docs in files.items()}
    after = findings(dump(tmp_path / "after", edited))
    gone = Counter(f.fingerprint for f in before) - Counter(f.fingerprint for f in after)
    grown = {(f.rule_id, f.doc_id, f.path) for f in after if "inserted-" in f.value}
    assert [(f.rule_id, f.doc_id, f.path) for f in before if f.fingerprint in gone and (f.rule_id, f.doc_id, f.path) not in grown] == []
    assert sum(gone.values()) <= 1  # the one finding about a list of recipients that the copy joined
