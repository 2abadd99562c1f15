"""Where codecheck's files are: the walk of a folder, links that lead out of it, and the repository.

A policy set, a rule pack and a configuration each belong somewhere; these say
where, so that nothing outside is read (documents/load.py) or quoted
(engine/rulebook.py, gate/changes.py).
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator


def walk(folder: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The files under `folder` whose names end in `suffixes`, hidden files and folders skipped.

    Iterative, so a tree thousands of folders deep cannot exhaust Python's
    recursion limit (os.walk and Path.rglob recurse before Python 3.12).
    Symlinked folders are not followed (a folder linking to its parent is walked
    once); a folder that cannot be listed is passed over, as os.walk does.
    """
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                if not entry.is_symlink():
                    folders.append(entry.path)
            elif entry.name.endswith(suffixes):
                yield entry.path
        pending.extend(reversed(folders))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def leaves(path: str, roots: Iterable[str]) -> bool:
    """Whether `path`, its symbolic links followed, is outside every one of `roots` (real paths of folders).

    A policy set may link one of its files to another; a link out of it would
    put a file the user never pointed at (a key, a password file) into a report.
    """
    real = os.path.realpath(path)
    return all(_outside(real, root) for root in roots)


def repository_root(start: str) -> str | None:
    """The nearest folder at or above `start` that holds `.git` (a folder, or a file in a git worktree)."""
    folder = os.path.realpath(start)
    folder = folder if os.path.isdir(folder) else os.path.dirname(folder)
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def not_shown(what: str, repository: str) -> str:
    """The error for a broken file in a folder `foreign` to the repository: where it is, never what it holds."""
    return (
        f"not a valid {what}; what it holds is not shown, since its folder is outside the repository "
        f"{repository} (run codecheck from that folder to see the problem)"
    )


def scope_of(folder: str) -> str:
    """The repository `folder` is in (the folder holding `.git` at or above it), or the folder itself outside any."""
    return repository_root(folder) or os.path.realpath(folder)


def foreign(folder: str, scope: str | None) -> str | None:
    """The repository `folder` is foreign to, or None: errors about files in a foreign folder say where, never what.

    `scope` is the repository of the configuration that named the folder: a committed
    configuration can name one anywhere on the machine, and a pack naming ~/.ssh would
    copy a key into a public CI log. None means the command line named it: a folder
    named outside the current repository is the user's own choice, but one named
    inside it that a committed link leads out of (`--rules rules/` when `rules` links
    to ~/.aws) is foreign to that repository.
    """
    if scope is None:
        scope = scope_of(os.getcwd())
        if _outside(os.path.abspath(folder), scope):
            return None
    return scope if leaves(folder, [scope]) else None


def _outside(path: str, root: str) -> bool:
    """Whether `path`, read as written (no link followed), is outside the folder `root`."""
    return not (path == root or path.startswith(root.rstrip(os.sep) + os.sep))
