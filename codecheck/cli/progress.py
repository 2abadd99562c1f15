"""A progress line on standard error while a long run reads files and checks rules.

Only on a terminal, and only once the run has lasted a second: a short run,
a pipe, a CI log (`CI` is set there) or `--quiet` never sees it. The line is
redrawn in place ten times a second at most and erased before the report.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import IO, Iterator

from codecheck import progress

DELAY = 1.0
"""Seconds before the first draw."""
INTERVAL = 0.1
WIDTH = 30
LABELS = {"reading": "reading files     ", "checking": "checking documents"}


class ProgressLine:
    """Draws `codecheck: reading files  [#####.....] 120/400` over itself."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.last = 0.0
        self.pid = os.getpid()  # --jobs forks: only the process that drew the line may draw it
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if os.getpid() != self.pid or now - self.start < DELAY or now - self.last < INTERVAL:
            return
        self.last = now
        filled = WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (WIDTH - filled)
        self.stream.write(f"\rcodecheck: {LABELS.get(stage, stage)} [{bar}] {done}/{total}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def erase(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def wanted(quiet: bool) -> bool:
    """A person is watching: standard error is a terminal, not a CI log, and --quiet was not given."""
    stream = sys.stderr
    return not quiet and stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


@contextlib.contextmanager
def shown(quiet: bool) -> Iterator[None]:
    """Show the progress of what runs inside, when a person is watching."""
    if not wanted(quiet):
        yield
        return
    line = ProgressLine(sys.stderr)
    progress.listen(line)
    try:
        yield
    finally:
        progress.stop()
        line.erase()
