"""Configuration: built-in defaults < `.codecheck.yaml` or `[tool.codecheck]` < the command line.

The layers are merged in one place, `resolve`, which also records where each
value came from (`codecheck config` prints it). A config file is validated
against `schemas/config.json`; an unknown key or a wrong type stops the run
with exit 2 naming file:line:col and the key path.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Iterable

from codecheck.errors import UsageError
from codecheck.load import read_or_stop
from codecheck.model import Finding, Rule, Severity
from codecheck.parse import parse
from codecheck.schemacheck import Checker
from codecheck.tenets import TENETS
from codecheck.validate import describe

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = (".codecheck.yaml", ".codecheck.yml", "pyproject.toml")


class ConfigError(UsageError):
    """A config file codecheck cannot use: the message names file:line:col and the key path."""


@dataclass(frozen=True)
class PathOverride:
    """Settings for the files matching `paths` (globs, relative to the config file's folder)."""

    paths: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"
    min_grade: str | None = None
    jurisdictions: tuple[str, ...] | None = None
    rules: tuple[str, ...] = ()
    per_path: tuple[PathOverride, ...] = ()
    root: str = "."
    """The folder of the config file: relative rule packs and per-path globs start there."""
    sources: dict[str, str] = field(default_factory=dict)
    """For each setting, where its value came from: default, a file, or the command line."""


SETTINGS = ("select", "ignore", "severity", "fail_on", "min_grade", "jurisdictions", "rules", "per_path")
DEFAULTS = Config(sources={name: "default" for name in SETTINGS})


@functools.lru_cache(maxsize=None)
def _checker() -> Checker:
    text = resources.files("codecheck").joinpath("schemas", "config.json").read_text(encoding="utf-8")
    return Checker(json.loads(text))


def find_config(start: str) -> str | None:
    """The nearest config file in `start`'s folder or above; pyproject.toml counts only with [tool.codecheck]."""
    folder = FsPath(start).resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_section(path)):
                return str(path)
    return None


def _has_tool_section(path: FsPath) -> bool:
    return re.search(r"^\s*\[tool\.codecheck[\].]", path.read_text(encoding="utf-8", errors="replace"), re.M) is not None


def read_config(path: str) -> dict[str, Any]:
    """The raw settings of a config file, checked against the config schema."""
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
    return data


def _read_toml(path: str) -> dict[str, Any]:
    text = read_or_stop(path)
    try:
        data = tomllib.loads(text).get("tool", {}).get("codecheck", {})
    except tomllib.TOMLDecodeError as broken:
        raise ConfigError(f"{path}: {broken}") from broken
    error = _checker().best_error(data)
    if error is not None:
        key_path = tuple(error.absolute_path)
        line, column = _toml_position(text, key_path, error)
        raise ConfigError(f"{path}:{line}:{column}: tool.codecheck.{_key_path(key_path)}{describe(error, None)}")
    return data


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


def resolve(file: str | None, cli: dict[str, Any]) -> Config:
    """Defaults < the config file < the command line (options left unset on the command line are None)."""
    values: dict[str, Any] = {}
    sources = dict(DEFAULTS.sources)
    root = "."
    if file is not None:
        root = os.path.dirname(file)
        for key, value in read_config(file).items():
            values[key] = [os.path.join(root, p) for p in value] if key == "rules" else value
            sources[key] = file
    for key, value in cli.items():
        if value not in (None, (), []):
            values[key] = value
            sources[key] = "command line"
    return _build(values, root, sources)


def _build(values: dict[str, Any], root: str, sources: dict[str, str]) -> Config:
    return Config(
        select=tuple(values.get("select", ())),
        ignore=tuple(values.get("ignore", ())),
        severity={k: Severity.parse(v) for k, v in values.get("severity", {}).items()},
        fail_on=values.get("fail_on", "error"),
        min_grade=values.get("min_grade"),
        jurisdictions=tuple(values["jurisdictions"]) if values.get("jurisdictions") else None,
        rules=tuple(values.get("rules", ())),
        per_path=tuple(
            PathOverride(
                tuple(o["paths"]), tuple(o.get("ignore", ())), {k: Severity.parse(v) for k, v in o.get("severity", {}).items()}
            )
            for o in values.get("per_path", ())
        ),
        root=root,
        sources=sources,
    )


def matches(rule_id: str, tenet: int | None, patterns: Iterable[str]) -> int:
    """The length of the longest pattern naming this rule (its id, an id prefix, or its tenet's name); 0 if none."""
    best = 0
    for pattern in patterns:
        if rule_id.startswith(pattern.upper()):
            best = max(best, len(pattern))
        elif tenet is not None and TENETS[tenet].name == pattern.lower():
            best = max(best, 4)  # a tenet name means its prefix, CCtt
    return best


def enabled(rule_id: str, tenet: int | None, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """flake8's rule: the longest matching pattern wins, select on a tie; no select selects everything."""
    select, ignore = tuple(select), tuple(ignore)
    chosen = matches(rule_id, tenet, select)
    if select and not chosen:
        return False
    return matches(rule_id, tenet, ignore) <= chosen


def apply_to_rules(config: Config, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules the configuration enables, with its severity overrides."""
    chosen = [r for r in rules if enabled(r.id, r.tenet, config.select, config.ignore)]
    return tuple(replace(r, severity=config.severity[r.id]) if r.id in config.severity else r for r in chosen)


def overrides_for(config: Config, file: str) -> list[PathOverride]:
    relative = os.path.relpath(os.path.abspath(file), os.path.abspath(config.root))
    return [o for o in config.per_path if any(fnmatch.fnmatch(relative, glob) for glob in o.paths)]


def enabled_for(config: Config, rule_id: str, tenet: int | None, file: str) -> bool:
    """Whether the per-path overrides of `file` leave this rule on."""
    return all(enabled(rule_id, tenet, (), o.ignore) for o in overrides_for(config, file))


def apply_to_finding(config: Config, finding: Finding) -> Finding | None:
    """A finding after the per-path overrides of its file: dropped, re-graded, or as it was."""
    for override in overrides_for(config, finding.file):
        if not enabled(finding.rule_id, finding.tenet, (), override.ignore):
            return None
        if finding.rule_id in override.severity:
            finding = replace(finding, severity=override.severity[finding.rule_id])
    return finding


def render_config(config: Config) -> str:
    """The effective configuration, one setting a line, each with where its value came from."""
    shown = {
        "select": ", ".join(config.select) or "(every rule)",
        "ignore": ", ".join(config.ignore) or "(none)",
        "severity": ", ".join(f"{k}={v}" for k, v in config.severity.items()) or "(the rules' own)",
        "fail_on": config.fail_on,
        "min_grade": config.min_grade or "(none)",
        "jurisdictions": ", ".join(config.jurisdictions) if config.jurisdictions else "(as each document declares)",
        "rules": ", ".join(config.rules) or "(built-in rulebook only)",
        "per_path": "; ".join(f"{' '.join(o.paths)}: ignore {', '.join(o.ignore) or '-'}" for o in config.per_path)
        or "(none)",
    }
    width = max(len(name) for name in SETTINGS)
    return "".join(f"{name:<{width}}  {shown[name]}  [{config.sources[name]}]\n" for name in SETTINGS)
