"""Every `--help` page, rendered through the real entry point: each option described, the same way
everywhere, in words a reader can act on, and listed in docs/cli.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from helpers import run_cli

from codecheck.cli.app import cli

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(cli.commands)
GENERIC_METAVARS = {"TEXT", "INTEGER", "INTEGER RANGE", "DIRECTORY", "FILENAME", "PATH", "FLOAT"}
"""click's defaults, which say what type a value has but not what it is."""
DIFFERENT_ON_PURPOSE = {
    "--output": "a report or a scorecard",
    "--jurisdiction": "init's default is EU; the others default to what each document declares",
    "--output-format": "the portfolio has no text format: its default is html",
}


def options(command: str) -> list[click.Option]:
    return [p for p in cli.commands[command].params if isinstance(p, click.Option)]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_page_renders(monkeypatch, capsys, command: str) -> None:
    status, out, err = run_cli(monkeypatch, capsys, command, "--help")
    assert (status, err) == (0, "")
    assert out.startswith(f"Usage: codecheck {command} ")
    for option in options(command):
        assert option.opts[-1] in out
        assert " ".join((option.help or "").split()[:3]) in " ".join(out.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_described_in_a_sentence(command: str) -> None:
    for option in options(command):
        text = option.help or ""
        assert text[:1].isupper() and text.endswith("."), (command, option.opts, text)
        assert not option.show_default, f"{command} {option.opts}: say the default in the sentence, as the others do"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_value_is_named_for_what_it_is(monkeypatch, capsys, command: str) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, command, "--help")
    for option in options(command):
        if not option.is_flag:
            shown = re.search(re.escape(option.opts[-1]) + r" (\S+(?: RANGE)?)", out)
            assert shown is not None and shown.group(1) not in GENERIC_METAVARS, (command, option.opts, shown)


def test_an_option_means_the_same_in_every_command() -> None:
    helps: dict[str, set[str]] = {}
    for command in COMMANDS:
        for option in options(command):
            helps.setdefault(option.opts[-1], set()).add(option.help or "")
    differing = {name for name, texts in helps.items() if len(texts) > 1}
    assert differing == set(DIFFERENT_ON_PURPOSE), {name: helps[name] for name in differing}


def test_the_command_list_shows_every_summary_whole(monkeypatch, capsys) -> None:
    _, out, _ = run_cli(monkeypatch, capsys, "--help")
    listed = dict(re.findall(r"^  (\S+)\s{2,}(.+)$", out.split("Commands:")[1], re.M))
    assert sorted(listed) == COMMANDS
    for command, summary in listed.items():
        assert summary.endswith(".") and not summary.endswith("..."), (command, summary)


def test_docs_cli_lists_every_option_of_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    policy = text.split("### The policy options")[1]
    shared = {o.opts[-1] for o in options("config")}
    for command in COMMANDS:
        section = next(s for s in text.split("\n### ") if re.match(rf"codecheck (\S+, )*{command}\b", s))
        for option in options(command):
            where = policy if option.opts[-1] in shared else section
            assert f"`{option.opts[-1]}" in where, (command, option.opts)


def test_usage_names_codecheck_however_it_is_started() -> None:
    """click names the program after how Python was started: `python -m codecheck lint --help` read
    `Usage: python -m codecheck lint`, and in-process under `python -m pytest`, `python -m pytest.codecheck`."""
    done = subprocess.run([sys.executable, "-m", "codecheck", "lint", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("Usage: codecheck lint [OPTIONS]"), done.stdout[:80]
