"""Config files: found in or above the linted folder, read safely, checked against schemas/config.json.

An unknown key or a wrong type stops the run with exit 2 naming
file:line:col and the key path.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import sys
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from codecheck.documents.files import read_or_stop
from codecheck.documents.folders import repository_root
from codecheck.documents.jurisdictions import with_codes
from codecheck.documents.parse import parse
from codecheck.documents.schemacheck import Checker
from codecheck.documents.textscan import deepest, longest_number
from codecheck.documents.validate import describe
from codecheck.errors import UsageError
from codecheck.model import format_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = (".codecheck.yaml", ".codecheck.yml", "pyproject.toml")


class ConfigError(UsageError):
    """A config file codecheck cannot use: the message names file:line:col and the key path."""


@functools.cache
def _checker() -> Checker:
    text = (resources.files("codecheck") / "schemas" / "config.json").read_text(encoding="utf-8")
    return Checker(with_codes(json.loads(text)))


def find_config(start: str) -> str | None:
    """The nearest config file in `start`'s folder or above; pyproject.toml counts only with [tool.codecheck].

    The search stops at the repository's root (the folder holding `.git`), or at
    the filesystem's root outside a repository: a config above the repository
    belongs to someone else. Every candidate is read through the safe reader.
    """
    folder = FsPath(start).resolve()
    folder = folder if folder.is_dir() else folder.parent
    top = repository_root(str(folder))
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or "codecheck" in _toml(str(path))[1].get("tool", {})):
                return str(path)
        if top is not None and str(candidate) == top:
            break
    return None


def _toml(path: str) -> tuple[str, dict[str, Any]]:
    """A TOML file's text and data; discovery and reading share one parse of the same text."""
    text = read_or_stop(path)
    return text, _parse_toml(text, path)


@functools.lru_cache(maxsize=2)
def _parse_toml(text: str, path: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as broken:
        where = _TOML_PLACE.search(str(broken))
        message = _TOML_PLACE.sub("", str(broken))
        raise ConfigError(f"{path}:{where.group(1)}:{where.group(2)}: {message}" if where else f"{path}: {message}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and inline tables
        depth, line, column = deepest(text)
        raise ConfigError(f"{path}:{line}:{column}: the TOML is nested too deeply to read ({depth:,} levels)") from None
    except ValueError:  # int() refuses a number of more digits than sys.get_int_max_str_digits()
        long = longest_number(text)
        if long is None:
            raise
        digits, line, column = long
        raise ConfigError(f"{path}:{line}:{column}: a number with {digits:,} digits is too long to read") from None
    return data


_TOML_PLACE = re.compile(r" \(at line (\d+), column (\d+)\)$")
"""Where tomllib says a TOML error is, at the end of its message."""


def read_config(path: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The raw settings of a config file, checked against the config schema, and where each value is
    written (`file:line:column` by key path, such as `select[1]`), for the errors only the rulebook can find."""
    if path.endswith(".toml"):
        return _read_toml(path)
    docs, problems = parse(read_or_stop(path), path)
    if problems:
        raise ConfigError(f"{problems[0].file}:{problems[0].line}:{problems[0].column}: {problems[0].message}")
    data = docs[0].data if docs else {}
    data = {} if data is None else data
    error = _checker().best_error(data)
    if error is not None:
        key_path = tuple(error.absolute_path)
        pos = docs[0].position(key_path + tuple(_unknown(error)[:1]), key=True) if docs else None
        where = f"{path}:{pos.line}:{pos.column}" if pos else path
        raise ConfigError(f"{where}: {_key_path(key_path)}{describe(error, None)}")
    problem = _bad_date(data)
    if problem:
        pos = docs[0].position(("as_of",), key=True)
        raise ConfigError(f"{path}:{pos.line}:{pos.column}: as_of: {problem}")
    if not docs:
        return data, {}
    doc = docs[0]
    return data, {
        format_path(key): f"{path}:{pos.line}:{pos.column}" for key in _leaves(data) for pos in [doc.position(key)]
    }


def _leaves(data: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The key path of every value in a config: the mappings' and lists' own, and their items'."""
    paths = [prefix] if prefix else []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        paths.extend(_leaves(value, (*prefix, key)))
    return paths


def _read_toml(path: str) -> tuple[dict[str, Any], dict[str, str]]:
    text, whole = _toml(path)
    data: dict[str, Any] = _as_text(whole.get("tool", {}).get("codecheck", {}))
    error = _checker().best_error(data)
    if error is not None:
        key_path = tuple(error.absolute_path)
        line, column = _toml_position(text, key_path, error)
        raise ConfigError(f"{path}:{line}:{column}: {_key_path(('tool', 'codecheck', *key_path))}{describe(error, None)}")
    problem = _bad_date(data)
    if problem:
        line, column = _toml_position(text, ("as_of",), None)
        raise ConfigError(f"{path}:{line}:{column}: tool.codecheck.as_of: {problem}")
    return data, {
        format_path(key): f"{path}:{line}:{column}"
        for key in _leaves(data)
        for line, column in [_toml_position(text, key, None)]  # tomllib keeps no positions: the key's line
    }


def _as_text(value: Any) -> Any:
    """TOML's dates, times and datetimes as the text they were written as (`as_of = 2026-01-01`),
    so the schema judges them as any other value, whatever the key."""
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return value


def _bad_date(data: dict[str, Any]) -> str | None:
    """Why `as_of` is not a day of the calendar (2026-02-30), when its form is right."""
    try:
        if "as_of" in data:
            datetime.date.fromisoformat(data["as_of"])
    except ValueError as error:
        return f"'{data['as_of']}' is not a date ({error})"
    return None


def _toml_position(text: str, key_path: tuple[Any, ...], error: Any) -> tuple[int, int]:
    """tomllib keeps no positions: find the line of the offending key in [tool.codecheck] by reading the text."""
    key = key_path[0] if key_path else next(iter(_unknown(error)), None)
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if re.match(r"\s*\[tool\.codecheck\]", line)), 0)
    for number in range(header + 1, len(lines)):
        if re.match(r"\s*\[", lines[number]):
            break
        if key is not None and re.match(rf"\s*{re.escape(str(key))}\s*=", lines[number]):
            return number + 1, lines[number].index(str(key)) + 1
    return header + 1, 1


def _unknown(error: Any) -> list[str]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return [k for k in error.instance if k not in error.schema.get("properties", {})]
    return []


def _key_path(key_path: tuple[Any, ...]) -> str:
    rendered = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in key_path).lstrip(".")
    return f"{rendered}: " if rendered else ""


