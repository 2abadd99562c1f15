"""check(paths, options) -> Report: the one place the stages are wired together."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from codecheck import checks, suppress
from codecheck.config import DEFAULTS, Config, apply_to_finding, enabled_for
from codecheck.evaluate import evaluate
from codecheck.load import load
from codecheck.model import Document, Outcome, Report, Rule, Status
from codecheck.parallel import evaluate_in_parallel
from codecheck.profile import stage
from codecheck.validate import validate


@dataclass(frozen=True)
class Options:
    """What a run needs besides the paths: the enabled rules, and the configuration."""

    rules: tuple[Rule, ...]
    config: Config = DEFAULTS
    known_ids: frozenset[str] = frozenset()
    """Every rule id a suppression may name: the whole rulebook, enabled or not, and the document checks."""
    jobs: int | None = None
    """Processes for parsing and evaluation (--jobs); one by default: bench/ measured no gain from
    forking unasked on every size (100k documents: 73 s in one process, 109 s with forked evaluation)."""
    focus: frozenset[str] | None = None
    """Files (absolute) that single-document rules are limited to: the pre-commit hook's changed files."""

    @property
    def jurisdictions(self) -> frozenset[str] | None:
        codes = self.config.jurisdictions
        return frozenset(codes) if codes else None


@dataclass(frozen=True)
class Checked:
    """A checked policy set: the report, the outcomes for grading, and the sound documents for diffing."""

    report: Report
    outcomes: list[Outcome]
    documents: tuple[Document, ...]


def check(paths: Iterable[str], options: Options) -> Checked:
    """Load, validate and evaluate a policy set."""
    with stage("load"):
        policy_set = load(paths, options.jobs or 1)
    with stage("validate"):
        sound, problems = validate(policy_set.documents)
    with stage("evaluate"):
        jobs = options.jobs or 1
        if jobs > 1 and options.focus is None:
            outcomes, violations = evaluate_in_parallel(sound, options.rules, options.jurisdictions, jobs)
        else:
            outcomes, violations = evaluate(sound, options.rules, options.jurisdictions, focus=options.focus)
    config = options.config
    if config.per_path:
        outcomes = [_per_path(config, o) for o in outcomes]
    kept = (apply_to_finding(config, f) for f in (*policy_set.findings, *problems, *violations))
    known = options.known_ids | {r.id for r in options.rules} | {c.id for c in checks.ALL}
    marked, bad_marks = suppress.apply((f for f in kept if f is not None), policy_set.suppressions, known)
    findings = sorted((*marked, *bad_marks), key=lambda f: f.sort_key)
    report = Report(tuple(findings), policy_set.files, len(policy_set.documents), options.rules)
    return Checked(report, outcomes, sound)


def _per_path(config: Config, outcome: Outcome) -> Outcome:
    """A rule switched off for a file is not applicable there: it neither passes nor fails."""
    doc = outcome.document
    if doc is None or enabled_for(config, outcome.rule.id, outcome.rule.tenet, doc.file):
        return outcome
    return replace(outcome, status=Status.NOT_APPLICABLE)
