"""The wheel carries the rulebook and the schemas, so an installed codecheck works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("codecheck_policy-*.whl")  # the distribution name of its own (codecheck is taken)
    return zipfile.ZipFile(built)


def test_the_wheel_ships_rules_and_schemas(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    rule_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml")}
    assert {f"codecheck/{name}" for name in rule_files} <= names
    assert "codecheck/schemas/pricing.json" in names
    assert "codecheck/schemas/rule.json" in names


def test_the_distribution_is_codecheck_policy_and_installs_the_codecheck_command(wheel: zipfile.ZipFile) -> None:
    """`codecheck` on PyPI is an unrelated project: installing by that name would install it instead."""
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    assert "\nName: codecheck-policy\n" in wheel.read(metadata).decode()
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "codecheck = codecheck.cli:main" in wheel.read(entry_points).decode()
