"""A suppressed finding that a change brings in is listed as new, and says that it is suppressed and why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
REASON = "agent call required by our regulator until 2027"


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(ROOT / "examples" / "customer-first", base, ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(base, head)
    flow = head / "cancellation.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(
        text.replace("requires_agent: false", f'requires_agent: true  # codecheck: ignore[CC0903] reason="{REASON}"'),
        encoding="utf-8",
    )
    return base, head


def test_the_text_diff_marks_a_suppressed_new_finding(monkeypatch, capsys, versions: tuple[Path, Path]) -> None:
    base, head = versions
    _, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head))
    lines = out.splitlines()
    assert "New findings: 3 (1 suppressed)" in lines  # CC0903 and the two claims it contradicts (CC1003)
    new = next(line for line in lines if " CC0903 " in line)
    assert new.startswith(f"  {head / 'cancellation.yaml'}:32:17: CC0903 error ")
    assert new.endswith(f" (suppressed: {REASON})")
    assert [line for line in lines if "suppressed:" in line] == [new]


def test_the_markdown_diff_marks_it_too(monkeypatch, capsys, versions: tuple[Path, Path]) -> None:
    base, head = versions
    _, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--format", "markdown")
    row = next(line for line in out.splitlines() if "| CC0903 |" in line)
    assert row.endswith(f" (suppressed: {REASON}) |")
