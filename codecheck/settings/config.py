"""Configuration: built-in defaults < `.codecheck.yaml` or `[tool.codecheck]` < the command line.

The layers are merged in one place, `resolve`, which also records where each
value came from (`codecheck config` prints it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from codecheck.model import Severity
from codecheck.settings.files import read_config


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
    as_of: str | None = None
    """The date the policies are judged on (YYYY-MM-DD): which laws hold, and `$today`; None is today."""
    rules: tuple[str, ...] = ()
    per_path: tuple[PathOverride, ...] = ()
    root: str = "."
    """The folder of the config file: relative rule packs and per-path globs start there."""
    sources: dict[str, str] = field(default_factory=dict)
    """For each setting, where its value came from: default, a file, or the command line."""


SETTINGS = ("select", "ignore", "severity", "fail_on", "min_grade", "jurisdictions", "as_of", "rules", "per_path")
DEFAULTS = Config(sources={name: "default" for name in SETTINGS})


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
        as_of=values.get("as_of"),
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


def render_config(config: Config) -> str:
    """The effective configuration, one setting a line, each with where its value came from."""
    shown = {
        "select": ", ".join(config.select) or "(every rule)",
        "ignore": ", ".join(config.ignore) or "(none)",
        "severity": ", ".join(f"{k}={v}" for k, v in config.severity.items()) or "(the rules' own)",
        "fail_on": config.fail_on,
        "min_grade": config.min_grade or "(none)",
        "jurisdictions": ", ".join(config.jurisdictions) if config.jurisdictions else "(as each document declares)",
        "as_of": config.as_of or "(today)",
        "rules": ", ".join(config.rules) or "(built-in rulebook only)",
        "per_path": "; ".join(f"{' '.join(o.paths)}: ignore {', '.join(o.ignore) or '-'}" for o in config.per_path)
        or "(none)",
    }
    width = max(len(name) for name in SETTINGS)
    return "".join(f"{name:<{width}}  {shown[name]}  [{config.sources[name]}]\n" for name in SETTINGS)
