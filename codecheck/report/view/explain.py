"""Every weight and cap that shaped a grade, in words, where it applies.

A board member reads "C (79/100)" next to tenet scores averaging 89 and asks
why; the answer is a cap, and the scorecard must say so beside the grade.
The numbers come from the grading stage's own constants, so the words cannot
drift from the formula (docs/scoring.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from codecheck.grading import grade as formula
from codecheck.grading.grade import Scorecard, TenetGrade
from codecheck.model import Outcome, Rule, Severity, Status

WEIGHT_NAMES = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "advice"}


@dataclass(frozen=True)
class Counts:
    """What a tenet's numbers count: distinct rules, rule outcomes (a rule on one document), findings."""

    rules_applied: int
    rules_failed: int
    outcomes_passed: int
    outcomes_failed: int
    findings: int


KNOWN = (Status.PASS, Status.FAIL)
"""The outcomes that are evidence: a rule that passed or failed on a document."""


def counts(outcomes: list[Outcome], findings: int) -> Counts:
    applied = [o for o in outcomes if o.status in KNOWN]
    failed = [o for o in applied if o.status is Status.FAIL]
    return Counts(
        len({o.rule.id for o in applied}),
        len({o.rule.id for o in failed}),
        sum(1 for o in applied if o.status is Status.PASS),
        len(failed),
        findings,
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def weight_of(rule: Rule, legal: bool) -> str:
    """Why a rule's outcomes weigh what they weigh, for its finding card."""
    if legal:
        return f"each outcome weighs {formula.LEGAL_WEIGHT}, as a legal requirement"
    name = WEIGHT_NAMES[rule.severity]
    return f"each outcome weighs {formula.WEIGHTS[rule.severity]}, as best practice rated {name}"


def tenet_sentences(tenet: TenetGrade, outcomes: list[Outcome]) -> list[str]:
    """How the tenet's score was reached: the weighted share, then any cap that lowered it."""
    applied = [o for o in outcomes if o.status in KNOWN]
    if tenet.score is None or not applied:
        return []
    total = sum(formula.weight(o) for o in applied)
    passed = sum(formula.weight(o) for o in applied if o.status is Status.PASS)
    share = round(100 * passed / total)
    legal = sum(1 for o in applied if o.legal)
    said = [
        f"Each rule outcome weighs by what is at stake: a legal requirement {formula.LEGAL_WEIGHT}, "
        f"otherwise an error {formula.WEIGHTS[Severity.ERROR]}, a warning {formula.WEIGHTS[Severity.WARNING]}, "
        f"advice {formula.WEIGHTS[Severity.INFO]}. Here {plural(legal, 'outcome')} of {len(applied)} "
        f"{'was a legal requirement' if legal == 1 else 'were legal requirements'}; "
        f"{passed} of {total} weighted points passed, a score of {share}."
    ]
    if tenet.legal_failures and tenet.score < share:
        cap = formula.ONE_LEGAL_FAILURE_CAP if len(tenet.legal_failures) == 1 else formula.LEGAL_FAILURES_CAP
        which = ", ".join(tenet.legal_failures)
        rule = "one failed legal requirement caps a tenet" if len(tenet.legal_failures) == 1 else (
            "two or more failed legal requirements cap a tenet"
        )
        said.append(f"The score is held at {cap} ({formula.letter(cap)}): {rule} at {cap} ({which}).")
    return said


def overall_sentences(card: Scorecard) -> list[str]:
    """How the overall score was reached from the tenets, and the caps that lowered it."""
    scores = [t.score for t in card.tenets if t.score is not None]
    if not scores or card.score is None:
        return ["No tenet could be assessed, so there is no overall grade."]
    mean = round(sum(scores) / len(scores))
    said = [f"The overall score is the mean of the {plural(len(scores), 'assessed tenet')}' scores: {mean}."]
    held = mean
    if any(t.legal_failures for t in card.tenets) and held > formula.OVERALL_LEGAL_CAP:
        cap = held = formula.OVERALL_LEGAL_CAP
        said.append(f"A legal requirement failed, which holds the overall score at {cap} ({formula.letter(cap)}) at most.")
    if len(scores) < formula.FULL_COVERAGE and held > formula.PARTIAL_COVERAGE_CAP:
        cap = held = formula.PARTIAL_COVERAGE_CAP
        said.append(
            f"Fewer than {formula.FULL_COVERAGE} of the 10 tenets were assessed, which holds the overall score "
            f"at {cap} ({formula.letter(cap)}) at most: an A needs evidence for almost the whole Customer Code."
        )
    if card.coverage is not None and card.coverage < formula.COVERAGE_FOR_A and held > formula.PARTIAL_COVERAGE_CAP:
        cap = held = formula.PARTIAL_COVERAGE_CAP
        said.append(
            f"Only {formula.percent(card.coverage)} of the rule outcomes that apply could be told (the rest need facts "
            f"the policies do not state), which holds the overall score at {cap} ({formula.letter(cap)}) at most: "
            f"an A needs at least {formula.percent(formula.COVERAGE_FOR_A)}."
        )
    if card.unread_files and held > formula.PARTIAL_COVERAGE_CAP:
        cap = formula.PARTIAL_COVERAGE_CAP
        said.append(
            f"Documents in {plural(card.unread_files, 'file')} could not be read, which holds the overall score at "
            f"{cap} ({formula.letter(cap)}) at most."
        )
    return said
