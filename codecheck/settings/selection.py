"""Which rules run where: select and ignore by id, id prefix or tenet name (the longest match wins), per path."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import replace
from typing import Iterable

from codecheck.model import Finding, Override, Rule
from codecheck.settings.config import Config, PathOverride, SeverityOverride
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
    """The rules the configuration enables. They keep the rulebook's severities, so grades weigh the
    same everywhere; severity overrides apply to the findings (apply_to_finding), where they are recorded."""
    return tuple(r for r in rules if enabled(r.id, r.tenet, config.select, config.ignore))


def overrides_for(config: Config, file: str) -> list[PathOverride]:
    if not config.per_path:  # most configurations: no path to make relative for each of 40,000 findings
        return []
    relative = os.path.relpath(os.path.abspath(file), os.path.abspath(config.root))
    return [o for o in config.per_path if any(fnmatch.fnmatch(relative, glob) for glob in o.paths)]


def enabled_for(config: Config, rule_id: str, tenet: int | None, file: str) -> bool:
    """Whether the per-path overrides of `file` leave this rule on."""
    return all(enabled(rule_id, tenet, (), o.ignore) for o in overrides_for(config, file))


def apply_to_finding(config: Config, finding: Finding) -> Finding | None:
    """A finding after the configuration: dropped, given the severity configured for its rule, or as it was.

    A document problem (CC00xx) is dropped only when `ignore` names it: `select` picks rules and
    never hides a file that cannot be read. The per-path severity of the finding's file wins over
    the global one.
    """
    if finding.tenet is None and matches(finding.rule_id, None, config.ignore) > matches(finding.rule_id, None, config.select):
        return None
    overrides = overrides_for(config, finding.file)
    if not all(enabled(finding.rule_id, finding.tenet, (), o.ignore) for o in overrides):
        return None
    if finding.gap:  # a fact not stated is not a failure a severity could grade
        return finding
    severities = [config.severity, *(o.severity for o in overrides)]
    chosen = [levels[finding.rule_id] for levels in severities if finding.rule_id in levels]
    return regraded(finding, chosen[-1]) if chosen else finding


def regraded(finding: Finding, override: SeverityOverride) -> Finding:
    """The finding at the configured severity, with the rulebook's severity and the reason recorded."""
    if override.level == finding.severity:
        return finding
    return replace(finding, severity=override.level, override=Override(finding.severity, override.reason, override.source))


