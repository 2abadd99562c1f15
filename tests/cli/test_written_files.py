"""Files codecheck writes (-o, --write-baseline, init) get the mode the umask gives, as `> FILE` does,
and text reaches a terminal in colour only when asked for: --color, NO_COLOR, FORCE_COLOR."""

from __future__ import annotations

import os
import pty
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write

ROOT = Path(__file__).resolve().parents[2]
ESC = "\x1b["


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    write(tmp_path / "policies" / "cancellation.yaml", CANCELLATION.replace("steps: 2", "steps: 9"))
    return tmp_path / "policies"


@pytest.fixture(params=[0o022, 0o027, 0o002], ids=["umask-022", "umask-027", "umask-002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_report_file_gets_the_mode_the_umask_gives(monkeypatch, capsys, policies: Path, umask: int) -> None:
    target = policies.parent / "report.txt"
    run_cli(monkeypatch, capsys, "lint", str(policies), "-o", str(target))
    assert mode(target) == 0o666 & ~umask


def test_a_baseline_and_a_scorecard_get_it_too(monkeypatch, capsys, policies: Path, umask: int) -> None:
    baseline, card = policies.parent / "baseline.json", policies.parent / "card.html"
    run_cli(monkeypatch, capsys, "lint", str(policies), "--write-baseline", str(baseline))
    run_cli(monkeypatch, capsys, "scorecard", str(policies), "--format", "html", "-o", str(card))
    assert (mode(baseline), mode(card)) == (0o666 & ~umask, 0o666 & ~umask)


def test_init_writes_files_with_the_mode_the_umask_gives(monkeypatch, capsys, tmp_path: Path, umask: int) -> None:
    run_cli(monkeypatch, capsys, "init", str(tmp_path / "p"))
    assert {mode(p) for p in (tmp_path / "p").rglob("*") if p.is_file()} == {0o666 & ~umask}  # the schemas/ too


def test_replacing_a_report_keeps_its_mode(monkeypatch, capsys, policies: Path) -> None:
    target = policies.parent / "report.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    run_cli(monkeypatch, capsys, "lint", str(policies), "-o", str(target))
    assert target.read_text() != "old\n"
    assert mode(target) == 0o640


def test_text_written_to_a_file_has_no_colour_codes(monkeypatch, capsys, policies: Path) -> None:
    target = policies.parent / "report.txt"
    run_cli(monkeypatch, capsys, "lint", str(policies), "--color", "always", "-o", str(target))
    text = target.read_text()
    assert "CC0902 warning" in text and ESC not in text


def test_color_always_and_never_on_a_pipe(monkeypatch, capsys, policies: Path) -> None:
    _, always, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--color", "always")
    _, never, _ = run_cli(monkeypatch, capsys, "lint", str(policies), "--color", "never")
    assert f"{ESC}33mwarning{ESC}0m" in always
    assert ESC not in never and "CC0902 warning" in never


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What codecheck prints when standard output is a terminal (a pseudo-terminal here)."""
    main, child = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    with subprocess.Popen(
        [sys.executable, "-m", "codecheck", *args], stdout=child, stderr=subprocess.DEVNULL, env={**clean, **env}
    ) as process:
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode()


@pytest.mark.parametrize(
    ("env", "flag", "coloured"),
    [
        ({}, [], True),
        ({"NO_COLOR": "1"}, [], False),
        ({"NO_COLOR": ""}, [], True),  # no-color.org: only a non-empty value counts
        ({"NO_COLOR": "1"}, ["--color", "always"], True),  # the command line wins
        ({}, ["--color", "never"], False),
    ],
)
def test_a_terminal_gets_colour_unless_no_color_says_otherwise(
    policies: Path, env: dict[str, str], flag: list[str], coloured: bool
) -> None:
    out = on_a_terminal(["lint", str(policies), *flag], env)
    assert "CC0902" in out
    assert (ESC in out) is coloured


@pytest.mark.parametrize(("value", "coloured"), [("1", True), ("0", False), ("", False)])
def test_force_color_colours_a_pipe(policies: Path, value: str, coloured: bool) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "codecheck", "lint", str(policies)],
        capture_output=True,
        text=True,
        env={**clean, "FORCE_COLOR": value},
    )
    assert "CC0902" in done.stdout
    assert (ESC in done.stdout) is coloured
