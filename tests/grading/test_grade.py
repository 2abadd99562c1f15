"""Grading: the formula of docs/scoring.md, including its worked example."""

from __future__ import annotations

from codecheck.grading.grade import grade, letter
from codecheck.model import Outcome, Reference, Rule, Severity, Status


def rule(rule_id: str, severity: Severity = Severity.WARNING) -> Rule:
    return Rule(
        id=rule_id,
        name=rule_id.lower(),
        title="t",
        tenet=int(rule_id[2:4]),
        kinds=("pricing",),
        severity=severity,
        check=None,  # type: ignore[arg-type]
        message="m",
        rationale="r",
        fix="f",
        references=(Reference("ref"),),
    )


def outcome(rule_id: str, status: Status, severity: Severity = Severity.WARNING, legal: bool = False) -> Outcome:
    return Outcome(rule(rule_id, severity), None if status is Status.NOT_APPLICABLE else object(), status, legal)  # type: ignore[arg-type]


P, F, N = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE


def test_letters() -> None:
    assert [letter(s) for s in (100, 90, 89, 80, 70, 60, 59, 0)] == ["A", "A", "B", "B", "C", "D", "F", "F"]


def test_the_worked_example_of_docs_scoring() -> None:
    outcomes = [
        # tenet 9: a legal requirement (4) passes, a warning (2) fails, an info (1) passes: 5 of 7 -> 71
        outcome("CC0901", P, legal=True),
        outcome("CC0902", F),
        outcome("CC0903", P, Severity.INFO),
        # tenet 8: a failed legal requirement (4) and two passed warnings (2 + 2): 4 of 8 = 50, below its cap of 69
        outcome("CC0801", F, legal=True),
        outcome("CC0802", P),
        outcome("CC0803", P),
        # tenet 4: every outcome passes -> 100
        outcome("CC0401", P, Severity.ERROR),
        outcome("CC0402", P),
        # tenet 5: nothing applicable -> not assessed
        outcome("CC0501", N),
    ]
    card = grade(outcomes)
    by_number = {t.tenet.number: t for t in card.tenets}
    assert (by_number[9].score, by_number[9].grade) == (71, "C")
    assert (by_number[8].score, by_number[8].grade, by_number[8].legal_failures) == (50, "F", ("CC0801",))
    assert (by_number[4].score, by_number[4].grade) == (100, "A")
    assert (by_number[5].score, by_number[5].grade, by_number[5].assessed) == (None, None, False)
    assert by_number[5].reason == "the policy set has no pricing document"
    # overall: mean of 71, 50, 100 = 74; a failed legal requirement caps at 79; three tenets assessed caps at 89
    assert (card.score, card.grade, card.assessed_tenets) == (74, "C", 3)


def test_a_legal_failure_caps_the_tenet() -> None:
    outcomes = [outcome("CC0901", F, legal=True)] + [outcome(f"CC09{n:02d}", P, Severity.ERROR) for n in range(2, 30)]
    tenet = grade(outcomes).tenets[8]
    assert (tenet.score, tenet.grade) == (69, "D")
    two = [outcome("CC0901", F, legal=True), outcome("CC0902", F, legal=True)]
    two += [outcome(f"CC09{n:02d}", P, Severity.ERROR) for n in range(3, 60)]
    assert grade(two).tenets[8].score == 49


def test_overall_is_capped_by_coverage_and_law() -> None:
    perfect = [outcome(f"CC{t:02d}01", P) for t in range(1, 8)]
    assert (grade(perfect).score, grade(perfect).grade) == (89, "B")  # 7 of 10 assessed
    perfect.append(outcome("CC0801", P))
    assert grade(perfect).grade == "A"  # 8 of 10 assessed


def test_nothing_assessed_is_never_a_grade() -> None:
    card = grade([outcome("CC0101", N)])
    assert (card.score, card.grade, card.assessed_tenets) == (None, None, 0)
