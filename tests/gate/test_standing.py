"""What one version can say of an approved change: exactly the changes whose earlier value it determines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from helpers import write

from codecheck.documents.load import load
from codecheck.engine.rulebook import builtin_dir
from codecheck.gate.changes import load_directions
from codecheck.gate.diff import changes_between
from codecheck.gate.standing import recognise

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "customer-first" / "cancellation.yaml"


def edited(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> tuple[Any, Any]:
    data = yaml.safe_load(EXAMPLE.read_text())
    write(tmp_path / "base" / "cancellation.yaml", yaml.safe_dump(data))
    edit(data)
    write(tmp_path / "head" / "cancellation.yaml", yaml.safe_dump(data))
    return load([str(tmp_path / "base")]).documents, load([str(tmp_path / "head")]).documents


def set_to(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value
    return edit


def drop(*path: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]
    return edit


@pytest.mark.parametrize(
    ("edit", "direction", "named"),
    [
        (set_to("effective", value="after_notice"), "cancellation-effective-worse", True),  # a step of its order
        (set_to("refund", "policy", value="none"), "cancellation-refund-policy-worse", True),
        (set_to("online", "available", value=False), "cancellation-online-available-off", True),  # it was true
        (set_to("requires_agent", value=True), "cancellation-requires-agent-on", True),  # it was false
        (set_to("steps", value=3), "cancellation-steps-up", False),  # it was 2: one version cannot know
        (set_to("notice_period", value="P1M"), "cancellation-notice-period-up", False),
        (drop("online", "available"), "cancellation-online-available-off", False),  # what was there is gone
    ],
)
def test_a_change_is_named_exactly_when_this_version_determines_it(tmp_path, edit, direction: str, named: bool) -> None:
    directions = load_directions([builtin_dir()])
    before, after = edited(tmp_path, edit)
    (change,) = [c for c in changes_between(before, after, directions) if c.direction.id == direction]
    found = recognise({change.fingerprint, "0123456789abcdef"}, after, directions)
    if named:
        assert list(found) == [change.fingerprint]
        got = found[change.fingerprint]
        assert (got.direction.id, got.path, got.before, got.after, got.where) == (
            change.direction.id, change.path, change.before, change.after, change.where
        )
    else:
        assert found == {}
