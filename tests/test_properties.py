"""Property-based tests: documents generated from the kinds' JSON Schemas, and random mutations of the examples.

The invariant, whatever the input: `codecheck lint` exits 0, 1 or 2, prints no
traceback, and every finding has a file:line:column that exists in that file
(a line of the file or the one after the last, a column on that line or just
after its end), as YAML counts lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codecheck.documents import kinds
from codecheck.documents.files import read_text
from codecheck.model import Finding

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*/*.yaml"))
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,  # nothing written into the repository; a failure prints its example
    print_blob=True,  # and how to reproduce it (@reproduce_failure)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the invariant ----------------------------------------------------------------------------------------------


def check_lint(monkeypatch, capsys, *paths: str) -> dict[str, Any]:
    status, out, err = run_cli(monkeypatch, capsys, "lint", "--format", "json", *paths)
    assert status in (0, 1, 2), (status, err)
    assert "Traceback" not in out + err and "internal error" not in err, err
    if status == 2:
        assert err.count("\n") == 1, err
        return {"findings": []}
    report = json.loads(out)
    texts: dict[str, list[str]] = {}
    for finding in report["findings"]:
        lines = texts.setdefault(finding["file"], lines_of(finding["file"]))
        assert_inside(lines, finding)
    return report


def lines_of(file: str) -> list[str]:
    text = read_text(file)
    if isinstance(text, Finding):  # not decodable: its findings count characters of what could be decoded
        text = Path(file).read_bytes().decode("utf-8", errors="replace")
    return LINE_BREAK.split(text)


def assert_inside(lines: list[str], finding: dict[str, Any]) -> None:
    line, column = finding["line"], finding["column"]
    assert 1 <= line <= len(lines) + 1, (finding, len(lines))
    width = len(lines[line - 1]) if line <= len(lines) else 0
    assert 1 <= column <= width + 1, (finding, width)


# --- documents from the JSON Schemas ----------------------------------------------------------------------------


def from_schema(node: dict[str, Any], root: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """A Hypothesis strategy for the values `node` (a JSON Schema, with $ref into `root`) describes.

    Covers what the kinds use: object, array, enum, const, anyOf, string (with pattern), boolean, integer, number.
    Optional fields are left out more often the deeper they are, to keep documents small.
    """
    if "$ref" in node:
        target = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        return from_schema({**target, **{k: v for k, v in node.items() if k != "$ref"}}, root, depth)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        rest = {k: v for k, v in node.items() if k != "anyOf"}
        return st.one_of([from_schema({**rest, **option}, root, depth) for option in node["anyOf"]])
    kind = node.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**node, "type": t}, root, depth) for t in kind])
    if kind == "object" or "properties" in node:
        properties = node.get("properties", {})
        required = [name for name in node.get("required", []) if name in properties]
        optional = [name for name in properties if name not in required]
        if depth > 3:
            optional = []
        return st.fixed_dictionaries(
            {name: from_schema(properties[name], root, depth + 1) for name in required},
            optional={name: from_schema(properties[name], root, depth + 1) for name in optional},
        )
    if kind == "array":
        items = from_schema(node.get("items", {"type": "string"}), root, depth + 1)
        low = node.get("minItems", 0)
        high = max(low, 3 if depth < 3 else 1)
        if node.get("uniqueItems"):  # a list the schema says has no repeats (covers, channels, ...)
            return st.lists(items, min_size=low, max_size=high, unique_by=lambda v: json.dumps(v, sort_keys=True, default=str))
        return st.lists(items, min_size=low, max_size=high)
    if kind == "string":
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True).filter(lambda s: len(s) < 60)
        return st.text(min_size=node.get("minLength", 0), max_size=20)
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low = node.get("minimum", -5)
        return st.integers(min_value=low, max_value=node.get("maximum", low + 400))
    if kind == "number":
        low = node.get("minimum", -5)
        high = node.get("maximum", low + 1000)
        return st.one_of(st.integers(min_value=int(low), max_value=int(high)), st.floats(min_value=low, max_value=high))
    if kind == "null":
        return st.none()
    return st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))


def document(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    schema = kinds.schema(kind)
    return from_schema(schema, schema)


POLICY_SETS = st.lists(
    st.sampled_from(kinds.KINDS).flatmap(document), min_size=1, max_size=4
)


@SETTINGS
@given(documents=POLICY_SETS, one_file=st.booleans())
def test_documents_generated_from_the_schemas_lint_without_a_crash(monkeypatch, capsys, documents, one_file) -> None:
    with tempfile.TemporaryDirectory() as folder:
        texts = [yaml.safe_dump(d, allow_unicode=True, sort_keys=False) for d in documents]
        if one_file:
            Path(folder, "all.yaml").write_text("---\n".join(texts), encoding="utf-8")
        else:
            for index, text in enumerate(texts):
                Path(folder, f"doc{index}.yaml").write_text(text, encoding="utf-8")
        check_lint(monkeypatch, capsys, folder)


@pytest.mark.parametrize("kind", kinds.KINDS)
def test_generated_documents_are_mostly_sound(kind: str) -> None:
    """The generator is worth having: most of what it writes reaches the rules (no finding about the document)."""
    from codecheck.documents.parse import parse
    from codecheck.documents.validate import validate

    outcomes: list[bool] = []

    @settings(max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(document(kind))
    def write_and_read(data: dict[str, Any]) -> None:
        docs, problems = parse(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "x.yaml")
        outcomes.append(not problems and len(validate(tuple(docs), complete=False)[0]) == 1)

    write_and_read()
    assert sum(outcomes) >= len(outcomes) // 2, (kind, sum(outcomes), len(outcomes))


# --- mutations of the examples ----------------------------------------------------------------------------------

ODD_TEXT = ["", " ", "\t", "\n", "\r\n", "\r", ":", "- ", "#", "&a ", "*a", "<<: ", "!!str ", "!!python/object:x ", "'", '"',
            "[", "]", "{", "}", ",", "? ", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "\ufeff", "\x85", "\u2028", "\x00",
            "\x0c", "é", "€", "\U0001f600", "yes", "NO", "1:30", ".inf", ".nan", "0o17", "9" * 50,
            "# codecheck: ignore[CC0902] reason=\"x\"", "# codecheck: ignore[", "<script>"]

MUTATION = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(ODD_TEXT)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.text(max_size=8)),
    st.tuples(st.just("replace"), st.integers(0, 10**6), st.sampled_from(ODD_TEXT)),
    st.tuples(st.just("duplicate_line"), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("delete_line"), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("swap_lines"), st.integers(0, 10**6), st.integers(0, 10**6)),
)


def mutate(text: str, mutations: list[tuple[str, int, Any]]) -> str:
    for op, where, arg in mutations:
        if op in ("delete", "insert", "replace"):
            at = where % (len(text) + 1)
            if op == "delete":
                text = text[:at] + text[at + arg :]
            elif op == "insert":
                text = text[:at] + arg + text[at:]
            else:
                text = text[:at] + arg + text[at + 1 :]
            continue
        lines = text.split("\n")
        at = where % len(lines)
        if op == "duplicate_line":
            lines.insert(at, lines[at])
        elif op == "delete_line" and len(lines) > 1:
            del lines[at]
        elif op == "swap_lines":
            other = arg % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        text = "\n".join(lines)
    return text


@SETTINGS
@given(example=st.sampled_from(EXAMPLES), mutations=st.lists(MUTATION, min_size=1, max_size=6), encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
def test_mutated_examples_lint_without_a_crash(monkeypatch, capsys, example: Path, mutations, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(example.parent, folder, dirs_exist_ok=True)
        text = mutate(example.read_text(encoding="utf-8"), mutations)
        Path(folder, example.name).write_bytes(text.encode(encoding, errors="replace"))
        report = check_lint(monkeypatch, capsys, folder)
        assert all(os.path.dirname(f["file"]) == folder for f in report["findings"])


def test_the_invariant_catches_a_position_outside_the_file(tmp_path: Path) -> None:
    """The check itself: a finding past the end of its line, or two lines past the end of the file, is refused."""
    lines = LINE_BREAK.split("a: 1\r\nbb: 2\n")
    assert_inside(lines, {"line": 2, "column": 6})
    assert_inside(lines, {"line": 3, "column": 1})
    with pytest.raises(AssertionError):
        assert_inside(lines, {"line": 1, "column": 6})
    with pytest.raises(AssertionError):
        assert_inside(lines, {"line": 5, "column": 1})


# --- every other file codecheck reads ------------------------------------------------------------------------------

GOOD_POLICY = "codecheck: 1\nkind: feedback\nid: good\nsurveys: []\n"


def input_seeds() -> dict[str, tuple[str, str]]:
    """For each kind of input: where it goes in a scratch repository, and a sound example of it."""
    from codecheck.gate.baseline import VERSION

    rule = (ROOT / "rules" / "09-lock-in" / "CC0901.yaml").read_text(encoding="utf-8").replace("id: CC0901", "id: CC0999", 1)
    entry = {"fingerprint": "0" * 20, "rule_id": "CC0501", "doc_id": "good", "path": "surveys", "value": "[]"}
    return {
        "config": ("policies/.codecheck.yaml", "select: [CC05, lock-in]\nfail_on: warning\nrules: [../pack]\n"),
        "pyproject": ("pyproject.toml", "[tool.codecheck]\nfail_on = 'warning'\nselect = ['CC05']\nrules = ['pack']\n"),
        "baseline": ("baseline.json", json.dumps({"version": VERSION, "findings": [entry]}, indent=2)),
        "rule": ("pack/CC0999.yaml", rule),
        "approvals": (
            "policies/.codecheck-approvals.yaml",
            "approvals:\n  - fingerprint: 0123456789abcdef\n    owner: Head of Legal\n    reason: announced in March\n    once: true\n",
        ),
        "changes": ("pack/changes.yaml", (ROOT / "rules" / "changes.yaml").read_text(encoding="utf-8").replace("  - id: ", "  - id: pack-")),
    }


def run_with_input(monkeypatch, capsys, kind: str, text: str) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "policies").mkdir()
        (root / "pack").mkdir()
        (root / "policies" / "good.yaml").write_text(GOOD_POLICY, encoding="utf-8")
        where, _ = input_seeds()[kind]
        (root / where).write_text(text, encoding="utf-8", errors="replace")
        monkeypatch.chdir(root)
        command = ["diff", "policies", "policies"] if kind in ("changes", "approvals") else ["lint", "policies"]
        command += ["--baseline", "baseline.json"] if kind == "baseline" else []
        command += ["--rules", "pack"] if kind in ("rule", "changes") else []
        return run_cli(monkeypatch, capsys, *command)


@pytest.mark.parametrize("kind", sorted(input_seeds()))
def test_the_unmutated_inputs_are_sound(monkeypatch, capsys, kind: str) -> None:
    """The mutations start from files codecheck accepts, so that they reach past the first check."""
    status, _, err = run_with_input(monkeypatch, capsys, kind, input_seeds()[kind][1])
    assert status in (0, 1), err


@SETTINGS
@given(kind=st.sampled_from(sorted(input_seeds())), mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_configs_baselines_rules_and_changes_never_crash(monkeypatch, capsys, kind: str, mutations) -> None:
    """Whatever a committed input holds: exit 0, 1 or 2, a one-line error for 2, never a traceback."""
    status, out, err = run_with_input(monkeypatch, capsys, kind, mutate(input_seeds()[kind][1], mutations))
    assert status in (0, 1, 2), (status, err)
    assert "Traceback" not in out + err and "internal error" not in err, err
    if status == 2:
        assert err.startswith("codecheck: error: ") and err.count("\n") == 1, err
