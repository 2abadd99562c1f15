"""How far a long run is, for a person watching a terminal: the stages report, the CLI shows it.

A stage calls `advance(stage, done, total)` as it goes (a file read, a document
checked). Nothing listens unless the command line asks, so a run in CI, in
a pipe, or in the language server pays one function call per step.
"""

from __future__ import annotations

from typing import Callable

Listener = Callable[[str, int, int], None]

_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Call `listener(stage, done, total)` at every step, until `stop()`."""
    _listeners.append(listener)


def stop() -> None:
    _listeners.clear()


def advance(stage: str, done: int, total: int) -> None:
    for listener in _listeners:
        listener(stage, done, total)
