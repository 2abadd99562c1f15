"""Configuration: built-in defaults < `.codecheck.yaml` or `[tool.codecheck]` < the command line.

The layers are merged in one place, `resolve`, which also records where each
value came from (`codecheck config` prints it). Whether the values name real
rules, and whether an override may lower a rule, needs the rulebook: see
`settings/checks.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from codecheck.documents.choice import Choice
from codecheck.documents.folders import scope_of
from codecheck.model import Severity
from codecheck.settings.files import read_config


@dataclass(frozen=True)
class SeverityOverride:
    """`severity: {CC0402: warning}` or `{CC0402: {level: warning, reason: "..."}}` in a config file."""

    level: Severity
    reason: str = ""
    source: str = ""
    """Where it is written, `file:line:column`."""


@dataclass(frozen=True)
class PathOverride:
    """Settings for the files matching `paths` (globs, relative to the config file's folder)."""

    paths: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    severity: dict[str, SeverityOverride] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, SeverityOverride] = field(default_factory=dict)
    fail_on: str = "error"
    min_grade: str | None = None
    jurisdictions: tuple[str, ...] | None = None
    as_of: str | None = None
    """The date the policies are judged on (YYYY-MM-DD): which laws hold, and `$today`; None is today."""
    rules: tuple[str, ...] = ()
    per_path: tuple[PathOverride, ...] = ()
    paths: tuple[str, ...] = ()
    """Globs (relative to `root`) of the policy files; empty: every YAML file with a policy header."""
    exclude: tuple[str, ...] = ()
    """Globs (relative to `root`) of YAML files that are not policy files: CI workflows, compose files."""
    organisation: str = ""
    """Whose policies these are: the name the scorecard is titled with."""
    require: str | None = None
    """`complete`: a fact a rule needs and the policy does not state fails instead of being a gap."""
    root: str = "."
    """The folder of the config file: relative rule packs and per-path globs start there."""
    sources: dict[str, str] = field(default_factory=dict)
    """For each setting, where its value came from: default, a file, or the command line."""
    locations: dict[str, str] = field(default_factory=dict)
    """`file:line:column` of each value read from a config file, by its key path (`select[1]`)."""

    @property
    def rules_scope(self) -> str | None:
        """Where the rule packs of a config file may be without being foreign to it: its repository (or,
        outside any, its folder). None when the packs came from the command line (see folders.foreign)."""
        if self.sources.get("rules") in (None, "default", "command line"):
            return None
        return scope_of(self.root or ".")

    @property
    def choice(self) -> Choice:
        """Which files found in a folder are policy files (documents/choice.py)."""
        return Choice(self.root or ".", self.paths, self.exclude)

    @property
    def threshold(self) -> Severity | None:
        """The lowest severity that fails the run; None for `fail_on: never` (findings are reported, never fail)."""
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


SETTINGS = (
    "select", "ignore", "severity", "fail_on", "min_grade", "jurisdictions", "as_of", "rules", "per_path", "organisation",
    "paths", "exclude", "require",
)
DEFAULTS = Config(sources={name: "default" for name in SETTINGS})


def resolve(file: str | None, cli: dict[str, Any]) -> Config:
    """Defaults < the config file < the command line (options left unset on the command line are None)."""
    values: dict[str, Any] = {}
    sources = dict(DEFAULTS.sources)
    locations: dict[str, str] = {}
    root = "."
    if file is not None:
        root = os.path.dirname(file)
        data, locations = read_config(file)
        for key, value in data.items():
            values[key] = [os.path.join(root, p) for p in value] if key == "rules" else value
            sources[key] = file
    for key, value in cli.items():
        if value not in (None, (), []):
            values[key] = value
            sources[key] = "command line"
    return _build(values, root, sources, locations)


def _severities(raw: dict[str, Any], at: str, locations: dict[str, str]) -> dict[str, SeverityOverride]:
    """Both spellings of an override, each with where it is written."""
    overrides = {}
    for rule_id, value in raw.items():
        level, reason = (value["level"], value["reason"]) if isinstance(value, dict) else (value, "")
        overrides[rule_id] = SeverityOverride(Severity.parse(level), reason.strip(), locations.get(f"{at}.{rule_id}", ""))
    return overrides


def _build(values: dict[str, Any], root: str, sources: dict[str, str], locations: dict[str, str]) -> Config:
    return Config(
        select=tuple(values.get("select", ())),
        ignore=tuple(values.get("ignore", ())),
        severity=_severities(values.get("severity", {}), "severity", locations),
        fail_on=values.get("fail_on", "error"),
        min_grade=values.get("min_grade"),
        jurisdictions=tuple(values["jurisdictions"]) if values.get("jurisdictions") else None,
        as_of=values.get("as_of"),
        rules=tuple(values.get("rules", ())),
        per_path=tuple(
            PathOverride(
                tuple(o["paths"]), tuple(o.get("ignore", ())), _severities(o.get("severity", {}), f"per_path[{i}].severity", locations)
            )
            for i, o in enumerate(values.get("per_path", ()))
        ),
        organisation=values.get("organisation", ""),
        paths=tuple(values.get("paths", ())),
        exclude=tuple(values.get("exclude", ())),
        require=values.get("require"),
        root=root,
        sources=sources,
        locations=locations,
    )


def _shown(overrides: dict[str, SeverityOverride]) -> str:
    return ", ".join(f"{k}={o.level}" + (f' ("{o.reason}")' if o.reason else "") for k, o in overrides.items())


def render_config(config: Config) -> str:
    """The effective configuration, one setting a line, each with where its value came from."""
    shown = {
        "select": ", ".join(config.select) or "(every rule)",
        "ignore": ", ".join(config.ignore) or "(none)",
        "severity": _shown(config.severity) or "(the rules' own)",
        "fail_on": config.fail_on,
        "min_grade": config.min_grade or "(none)",
        "jurisdictions": ", ".join(config.jurisdictions) if config.jurisdictions else "(as each document declares)",
        "as_of": config.as_of or "(today)",
        "rules": ", ".join(config.rules) or "(built-in rulebook only)",
        "per_path": "; ".join(
            f"{' '.join(o.paths)}: ignore {', '.join(o.ignore) or '-'}" + (f", severity {_shown(o.severity)}" if o.severity else "")
            for o in config.per_path
        )
        or "(none)",
        "organisation": config.organisation or "(not named)",
        "paths": ", ".join(config.paths) or "(every YAML file with a `codecheck:` header)",
        "exclude": ", ".join(config.exclude) or "(none)",
        "require": config.require or "(gaps are reported, not failed)",
    }
    width = max(len(name) for name in SETTINGS)
    return "".join(f"{name:<{width}}  {shown[name]}  [{config.sources[name]}]\n" for name in SETTINGS)
