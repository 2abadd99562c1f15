"""Hostile and broken input through the real command line: a finding or a one-line error, never a crash or a hang.

Every case is linted next to a sound policy file, which must still be checked.
Time is bounded by a deadline (SIGALRM in-process, a timeout for subprocesses)
and memory by tracemalloc's peak in-process or RLIMIT_AS for subprocesses;
nothing asserts how fast a case is, only that it ends.
"""

from __future__ import annotations

import codecs
import inspect
import json
import os
import resource
import subprocess
import sys
import tracemalloc
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import pytest
from helpers import deadline, run_cli

from codecheck.documents.parse import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_VALUES

ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024

GOOD = """\
codecheck: 1
kind: feedback
id: good
surveys: []
"""
"""A sound document: it always draws CC0501 (info) at 4:10, proof that it was checked by the rules."""

GOOD_FINDING = ("good.yaml", "CC0501", 4, 10)


# --- bounds -----------------------------------------------------------------------------------------------------


def run_limited(*args: str, timeout: float = 120, memory: int = 1536 * MiB, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m codecheck ARGS` in a subprocess whose address space is capped; a hang fails by timeout."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "codecheck", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        cwd=cwd,
        env={**os.environ, "CODECHECK_TODAY": "2026-11-24"},
        check=False,
    )


def assert_clean(out: str, err: str) -> None:
    """No traceback and no internal error: every problem was a finding or a one-line usage error."""
    for text in (out, err):
        assert "Traceback" not in text
        assert "internal error" not in text


def lint_json(monkeypatch, capsys, *args: str, seconds: float = 30, traced: bool = True) -> tuple[int, dict, str, int]:
    """lint --format json in-process: exit status, the report, standard error, and the peak of traced memory (0: not traced)."""
    peak = 0
    if traced:
        tracemalloc.start()
    try:
        with deadline(seconds):
            status, out, err = run_cli(monkeypatch, capsys, "lint", "--format", "json", *args)
        if traced:
            _, peak = tracemalloc.get_traced_memory()
    finally:
        if traced:
            tracemalloc.stop()
    assert_clean(out, err)
    return status, json.loads(out) if out else {}, err, peak


def located(report: dict) -> list[tuple[str, str, int, int]]:
    return [(os.path.basename(f["file"]), f["rule_id"], f["line"], f["column"]) for f in report["findings"]]


def message_at(report: dict, where: tuple[str, str, int, int]) -> str:
    """The message of the finding at (file name, rule id, line, column)."""
    return next(f["message"] for f in report["findings"] if located({"findings": [f]})[0] == where)


# --- the corpus -------------------------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def many_small_bombs(documents: int = 2000) -> str:
    """Documents each just under MAX_VALUES: only the per-file alias bound keeps this from taking many minutes."""
    one = (
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d]\n"
    )
    return "---\n".join([one] * documents)


class Case(NamedTuple):
    name: str
    make: Callable[[Path], None]
    """Writes the hostile entry into the policy folder."""
    expected: tuple[str, str, int, int]
    """(file name, rule id, line, column) of the finding it must give."""
    says: str
    """A part of that finding's message."""
    traced: bool = True
    """Whether to trace memory in-process (64 MiB at most); tracing makes tens of thousands of findings slow,
    and their memory grows with their number: those are bounded by the capped subprocess of the corpus test."""


def file(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())

    return make


def symlink(name: str, target: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).symlink_to(target)

    return make


def latin1_name(folder: Path) -> None:
    """A file name that is not UTF-8 (Latin-1 é), as an old archive or a Windows share can leave."""
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.yaml"), "w") as handle:
        handle.write(GOOD)


def fifo(folder: Path) -> None:
    os.mkfifo(folder / "fifo.yaml")


def huge(folder: Path) -> None:
    """A 100 MB file, sparse: it costs no disk, and reading it all would cost 100 MB of memory."""
    with open(folder / "huge.yaml", "wb") as handle:
        handle.write(b"a: 1\n")
        handle.truncate(100 * MiB)


SECRET = "aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def secret_link(folder: Path) -> None:
    """A committed symlink to a credentials file beside the policy folder."""
    (folder.parent / "credentials.yaml").write_text(SECRET + "\n")
    (folder / "aws.yaml").symlink_to(folder.parent / "credentials.yaml")


UTF16_DOC = "codecheck: 1\nkind: feedback\nid: wide\nsurveys: 3\n"

CASES = [
    Case("alias bomb", file("bomb.yaml", billion_laughs()), ("bomb.yaml", "CC0006", 1, 73), f"more than {MAX_VALUES} values"),
    Case(
        "many documents each just under the alias bound",
        file("bombs.yaml", many_small_bombs()),
        ("bombs.yaml", "CC0006", 7, 23),
        f"expand to more than {MAX_ALIAS_VALUES} values in all",
    ),
    Case(
        "flow nesting 10,000 deep",
        file("deep-flow.yaml", "a: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("deep-flow.yaml", "CC0006", 1, len("a: ") + MAX_DEPTH + 1),  # the first list past the bound
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    Case(
        "block nesting 10,000 deep",
        file("deep-block.yaml", "- " * 10_000 + "x\n"),
        ("deep-block.yaml", "CC0006", 1, 2 * (MAX_DEPTH + 1) + 1),
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    Case(
        "mappings nested 10,000 deep",
        file("deep-map.yaml", "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"),
        ("deep-map.yaml", "CC0006", 1, len("{a: ") * (MAX_DEPTH + 1) + 1),
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    Case(
        "nesting just past the bound, as a person would write it",
        file("deep-indent.yaml", "".join("  " * i + "a:\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 2) + "b: 1\n"),
        ("deep-indent.yaml", "CC0006", MAX_DEPTH + 2, 2 * (MAX_DEPTH + 1) + 1),
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    Case("a 100 MB file", huge, ("huge.yaml", "CC0003", 1, 1), "larger than 10 MiB"),
    Case("a binary file", file("logo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ("logo.yaml", "CC0002", 1, 1), "binary"),
    Case(
        "invalid UTF-8",
        file("latin1.yaml", b"codecheck: 1\nkind: feedback\nid: caf" + b"\xe9\n"),
        ("latin1.yaml", "CC0002", 3, 8),
        "not valid UTF-8 (byte 0xe9)",
    ),
    Case(
        "invalid UTF-8 after a BOM, CRLF and accents: the column counts characters",
        file("accents.yaml", codecs.BOM_UTF8 + "codecheck: 1\r\nid: naïve-caf".encode() + b"\xe9\r\n"),
        ("accents.yaml", "CC0002", 2, 14),
        "not valid UTF-8 (byte 0xe9)",
    ),
    Case(
        "invalid UTF-8 after old Mac line ends (found by the fuzzer)",
        file("cr-latin1.yaml", b"codecheck: 1\r# F\xff\r"),
        ("cr-latin1.yaml", "CC0002", 2, 4),
        "not valid UTF-8 (byte 0xff)",
    ),
    Case(
        "UTF-16 LE with a byte-order mark",
        file("utf16le.yaml", codecs.BOM_UTF16_LE + UTF16_DOC.encode("utf-16-le")),
        ("utf16le.yaml", "CC0012", 4, 10),
        "expected a list, found the number 3",
    ),
    Case(
        "UTF-16 BE with a byte-order mark",
        file("utf16be.yaml", codecs.BOM_UTF16_BE + UTF16_DOC.encode("utf-16-be")),
        ("utf16be.yaml", "CC0012", 4, 10),
        "expected a list, found the number 3",
    ),
    Case(
        "UTF-16 that is not",
        file("utf16bad.yaml", codecs.BOM_UTF16_LE + b"a\x00:\x00 \x00\x00\xd8"),
        ("utf16bad.yaml", "CC0002", 1, 1),
        "not valid UTF-16",
    ),
    Case(
        "CRLF line endings",
        file("crlf.yaml", UTF16_DOC.replace("\n", "\r\n")),
        ("crlf.yaml", "CC0012", 4, 10),
        "expected a list, found the number 3",
    ),
    Case(
        "old Mac CR line endings",
        file("cr.yaml", UTF16_DOC.replace("\n", "\r")),
        ("cr.yaml", "CC0012", 4, 10),
        "expected a list, found the number 3",
    ),
    Case(
        "a tab as indentation",
        file("tabs.yaml", "codecheck: 1\nkind: feedback\nid: tabs\nsurveys:\n\t- {id: s, kind: nps}\n"),
        ("tabs.yaml", "CC0001", 5, 1),
        "cannot start any token",
    ),
    Case(
        "a tag that would run a command",
        file("tag.yaml", "codecheck: 1\nkind: feedback\nid: tag\nsurveys: !!python/object/apply:os.system ['touch pwned']\n"),
        ("tag.yaml", "CC0006", 4, 10),
        "YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    Case(
        "a tag that would build an object",
        file("object.yaml", "codecheck: 1\nkind: feedback\nid: obj\nsurveys: !!python/object:collections.OrderedDict {}\n"),
        ("object.yaml", "CC0006", 4, 10),
        "YAML tag '!!python/object:collections.OrderedDict' is not allowed",
    ),
    Case(
        "a merge key",
        file("merge.yaml", "codecheck: 1\nkind: feedback\nid: merge\nsurveys:\n  - &s {id: a, kind: nps}\n  - <<: *s\n    id: b\n"),
        ("merge.yaml", "CC0006", 6, 5),
        "merge keys ('<<') are not supported",
    ),
    Case(
        "an anchor used in a later document",
        file("anchors.yaml", "codecheck: 1\nkind: feedback\nid: one\nsurveys: &none []\n---\ncodecheck: 1\nkind: feedback\nid: two\nsurveys: *none\n"),
        ("anchors.yaml", "CC0001", 9, 10),
        "undefined alias",
    ),
    Case(
        "YAML 1.1 booleans stay text",
        file("yes.yaml", "codecheck: 1\nkind: feedback\nid: yes\nsurveys:\n  - {id: s, kind: nps, optional: yes}\n"),
        ("yes.yaml", "CC0012", 5, 34),
        "expected true or false, found 'yes'",
    ),
    Case(
        "YAML 1.1 sexagesimals stay text",
        file("sixty.yaml", "codecheck: 1\nkind: cancellation\nid: sixty\ncovers: []\nchannels: [online]\nsteps: 1:30\n"),
        ("sixty.yaml", "CC0012", 6, 8),
        "expected a whole number, found '1:30'",
    ),
    Case(
        "an integer too long for Python to print",
        file("digits.yaml", "codecheck: 1\nkind: cancellation\nid: digits\ncovers: []\nchannels: [online]\nsteps: " + "9" * 5000 + "\n"),
        ("digits.yaml", "CC0012", 6, 8),
        "expected a whole number, found '9999",
    ),
    Case("a symlink loop", symlink("loop.yaml", "loop.yaml"), ("loop.yaml", "CC0002", 1, 1), "Too many levels of symbolic links"),
    Case("a broken symlink", symlink("gone.yaml", "nowhere/gone.yaml"), ("gone.yaml", "CC0002", 1, 1), "No such file or directory"),
    Case("a file name that is not UTF-8", latin1_name, ("caf\ufffd.yaml", "CC0002", 1, 1), "file name is not valid UTF-8"),
    Case("a FIFO, which would block a reader forever", fifo, ("fifo.yaml", "CC0002", 1, 1), "not a regular file"),
    Case(
        "a symlink to a file outside the policy set",
        secret_link,
        ("aws.yaml", "CC0007", 1, 1),
        "a symbolic link to a file outside the folders being checked, so it is not read",
    ),
    Case("a symlink out through its parent", symlink("up.yaml", "../outside.yaml"), ("up.yaml", "CC0007", 1, 1), "not read"),
    Case(
        "40,000 suppression comments in a row",
        file("notes.yaml", "# codecheck: ignore[CC0501] reason=\"old\"\n" * 40_000),
        ("notes.yaml", "CC0022", 40_000, 1),
        "silences nothing",
        traced=False,
    ),
    Case(
        "a suppression comment 200,000 characters long",
        file("long-comment.yaml", GOOD.replace("surveys: []", "surveys: []  # codecheck: ignore[CC0501] " + "x" * 200_000)),
        ("long-comment.yaml", "CC0020", 4, 14),
        "has no reason",
    ),
    Case(
        "40,000 suppressed findings",
        file("suppressed.yaml", "a: 1\n" + "a: 1  # codecheck: ignore[CC0005] reason=\"generated\"\n" * 40_000),
        ("suppressed.yaml", "CC0010", 1, 1),
        "not a policy document",
        traced=False,
    ),
    Case(
        "60,000 unknown fields in one document",
        file("fields.yaml", GOOD.replace("id: good", "id: fields") + "".join(f"f{i}: 1\n" for i in range(60_000))),
        ("fields.yaml", "CC0012", 60_004, 1),
        "unknown field 'f59999'",
        traced=False,
    ),
]

ENDLESS = Case("a symlink to an endless device", symlink("zero.yaml", "/dev/zero"), ("zero.yaml", "CC0007", 1, 1), "outside the folders")
"""Run only in a memory-capped subprocess: reading it unbounded would take the test process's memory with it."""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_file_is_a_finding_and_the_others_are_still_checked(monkeypatch, capsys, tmp_path: Path, case: Case) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "good.yaml").write_text(GOOD)
    case.make(folder)
    monkeypatch.chdir(tmp_path)  # a tag that ran a command would leave `pwned` here
    status, report, err, peak = lint_json(monkeypatch, capsys, str(folder), traced=case.traced)
    assert status == 1, err
    found = located(report)
    assert case.expected in found
    assert case.says in message_at(report, case.expected)
    assert GOOD_FINDING in found
    assert report["summary"]["files"] == 2
    assert peak < 64 * MiB
    assert not (tmp_path / "pwned").exists()


def test_duplicate_keys_are_found_at_every_depth(monkeypatch, capsys, tmp_path: Path) -> None:
    text = (
        "codecheck: 1\n"
        "kind: feedback\n"
        "id: dups\n"
        "id: dups-again\n"  # top level
        "surveys:\n"
        "  - id: s\n"
        "    kind: nps\n"
        "    kind: csat\n"  # in a list item
        "  - {id: t, kind: nps, id: u}\n"  # in a flow mapping
        "closed_loop:\n"
        "  owner: {team: a, team: b}\n"  # two levels down
        "---\n"
        "codecheck: 1\n"
        "codecheck: 1\n"  # in a later document
    )
    (tmp_path / "dups.yaml").write_text(text)
    (tmp_path / "good.yaml").write_text(GOOD)
    status, report, _, _ = lint_json(monkeypatch, capsys, str(tmp_path))
    assert status == 1
    duplicates = [(line, column) for name, rule, line, column in located(report) if rule == "CC0005"]
    assert duplicates == [(4, 1), (8, 5), (9, 24), (11, 20), (14, 1)]
    assert GOOD_FINDING in located(report)


def test_suppression_comments_count_lines_as_yaml_does(monkeypatch, capsys, tmp_path: Path) -> None:
    """Found by the fuzzer: str.splitlines() also breaks at \\x1c, so comments were numbered past the end of the file."""
    (tmp_path / "odd.yaml").write_text("a: 1\n # x\x1c\x1c\x1c# codecheck: ignore[CC0501] reason=\"x\"\n# codecheck: ignore[CC0501] reason=\"y\"\n")
    status, report, _, _ = lint_json(monkeypatch, capsys, str(tmp_path))
    assert status == 1
    assert [(rule, line) for name, rule, line, _ in located(report)] == [("CC0001", 2), ("CC0022", 2), ("CC0022", 3)]  # the \\x1c YAML refuses, on its line


def test_a_symlinked_folder_loop_is_not_followed(monkeypatch, capsys, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(".")
    status, report, _, _ = lint_json(monkeypatch, capsys, str(tmp_path), seconds=10)
    assert status == 0
    assert report["summary"]["files"] == 1


def test_a_folder_named_like_a_policy_file_is_walked(monkeypatch, capsys, tmp_path: Path) -> None:
    (tmp_path / "pricing.yaml").mkdir()
    (tmp_path / "pricing.yaml" / "good.yaml").write_text(GOOD)
    status, report, _, _ = lint_json(monkeypatch, capsys, str(tmp_path))
    assert status == 0
    assert GOOD_FINDING in located(report)
    assert report["summary"]["files"] == 1


def test_folders_deeper_than_the_recursion_limit_are_walked_in_lint_and_in_a_rule_pack(monkeypatch, capsys, tmp_path: Path) -> None:
    """os.walk and Path.rglob recurse once per folder: 1,500 levels were a RecursionError.

    The tree is 400 levels deep and the run gets 250 frames of stack above this test (a lint needs about 75), so
    a walk that recurses per folder fails here as it did at 1,500 levels under the default limit of 1,000. A tree
    pytest's own clean-up (shutil.rmtree, recursive too) cannot remove was left in the shared temporary folder
    whenever a run of the suite was interrupted, and made later runs of pytest fail as they finished.
    """
    levels, headroom = 400, 250
    for top, name, text in (("policies", "good.yaml", GOOD), ("pack", "CC0999.yaml", RULE)):
        folder = tmp_path / top
        for _ in range(levels):
            folder /= "d"
        folder.mkdir(parents=True)
        (folder / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + headroom)
    try:
        status, report, err, _ = lint_json(monkeypatch, capsys, "policies", "--rules", "pack", "--fail-on", "info", traced=False)
    finally:
        sys.setrecursionlimit(limit)
    assert status == 1, err
    assert report["summary"]["files"] == 1 and all(f["file"].endswith("/d/good.yaml") for f in report["findings"])
    assert "CC0999" in {f["rule_id"] for f in report["findings"]}  # the pack's rule, found 400 levels down


def test_a_fifo_named_on_the_command_line_is_a_one_line_error(monkeypatch, capsys, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with deadline(10):
        status, _, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "pipe.yaml"))
    assert status == 2
    assert err == f"codecheck: error: {tmp_path / 'pipe.yaml'}: not a regular file or folder\n"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_paths_with_spaces_and_non_ascii_names(monkeypatch, capsys, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "Politik für Kunden" / "Preise 2026 – ünd €"
    folder.mkdir(parents=True)
    (folder / "tarif ü 1.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    with deadline(30):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "Politik für Kunden", "--format", fmt, "--fail-on", "info")
    assert_clean(out, err)
    assert status == 1
    relative = os.path.join("Politik für Kunden", "Preise 2026 – ünd €", "tarif ü 1.yaml")
    if fmt == "text":
        assert f"{relative}:4:10: CC0501 info " in out
    elif fmt == "json":
        assert {(f["file"], f["line"], f["column"]) for f in json.loads(out)["findings"]} >= {(relative, 4, 10)}
    elif fmt == "sarif":
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]]
        assert "Politik%20f%C3%BCr%20Kunden/Preise%202026%20%E2%80%93%20%C3%BCnd%20%E2%82%AC/tarif%20%C3%BC%201.yaml" in uris
    elif fmt == "junit":
        assert f'file="{relative}"' in out
    elif fmt == "github":
        assert f"file={relative},line=4,col=10" in out
    else:
        assert "Politik für Kunden/Preise 2026 – ünd €/tarif ü 1.yaml:4:10" in out


def test_a_policy_folder_with_50000_files_finishes_in_bounded_time_and_memory(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    for i in range(50_000):
        if i % 1000 == 0:
            sub = folder / f"part-{i // 1000:02d}"
            sub.mkdir(parents=True)
        # a mix: most are not policies (read, then skipped), every tenth is a sound document
        (sub / f"f{i:05d}.yaml").write_text(f"codecheck: 1\nkind: feedback\nid: f{i}\nsurveys: []\n" if i % 10 == 0 else "a: 1\n")
    (folder / "broken.yaml").write_text("a: [1\n")
    done = run_limited("lint", str(folder), "--format", "json", "--jobs", "2", timeout=240)
    assert_clean(done.stdout, done.stderr)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == 5_001
    assert report["summary"]["documents"] == 5_000
    assert report["summary"]["skipped"] == len(report["skipped"]) == 45_000
    assert any(f["rule_id"] == "CC0001" and f["file"].endswith("broken.yaml") for f in report["findings"])


def test_the_whole_corpus_at_once_in_a_memory_capped_process(tmp_path: Path) -> None:
    """Every hostile case in one folder, in a separate process with its address space capped: one run, no crash."""
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "good.yaml").write_text(GOOD)
    for case in [*CASES, ENDLESS]:
        case.make(folder)
    done = run_limited("lint", str(folder), cwd=tmp_path, timeout=120)
    assert_clean(done.stdout, done.stderr)
    assert (done.returncode, done.stderr) == (1, "")
    for name, rule_id, line, column in [GOOD_FINDING, *(case.expected for case in [*CASES, ENDLESS])]:
        assert f"{folder / name}:{line}:{column}: {rule_id} " in done.stdout
    assert not (tmp_path / "pwned").exists()


def test_parallel_parsing_reads_utf16_files_again_correctly(monkeypatch, capsys, tmp_path: Path) -> None:
    """With --jobs, documents come back from other processes and their files are read again for positions."""
    from codecheck.engine.split import PARALLEL_FILES

    for i in range(PARALLEL_FILES):
        (tmp_path / f"p{i:03d}.yaml").write_text(f"codecheck: 1\nkind: feedback\nid: p{i}\nsurveys: []\n")
    (tmp_path / "wide.yaml").write_bytes(codecs.BOM_UTF16_LE + UTF16_DOC.encode("utf-16-le"))
    status, report, _, _ = lint_json(monkeypatch, capsys, str(tmp_path), "--jobs", "2", seconds=120)
    assert status == 1
    assert ("wide.yaml", "CC0012", 4, 10) in located(report)


# --- hostile rule packs and configuration -----------------------------------------------------------------------

RULE = """\
id: CC0999
name: test-rule
title: Test rule
tenet: 9
kinds: [feedback]
severity: warning
check:
  field: title
  matches: 'Feedback'
message: the title is {value}
rationale: Because.
fix: Fix it.
references: [{title: Test, url: "https://example.org/law"}]
examples:
  pass: [{title: Feedback}]
  fail: [{title: Other}]
"""


class Watched:
    """What the process opens, lists and runs while a block is watched, through Python's audit hooks (PEP 578)."""

    events: list[tuple[str, tuple]] | None = None
    installed = False

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if cls.events is not None and (event in ("open", "os.listdir", "os.scandir", "os.system") or event.startswith(("subprocess.", "os.exec", "os.spawn", "os.posix_spawn"))):
            cls.events.append((event, args))

    @classmethod
    @contextmanager
    def watch(cls) -> Iterator[list[tuple[str, tuple]]]:
        if not cls.installed:
            sys.addaudithook(cls.hook)  # cannot be removed: it records only inside `watch`
            cls.installed = True
        cls.events = []
        try:
            yield cls.events
        finally:
            cls.events = None


def touched(events: list[tuple[str, tuple]]) -> list[str]:
    """Every path opened or listed."""
    paths = []
    for event, args in events:
        if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
            paths.append(os.path.abspath(os.fsdecode(args[0])))
    return paths


def commands(events: list[tuple[str, tuple]]) -> list[list[str]]:
    """Every command run; codecheck runs one, `git rev-parse HEAD`, for the scorecard's provenance."""
    found = []
    for event, args in events:
        if event == "subprocess.Popen":
            found.append([os.fsdecode(a) for a in args[1]])
        elif event not in ("open", "os.listdir", "os.scandir"):
            found.append([event, *map(str, args)])
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A policy folder, a secret beside it that nothing may read, and a rule pack inside it."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "passwd.yaml").write_text("root: x\n")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "good.yaml").write_text(GOOD)
    return tmp_path


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+$", "(a|aa)*b", "(x+x+)+y", "(\\w+)\\1", "((ab)*c)*",
        # shapes that loaded and were stopped only by the per-value timeout
        "(?>(a+)+b)", "(a{1,100}){1,100}b", "(.*){1,100}x", "(a|aa){50}b", "a++b",
        # fuzzy matching: literal text to Python's parser, an expensive search to the regex engine
        "(?:abc){e<=3}",
    ],
)
@pytest.mark.parametrize("via", ["option", "config"])
def test_a_rule_with_a_catastrophic_regex_is_refused_with_its_position(monkeypatch, capsys, repo: Path, pattern: str, via: str) -> None:
    pack = repo / "policies" / "pack"
    pack.mkdir()
    (pack / "CC0999.yaml").write_text(RULE.replace("'Feedback'", f"'{pattern}'"))
    args = ["--rules", str(pack)] if via == "option" else []
    if via == "config":
        (repo / "policies" / ".codecheck.yaml").write_text("rules: [pack]\n")
    with deadline(10):
        status, out, err = run_cli(monkeypatch, capsys, "lint", str(repo / "policies"), *args)
    assert_clean(out, err)
    assert status == 2
    assert err.startswith(f"codecheck: error: {pack / 'CC0999.yaml'}:9:12: check.matches: regular expression ")
    assert "is refused" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        ("  field: title\n", "  field: ../../secret/passwd.yaml\n", "8:10", "check.field: cannot read selector"),
        ("  field: title\n", "  field: /etc/passwd\n", "8:10", "check.field: cannot read selector"),
        ("the title is {value}", "the title is {__import__('os').system('touch pwned')}", "10:10", "message: unknown placeholder"),
        ("  matches: 'Feedback'\n", "  matches: !!python/object/apply:os.system ['touch pwned']\n", "9:12", "is not allowed"),
        ("kinds: [feedback]\n", "kinds: [feedback]\nimport: ../../secret/passwd.yaml\n", "1:1", "unknown field 'import'"),
    ],
)
def test_a_rule_cannot_read_other_files_or_run_anything(
    monkeypatch, capsys, repo: Path, old: str, new: str, where: str, says: str
) -> None:
    pack = repo / "pack"
    pack.mkdir()
    assert old in RULE
    (pack / "CC0999.yaml").write_text(RULE.replace(old, new))
    monkeypatch.chdir(repo)
    with Watched.watch() as events, deadline(10):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "--rules", "pack")
    assert_clean(out, err)
    assert status == 2
    assert err.startswith(f"codecheck: error: pack/CC0999.yaml:{where}: ") and says in err
    assert not [p for p in touched(events) if p.startswith(str(repo / "secret"))]
    assert commands(events) == []
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize("fmt", ["html", "json", "markdown"])
def test_no_report_quotes_a_file_outside_the_policy_set_or_one_that_is_not_a_policy(monkeypatch, capsys, tmp_path: Path, fmt: str) -> None:
    """A symlinked credentials file came out verbatim in the HTML scorecard's excerpts."""
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "good.yaml").write_text(GOOD)
    secret_link(folder)
    (folder / "notes.yaml").write_text("token: ghp_NOTAPOLICYBUTASECRET\ntoken: again\n")  # a duplicate key: a finding on it
    monkeypatch.chdir(tmp_path)
    with Watched.watch() as events, deadline(30):
        status, out, err = run_cli(monkeypatch, capsys, "scorecard", "policies", "--format", fmt)
    assert_clean(out, err)
    assert status == 1
    assert "aws.yaml" in out and "CC0007" in out
    assert "notes.yaml" in out and "CC0005" in out
    assert "wJalrXUtnFEMI" not in out and "ghp_NOTAPOLICYBUTASECRET" not in out
    assert str(tmp_path / "credentials.yaml") not in touched(events)


def test_a_valid_rule_pack_and_config_read_only_what_they_were_given(monkeypatch, capsys, repo: Path) -> None:
    """A selector that looks like a path is just a field name; nothing outside the policies, the pack and the config is read."""
    pack = repo / "policies" / "rules"
    pack.mkdir()
    (pack / "CC0999.yaml").write_text(RULE.replace("field: title", "field: passwd").replace("[{title: Feedback}]", "[{}]"))
    (repo / "policies" / ".codecheck.yaml").write_text("rules: [rules]\nper_path:\n  - paths: ['../secret/*']\n    ignore: [CC05]\n")
    monkeypatch.chdir(repo)
    with Watched.watch() as events, deadline(30):
        status, out, err = run_cli(monkeypatch, capsys, "scorecard", "policies", "--format", "html", "-o", "card.html")
    assert_clean(out, err)
    assert status in (0, 1)
    assert (repo / "card.html").is_file()
    assert not [p for p in touched(events) if p.startswith(str(repo / "secret"))]
    assert all(command[0] == "git" and command[-2:] == ["rev-parse", "HEAD"] for command in commands(events))


@pytest.mark.parametrize("git", [True, False])
def test_a_config_naming_a_folder_outside_its_repository_never_prints_what_a_file_there_holds(
    monkeypatch, capsys, repo: Path, git: bool
) -> None:
    """`rules: [../secret]` made the error quote the file's values; now it says where and what kind of problem."""
    (repo / "secret" / "id.yaml").write_text("id: AKIAIOSFODNN7EXAMPLE\nkey: hunter2\n")
    project = repo / "project"
    project.mkdir()
    (repo / "policies").rename(project / "policies")
    if git:
        (project / ".git").mkdir()
    (project / ".codecheck.yaml").write_text("rules: [../secret]\n")
    monkeypatch.chdir(project)
    status, out, err = run_cli(monkeypatch, capsys, "lint", "policies")
    assert_clean(out, err)
    assert status == 2
    assert "AKIA" not in err and "hunter2" not in err
    assert err == (
        f"codecheck: error: {project}/../secret/id.yaml:1:1: not a valid rule file; what it holds is not shown, since its "
        f"folder is outside the repository {project} (run codecheck from that folder to see the problem)\n"
    )
    status, _, err = run_cli(monkeypatch, capsys, "lint", "policies", "--rules", "../secret")  # named by the user: shown
    assert (status, err) == (2, "codecheck: error: ../secret/id.yaml:1:1: unknown field 'key'\n")
    (project / "rules").symlink_to(repo / "secret")  # committed: the name is the user's, where it leads is not
    (project / ".codecheck.yaml").write_text("rules: [rules]\n")
    for args in ((), ("--rules", "rules")):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", *args)
        assert "AKIA" not in err and "hunter2" not in err
        assert status == 2 and "id.yaml:1:1: not a valid rule file; what it holds is not shown" in err


def test_a_rule_file_linked_out_of_its_pack_is_refused(monkeypatch, capsys, repo: Path) -> None:
    pack = repo / "pack"
    pack.mkdir()
    (pack / "CC0999.yaml").symlink_to(repo / "secret" / "passwd.yaml")
    monkeypatch.chdir(repo)
    with Watched.watch() as events:
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "--rules", "pack")
    assert status == 2
    assert err == "codecheck: error: pack/CC0999.yaml: a rule file may not be a symbolic link out of its rule pack's folder\n"
    assert str(repo / "secret" / "passwd.yaml") not in touched(events)


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ("rules: [good.yaml]\n", "no such rule pack folder"),
        ("rules: [../secret/passwd.yaml]\n", "no such rule pack folder"),
        ("rules: [../nowhere]\n", "no such rule pack folder"),
        ("rules: !!python/object/apply:os.system ['touch pwned']\n", ".codecheck.yaml:1:8: YAML tag '!!python/object/apply:os.system' is not allowed"),
        ("select: [CC]\nselect: [CC09]\n", ".codecheck.yaml:2:1: duplicate key 'select'"),
        ("rules: &r [a, *r]\n", ".codecheck.yaml:1:"),
    ],
)
def test_a_hostile_config_is_a_one_line_error(monkeypatch, capsys, repo: Path, config: str, says: str) -> None:
    (repo / "policies" / ".codecheck.yaml").write_text(config)
    monkeypatch.chdir(repo)
    with Watched.watch() as events, deadline(10):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies")
    assert_clean(out, err)
    assert status == 2
    assert err.startswith("codecheck: error: ") and says in err and err.count("\n") == 1
    assert commands(events) == []
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize(
    ("pyproject", "says"),
    [
        ("[tool.codecheck]\nfail_on = " + "[" * 5_000 + "]" * 5_000 + "\n",
         "pyproject.toml:2:5010: the TOML is nested too deeply to read (5,000 levels)\n"),
        ("[tool.codecheck]\nfail_on = 'error'\nx = " + "9" * 5_000 + "\n", "pyproject.toml:3:5: a number with 5,000 digits is too long to read\n"),
        ("[tool.codecheck]\nfail_on = 1979-05-27\n", "pyproject.toml:2:1: tool.codecheck.fail_on: '1979-05-27' is not one of: error, warning, info"),
        ("[tool.codecheck]\nselect = [1979-05-27T07:32:00Z]\n", "tool.codecheck.select[0]: '1979-05-27T07:32:00+00:00' is not"),
        ("[tool.codecheck]\nfail_on = = 1\n", "pyproject.toml:2:11: Invalid value\n"),
        ("[tool.codecheck]\njurisdiction = ['EU']\n", "pyproject.toml:2:1: tool.codecheck: unknown field 'jurisdiction' (did you mean 'jurisdictions'?)\n"),
        # the section regex was quadratic in blank lines when it found nothing; TOML is now read, not scanned
        ("\n" * 300_000 + "[tool]\ncodecheck = {fail_on = 'often'}\n", "tool.codecheck.fail_on: 'often' is not one of"),
    ],
)
def test_a_hostile_pyproject_is_a_one_line_error(monkeypatch, capsys, repo: Path, pyproject: str, says: str) -> None:
    """Nested 5,000 deep it was a RecursionError (then an error without a place), a TOML date a ValueError,
    5,000 digits an internal error, and 100,000 blank lines took 48 s."""
    (repo / "pyproject.toml").write_text(pyproject)
    monkeypatch.chdir(repo)
    with deadline(60):
        status, out, err = run_cli(monkeypatch, capsys, "lint", "policies")
    assert_clean(out, err)
    assert status == 2
    assert err.startswith(f"codecheck: error: {repo / 'pyproject.toml'}") and says in err and err.count("\n") == 1


def test_config_discovery_stops_at_the_repository_and_reads_safely(monkeypatch, capsys, repo: Path) -> None:
    """Every pyproject.toml up to / was read, with no size limit; a config above the repository is someone else's."""
    project = repo / "project"
    project.mkdir()
    (repo / "policies").rename(project / "policies")
    (repo / "pyproject.toml").write_text("[tool.codecheck]\nfail_on = 'info'\n")  # above the repository
    os.mkfifo(repo / ".codecheck.yaml")  # were it read, the run would hang
    monkeypatch.chdir(project)
    (project / ".git").mkdir()
    with Watched.watch() as events, deadline(30):
        status, out, err = run_cli(monkeypatch, capsys, "config", "policies")
    assert (status, err) == (0, "")
    assert "fail_on        error  [default]" in out
    assert not [p for p in touched(events) if p.startswith((str(repo / "pyproject.toml"), str(repo / ".codecheck.yaml")))]
    (project / ".git").rmdir()  # outside a repository the search goes on up, through the safe reader
    (repo / ".codecheck.yaml").unlink()
    with deadline(30):
        status, out, err = run_cli(monkeypatch, capsys, "config", "policies")
    assert (status, err) == (0, "")
    assert f"fail_on        info  [{repo / 'pyproject.toml'}]" in out


# --- the fuzzer, as CI runs it ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["fuzz_loader.py", "fuzz_inputs.py"])
def test_the_fuzzers_run_20_seconds_without_a_crash(tmp_path: Path, target: str) -> None:
    """The loader of policy files, and the readers of config, baseline, rule and changes files."""
    pytest.importorskip("atheris")
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / target), "-max_total_time=20", f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done " in done.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-", "leak-"))]
