"""A report grows with its input, not with its square: what a finding keeps of a policy file is cut.

Findings kept whole values: one finding per plan, each carrying a long name the plans
share through an alias, grew with the square of the input (before one fact made one
finding, a list every survey's finding pointed to made a 39 KB file a 24 MB report). A
10 KB list item id put 10 KB into the path of each of its findings; a 10 KB line was
copied under every finding on it.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli, write

from codecheck.model import MAX_FIELD, MAX_TEXT, BaselineEntry, Finding, Severity

NAME_RULE = """\
id: CC0999
name: short-names
title: Plan names are short
tenet: 8
kinds: [pricing]
severity: warning
for_each: "plans[*]"
check:
  field: name
  matches: '^short$'
message: the plan is called {value}
rationale: Because.
fix: Fix it.
references: [{title: Test, url: "https://example.org/law"}]
examples:
  pass: [{plans: [{name: short}]}]
  fail: [{plans: [{name: long}]}]
"""

CUT = len("… (1,000,000 characters)")


def plans(count: int, length: int) -> str:
    """`count` plans that all share one name of `length` characters, through an alias."""
    return "codecheck: 1\nkind: pricing\nid: p\nplans:\n" + "".join(
        f"  - {{id: plan-{i}, name: {'&n ' + 'N' * length if i == 0 else '*n'}, price: {{amount: 1, currency: EUR}}, "
        "signup: {channels: [online], steps: 2}}\n"
        for i in range(count)
    )


def sizes(monkeypatch, capsys, root: Path, count: int, length: int) -> dict[str, int]:
    """The size of each report codecheck writes for `plans(count, length)`."""
    write(root / "pack" / "CC0999.yaml", NAME_RULE)
    write(root / "policies" / "pricing.yaml", plans(count, length))
    monkeypatch.chdir(root)
    run_cli(monkeypatch, capsys, "lint", "policies", "--rules", "pack", "--format", "json", "-o", "lint.json")
    run_cli(monkeypatch, capsys, "lint", "policies", "--rules", "pack", "--write-baseline", "baseline.json")
    run_cli(monkeypatch, capsys, "scorecard", "policies", "--rules", "pack", "--format", "html", "-o", "card.html")
    return {name: (root / name).stat().st_size for name in ("lint.json", "baseline.json", "card.html")}


def test_a_report_grows_with_its_input_not_its_square(monkeypatch, capsys, tmp_path: Path) -> None:
    """Twice the plans and twice the name: every finding carried the whole name, so the reports grew four times."""
    small = sizes(monkeypatch, capsys, tmp_path / "small", 100, 4_000)
    large = sizes(monkeypatch, capsys, tmp_path / "large", 200, 8_000)
    for name in small:
        assert large[name] < 2.5 * small[name], (name, small[name], large[name])
    report = json.loads((tmp_path / "large" / "lint.json").read_text())
    values = [f["value"] for f in report["findings"] if f["rule_id"] == "CC0999"]
    assert len(values) == 200 and set(values) == {"N" * MAX_FIELD + "… (8,000 characters)"}
    messages = {f["message"] for f in report["findings"] if f["rule_id"] == "CC0999"}
    assert messages == {"the plan is called " + "N" * 100 + "… (8,000 characters)"}


def test_a_long_item_id_is_cut_in_every_path_and_a_long_line_in_every_excerpt(monkeypatch, capsys, tmp_path: Path) -> None:
    long_id = "X" * 10_000
    write(tmp_path / "policies" / "pricing.yaml", "codecheck: 1\nkind: pricing\nid: p\nplans:\n  - id: " + long_id + "\n" + "".join(f"    f{i}: 1\n" for i in range(100)))
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "policies", "--format", "json")
    findings = json.loads(out)["findings"]
    assert status == 1 and len(findings) > 100
    assert all(len(f["path"]) <= MAX_FIELD + CUT and len(f["message"]) <= MAX_TEXT + CUT for f in findings)
    assert len(out) < 1_500 * len(findings)  # each of 103 findings carried the 10 KB path: 1 MB
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "policies", "--show-source")
    assert long_id not in out
    hit = out.splitlines().index(next(line for line in out.splitlines() if line.startswith("policies/pricing.yaml:5:9: CC0012")))
    source, caret = out.splitlines()[hit + 1 : hit + 3]
    assert source == "  5 |   - id: " + "X" * 192 + "…" and caret == "    |         ^"
    run_cli(monkeypatch, capsys, "scorecard", "policies", "--format", "html", "-o", "card.html")
    assert long_id not in (tmp_path / "card.html").read_text()


def test_findings_whose_long_values_differ_past_the_cut_stay_two_findings() -> None:
    one, two = ("x" * 5_000 + end for end in "ab")
    first, second = (Finding("CC0999", Severity.ERROR, "m", "f.yaml", 1, 1, tenet=5, doc_id="d", path="p", value=v) for v in (one, two))
    assert first.value == second.value == "x" * MAX_FIELD + "… (5,001 characters)"
    assert first.fingerprint != second.fingerprint
    assert Finding("CC0999", Severity.ERROR, "m", "f.yaml", 1, 1, tenet=5, doc_id="d", path="p", value=one).fingerprint == first.fingerprint
    short = Finding("CC0999", Severity.ERROR, "m", "f.yaml", 1, 1, tenet=5, doc_id="d", path="p", value="short")
    assert short.whole == "" and len(short.fingerprint) == 20


def test_a_stale_baseline_entry_is_printed_cut(monkeypatch, capsys, tmp_path: Path) -> None:
    """A committed baseline of 5 MB made the text report 5 MB: its stale entries were printed whole."""
    write(tmp_path / "policies" / "feedback.yaml", "codecheck: 1\nkind: feedback\nid: f\nsurveys: []\n")
    entry = {"fingerprint": "f" * 20, "rule_id": "CC0501", "doc_id": "d" * 1_000_000, "path": "y" * 3_000_000, "value": "v"}
    write(tmp_path / "baseline.json", json.dumps({"version": 2, "findings": [entry]}))
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "--baseline", "baseline.json")
    stale = [line for line in out.splitlines() if line.startswith("baseline:")]
    assert stale == [f"baseline: CC0501 {'d' * MAX_FIELD}… (1,000,000 characters) {'y' * MAX_FIELD}… (3,000,000 characters) no longer occurs; remove it from the baseline"]
    assert len(out) < 5_000
    assert BaselineEntry("f" * 5_000, "CC0501", None, "", "").fingerprint == "f" * MAX_FIELD + "… (5,000 characters)"
