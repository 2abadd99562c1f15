"""A run's inputs: every file it read, which none of its outputs may replace.

Kept apart from the readers (documents/files.py) so that the CLI's entry point
can record a run without importing the stages: `codecheck --version` loads none.
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterator

_inputs: list[set[tuple[int, int]]] = []
"""The files (device, inode) opened while `recording`: a run's inputs, which its outputs must not replace."""


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Note every file read inside the block, so that `is_input` can tell a report never to replace one."""
    _inputs.append(set())
    try:
        yield
    finally:
        _inputs.pop()


def note_input(info: os.stat_result) -> None:
    if _inputs:
        _inputs[-1].add((info.st_dev, info.st_ino))


def note_path(path: str) -> None:
    """Note a file read in another process (load's --jobs) as an input of this run."""
    if _inputs:
        with contextlib.suppress(OSError):
            note_input(os.stat(path))


def is_input(path: str) -> bool:
    """Whether `path` (its links followed) is a file this run read: a policy, rule, config or baseline file."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return bool(_inputs) and (info.st_dev, info.st_ino) in _inputs[-1]
