"""`codecheck schema --all` and `codecheck init`: the combined schema an editor uses, and the files it resolves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from codecheck.documents.kinds import KINDS
from codecheck.documents.parse import parse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/*.yaml"))


def editor_validator(folder: Path) -> Draft202012Validator:
    """The combined schema as an editor loads it: from its file, resolving every `$ref` in the folder it is in.

    The retriever reads only files in `folder` and fails on anything else, so a
    `$ref` that would need the network (or another folder) fails the test.
    """
    def retrieve(uri: str) -> Resource:
        assert uri.startswith(folder.as_uri() + "/"), f"a $ref leaves the schema folder: {uri}"
        target = folder / uri[len(folder.as_uri()) + 1 :]
        return Resource.from_contents(json.loads(target.read_text(encoding="utf-8")))

    entry = (folder / "codecheck.schema.json").as_uri()
    registry: Registry = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    return Draft202012Validator({"$ref": entry}, registry=registry)


def documents_of(path: Path) -> list[object]:
    docs, problems = parse(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    return [d.data for d in docs]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("schemas") / "out"
    mp = pytest.MonkeyPatch()
    try:
        import sys

        from codecheck.cli import main

        mp.setattr(sys, "argv", ["codecheck", "schema", "--all", "--dir", str(folder)])
        with pytest.raises(SystemExit) as done:
            main()
        assert done.value.code == 0
    finally:
        mp.undo()
    return folder


def test_all_writes_the_combined_schema_and_one_file_per_kind(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == sorted(["codecheck.schema.json", *(f"{k}.schema.json" for k in KINDS)])
    combined = json.loads((exported / "codecheck.schema.json").read_text(encoding="utf-8"))
    assert combined["$id"] == "codecheck.schema.json"
    assert combined["properties"]["kind"]["enum"] == list(KINDS)
    assert [(b["if"]["properties"]["kind"]["const"], b["then"]["$ref"]) for b in combined["allOf"]] == [
        (k, f"{k}.schema.json") for k in KINDS
    ]
    for kind in KINDS:
        assert json.loads((exported / f"{kind}.schema.json").read_text(encoding="utf-8"))["$id"] == f"{kind}.schema.json"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_document_validates_against_the_combined_schema(exported: Path, path: Path) -> None:
    validator = editor_validator(exported)
    for data in documents_of(path):
        assert [e.message for e in validator.iter_errors(data)] == []


def test_every_init_document_validates_and_points_at_the_schema_init_wrote(monkeypatch, capsys, tmp_path: Path) -> None:
    target = tmp_path / "policies"
    status, _, _ = run_cli(monkeypatch, capsys, "init", str(target))
    assert status == 0
    validator = editor_validator(target / "schemas")
    for kind in KINDS:
        starter = target / f"{kind}.yaml"
        first = starter.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schemas/codecheck.schema.json"
        assert (starter.parent / first.partition("$schema=")[2]).is_file()
        for data in documents_of(starter):
            assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"steps": "many"}, ["steps"], "'many' is not of type 'integer'"),
        ({"kind": "refunds"}, ["kind"], "'refunds' is not one of"),
        ({"colour": "blue"}, [], "Additional properties are not allowed ('colour' was unexpected)"),
    ],
)
def test_the_kind_selects_the_schema_that_reports_the_error(exported: Path, change: dict, path: list, message: str) -> None:
    cancellation = documents_of(ROOT / "examples" / "customer-first" / "cancellation.yaml")[0]
    assert isinstance(cancellation, dict)
    errors = list(editor_validator(exported).iter_errors({**cancellation, **change}))
    assert [list(e.absolute_path) for e in errors] == [path]
    assert errors[0].message.startswith(message)


def test_a_document_without_a_kind_is_told_it_needs_one(exported: Path) -> None:
    errors = list(editor_validator(exported).iter_errors({"codecheck": 1, "id": "x"}))
    assert [e.message for e in errors] == ["'kind' is a required property"]


@pytest.mark.parametrize(("args", "out"), [(("schema",), ""), (("schema", "pricing", "--all"), "")])
def test_schema_needs_a_kind_or_all(monkeypatch, capsys, args: tuple[str, ...], out: str) -> None:
    status, stdout, err = run_cli(monkeypatch, capsys, *args)
    assert (status, stdout) == (2, out)
    assert err == "codecheck: error: name one KIND to print its schema, or give --all to write every schema into a folder\n"
