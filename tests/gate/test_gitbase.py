"""Reading git history as untrusted input: `diff --base` reads blobs into memory and refuses what git would not check out.

Each test here failed before gitbase read blobs into memory: the old code wrote
every tree entry under a temporary folder, by its name, with `git show`.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from helpers import run_cli, write

from codecheck.gate import gitbase

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "customer-first"
USER = ("-c", "user.name=t", "-c", "user.email=t@example.org")


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", "-C", str(repo), *USER, *args], input=stdin, check=True, capture_output=True)
    return done.stdout.decode().strip()


def blob(repo: Path, content: bytes) -> str:
    return git(repo, "hash-object", "-w", "--stdin", stdin=content)


def tree(repo: Path, entries: list[tuple[str, str, str, bytes]]) -> str:
    """A tree object with exactly these (mode, type, id, name) entries, whatever the names are."""
    listing = b"".join(f"{mode} {kind} {oid}\t".encode() + name + b"\0" for mode, kind, oid, name in entries)
    return git(repo, "mktree", "-z", "--missing", stdin=listing)


def commit_tree(repo: Path, tree_id: str, parent: str | None = None) -> str:
    return git(repo, "commit-tree", tree_id, "-m", "crafted", *(["-p", parent] if parent else []))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for file in EXAMPLE.glob("*.yaml"):
        write(root / "policies" / file.name, file.read_text(encoding="utf-8"))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "policies")
    return root


def policies_tree(repo: Path, extra: list[tuple[str, str, str, bytes]]) -> str:
    """The root tree of HEAD with `extra` entries added to its policies folder."""
    honest = git(repo, "rev-parse", "HEAD:policies")
    entries = []
    for line in git(repo, "ls-tree", honest).splitlines():
        meta, name = line.split("\t")
        mode, kind, oid = meta.split()
        entries.append((mode, kind, oid, name.encode()))
    return tree(repo, [("040000", "tree", tree(repo, entries + extra), b"policies")])


def test_a_base_tree_entry_named_dot_dot_writes_nothing_and_is_reported(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    """Issue 13, item 1: `policies/../../../repo/policies/cancellation.yaml` overwrote the user's own edit."""
    cancellation = repo / "policies" / "cancellation.yaml"
    committed = cancellation.read_text(encoding="utf-8")
    edited = committed.replace("steps: 2", "steps: 3")
    cancellation.write_text(edited, encoding="utf-8")  # the user's uncommitted change: one more step
    evil = blob(repo, committed.encode())  # written over the edit, it would hide the extra step
    inner = tree(repo, [("100644", "blob", evil, b"cancellation.yaml")])
    target = tree(repo, [("040000", "tree", tree(repo, [("040000", "tree", inner, b"policies")]), b"repo")])
    climb = tree(repo, [("040000", "tree", tree(repo, [("040000", "tree", target, b"..")]), b"..")])
    outside = tree(repo, [("100644", "blob", evil, b"x.yaml")])
    escape = tree(repo, [("040000", "tree", tree(repo, [("040000", "tree", outside, b"outside")]), b"..")])
    base = commit_tree(repo, policies_tree(repo, [("040000", "tree", climb, b".."), ("040000", "tree", escape, b"up")]))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the old code's temporary folder was made
    monkeypatch.chdir(repo)
    status, out, err = run_cli(monkeypatch, capsys, "diff", "--base", base, "policies", "--format", "json")
    assert err == ""
    assert cancellation.read_text(encoding="utf-8") == edited  # the working tree is untouched
    assert not (tmp_path / "outside").exists() and list(scratch.iterdir()) == []  # nothing written anywhere
    report = json.loads(out)
    assert status == 1 and [c["id"] for c in report["changes"]] == ["cancellation-steps-up"]  # the edit is still seen
    reason = "its name contains '..', '.' or an empty or absolute part"
    assert report["skipped_in_base"] == [
        {"file": "policies/../../../repo/policies/cancellation.yaml", "reason": reason},
        {"file": "policies/up/../outside/x.yaml", "reason": reason},
    ]


def test_links_and_submodules_in_the_base_are_not_followed(monkeypatch, capsys, repo: Path) -> None:
    link = blob(repo, b"/etc/passwd")
    base = commit_tree(
        repo,
        policies_tree(
            repo,
            [("120000", "blob", link, b"secret.yaml"), ("160000", "commit", "1" * 40, b"vendored.yaml")],
        ),
    )
    monkeypatch.chdir(repo)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", "--base", base, "policies")
    assert status == 0
    assert (
        "Not read from the base: 2\n"
        "  policies/secret.yaml: it is a symbolic link\n"
        "  policies/vendored.yaml: it is a submodule\n"
    ) in out


def test_a_blob_over_the_size_bound_is_refused_before_it_is_read(monkeypatch, capsys, repo: Path) -> None:
    """Issue 13, item 11: a 1 GiB blob was read whole by `git show` and written to disk; now git is asked its size."""
    big = repo / "policies" / "big.yaml"
    big.write_bytes(b"codecheck: 1\nkind: support\nid: big\n" + b"# padding\n" * (11 * 1024 * 1024 // 10))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a large file")
    big.write_bytes(b"codecheck: 1\nkind: support\nid: big\n")  # now small again in the working tree
    largest: list[int] = []
    real_run = subprocess.run

    def measured(*args, **kwargs):  # type: ignore[no-untyped-def]
        done = real_run(*args, **kwargs)
        largest.append(len(done.stdout or b""))
        return done

    monkeypatch.setattr(gitbase.subprocess, "run", measured)
    monkeypatch.chdir(repo)
    _, out, _ = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", "policies", "--format", "json")
    resolved = [(f["rule_id"], f["file"]) for f in json.loads(out)["resolved_findings"]]
    assert ("CC0003", "policies/big.yaml") in resolved
    assert max(largest) < 1024 * 1024  # no git answer carried the big blob


def test_a_committed_file_name_that_is_not_utf8_does_not_crash(monkeypatch, capsys, repo: Path) -> None:
    """Issue 13, item 8: a non-UTF-8 name in the base tree raised UnicodeDecodeError."""
    name = os.fsdecode(b"policies/caf\xe9.yaml")
    write(repo / name, "codecheck: 1\nkind: support\nid: cafe\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "latin-1 name")
    monkeypatch.chdir(repo)
    status, out, err = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", "policies", "--format", "json")
    report = json.loads(out)
    assert (status, err) == (0, "")
    assert report["new_findings"] == report["resolved_findings"] == []  # the same CC0002 on both sides
    status, out, _ = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD~0", "policies")
    assert status == 0


def test_the_staged_reader_reads_the_index_not_the_working_tree(repo: Path) -> None:
    cancellation = repo / "policies" / "cancellation.yaml"
    text = cancellation.read_text(encoding="utf-8")
    cancellation.write_text(text.replace("steps: 2", "steps: 3"), encoding="utf-8")
    git(repo, "add", "policies/cancellation.yaml")
    cancellation.write_text(text.replace("steps: 2", "steps: 4"), encoding="utf-8")  # unstaged on top
    snapshot = gitbase.Repository(str(repo)).staged([str(repo / "policies")])
    staged = dict(snapshot.files)[str(repo / "policies" / "cancellation.yaml")]
    assert isinstance(staged, str) and "steps: 3" in staged and snapshot.skipped == ()


HOSTILE_CONFIG = """\
[core]
    fsmonitor = {hook}
    pager = {hook}
    hooksPath = {hooks}
[pager]
    ls-tree = {hook}
    cat-file = {hook}
[diff]
    external = {hook}
[diff "evil"]
    textconv = {hook}
[filter "evil"]
    clean = {hook}
    smudge = {hook}
    process = {hook}
[alias]
    ls-tree = !{hook}
"""


def test_hostile_git_config_and_environment_never_run(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hook = write(tmp_path / "evil.sh", f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    hook.chmod(0o755)
    hooks = tmp_path / "hooks"
    for name in ("post-checkout", "post-index-change", "reference-transaction"):
        write(hooks / name, hook.read_text()).chmod(0o755)
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(HOSTILE_CONFIG.format(hook=hook, hooks=hooks))
    write(repo / ".gitattributes", "*.yaml filter=evil diff=evil\n")
    for name in ("GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_SSH_COMMAND", "GIT_ASKPASS"):
        monkeypatch.setenv(name, str(hook))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", f"'core.fsmonitor={hook}'")
    monkeypatch.chdir(repo)
    status, out, err = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", "policies")
    assert (status, err, out.splitlines()[0]) == (0, "", "Customer-adverse changes: 0")
    snapshot = gitbase.Repository(str(repo)).staged([str(repo / "policies")])  # reading the index asks fsmonitor
    assert len(snapshot.files) == 9
    assert not marker.exists()


@pytest.mark.parametrize("ref", ["--output=/tmp/codecheck-ref-probe", "-h"])
def test_a_ref_that_looks_like_an_option_is_refused(monkeypatch, capsys, repo: Path, ref: str) -> None:
    monkeypatch.chdir(repo)
    status, _, err = run_cli(monkeypatch, capsys, "diff", f"--base={ref}", "policies")
    assert (status, err) == (2, f"codecheck: error: --base {ref}: no such commit, branch or tag in {repo}\n")
    assert not Path("/tmp/codecheck-ref-probe").exists()


def test_a_path_outside_the_repository_is_refused(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    elsewhere = write(tmp_path / "elsewhere" / "p.yaml", "codecheck: 1\n")
    monkeypatch.chdir(repo)
    status, _, err = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", "policies", str(elsewhere))
    assert (status, err) == (2, f"codecheck: error: {elsewhere}: outside the git repository at {repo}\n")
