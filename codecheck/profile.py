"""`--profile`: wall time per pipeline stage, printed to standard error after a run."""

from __future__ import annotations

import contextlib
import time
from typing import Iterator

_times: dict[str, float] = {}
_requested: list[bool] = []


def request() -> None:
    """Ask for the report at the end of the run (--profile)."""
    _requested.append(True)


def requested() -> bool:
    return bool(_requested)


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one stage; stages entered more than once add up."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _times[name] = _times.get(name, 0.0) + time.perf_counter() - start


def report() -> str:
    total = sum(_times.values())
    lines = [f"{name:<9} {seconds:8.3f}s" for name, seconds in _times.items()]
    return "\n".join(lines + [f"{'total':<9} {total:8.3f}s"]) + "\n"
