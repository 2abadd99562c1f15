"""Which rules run where: select and ignore by id, id prefix or tenet name (the longest match wins), per path."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import replace
from typing import Iterable

from codecheck.model import Finding, Rule
from codecheck.settings.config import Config, PathOverride
from codecheck.tenets import TENETS


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


