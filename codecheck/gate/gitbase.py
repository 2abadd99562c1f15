"""A policy set as git holds it, at a commit or in the index, read into memory; nothing is written to disk.

`diff --base REF` compares the working tree with REF, and the pre-commit hook
compares what is staged with HEAD. Both read the same way: list the entries
(`git ls-tree` or `git ls-files`), refuse every name that could not be
checked out safely (`..`, an absolute path, a `.git` component), every
symbolic link and every submodule, ask git for the size of each blob and
refuse those over the file-size bound before reading a byte, then read the
rest through one `git cat-file --batch`. The names never become filesystem
paths: they only name the texts handed to the loader.

A repository is untrusted: git runs with no system config, no pager, no
fsmonitor, no network (so no lazy fetch), literal pathspecs and no replace
objects, so nothing its `.git/config` says is ever executed.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from codecheck.documents import checks
from codecheck.documents.files import MAX_FILE_BYTES, decode, too_large
from codecheck.documents.load import SUFFIXES, name_problem
from codecheck.errors import UsageError
from codecheck.model import Finding, Skipped

_KEPT = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")
"""The git variables a caller may set for us: pre-commit runs hooks with a temporary index (GIT_INDEX_FILE)."""

_HARDENED = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LITERAL_PATHSPECS": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_NO_LAZY_FETCH": "1",
    "LC_ALL": "C",
}
_OPTIONS = ("-c", "core.fsmonitor=false", "-c", "protocol.allow=never", "-c", "core.hooksPath=/dev/null")
_REGULAR = ("100644", "100755")
_TIMEOUT = 60


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEPT}
    return {**env, **_HARDENED}


def run_git(root: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """git in `root` with the hardened environment; a git that cannot run is a usage error."""
    command = ["git", *_OPTIONS, "-C", root, *args]
    try:
        return subprocess.run(command, input=stdin, capture_output=True, timeout=_TIMEOUT, check=False, env=_environment())
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"cannot run git in {root}: {error}") from error





@dataclass(frozen=True)
class Entry:
    """A blob git lists: its mode, object id and path from the repository root (raw bytes)."""

    mode: str
    oid: str
    name: bytes


@dataclass(frozen=True)
class Snapshot:
    """The policy files of one version: (name, text or the finding that says why it cannot be read), and what was refused."""

    files: tuple[tuple[str, str | Finding], ...]
    skipped: tuple[Skipped, ...]


class Repository:
    """The git repository that holds `start`; every path handed to it must be inside."""

    def __init__(self, start: str) -> None:
        folder = start if os.path.isdir(start) else os.path.dirname(start) or "."
        top = run_git(folder, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            raise NotARepository(start)
        self.root = os.path.realpath(os.fsdecode(top.stdout.rstrip(b"\n")))

    def commit(self, ref: str) -> str:
        """The commit `ref` names; a ref cannot start with a dash, so it is never read as an option."""
        found = None if ref.startswith("-") else run_git(self.root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if found is None or found.returncode != 0:
            raise UsageError(f"--base {ref}: no such commit, branch or tag in {self.root}")
        return found.stdout.decode("ascii").strip()

    def has_commit(self, ref: str) -> bool:
        return run_git(self.root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0

    def at_commit(self, commit: str, paths: Iterable[str]) -> Snapshot:
        """The policy files under `paths` as they were at `commit`."""
        return self._snapshot(paths, lambda specs: self._tree(commit, specs))

    def staged(self, paths: Iterable[str]) -> Snapshot:
        """The policy files under `paths` as they are in the index: what the next commit will hold."""
        return self._snapshot(paths, self._index)

    def _snapshot(self, paths: Iterable[str], listing: Callable[[list[str]], list[Entry]]) -> Snapshot:
        wanted = [(path, self._relative(path)) for path in paths]
        entries = listing([rel for _, rel in wanted])
        chosen: list[tuple[str, Entry]] = []
        skipped: list[Skipped] = []
        for entry in entries:
            shown = _display(entry.name, wanted)
            if shown is None:
                continue
            reason = _refusal(entry)
            if reason is None:
                chosen.append((shown, entry))
            else:
                skipped.append(Skipped(_printable(shown), reason))
        return Snapshot(tuple(self._read(chosen)), tuple(skipped))

    def _relative(self, path: str) -> str:
        relative = os.path.relpath(os.path.realpath(path), self.root)
        if relative == ".." or relative.startswith("../"):
            raise UsageError(f"{path}: outside the git repository at {self.root}")
        return relative

    def _tree(self, commit: str, specs: list[str]) -> list[Entry]:
        listing = run_git(self.root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
        if listing.returncode != 0:
            raise UsageError(f"cannot list {commit} in {self.root}: {_first_line(listing.stderr)}")
        entries = []
        for record in filter(None, listing.stdout.split(b"\0")):
            meta, _, name = record.partition(b"\t")
            mode, _, oid = meta.decode("ascii").split(" ")
            entries.append(Entry(mode, oid, name))
        return entries

    def _index(self, specs: list[str]) -> list[Entry]:
        listing = run_git(self.root, "ls-files", "-s", "-z", "--", *specs)
        if listing.returncode != 0:
            raise UsageError(f"cannot read the index of {self.root}: {_first_line(listing.stderr)}")
        entries = []
        for record in filter(None, listing.stdout.split(b"\0")):
            meta, _, name = record.partition(b"\t")
            mode, oid, stage = meta.decode("ascii").split(" ")
            if stage == "0":  # an unmerged path has no staged content yet
                entries.append(Entry(mode, oid, name))
        return entries

    def _read(self, chosen: list[tuple[str, Entry]]) -> Iterator[tuple[str, str | Finding]]:
        """Each blob's text: the sizes are asked first, and a blob over the bound is never read."""
        sizes = self._sizes([entry.oid for _, entry in chosen])
        readable = []
        for shown, entry in chosen:
            problem = name_problem(shown)
            size = sizes.get(entry.oid)
            if problem is not None:
                yield problem.file, problem
            elif size is None:
                yield shown, checks.UNREADABLE.finding(shown, 1, 1, "git does not have this file's content")
            elif size > MAX_FILE_BYTES:
                yield shown, too_large(shown)
            else:
                readable.append((shown, entry))
        contents = self._contents([entry.oid for _, entry in readable])
        for shown, entry in readable:
            yield shown, decode(contents[entry.oid], shown)

    def _sizes(self, oids: list[str]) -> dict[str, int]:
        if not oids:
            return {}
        answer = run_git(self.root, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)",
                      stdin="".join(f"{oid}\n" for oid in oids).encode("ascii"))
        sizes = {}
        for line in answer.stdout.decode("ascii", "replace").splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
        return sizes

    def _contents(self, oids: list[str]) -> dict[str, bytes]:
        """The blobs, each known to be within the bound; a blob git answers differently for is refused."""
        if not oids:
            return {}
        answer = run_git(self.root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in dict.fromkeys(oids)).encode())
        data, found, at = answer.stdout, {}, 0
        while at < len(data):
            end = data.index(b"\n", at)
            header = data[at:end].decode("ascii", "replace").split(" ")
            if len(header) != 3 or not header[2].isdigit() or int(header[2]) > MAX_FILE_BYTES:
                raise UsageError(f"git answered {data[at:end][:80]!r} when reading {self.root}")
            size = int(header[2])
            found[header[0]] = data[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return found


class NotARepository(UsageError):
    """The path is in no git repository: there is no base to compare with."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: not inside a git repository")


def _refusal(entry: Entry) -> str | None:
    """Why an entry is not read: a name git itself would never check out, a link, a submodule."""
    parts = entry.name.split(b"/")
    if entry.name.startswith(b"/") or any(p in (b"", b".", b"..") for p in parts):
        return "its name contains '..', '.' or an empty or absolute part"
    if any(p.lower() == b".git" for p in parts):
        return "its name contains a .git folder"
    if entry.mode == "120000":
        return "it is a symbolic link"
    if entry.mode == "160000":
        return "it is a submodule"
    if entry.mode not in _REGULAR:
        return f"git mode {entry.mode} is not a regular file"
    return None


def _display(name: bytes, wanted: list[tuple[str, str]]) -> str | None:
    """The name as the working tree walk would show it (under the path the user gave), or None when it is
    not a policy file candidate: not YAML, hidden, or under none of the paths."""
    text = name.decode("utf-8", "surrogateescape")
    if not text.endswith(SUFFIXES):
        return None
    for given, relative in wanted:
        if relative == ".":
            rest = text
        elif text == relative:
            return given
        elif text.startswith(relative + "/"):
            rest = text[len(relative) + 1 :]
        else:
            continue
        if any(part.startswith(".") for part in rest.split("/") if part not in ("", ".", "..")):
            return None
        return os.path.join(given, rest)
    return None


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _first_line(data: bytes) -> str:
    return (data.decode("utf-8", "replace").strip().splitlines() or ["git failed"])[0]
