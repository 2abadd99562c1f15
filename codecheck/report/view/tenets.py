"""Each tenet as the scorecard details it: its grade explained, its counts named, its findings grouped by rule.

One card per rule, not per finding: the rule's title, why it matters and how
to fix it are said once, and each place it fails is a row with the offending
value. That keeps a policy set with hundreds of findings to a printable
length, and lets a reader see at once which decisions the findings come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from codecheck.grading.grade import TenetGrade
from codecheck.model import Finding, Outcome, Rule, Severity
from codecheck.pipeline import Audit
from codecheck.report.view.excerpts import ExcerptLine, excerpt
from codecheck.report.view.explain import Counts, counts, tenet_sentences, weight_of


@dataclass(frozen=True)
class RuleGroup:
    rule_id: str
    rule: Rule | None
    severity: Severity
    """The most serious severity among its findings."""
    legal_in: tuple[str, ...]
    weight: str
    findings: tuple[Finding, ...]
    excerpts: tuple[tuple[Finding, tuple[ExcerptLine, ...]], ...]
    """The YAML of its first finding (of every finding, for document problems), with the finding."""


@dataclass(frozen=True)
class TenetView:
    grade: TenetGrade
    counts: Counts
    explained: list[str]
    groups: list[RuleGroup]


def group(
    findings: list[Finding], rules: dict[str, Rule], sources: dict[str, list[str]], every_excerpt: bool = False
) -> list[RuleGroup]:
    """Findings by rule, the most serious rule first, then by id; each group's findings in file order.

    One excerpt a group is enough where the rule's findings are alike; a document problem
    (broken YAML, a schema violation) is about its own place, so each gets its excerpt.
    """
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    groups = []
    for rule_id, found in by_rule.items():
        found.sort(key=lambda f: f.sort_key)
        rule = rules.get(rule_id)
        legal = tuple(sorted({code for f in found for code in f.legal_in}))
        weight = weight_of(rule, bool(legal)) if rule else ""
        shown = found if every_excerpt else found[:1]
        excerpts = tuple((f, tuple(excerpt(sources.get(f.file, []), f))) for f in shown)
        groups.append(RuleGroup(rule_id, rule, max(f.severity for f in found), legal, weight, tuple(found), excerpts))
    return sorted(groups, key=lambda g: (-g.severity, 0 if g.legal_in else 1, g.rule_id))


def tenet_views(audit: Audit) -> list[TenetView]:
    rules = {r.id: r for r in audit.report.rules}
    by_tenet: dict[int, list[Outcome]] = {}
    for outcome in audit.outcomes:
        by_tenet.setdefault(outcome.rule.tenet, []).append(outcome)
    views = []
    for tenet in audit.card.tenets:
        outcomes = by_tenet.get(tenet.tenet.number, [])
        found = audit.findings_of(tenet)
        views.append(
            TenetView(
                tenet,
                counts(outcomes, len(found)),
                tenet_sentences(tenet, outcomes),
                group(found, rules, audit.sources),
            )
        )
    return views
