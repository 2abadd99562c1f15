"""The wheel carries the rulebook and the schemas, so an installed codecheck works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_rules_and_schemas(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("codecheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml")}
    assert {f"codecheck/{name}" for name in rule_files} <= names
    assert "codecheck/schemas/pricing.json" in names
    assert "codecheck/schemas/rule.json" in names
