"""check(paths, options) -> Report: the one place the stages are wired together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from codecheck.evaluate import evaluate
from codecheck.load import load
from codecheck.model import Outcome, Report, Rule
from codecheck.validate import validate


@dataclass(frozen=True)
class Options:
    """What a run needs besides the paths: the rules, and where the company sells if overridden."""

    rules: tuple[Rule, ...]
    jurisdictions: frozenset[str] | None = None


def check(paths: Iterable[str], options: Options) -> tuple[Report, list[Outcome]]:
    """Load, validate and evaluate a policy set; the outcomes are for grading."""
    policy_set = load(paths)
    sound, problems = validate(policy_set.documents)
    outcomes, violations = evaluate(sound, options.rules, options.jurisdictions)
    findings = sorted((*policy_set.findings, *problems, *violations), key=lambda f: f.sort_key)
    report = Report(tuple(findings), policy_set.files, len(policy_set.documents), options.rules)
    return report, outcomes
