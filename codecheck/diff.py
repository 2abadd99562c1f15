"""Two versions of a policy set -> what got worse for the customer, and which findings came or went.

An absolute lint fails only when a threshold is crossed; a company can still
make leaving harder step by step and stay green. `codecheck diff` judges the
change itself: documents are matched by kind and id, values by path with list
items matched by id, and every declared customer-adverse direction
(changes.py) is checked, even where both versions pass every rule.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Iterable

from codecheck.changes import Change, Direction, compare_documents
from codecheck.errors import UsageError
from codecheck.model import Document, Finding, Report, Severity
from codecheck.pipeline import Options, check


@dataclass(frozen=True)
class Diff:
    changes: tuple[Change, ...]
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    head: Report

    def failing(self, threshold: Severity) -> bool:
        """A customer-adverse change or a new (unsuppressed) finding at or above `threshold`."""
        return any(c.direction.severity >= threshold for c in self.changes) or any(
            f.severity >= threshold for f in self.new if f.suppression is None
        )


def changes_between(
    before: Iterable[Document], after: Iterable[Document], directions: Iterable[Direction]
) -> list[Change]:
    """Every declared adverse change between the documents present in both versions."""
    old = {(d.kind, d.id): d for d in before}
    found: list[Change] = []
    for doc in after:
        previous = old.get((doc.kind, doc.id))
        if previous is None:
            continue
        for direction in directions:
            if direction.kind == doc.kind:
                found.extend(compare_documents(direction, previous, doc))
    return found


def new_and_resolved(before: Report, after: Report) -> tuple[list[Finding], list[Finding]]:
    """Findings by fingerprint, as multisets: what HEAD has that BASE had not, and the reverse."""
    old = Counter(f.fingerprint for f in before.findings)
    new = Counter(f.fingerprint for f in after.findings)
    added, gone = [], []
    for finding in after.findings:
        if old[finding.fingerprint] > 0:
            old[finding.fingerprint] -= 1
        else:
            added.append(finding)
    for finding in before.findings:
        if new[finding.fingerprint] > 0:
            new[finding.fingerprint] -= 1
        else:
            gone.append(finding)
    return added, gone


def diff(base: tuple[str, ...], head: tuple[str, ...], options: Options, directions: tuple[Direction, ...]) -> Diff:
    before, after = check(base, options), check(head, options)
    changes = changes_between(before.documents, after.documents, directions)
    added, gone = new_and_resolved(before.report, after.report)
    return Diff(tuple(changes), tuple(added), tuple(gone), after.report)


def _git(root: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", root, *args], capture_output=True, timeout=60, check=False)


def materialize(ref: str, paths: tuple[str, ...], into: str) -> tuple[str, ...]:
    """Copy the policy files under `paths` as they were at `ref` into `into`; the working tree is not touched."""
    first = os.path.abspath(paths[0])
    start = first if os.path.isdir(first) else os.path.dirname(first)
    top = _git(start, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(f"{paths[0]}: not inside a git repository, so --base {ref} cannot be read")
    root = top.stdout.decode().strip()
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise UsageError(f"--base {ref}: no such commit, branch or tag in {root}")
    mirrored = []
    for path in paths:
        relative = os.path.relpath(os.path.abspath(path), root)
        listing = _git(root, "ls-tree", "-r", "-z", "--name-only", ref, "--", relative)
        for name in filter(None, listing.stdout.decode().split("\0")):
            if name.endswith((".yaml", ".yml")):
                target = FsPath(into, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_git(root, "show", f"{ref}:{name}").stdout)
        copy = os.path.join(into, relative)
        if os.path.isdir(path):
            os.makedirs(copy, exist_ok=True)  # a folder that did not exist at `ref` was empty then
        if os.path.exists(copy):
            mirrored.append(copy)
    return tuple(mirrored) or (into,)


def diff_against_git(ref: str, paths: tuple[str, ...], options: Options, directions: tuple[Direction, ...]) -> Diff:
    with tempfile.TemporaryDirectory(prefix="codecheck-base-") as folder:
        base = materialize(ref, paths, folder)
        return diff(base, paths, options, directions)
