"""A policy set as it was at a git commit, for `codecheck diff --base REF`; the working tree is not touched."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path as FsPath

from codecheck.errors import UsageError


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
