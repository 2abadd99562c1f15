"""What a rule may cost: regular-expression time shared by the run, work per rule; both stop with the rule named."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import PRICING, run_cli, write

from codecheck.engine import budget
from codecheck.engine.selectors import Index, compile_selector, select
from codecheck.model import Document

PACK_RULE = """\
id: CC0999
name: test-rule
title: Test rule
tenet: 9
kinds: [cancellation]
severity: warning
check: CHECK
message: the title is {value}
rationale: Because.
fix: Fix it.
references: [{title: Test, url: "https://example.org/law"}]
examples:
  pass: [EXAMPLE]
  fail: [EXAMPLE]
"""

def cancellation(number: int, title: str = "Cancelling") -> str:
    return f"codecheck: 1\nkind: cancellation\nid: c{number}\ntitle: '{title}'\ncovers: [pricing-main]\nchannels: [online]\nsteps: 1\n"


def pack(tmp_path: Path, check: str, example: str) -> Path:
    folder = tmp_path / "pack"
    write(folder / "CC0999.yaml", PACK_RULE.replace("CHECK", check).replace("EXAMPLE", example))
    return folder


def test_a_slow_pattern_stops_at_the_runs_regex_budget_naming_the_rule(monkeypatch, capsys, tmp_path: Path) -> None:
    """Only the per-value timeout stopped a polynomial pattern: 20 values took 21 s. Now the run has one budget.

    Each value's search stops at 0.5 s on the clock and has then used up to 0.5 s of processor time, less on a
    busy machine: 40 such values reach 0.2 s of processor time even if the test gets 1% of a processor.
    """
    monkeypatch.setattr(budget, "REGEX_SECONDS", 0.2)
    folder = pack(tmp_path, "{field: title, not_matches: '.*.*.*.*.*[^a]'}", "{title: ok}")
    slow = "a" * 9_000
    write(tmp_path / "policies" / "all.yaml", "---\n".join([PRICING, *(cancellation(i, slow) for i in range(40))]))
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--rules", str(folder))
    assert status == 2 and out == ""
    assert err == (
        f"codecheck: error: {folder / 'CC0999.yaml'}: rule CC0999 stopped: the regular expressions of this run took "
        "more than 0.2 s in all; a pattern that backtracks (such as .*.*x) is too slow on these values\n"
    )


def test_time_a_search_waits_for_the_processor_does_not_count(monkeypatch) -> None:
    """The budget was time on the clock: on a loaded machine 10,000 documents spent 6 of its 10 s waiting (0.1 s of
    processor time), and 100,000 documents stopped with exit 2 where a quiet machine passed. A search that waits
    (here: sleeps, as a process does that is not given the processor) now costs nothing."""
    monkeypatch.setattr(budget, "REGEX_SECONDS", 0.05)
    budget.start(1)
    assert [budget.timed_regex(lambda _: time.sleep(0.1) or "found", 0.5) for _ in range(3)] == ["found"] * 3


def test_processor_time_a_search_takes_counts_against_the_run(monkeypatch) -> None:
    monkeypatch.setattr(budget, "REGEX_SECONDS", 0.05)
    budget.start(1)
    timeouts: list[float] = []

    def busy(timeout: float) -> str:
        timeouts.append(timeout)
        until = time.thread_time() + 0.06
        while time.thread_time() < until:
            pass
        return "found"

    assert budget.timed_regex(busy, 0.5) == "found"
    with pytest.raises(budget.Exhausted, match="took more than 0.05 s in all"):
        budget.timed_regex(busy, 0.5)
    assert timeouts == [0.5]


def test_a_rule_that_pairs_every_document_with_every_other_stops_naming_the_rule(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setattr(budget, "WORK_FLOOR", 10_000)
    monkeypatch.setattr(budget, "WORK_PER_DOCUMENT", 50)
    folder = pack(tmp_path, "{field: '$.covers-><-cancellation.covers', count: {gte: 1}}", "{covers: []}")
    write(tmp_path / "policies" / "all.yaml", "---\n".join([PRICING, *(cancellation(i) for i in range(300))]))
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--rules", str(folder))
    assert status == 2 and out == ""
    assert err == (
        f"codecheck: error: {folder / 'CC0999.yaml'}: rule CC0999 stopped: it selected and compared more than "
        "15,050 values in this policy set (its selectors multiply documents by documents); simplify its selectors\n"
    )


def test_chained_reverse_selectors_name_each_document_once(monkeypatch, capsys, tmp_path: Path) -> None:
    """Chained `<-` and `->` multiplied: 150 documents did not finish in 300 s. Each step now yields each document once."""
    chain = "$.covers-><-cancellation.covers" + ".covers-><-cancellation.covers" * 5
    folder = pack(tmp_path, f"{{field: '{chain}', count: {{eq: 150}}}}", "{covers: []}")
    write(tmp_path / "policies" / "all.yaml", "---\n".join([PRICING, *(cancellation(i) for i in range(150))]))
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--rules", str(folder), "--select", "CC0999")
    assert (status, err) == (0, ""), out
    assert "No findings: 151 documents in 1 file checked." in out


def test_the_reverse_index_never_compares_documents(monkeypatch) -> None:
    """It kept each id's documents in a list and asked `doc not in list`: 16,000 cancellations of one plan took 129 s,
    each membership test comparing whole documents."""
    compared = []
    monkeypatch.setattr(Document, "__eq__", lambda self, other: compared.append(1) or self is other)
    docs = [Document("f.yaml", 0, {"kind": "pricing", "id": "p"}, None)]  # type: ignore[arg-type]
    docs += [Document("f.yaml", i, {"kind": "cancellation", "id": f"c{i}", "covers": ["p", "p"]}, None) for i in range(1, 2001)]  # type: ignore[arg-type]
    index = Index(docs)
    from codecheck.engine.selectors import Hit

    found = select(compile_selector("<-cancellation.covers"), Hit(docs[0], (), docs[0].data), {}, index)
    assert [hit.doc for hit in found] == docs[1:]
    assert compared == []


@pytest.mark.parametrize("documents", [1, 1_000, 100_000])
def test_the_work_bound_grows_with_the_policy_set(documents: int) -> None:
    budget.start(documents)
    budget.spend(max(budget.WORK_FLOOR, budget.WORK_PER_DOCUMENT * documents))
    with pytest.raises(budget.Exhausted):
        budget.spend(1)
