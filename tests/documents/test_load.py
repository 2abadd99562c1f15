"""Finding and reading policy files: every unreadable file is a finding, never a crash."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from codecheck.documents import files as files_module
from codecheck.documents.load import discover, load
from codecheck.errors import UsageError


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def codes(policy_set) -> list[tuple[str, str, int, int]]:
    return [(os.path.basename(f.file), f.rule_id, f.line, f.column) for f in policy_set.findings]


def test_discover_walks_folders_for_yaml_and_skips_hidden_ones(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", "a: 1")
    write(tmp_path / "sub" / "a.yml", "a: 1")
    write(tmp_path / "notes.txt", "x")
    write(tmp_path / ".git" / "c.yaml", "a: 1")
    write(tmp_path / ".hidden.yaml", "a: 1")
    found = discover([str(tmp_path)])
    assert [os.path.relpath(p, tmp_path) for p in found] == ["b.yaml", os.path.join("sub", "a.yml")]


def test_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    file = str(write(tmp_path / "a.yaml", "a: 1"))
    assert discover([file, file]) == [file]


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        discover([str(tmp_path / "nope")])


def test_binary_files_are_findings(tmp_path: Path) -> None:
    write(tmp_path / "bin.yaml", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert codes(load([str(tmp_path)])) == [("bin.yaml", "CC0002", 1, 1)]


def test_invalid_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    write(tmp_path / "latin1.yaml", b"a: 1\nname: caf" + b"\xe9\n")
    policy_set = load([str(tmp_path)])
    assert codes(policy_set) == [("latin1.yaml", "CC0002", 2, 10)]
    assert "not valid UTF-8 (byte 0xe9)" in policy_set.findings[0].message


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    write(tmp_path / "u16.yaml", codecs.BOM_UTF16_LE + "name: Müller\n".encode("utf-16-le"))
    policy_set = load([str(tmp_path)])
    assert policy_set.findings == ()
    assert policy_set.documents[0].data == {"name": "Müller"}


def test_a_utf8_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "bom.yaml", codecs.BOM_UTF8 + b"a: 1\n")
    assert load([str(tmp_path)]).documents[0].data == {"a": 1}


def test_oversized_files_are_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module, "MAX_FILE_BYTES", 10)
    write(tmp_path / "big.yaml", "a: 12345678901234567890\n")
    assert codes(load([str(tmp_path)])) == [("big.yaml", "CC0003", 1, 1)]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "a: [1\n")
    write(tmp_path / "b.yaml", b"\x00\x01")
    write(tmp_path / "c.yaml", "c: 3\n")
    policy_set = load([str(tmp_path)])
    assert codes(policy_set) == [("a.yaml", "CC0001", 2, 1), ("b.yaml", "CC0002", 1, 1)]
    assert [d.data for d in policy_set.documents] == [{"c": 3}]
    assert policy_set.files == 3


def test_an_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing-target.yaml")
    policy_set = load([str(tmp_path)])
    assert codes(policy_set) == [("gone.yaml", "CC0002", 1, 1)]
    assert "cannot read the file: No such file or directory" in policy_set.findings[0].message


def test_paths_with_spaces_and_non_ascii_names(tmp_path: Path) -> None:
    write(tmp_path / "Preise für Kunden" / "tarif ü.yaml", "a: 1\n")
    policy_set = load([str(tmp_path)])
    assert policy_set.findings == ()
    assert policy_set.documents[0].file.endswith(os.path.join("Preise für Kunden", "tarif ü.yaml"))
