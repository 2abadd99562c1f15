"""The command-line options lint, scorecard, diff, config and hook share, and how they become a Config."""

from __future__ import annotations

import datetime
import os
import re
from typing import Any, Callable, Iterable

import click

from codecheck import cache, profile
from codecheck.documents import jurisdictions
from codecheck.errors import EXIT_OK, UsageError
from codecheck.settings.config import Config, resolve
from codecheck.settings.files import find_config

SEVERITIES = click.Choice(["error", "warning", "info", "never"])
GRADES = click.Choice(["A", "B", "C", "D", "F"], case_sensitive=False)

rules_option = click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Add the rule pack in DIR (repeatable).",
)

colour_option = click.option(
    "--color",
    "colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never.",
)


exit_zero_option = click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run (2 still means codecheck could not run)."
)


def format_option(choices: Iterable[str]) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """--format, also spelled --output-format as ruff spells it."""
    return click.option(
        "--format",
        "--output-format",
        "fmt",
        type=click.Choice(sorted(choices)),
        default="text",
        help="Output format (default: text); --output-format is another name for it.",
    )


def exit_status(status: int, exit_zero: bool) -> int:
    """--exit-zero turns "findings fail the run" into success; a usage error never reaches here."""
    return EXIT_OK if exit_zero else status


def wants_colour(choice: str) -> bool | None:
    """--color, then NO_COLOR (no-color.org), then FORCE_COLOR; None leaves it to click: colour on a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return None


def parse_list(text: tuple[str, ...]) -> list[str]:
    """Repeatable, comma-separated options (`--select CC09,CC04 --select data`) as one list."""
    return [item.strip() for value in text for item in value.split(",") if item.strip()]


def parse_jurisdictions(values: list[str]) -> list[str]:
    """The codes as written in capitals (it -> IT); an unknown one stops the run with the nearest known code."""
    unknown = next((code for code in values if not jurisdictions.is_known(code.upper())), None)
    if unknown is not None:
        raise UsageError(f"--jurisdiction: {jurisdictions.unknown_code(unknown)}")
    return [code.upper() for code in values]


def parse_date(option: str, text: str | None) -> str | None:
    """A YYYY-MM-DD date given on the command line, checked to be a real day."""
    if text is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError("expected YYYY-MM-DD")
        datetime.date.fromisoformat(text)
    except ValueError as error:
        raise UsageError(f"{option}: '{text}' is not a date ({error})") from error
    return text


def policy_options(command: Callable[..., int]) -> Callable[..., int]:
    """The options lint and scorecard share; each overrides the config file."""
    options = [
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file."),
        click.option("--select", multiple=True, metavar="PATTERNS", help="Only these rule ids, id prefixes or tenet names."),
        click.option("--ignore", multiple=True, metavar="PATTERNS", help="Not these rule ids, id prefixes or tenet names."),
        click.option(
            "--fail-on", type=SEVERITIES, help="Lowest severity that fails (default: error); never: findings alone never fail."
        ),
        click.option(
            "--min-grade", type=GRADES, metavar="[A|B|C|D|F]", help="Fail when the overall grade is below this letter."
        ),
        click.option("--jurisdiction", multiple=True, metavar="CODES", help="Where the company sells, e.g. EU,IT,US-CA."),
        click.option("--as-of", "as_of", metavar="DATE", help="Judge the policies as of DATE (YYYY-MM-DD), not today."),
        click.option(
            "--require-complete",
            is_flag=True,
            default=None,
            help="A fact a rule needs and the policy does not state fails that rule, instead of being a gap.",
        ),
        rules_option,
        click.option("--profile", "show_profile", is_flag=True, help="Print the time of each stage to standard error."),
        click.option(
            "--jobs",
            type=click.IntRange(1, 256),
            metavar="N",
            help="Processes that read and check the files, for 250 files or more (default: the idle processors; at most 256).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of results (docs/performance.md)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def settings(
    paths: tuple[str, ...],
    config_file: str | None,
    show_profile: bool = False,
    jobs: int | None = None,
    no_cache: bool = False,
    **cli: Any,
) -> tuple[tuple[str, ...], Config]:
    """The paths to check and the effective configuration: defaults < config file < command line."""
    if show_profile:
        profile.request()
    cache.turn_off(no_cache)
    paths = paths or default_paths()
    file = config_file or find_config(paths[0])
    if config_file and not os.path.isfile(config_file):
        raise UsageError(f"{config_file}: no such config file")
    overrides = {
        "select": parse_list(cli["select"]),
        "ignore": parse_list(cli["ignore"]),
        "fail_on": cli["fail_on"],
        "min_grade": cli["min_grade"].upper() if cli["min_grade"] else None,
        "jurisdictions": parse_jurisdictions(parse_list(cli["jurisdiction"])),
        "as_of": parse_date("--as-of", cli["as_of"]),
        "rules": list(cli["rule_packs"]),
        "require": "complete" if cli["require_complete"] else None,
    }
    return paths, resolve(file, overrides)


def default_paths() -> tuple[str, ...]:
    """`policies/` when the current folder has one, else the current folder."""
    return ("policies",) if os.path.isdir("policies") else (".",)
