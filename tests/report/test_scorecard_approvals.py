"""The scorecard lists the approvals of deliberate customer-adverse changes, for an auditor (issue 16, item 3).

One version and no base: in force or expired on the day, who and why, the
change named where this version determines it; a broken or hostile
approvals file never stops the scorecard, which says why and exits 2.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from helpers import harder_to_leave, run_cli, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from codecheck.pipeline import run_audit, with_approvals
from codecheck.report import html, json_scorecard, markdown, text
from codecheck.settings.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
OWNER, REASON = "legal@fairly.example", "Announced to customers in March"
STEPS, AGENT = "cancellation-steps-up", "cancellation-requires-agent-on"
MATCHING = (
    "An approval lets a change through codecheck diff and changes no grade: a finding it brings stays a finding. "
    "Whether an approval still matches a change takes two versions to say: codecheck diff warns of one that "
    "matches none; a scorecard, which grades one version, does not."
)
UNNAMED = (
    "A fingerprint names a change by its values before and after. Where the earlier value can only have been nothing, "
    "false, true or a step of a declared order, and this version holds the later one, the scorecard names the change; "
    "elsewhere (what a price was before it rose, say, or a change this version does not hold) it is not known from "
    "this version, and codecheck diff against the earlier version shows which change it is."
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return harder_to_leave(tmp_path)


def fingerprints(monkeypatch, capsys, repo: Path) -> dict[str, str]:
    _, out, _ = run_cli(monkeypatch, capsys, "diff", str(repo.parent / "base"), str(repo / "policies"), "--format", "json")
    return {c["id"]: c["fingerprint"] for c in json.loads(out)["changes"]}


def entry(fingerprint: str, scope: str, owner: str = OWNER, reason: str = REASON) -> str:
    return f"  - fingerprint: {fingerprint}\n    owner: {json.dumps(owner)}\n    reason: {json.dumps(reason)}\n    {scope}\n"


def approve(repo: Path, *entries: str) -> Path:
    return write(repo / ".codecheck-approvals.yaml", "approvals:\n" + "".join(entries))


def scorecard(monkeypatch, capsys, repo: Path, fmt: str) -> tuple[int, str, str]:
    return run_cli(monkeypatch, capsys, "scorecard", str(repo / "policies"), "--format", fmt)


def validate(card: dict) -> None:
    schema = json.loads((ROOT / "docs" / "schemas" / "scorecard-output.schema.json").read_text())
    lint_schema = json.loads((ROOT / "docs" / "schemas" / "lint-output.schema.json").read_text())
    registry = Registry().with_resource(lint_schema["$id"], Resource.from_contents(lint_schema))
    Draft202012Validator(schema, registry=registry).validate(card)


def test_the_json_scorecard_lists_approvals_in_force_and_expired(monkeypatch, capsys, repo) -> None:
    keys = fingerprints(monkeypatch, capsys, repo)
    approvals = approve(
        repo, entry(keys[STEPS], "until: 2027-01-31"), entry(keys[AGENT], "once: true"), entry("0123456789abcdef", "until: 2026-11-23")
    )
    status, out, err = scorecard(monkeypatch, capsys, repo, "json")
    card = json.loads(out)
    validate(card)
    assert (status, err) == (1, "")  # the legal error the agent brings still fails: an approval is not a waiver
    assert card["version"] == 3
    listed = card["approvals"]
    assert (listed["file"], listed["judged_on"], listed["problem"]) == (str(approvals), "2026-11-24", None)
    common = {"owner": OWNER, "reason": REASON, "file": str(approvals), "column": 5}
    steps, agent = listed["in_force"]
    assert steps == {**common, "fingerprint": keys[STEPS], "until": "2027-01-31", "once": False, "line": 2, "change": None}
    assert {k: v for k, v in agent.items() if k != "change"} == {
        **common, "fingerprint": keys[AGENT], "until": None, "once": True, "line": 6
    }
    assert agent["change"] == {
        "id": AGENT, "type": "changed", "fingerprint": keys[AGENT], "tenet": 9, "severity": "error",
        "kind": "cancellation", "doc_id": agent["change"]["doc_id"], "path": "requires_agent", "before": False,
        "after": True, "message": "cancelling now requires talking to an agent",
        "file": str(repo / "policies" / "cancellation.yaml"), "line": agent["change"]["line"], "column": 17,
    }
    assert listed["expired"] == [
        {**common, "fingerprint": "0123456789abcdef", "until": "2026-11-23", "once": False, "line": 10, "change": None}
    ]


def test_a_new_item_is_named_by_the_scorecard(monkeypatch, capsys, repo) -> None:
    """An added purpose had nothing before it: one version determines the change, so its fingerprint is recognised."""
    processing = repo / "policies" / "processing.yaml"
    data = yaml.safe_load(processing.read_text())
    data["purposes"].append({**copy.deepcopy(data["purposes"][0]), "id": "archive", "name": "Legal archive"})
    processing.write_text(yaml.safe_dump(data, sort_keys=False))
    _, out, _ = run_cli(monkeypatch, capsys, "diff", str(repo.parent / "base"), str(repo / "policies"), "--format", "json")
    added = [c for c in json.loads(out)["changes"] if c["type"] == "added"]
    assert added, "the example's first purpose must be one a new purpose like it is adverse for"
    approve(repo, entry(added[0]["fingerprint"], "once: true"))
    card = json.loads(scorecard(monkeypatch, capsys, repo, "json")[1])
    (listed,) = card["approvals"]["in_force"]
    assert listed["change"] == added[0]


def test_the_text_and_markdown_scorecards_say_who_approved_what_and_why(monkeypatch, capsys, repo) -> None:
    keys = fingerprints(monkeypatch, capsys, repo)
    approvals = approve(repo, entry(keys[STEPS], "until: 2027-01-31"), entry(keys[AGENT], "once: true"), entry("0123456789abcdef", "until: 2026-11-23"))
    _, out, _ = scorecard(monkeypatch, capsys, repo, "text")
    cancellation = repo / "policies" / "cancellation.yaml"
    where = next(i for i, line in enumerate(cancellation.read_text().splitlines(), 1) if line.startswith("requires_agent"))
    assert out.split("\n\nApproved changes: 2\n", 1)[1].splitlines() == [
        f"  The approvals file {approvals} holds 2 approvals in force on 24 November 2026 and 1 expired approval.",
        "  In force:",
        f"    {keys[STEPS]}: change not known from this version; approved by {OWNER}, until 31 January 2027: {REASON} "
        f"[{approvals}:2:5]",
        f"    {keys[AGENT]}: Cancelling a Fairly subscription: cancelling now requires talking to an agent "
        f"({cancellation}:{where}:17); approved by {OWNER}, for one change only: {REASON} [{approvals}:6:5]",
        "  Expired:",
        f"    0123456789abcdef: change not known from this version; approved by {OWNER}, expired on 23 November 2026: "
        f"{REASON} [{approvals}:10:5]",
        f"  {MATCHING}",
        f"  {UNNAMED}",
    ]
    _, out, _ = scorecard(monkeypatch, capsys, repo, "markdown")
    section = out.split("### Approved changes\n\n", 1)[1].split("\n\n")
    md = str(approvals).replace("_", "\\_")
    assert section[0] == f"The approvals file {md} holds 2 approvals in force on 24 November 2026 and 1 expired approval."
    assert section[1].splitlines() == [
        "| Fingerprint | Change approved | Owner | Reason | Lasts |",
        "|---|---|---|---|---|",
        f"| {keys[STEPS]} | not known from this version | {OWNER} | {REASON} | until 31 January 2027 ({md}:2:5) |",
        f"| {keys[AGENT]} | Cancelling a Fairly subscription: cancelling now requires talking to an agent "
        f"({str(cancellation).replace('_', chr(92) + '_')}:{where}:17) | {OWNER} | {REASON} | for one change only ({md}:6:5) |",
    ]
    assert section[2:5] == [
        "#### Expired approvals",
        "These approvals' end dates have passed: they let no change through. Renew one with a new date, or remove it.",
        "| Fingerprint | Change approved | Owner | Reason | Lasts |\n|---|---|---|---|---|\n"
        f"| 0123456789abcdef | not known from this version | {OWNER} | {REASON} | expired on 23 November 2026 ({md}:10:5) |",
    ]


def test_without_an_approvals_file_the_scorecard_says_none_is_approved(monkeypatch, capsys, repo, tmp_path) -> None:
    status, out, _ = scorecard(monkeypatch, capsys, repo, "json")
    assert json.loads(out)["approvals"] == {"file": None, "judged_on": "2026-11-24", "problem": None, "in_force": [], "expired": []}
    page = tmp_path / "card.html"
    run_cli(monkeypatch, capsys, "scorecard", str(repo / "policies"), "--format", "html", "-o", str(page))
    assert (
        "<p>No approvals file (.codecheck-approvals.yaml) was found for this policy set: no customer-adverse change "
        "is approved.</p>"
    ) in page.read_text()
    for fmt in ("text", "markdown"):  # a terminal and a PR comment are spared a section about nothing
        assert "Approved changes" not in scorecard(monkeypatch, capsys, repo, fmt)[1]


BROKEN = [
    "approvals: [\n",
    "approvals:\n  - {fingerprint: 0123456789abcdef, owner: a, reason: b, until: next year}\n",
    "approvals:\n  - {fingerprint: 0123456789abcdef, owner: a, reason: b, until: 2027-01-01, once: true}\n",
    "- just a list\n",
]


@pytest.mark.parametrize("content", BROKEN)
def test_a_broken_approvals_file_is_said_in_the_scorecard_with_the_error_diff_gives(monkeypatch, capsys, repo, tmp_path, content) -> None:
    approve(repo).write_text(content)
    status, _, said = run_cli(monkeypatch, capsys, "diff", str(repo.parent / "base"), str(repo / "policies"))
    assert status == 2 and said.startswith("codecheck: error: ") and said.count("\n") == 1
    problem = said.removeprefix("codecheck: error: ").rstrip("\n")
    out = tmp_path / "card.json"
    status, _, err = run_cli(monkeypatch, capsys, "scorecard", str(repo / "policies"), "--format", "json", "-o", str(out))
    assert (status, err) == (2, said)
    card = json.loads(out.read_text())
    validate(card)
    assert card["approvals"] == {
        "file": str(repo / ".codecheck-approvals.yaml"), "judged_on": "2026-11-24", "problem": problem, "in_force": [], "expired": []
    }
    assert card["overall"]["grade"]  # the grades are all there: the approvals change none
    _, out_text, _ = scorecard(monkeypatch, capsys, repo, "text")
    assert f"  The approvals file could not be read, so no approval is listed: {problem}\n" in out_text


def test_an_approvals_file_linked_out_of_its_folder_is_named_never_quoted(monkeypatch, capsys, repo, tmp_path) -> None:
    secret = write(tmp_path / "elsewhere" / "key.txt", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n")
    link = repo / ".codecheck-approvals.yaml"
    link.symlink_to(secret)
    for fmt in ("text", "json", "markdown", "html"):
        status, out, err = scorecard(monkeypatch, capsys, repo, fmt)
        assert status == 2 and "wJalrXUtnFEMI" not in out + err
        assert err == f"codecheck: error: {link}: an approvals file may not be a symbolic link out of its folder\n"


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    folder = harder_to_leave(tmp_path_factory.mktemp("any"))
    return folder, run_audit((str(folder / "policies"),), DEFAULTS, with_sources=True)


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["0123456789abcdef", "2026-01-01", "2999-12-31", "2099-02-31", "<b>x</b>", ""]),
)
ENTRIES = st.dictionaries(st.sampled_from(["fingerprint", "owner", "reason", "until", "once", "extra"]), VALUES, max_size=6)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.fixed_dictionaries({"approvals": st.lists(ENTRIES, max_size=3)}) | VALUES)
@example(document={"approvals": [{"fingerprint": "0123456789abcdef", "owner": "a", "reason": "b", "until": "2099-02-31"}]})
@example(document={"approvals": [{"fingerprint": "0123456789abcdef", "owner": "<b>x</b>", "reason": "b", "once": True}]})
@example(document=2**63)
@example(document="\n")  # the error quotes a newline: still one line in the text form
def test_any_approvals_file_gives_a_scorecard_in_every_form(audit, document) -> None:
    """Whatever the file holds, every form renders, escaped, and says the approvals or why it could not read them."""
    folder, checked = audit
    (folder / ".codecheck-approvals.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    listed = with_approvals(checked, str(folder / "policies"), DEFAULTS)
    card = json.loads(json_scorecard.render_scorecard(listed))
    validate(card)
    standing = card["approvals"]
    if standing["problem"] is not None:
        assert standing["in_force"] == standing["expired"] == []
        (said,) = [line for line in text.render_scorecard(listed).splitlines() if "could not be read, so" in line]
        assert ".codecheck-approvals.yaml:" in said  # one line, however the file breaks (a newline in a value)
    page = html.render_scorecard(listed)
    assert "<b>x</b>" not in page  # an owner or a reason is text, never markup
    shown = standing["in_force"] + standing["expired"]
    if any("<b>x</b>" in (a["owner"], a["reason"]) for a in shown):
        assert "&lt;b&gt;x&lt;/b&gt;" in page
    if any(a["until"] == "2099-02-31" for a in shown):
        assert "until 2099-02-31" in page  # a date no calendar has is shown as written, not a traceback
    for rendered in (text.render_scorecard(listed), markdown.render_scorecard(listed)):
        assert "Approved changes" in rendered
