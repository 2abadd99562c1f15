"""Approvals: a named owner lets one deliberate customer-adverse change through `diff`, and it is listed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from helpers import run_cli, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_diff import dump, policy_data


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """BASE and HEAD of the customer-first set; HEAD cancels in three steps instead of two."""
    data = policy_data()
    base = dump(tmp_path / "base", data)
    changed = copy.deepcopy(data)
    changed["cancellation"]["steps"] = 3
    return base, dump(tmp_path / "repo" / "policies", changed)


def diff(monkeypatch, capsys, folders: tuple[Path, Path], fmt: str = "json") -> tuple[int, str]:
    status, out, err = run_cli(monkeypatch, capsys, "diff", str(folders[0]), str(folders[1]), "--format", fmt)
    assert err == ""
    return status, out


def fingerprint(monkeypatch, capsys, folders: tuple[Path, Path]) -> str:
    _, out = diff(monkeypatch, capsys, folders)
    (change,) = json.loads(out)["changes"]
    return str(change["fingerprint"])


def approve(folders: tuple[Path, Path], *entries: str) -> Path:
    return write(folders[1].parent / ".codecheck-approvals.yaml", "approvals:\n" + "".join(entries))


def entry(fingerprint: str, scope: str = "until: 2027-01-31") -> str:
    return f"  - fingerprint: {fingerprint}\n    owner: legal@fairly.example\n    reason: Announced to customers in March\n    {scope}\n"


def test_an_approved_change_passes_and_is_listed_with_who_and_why(monkeypatch, capsys, folders) -> None:
    key = fingerprint(monkeypatch, capsys, folders)
    assert diff(monkeypatch, capsys, folders, "text")[0] == 1
    approvals = approve(folders, entry(key))
    status, out = diff(monkeypatch, capsys, folders, "text")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Customer-adverse changes: 0"
    assert lines[1] == "Approved changes: 1"
    assert lines[2].endswith(
        f"Cancelling a Fairly subscription: cancelling now takes 3 steps instead of 2 "
        f"[cancellation-steps-up, fingerprint {key}] approved by legal@fairly.example until 2027-01-31: "
        "Announced to customers in March"
    )
    _, out = diff(monkeypatch, capsys, folders)
    report = json.loads(out)
    assert report["changes"] == [] and report["approval_warnings"] == []
    (approved,) = report["approved_changes"]
    assert approved["id"] == "cancellation-steps-up" and approved["approval"] == {
        "fingerprint": key, "owner": "legal@fairly.example", "reason": "Announced to customers in March",
        "until": "2027-01-31", "once": False, "file": str(approvals), "line": 2, "column": 5,
    }
    _, out = diff(monkeypatch, capsys, folders, "markdown")
    assert "### Approved changes" in out and "| legal@fairly.example (until 2027-01-31) | Announced to customers in March |" in out
    assert "### Worse for the customer" not in out


def test_a_one_time_approval_needs_no_date(monkeypatch, capsys, folders) -> None:
    approve(folders, entry(fingerprint(monkeypatch, capsys, folders), "once: true"))
    status, out = diff(monkeypatch, capsys, folders, "text")
    assert status == 0 and "approved by legal@fairly.example for this change only: Announced" in out


def test_an_expired_approval_blocks_the_change_again_and_says_so(monkeypatch, capsys, folders) -> None:
    key = fingerprint(monkeypatch, capsys, folders)
    approvals = approve(folders, entry(key, "until: 2026-11-23"))  # the tests' today is 2026-11-24
    status, out = diff(monkeypatch, capsys, folders, "text")
    assert status == 1
    assert out.splitlines()[0] == "Customer-adverse changes: 1"
    assert (
        f"{approvals}:2:5: warning: the approval of {key} by legal@fairly.example expired on 2026-11-23; "
        "the change is blocked again"
    ) in out.splitlines()


def test_an_approval_that_matches_nothing_is_a_warning(monkeypatch, capsys, folders) -> None:
    key = fingerprint(monkeypatch, capsys, folders)
    approvals = approve(folders, entry(key), entry("0123456789abcdef", "once: true"))
    status, out = diff(monkeypatch, capsys, folders, "text")
    assert status == 0
    assert (
        f"{approvals}:6:5: warning: the approval of 0123456789abcdef by legal@fairly.example matches no change "
        "in this diff; remove it once its change is merged"
    ) in out.splitlines()
    _, out = diff(monkeypatch, capsys, folders, "github")
    assert f"::warning file={approvals},line=6,col=5::the approval of 0123456789abcdef" in out


def test_an_approval_names_one_change_exactly(monkeypatch, capsys, folders) -> None:
    """Approving 2 -> 3 steps does not approve 2 -> 4."""
    approve(folders, entry(fingerprint(monkeypatch, capsys, folders)))
    cancellation = folders[1] / "cancellation.yaml"
    cancellation.write_text(cancellation.read_text().replace("steps: 3", "steps: 4"))
    status, out = diff(monkeypatch, capsys, folders, "text")
    assert status == 1 and "cancelling now takes 4 steps instead of 2" in out and "warning: the approval of" in out


def test_a_legal_error_cannot_be_approved_away(monkeypatch, capsys, tmp_path) -> None:
    """Only the change gate is satisfied: the finding the change causes still fails the diff."""
    data = policy_data()
    base = dump(tmp_path / "base", data)
    changed = copy.deepcopy(data)
    changed["cancellation"]["requires_agent"] = True
    folders = (base, dump(tmp_path / "repo" / "policies", changed))
    approve(folders, entry(fingerprint(monkeypatch, capsys, folders)))
    status, out = diff(monkeypatch, capsys, folders)
    report = json.loads(out)
    assert [a["id"] for a in report["approved_changes"]] == ["cancellation-requires-agent-on"]
    legal = [f for f in report["new_findings"] if f["rule_id"] == "CC0903"]
    assert status == 1 and legal and legal[0]["severity"] == "error" and legal[0]["legal_in"]


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("approvals:\n  - {fingerprint: 0123456789abcdef0123, owner: a, reason: b, once: true}\n", "2:19",
         "'0123456789abcdef0123' is not a change's fingerprint: use the 16 characters `codecheck diff` shows beside "
         "the change (a finding cannot be approved: fix it, or suppress it with a reason)"),
        ("approvals:\n  - {fingerprint: 0123456789abcdef, owner: a, once: true}\n", "2:5", "missing required field 'reason'"),
        ("approvals:\n  - {fingerprint: 0123456789abcdef, owner: a, reason: b, until: next year}\n", "2:65",
         "'next year' is not a date; write it as YYYY-MM-DD"),
        ("approvals:\n  - {fingerprint: 0123456789abcdef, owner: a, reason: b, approved: true, once: true}\n", "2:5",
         "unknown field 'approved'"),
        ("approvals: [\n", "2:1", "did not find expected node content"),
    ],
)
def test_a_broken_approvals_file_stops_the_run_at_its_place(monkeypatch, capsys, folders, text, where, says) -> None:
    approvals = approve(folders)
    approvals.write_text(text)
    status, _, err = run_cli(monkeypatch, capsys, "diff", str(folders[0]), str(folders[1]))
    assert status == 2
    assert err.startswith(f"codecheck: error: {approvals}:{where}: ") and says in err, err


@pytest.mark.parametrize(
    ("scope", "says"),
    [
        ("", "an approval needs an end: `until: YYYY-MM-DD`, or `once: true` for this one change"),
        (", until: 2027-01-01, once: true", "an approval has `until` or `once`, not both"),
    ],
)
def test_an_approval_has_one_end(monkeypatch, capsys, folders, scope: str, says: str) -> None:
    approvals = approve(folders, "  - {fingerprint: 0123456789abcdef, owner: a, reason: b" + scope + "}\n")
    status, _, err = run_cli(monkeypatch, capsys, "diff", str(folders[0]), str(folders[1]))
    assert (status, err) == (2, f"codecheck: error: {approvals}:2:5: {says}\n")


def test_an_approvals_file_linked_out_of_its_folder_is_not_read(monkeypatch, capsys, folders, tmp_path) -> None:
    secret = write(tmp_path / "elsewhere" / "key.txt", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n")
    link = folders[1].parent / ".codecheck-approvals.yaml"
    link.symlink_to(secret)
    status, out, err = run_cli(monkeypatch, capsys, "diff", str(folders[0]), str(folders[1]))
    assert (status, out) == (2, "")
    assert err == f"codecheck: error: {link}: an approvals file may not be a symbolic link out of its folder\n"


APPROVAL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["0123456789abcdef", "2026-01-01", "2999-12-31", "once", ""]),
)
APPROVAL_ENTRIES = st.dictionaries(
    st.sampled_from(["fingerprint", "owner", "reason", "until", "once", "extra"]), APPROVAL_VALUES, max_size=6
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(
    st.fixed_dictionaries({"approvals": st.lists(APPROVAL_ENTRIES, max_size=4)}),
    st.lists(APPROVAL_ENTRIES, max_size=2),
    APPROVAL_VALUES,
))
@example(document=2**63)  # beyond 64 bits: jsonschema-rs 0.20 refused it with an internal error
def test_any_approvals_file_is_read_or_refused_in_one_line(monkeypatch, capsys, folders, document) -> None:
    """Whatever the file holds: exit 0, 1 or 2, and a one-line error naming the file, never a traceback."""
    approve(folders).write_text(yaml.safe_dump(document), encoding="utf-8")
    status, out, err = run_cli(monkeypatch, capsys, "diff", str(folders[0]), str(folders[1]))
    assert status in (0, 1, 2) and "Traceback" not in out + err and "internal error" not in err, err
    if status == 2:
        assert err.count("\n") == 1 and ".codecheck-approvals.yaml" in err, err


def test_an_approval_ends_on_a_day_the_calendar_has(monkeypatch, capsys, folders) -> None:
    """2099-02-31 matched the schema's YYYY-MM-DD and was compared as text: an approval for ever, in effect."""
    approvals = approve(folders, entry("0123456789abcdef", "until: 2099-02-31"))
    status, _, err = run_cli(monkeypatch, capsys, "diff", str(folders[0]), str(folders[1]))
    assert (status, err) == (2, f"codecheck: error: {approvals}:5:12: '2099-02-31' is not a date: day is out of range for month\n")
