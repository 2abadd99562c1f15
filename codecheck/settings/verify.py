"""The configuration against the rulebook: every pattern names a rule, every severity override is allowed.

A CI gate whose `--select lockin` matches nothing would pass every policy set,
so a pattern that names no rule, no id prefix of one and no tenet stops the
run (exit 2), with a did-you-mean. It takes the rulebook, which the config
file itself extends (`rules:`), so it runs once the rules are loaded: the
same function for the command line and the config file.
"""

from __future__ import annotations

import difflib
import os
from typing import Iterable, Iterator

from codecheck.documents.values import today
from codecheck.model import Rule, Severity
from codecheck.settings.config import Config, SeverityOverride
from codecheck.settings.files import ConfigError
from codecheck.tenets import TENETS


def pattern_problem(pattern: str, known_ids: Iterable[str]) -> str | None:
    """Why `pattern` names no rule, with the closest id, id prefix or tenet name; None when it names one.

    A pattern is a rule id (CC0902), a prefix of one (CC09 is tenet 9, CC is every rule) or a
    tenet name (lock-in), in any case: the same reading `selection.matches` gives it.
    """
    ids = sorted(set(known_ids))
    names = [t.name for t in TENETS.values()]
    upper = pattern.upper()
    if pattern.lower() in names or (upper.startswith("CC") and any(i.startswith(upper) for i in ids)):
        return None
    if upper.startswith("CC") and upper[2:].isdigit():
        problem = f"no rule id starts with '{pattern}'"
    else:
        problem = f"'{pattern}' is not a rule id, an id prefix such as CC09, or a tenet name such as lock-in"
    prefixes = sorted({i[:4] for i in ids})  # CCtt, a tenet
    close = _closest(upper if upper.startswith("CC") else pattern.lower(), [*ids, *prefixes, *names])
    return problem + (f" (did you mean '{close}'?)" if close else "; `codecheck rules` lists the rule ids")


def _closest(word: str, candidates: list[str]) -> str | None:
    """The candidate sharing the longest start with `word`, then the most alike: CC0499 -> CC0409, not CC0909."""
    alike = [c for c in candidates if difflib.SequenceMatcher(None, word, c).ratio() >= 0.6]
    ranked = sorted(alike, key=lambda c: (-len(os.path.commonprefix([word, c])), -difflib.SequenceMatcher(None, word, c).ratio(), c))
    return ranked[0] if ranked else None


def verify(config: Config, rulebook: Iterable[Rule], check_ids: Iterable[str]) -> None:
    """Stop with a ConfigError naming where the first pattern or override the rulebook refutes is written."""
    rules = {r.id: r for r in rulebook}
    check_ids = frozenset(check_ids)
    known = [*rules, *check_ids]
    for key, pattern in _patterns(config):
        problem = pattern_problem(pattern, known)
        if problem is not None:
            raise ConfigError(f"{_where(config, key)}: {problem}")
    for key, rule_id, override in _overrides(config):
        problem = override_problem(rule_id, override, rules, check_ids, config.as_of or today())
        if problem is not None:
            raise ConfigError(f"{_where(config, key)}: {problem}")


def override_problem(
    rule_id: str, override: SeverityOverride, rules: dict[str, Rule], check_ids: frozenset[str], day: str
) -> str | None:
    """A rule that is law somewhere on `day` is an error there; lowering it is allowed only with a stated reason."""
    rule = rules.get(rule_id)
    if rule_id in check_ids:
        return f"{rule_id} is a document check: a document codecheck cannot read is always an error"
    if rule is None:
        close = _closest(rule_id, list(rules))
        return f"no rule has the id {rule_id}" + (f" (did you mean '{close}'?)" if close else "")
    in_force = [str(place) for place in rule.legal_in if place.holds_on(day)]
    if in_force and override.level < Severity.ERROR and not override.reason:
        where = ", ".join(in_force)
        return (
            f"{rule_id} is law in {where}, where its findings are errors; to lower it to {override.level}, "
            f'say why: {rule_id}: {{level: {override.level}, reason: "..."}}'
        )
    return None


def _patterns(config: Config) -> Iterator[tuple[str, str]]:
    for setting in ("select", "ignore"):
        for number, pattern in enumerate(getattr(config, setting)):
            yield f"{setting}[{number}]", pattern
    for index, path_override in enumerate(config.per_path):
        for number, pattern in enumerate(path_override.ignore):
            yield f"per_path[{index}].ignore[{number}]", pattern


def _overrides(config: Config) -> Iterator[tuple[str, str, SeverityOverride]]:
    for rule_id, override in config.severity.items():
        yield f"severity.{rule_id}", rule_id, override
    for index, path_override in enumerate(config.per_path):
        for rule_id, override in path_override.severity.items():
            yield f"per_path[{index}].severity.{rule_id}", rule_id, override


def _where(config: Config, key: str) -> str:
    """`file:line:col: key` for a value from a config file, `--select` for one from the command line."""
    setting = key.split("[")[0].split(".")[0]
    if config.sources.get(setting) == "command line":
        return f"--{setting}"
    source = config.sources.get(setting, "")
    location = config.locations.get(key) or source
    return f"{location}: {'tool.codecheck.' if source.endswith('.toml') else ''}{key}"
