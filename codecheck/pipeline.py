"""The one place the stages are wired together: load -> validate -> evaluate -> grade, and diff.

check(paths, options) is a checked policy set; run_audit adds the rules the
configuration enables and the grades; diff checks two versions and compares
them. Reporters render what these return; only the CLI writes files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import ContextManager, Iterable, Mapping

from codecheck import cache, warm
from codecheck.documents import checks
from codecheck.documents.files import read_text
from codecheck.documents.load import choose, load, load_overlay, load_texts, read_all, roots_of
from codecheck.documents.validate import validate
from codecheck.documents.values import as_of, today
from codecheck.engine import gaps
from codecheck.engine.evaluate import evaluate
from codecheck.engine.rulebook import builtin_dir, load_rules
from codecheck.engine.split import evaluate_apart, processes
from codecheck.errors import EXIT_FINDINGS, EXIT_OK
from codecheck.gate import suppress
from codecheck.gate.approvals import find_approvals
from codecheck.gate.changes import Direction, load_directions
from codecheck.gate.diff import Diff, compare
from codecheck.gate.gitbase import Repository
from codecheck.gate.standing import Standing, standing
from codecheck.grading.grade import Scorecard, TenetGrade, grade
from codecheck.model import Document, Finding, Outcome, PolicySet, Report, Rule, Status
from codecheck.profile import stage
from codecheck.provenance import Provenance, provenance
from codecheck.recording import as_record
from codecheck.records.compare import History
from codecheck.records.compare import compare as compare_records
from codecheck.records.model import Record
from codecheck.settings.config import DEFAULTS, Config
from codecheck.settings.selection import apply_to_finding, apply_to_rules, enabled_for
from codecheck.settings.verify import verify


@dataclass(frozen=True)
class Options:
    """What a run needs besides the paths: the enabled rules, and the configuration."""

    rules: tuple[Rule, ...]
    config: Config = DEFAULTS
    known_ids: frozenset[str] = frozenset()
    """Every rule id a suppression may name: the whole rulebook, enabled or not, and the document checks."""
    jobs: int | None = None
    """Processes that read and check the files (--jobs); by default as many as are idle, for large sets
    (engine/split.py processes)."""
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
    policy_files: frozenset[str] = frozenset()
    """The files that hold a policy document (a mapping with a `kind`): the only ones a report may quote."""
    unread: tuple[Finding, ...] = ()
    """The problems of the documents no rule could read (they failed to load or to validate)."""


STILL_READ = frozenset(
    c.id
    for c in (
        checks.DUPLICATE_ID,
        checks.DANGLING_REFERENCE,
        checks.BAD_SUPPRESSION,
        checks.EXPIRED_SUPPRESSION,
        checks.UNUSED_SUPPRESSION,
    )
)
"""Document checks whose document is still evaluated: a duplicate id, a dangling reference, a bad comment."""


def judged_on(config: Config) -> ContextManager[None]:
    """With `as_of` (--as-of), the whole check sees that date: the laws in force, `$today`, expiring suppressions."""
    return as_of(config.as_of) if config.as_of else contextlib.nullcontext()


def check(
    paths: Iterable[str],
    options: Options,
    texts: Mapping[str, str | Finding] | None = None,
    read: list[tuple[str, str | Finding]] | None = None,
) -> Checked:
    """Load, validate and evaluate a policy set, as of the configured date; a file named in `texts` has that
    text, not what is on disk; `read` holds the files under `paths` already read (load_all)."""
    with judged_on(options.config):
        return _check(paths, options, texts, read)


def _check(
    paths: Iterable[str], options: Options, texts: Mapping[str, str | Finding] | None, read: list[tuple[str, str | Finding]] | None
) -> Checked:
    if texts:
        with stage("load"):
            return check_set(load_overlay(paths, texts), options)
    paths = list(paths)
    with stage("load"):
        chosen = choose(paths, options.config.choice)
    jobs = processes(options.jobs, len(chosen.files)) if options.focus is None else 1
    if jobs == 1:
        with stage("load"):
            policy_set = load(paths, options.config.choice, read, chosen)
        return check_set(policy_set, options)
    from codecheck.engine.parallel import check_in_processes  # multiprocessing only for --jobs: start-up time

    complete = options.config.require == "complete"
    done = check_in_processes(chosen, roots_of(paths), read, options.rules, options.jurisdictions, jobs, complete)
    return _checked(done.policy_set, done.sound, done.problems, done.outcomes, done.findings, options)


def check_set(policy_set: PolicySet, options: Options) -> Checked:
    """Validate and evaluate a policy set already read (from files, or from git)."""
    with stage("validate"):
        sound, problems = validate(policy_set.documents)
    complete = options.config.require == "complete"
    with stage("evaluate"):
        if options.focus is None:
            outcomes, violations = evaluate_apart(sound, options.rules, options.jurisdictions, complete)
        else:
            outcomes, violations = evaluate(
                sound, options.rules, options.jurisdictions, focus=options.focus, complete=complete
            )
    return _checked(policy_set, sound, problems, outcomes, violations, options)


def _checked(
    policy_set: PolicySet,
    sound: tuple[Document, ...],
    problems: list[Finding],
    outcomes: list[Outcome],
    violations: list[Finding],
    options: Options,
) -> Checked:
    """The report of an evaluated policy set: its gaps one per fact, the configuration and suppressions applied."""
    outcomes += unreadable(policy_set.documents, sound, options.rules)
    config = options.config
    if config.per_path:
        outcomes = [_per_path(config, o) for o in outcomes]
    violations = gaps.merge(violations)
    kept = (apply_to_finding(config, f) for f in (*policy_set.findings, *problems, *violations))
    known = options.known_ids | {r.id for r in options.rules} | {c.id for c in checks.ALL}
    marked, bad_marks = suppress.apply((f for f in kept if f is not None), policy_set.suppressions, known)
    findings = sorted((*marked, *bad_marks), key=lambda f: f.sort_key)
    report = Report(
        tuple(findings), policy_set.files, len(policy_set.documents), options.rules, as_of=today(), skipped=policy_set.skipped
    )
    policies = frozenset(d.file for d in policy_set.documents if isinstance(d.data, dict) and "kind" in d.data)
    return Checked(report, outcomes, sound, policies, unread_of(report))


def unread_of(report: Report) -> tuple[Finding, ...]:
    """The problems of the documents no rule could read: they failed to load or to validate."""
    return tuple(f for f in report.findings if f.tenet is None and f.rule_id not in STILL_READ and f.suppression is None)


def unreadable(documents: Iterable[Document], sound: tuple[Document, ...], rules: Iterable[Rule]) -> list[Outcome]:
    """Documents that failed validation contribute no outcome: each of their rules is 'could not be read'."""
    evaluated = {id(doc) for doc in sound}
    broken = [doc for doc in documents if id(doc) not in evaluated and doc.kind]
    return [Outcome(rule, doc, Status.UNREADABLE, False) for doc in broken for rule in rules if doc.kind in rule.kinds]


def _per_path(config: Config, outcome: Outcome) -> Outcome:
    """A rule switched off for a file is not applicable there: it neither passes nor fails."""
    doc = outcome.document
    if doc is None or enabled_for(config, outcome.rule.id, outcome.rule.tenet, doc.file):
        return outcome
    return replace(outcome, status=Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class Audit:
    report: Report
    card: Scorecard
    provenance: Provenance
    sources: dict[str, list[str]] = field(default_factory=dict)
    """The lines of each file with a finding, for the excerpts of the HTML scorecard."""
    outcomes: tuple[Outcome, ...] = ()
    """What every rule concluded on every document: the scorecard counts rules and weighs what-ifs with them."""
    organisation: str = ""
    """Whose policies these are (config `organisation:`)."""
    title: str = ""
    """The scorecard's title (`--title`); empty for the default."""
    history: History | None = None
    """How the grades moved since an earlier scorecard (`--previous`), when one was given."""
    unread: tuple[Finding, ...] = ()
    """Why documents could not be read: no rule assessed them, and the scorecard says so first."""
    approvals: Standing | None = None
    """The approvals file of the policy set (`scorecard`), listed for an auditor; None when not looked for."""

    def findings_of(self, tenet: TenetGrade) -> list[Finding]:
        """The active failures of a tenet; suppressed ones and gaps are listed apart."""
        return [f for f in self.report.failures if f.tenet == tenet.tenet.number]

    @property
    def document_problems(self) -> list[Finding]:
        """Findings about the files themselves (CC00xx): those documents could not be assessed."""
        return [f for f in self.report.active if f.tenet is None]


def run_audit(
    paths: tuple[str, ...],
    config: Config,
    with_sources: bool = False,
    jobs: int | None = None,
    focus: frozenset[str] | None = None,
    texts: Mapping[str, str | Finding] | None = None,
    cached: bool = False,
) -> Audit:
    """Load the rules the configuration enables, check and grade the policy set under `paths` (and `texts`).

    With `cached` (lint and the hook, which need no outcomes), the results of a
    policy set, a rulebook and a configuration that have not changed since a
    run are that run's, from the cache (warm.py); never for text that is on no
    disk (`texts`: standard input, an editor's open documents).
    """
    with stage("rules"):
        rulebook = load_rules(config.rules, config.rules_scope)
    options = dataclasses.replace(options_for(config, rulebook, jobs), focus=focus)
    store = cache.Store.open() if cached and not texts else None
    results = _results(paths, options, rulebook, store, texts)
    sources = read_sources(results.report, results.policy_files, texts or {}) if with_sources else {}
    prov = provenance(paths or tuple(texts or ()), results.report.rules, results.report.as_of)
    unread = unread_of(results.report)
    return Audit(results.report, results.card, prov, sources, results.outcomes, config.organisation, unread=unread)


def _results(
    paths: tuple[str, ...],
    options: Options,
    rulebook: tuple[Rule, ...],
    store: cache.Store | None,
    texts: Mapping[str, str | Finding] | None,
) -> warm.Results:
    """The report and the grades: from `store` when nothing they depend on changed (warm.key), else checked (and stored)."""
    read, key = None, b""
    if store is not None:
        with stage("cache"):
            read = read_all(paths, options.config.choice)
            key = warm.key(options.config, rulebook, paths, read, options.focus)
            found = warm.decode(store.get(warm.KIND, key), options.rules)
        if found is not None:
            return found
    checked = check(paths, options, texts, read)
    with stage("grade"):
        card = grade(checked.outcomes, unread_files=len({f.file for f in checked.unread}))
        results = warm.Results(checked.report, card, checked.policy_files, tuple(checked.outcomes))
    if store is not None:
        store.put(warm.KIND, key, warm.encode(results))
    return results


def record_of(audit: Audit, source: str = "this run") -> Record:
    """The audit as a later comparison reads it (and as `scorecard --format json` records it)."""
    prov = audit.provenance
    seen = audit.history.first_seen() if audit.history else {}
    return as_record(audit.card, audit.report, source, prov, seen, audit.organisation, audit.title)


def with_previous(audit: Audit, previous: Record) -> Audit:
    """The audit compared with an earlier scorecard of the same policy set: `scorecard --previous`."""
    return replace(audit, history=compare_records(previous, record_of(audit)))


def directions_for(config: Config) -> tuple[Direction, ...]:
    """The change directions of the rulebook and of the configuration's rule packs: what diff, the hook
    and the scorecard's approvals judge changes by."""
    return load_directions([builtin_dir(), *(FsPath(p) for p in config.rules)], config.rules_scope)


def with_approvals(audit: Audit, start: str, config: Config) -> Audit:
    """The audit with the approvals `diff` would find from `start`, judged on the day `diff` judges them (today).

    They change no grade. The documents are those the rules read (from the
    outcomes: an Audit keeps no others); the change directions are read only
    when there is an approvals file, so a scorecard without one reads no more
    than before.
    """
    found = find_approvals(start)
    if found is None:
        return replace(audit, approvals=Standing(None, today()))
    directions = directions_for(config)
    read = {id(o.document): o.document for o in audit.outcomes if o.document is not None and o.status is not Status.UNREADABLE}
    return replace(audit, approvals=standing(found, read.values(), directions, today()))


def options_for(config: Config, rulebook: tuple[Rule, ...], jobs: int | None = None) -> Options:
    """The enabled rules and the configuration, once the rulebook has confirmed every id it names;
    suppressions may name any rule of the rulebook."""
    verify(config, rulebook, (c.id for c in checks.ALL))
    return Options(apply_to_rules(config, rulebook), config, frozenset(r.id for r in rulebook), jobs)


def read_sources(report: Report, policy_files: frozenset[str], texts: Mapping[str, str | Finding]) -> dict[str, list[str]]:
    """The lines of every policy file with a finding (from `texts` for those read there); unreadable, no excerpt.

    A file that holds no policy document is never quoted: it may be anything a
    folder happened to hold (a key, a copied password file), and a scorecard is
    handed to people outside the team.
    """
    sources: dict[str, list[str]] = {}
    given = {os.path.abspath(name): text for name, text in texts.items()}
    for file in {f.file for f in report.findings} & policy_files:
        text = given[os.path.abspath(file)] if os.path.abspath(file) in given else read_text(file)
        sources[file] = [] if isinstance(text, Finding) else text.splitlines()
    return sources


def gate(audit: Audit, config: Config) -> int:
    """Exit 1 when a finding reaches `fail_on`, or the overall grade is below `min_grade`."""
    threshold = config.threshold
    if threshold is not None and any(f.severity >= threshold for f in audit.report.active):
        return EXIT_FINDINGS
    wanted = config.min_grade
    if wanted and (audit.card.grade is None or audit.card.grade > wanted.upper()):
        return EXIT_FINDINGS
    return EXIT_OK


@dataclass(frozen=True)
class Review:
    """A diff and how it moves the grades: `codecheck diff`."""

    diff: Diff
    grades: History


def _review(
    before: Checked, after: Checked, labels: tuple[str, str], head: tuple[str, ...], directions: tuple[Direction, ...]
) -> Review:
    """The diff, and both versions graded: what the change does to each grade."""
    result = compare(before.documents, before.report, after.documents, after.report, directions)
    now = provenance(head, after.report.rules, after.report.as_of)
    then = replace(now, paths=(labels[0],), commit=None)
    grades = compare_records(
        as_record(grade(before.outcomes), before.report, labels[0], then, {}),
        as_record(grade(after.outcomes), after.report, labels[1], now, {}),
    )
    return Review(result, grades)


def diff(base: tuple[str, ...], head: tuple[str, ...], options: Options, directions: tuple[Direction, ...]) -> Review:
    """Check both versions of a policy set and compare them."""
    return _review(check(base, options), check(head, options), (", ".join(base), ", ".join(head)), head, directions)


def diff_against_git(ref: str, paths: tuple[str, ...], options: Options, directions: tuple[Direction, ...]) -> Review:
    """`diff --base REF`: the policy files under `paths` as they were at `ref` (read from git into memory,
    never written anywhere), against the working tree."""
    repository = Repository(paths[0])
    snapshot = repository.at_commit(repository.commit(ref), paths)
    named = frozenset(p for p in paths if os.path.isfile(p))
    before = check_set(load_texts(snapshot.files, options.config.choice, named), options)
    review = _review(before, check(paths, options), (ref, "the working tree"), paths, directions)
    return replace(review, diff=replace(review.diff, skipped=snapshot.skipped))
