"""Grading: the formula of docs/scoring.md, including its worked example."""

from __future__ import annotations

from codecheck.grading.grade import grade, letter, percent
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


P, F, N, U, R = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN, Status.UNREADABLE


def test_letters() -> None:
    assert [letter(s) for s in (100, 90, 89, 80, 70, 60, 59, 0)] == ["A", "A", "B", "B", "C", "D", "F", "F"]


def test_the_worked_example_of_docs_scoring() -> None:
    outcomes = [
        # tenet 9: a legal requirement (4) passes, a warning (2) fails, an info (1) passes: 5 of 7 -> 71; one unknown
        outcome("CC0901", P, legal=True),
        outcome("CC0902", F),
        outcome("CC0903", P, Severity.INFO),
        outcome("CC0904", U),
        # tenet 8: a failed legal requirement (4) and two passed warnings (2 + 2): 4 of 8 = 50, below its cap of 69
        outcome("CC0801", F, legal=True),
        outcome("CC0802", P),
        outcome("CC0803", P),
        # tenet 4: every known outcome passes -> 100; two unknown ones halve the coverage, not the score
        outcome("CC0401", P, Severity.ERROR),
        outcome("CC0402", P),
        outcome("CC0403", U),
        outcome("CC0404", U),
        # tenet 5: nothing known -> not assessed; tenet 7: its only document could not be read
        outcome("CC0501", U),
        outcome("CC0701", R),
    ]
    card = grade(outcomes, unread_files=1)
    by_number = {t.tenet.number: t for t in card.tenets}
    assert (by_number[9].score, by_number[9].grade, by_number[9].coverage) == (71, "C", 0.75)
    assert (by_number[8].score, by_number[8].grade, by_number[8].legal_failures, by_number[8].coverage) == (50, "F", ("CC0801",), 1)
    assert (by_number[4].score, by_number[4].grade, by_number[4].coverage) == (100, "A", 0.5)
    assert (by_number[5].assessed, by_number[5].coverage, by_number[5].reason) == (
        False, 0, "the policy does not state what its rules need"
    )
    assert (by_number[7].assessed, by_number[7].reason) == (False, "the document could not be read")
    # overall: mean of 71, 50, 100 = 74; 8 of 13 applicable outcomes known (61.5%, shown 61%); four caps, none binding
    assert (card.score, card.grade, card.assessed_tenets, card.known, card.applicable) == (74, "C", 3, 8, 13)
    assert percent(card.coverage) == "61%"
    assert card.caps == ()
    perfect = [o for o in outcomes if o.status is not F]
    assert grade(perfect, unread_files=1).grade == "B"  # 61% coverage is not enough evidence for an A


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


def test_a_coverage_below_the_threshold_never_reads_as_the_threshold() -> None:
    """70 of 88 known is 79.5%: rounded, the cap would say "coverage 80% is below 80%"."""
    known = [outcome(f"CC{t:02d}{n:02d}", P) for t in range(1, 11) for n in range(1, 8)]
    unknown = [outcome(f"CC{t:02d}{n:02d}", U) for t in range(1, 11) for n in range(8, 10)]
    card = grade(known + unknown[:18])
    assert (card.known, card.applicable, card.grade) == (70, 88, "B")
    assert card.caps == ("coverage 79% is below 80%",)
    assert (percent(69 / 70), percent(1.0), percent(0.0)) == ("98%", "100%", "0%")


def test_nothing_assessed_is_never_a_grade() -> None:
    card = grade([outcome("CC0101", N)])
    assert (card.score, card.grade, card.assessed_tenets) == (None, None, 0)


def test_unknown_outcomes_lower_coverage_not_the_score() -> None:
    known = [outcome(f"CC{t:02d}01", P) for t in range(1, 11)]
    assert (grade(known).score, grade(known).grade, grade(known).coverage) == (100, "A", 1)
    half = known + [outcome(f"CC{t:02d}02", U) for t in range(1, 11)]
    card = grade(half)
    assert (card.score, card.grade, card.coverage) == (89, "B", 0.5)
    assert card.caps == ("coverage 50% is below 80%",)
    assert all(t.score == 100 for t in card.tenets)  # each tenet's score is unchanged


def test_a_set_with_a_document_that_could_not_be_read_is_never_an_a() -> None:
    known = [outcome(f"CC{t:02d}01", P) for t in range(1, 11)]
    card = grade(known, unread_files=1)
    assert (card.score, card.grade, card.caps) == (89, "B", ("documents in 1 file could not be read",))
