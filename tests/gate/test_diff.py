"""codecheck diff: customer-adverse changes with before -> after, neutral edits pass, git refs."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from helpers import run_cli

from codecheck.documents.load import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "customer-first"



def policy_data() -> dict[str, Any]:
    return {Path(d.file).stem: d.data for d in load([str(EXAMPLE)]).documents}


def dump(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, document in data.items():
        (folder / f"{kind}.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def item(items: list[dict], item_id: str) -> dict:
    return next(i for i in items if i["id"] == item_id)


def set_path(kind: str, *path: Any, value: Any) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        node = data[kind]
        for part in path[:-1]:
            node = item(node, part[1:]) if isinstance(part, str) and part.startswith("#") else node[part]
        node[path[-1]] = value

    return change


CHANGES = [
    ("a step added to the cancellation flow", set_path("cancellation", "steps", value=3), "cancellation-steps-up", "2", "3"),
    (
        "a cancellation channel removed",
        set_path("cancellation", "channels", value=["online", "in_app", "email", "chat"]),
        "cancellation-channels-removed",
        "phone",
        "no longer",
    ),
    ("the notice period lengthened", set_path("cancellation", "notice_period", value="P3M"), "cancellation-notice-period-up", "zero days", "three months"),
    (
        "an early termination fee introduced (the example states 0 EUR: none)",
        set_path("cancellation", "early_termination_fee", value={"amount": 50, "currency": "EUR"}),
        "cancellation-early-termination-fee-up",
        "0 EUR",
        "50 EUR",
    ),
    (
        "auto-renewal into a longer term",
        set_path("pricing", "plans", "#plus-monthly", "renewal_term", value="P1Y"),
        "pricing-plans-renewal-term-up",
        "indefinite",
        "one year",
    ),
    (
        "price-change notice shortened",
        set_path("pricing", "price_changes", "notice_period", value="P7D"),
        "pricing-price-changes-notice-period-down",
        "60 days",
        "seven days",
    ),
    (
        "a retention period extended",
        set_path("processing", "purposes", "#service", "retention", value="P10Y"),
        "processing-purposes-retention-up",
        "60 days",
        "ten years",
    ),
    (
        "a purpose switched from consent to legitimate interests",
        set_path("processing", "purposes", "#newsletter", "lawful_basis", value="legitimate_interests"),
        "processing-purposes-lawful-basis-worse",
        "consent",
        "legitimate interests",
    ),
    (
        "a clawback window shortened",
        set_path("compensation", "plans", "#ae-team", "clawback", "window", value="P30D"),
        "compensation-plans-clawback-window-down",
        "one year",
        "30 days",
    ),
    (
        "commission moved to up-front payment",
        set_path("compensation", "plans", "#ae-team", "commission", "paid", value="upfront"),
        "compensation-plans-commission-paid-worse",
        "as collected",
        "upfront",
    ),
]


@pytest.mark.parametrize(("name", "change", "change_id", "before", "after"), CHANGES, ids=[c[0] for c in CHANGES])
def test_each_customer_adverse_change_is_reported(monkeypatch, capsys, tmp_path, name, change, change_id, before, after):
    data = policy_data()
    base = dump(tmp_path / "base", data)
    changed = copy.deepcopy(data)
    change(changed)
    head = dump(tmp_path / "head", changed)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--format", "json")
    report = json.loads(out)
    found = [c for c in report["changes"] if c["id"] == change_id]
    assert len(found) == 1, report["changes"]
    assert status == (1 if found[0]["severity"] == "error" else 0)  # default --fail-on error
    shown = found[0]["message"]
    assert before in shown and after in shown, shown


def test_reordering_and_comments_are_not_changes(monkeypatch, capsys, tmp_path) -> None:
    data = policy_data()
    base = dump(tmp_path / "base", data)
    shuffled = copy.deepcopy(data)
    shuffled["pricing"]["plans"].reverse()
    shuffled["processing"]["purposes"].reverse()
    shuffled["cancellation"] = dict(reversed(list(shuffled["cancellation"].items())))
    head = dump(tmp_path / "head", shuffled)
    (head / "support.yaml").write_text("# reviewed by legal\n" + (head / "support.yaml").read_text(), encoding="utf-8")
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head))
    assert (status, out.splitlines()[0]) == (0, "Customer-adverse changes: 0")


def test_a_fix_is_a_resolved_finding_and_passes(monkeypatch, capsys, tmp_path) -> None:
    data = policy_data()
    broken = copy.deepcopy(data)
    broken["cancellation"]["requires_agent"] = True
    base = dump(tmp_path / "base", broken)
    head = dump(tmp_path / "head", data)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert "CC0903" in {f["rule_id"] for f in report["resolved_findings"]}
    assert report["new_findings"] == []


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    dump(root / "policies", policy_data())
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "empty")
    git(root, "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "policies")
    return root


def commit(repo: Path, message: str) -> None:
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", message)


def test_git_mode_blocks_a_commit_that_adds_a_cancellation_step(monkeypatch, capsys, repo: Path) -> None:
    file = repo / "policies" / "cancellation.yaml"
    file.write_text(file.read_text().replace("steps: 2", "steps: 3"), encoding="utf-8")
    commit(repo, "one more step")
    monkeypatch.chdir(repo)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD~1", "policies")
    assert status == 1
    change = out.splitlines()[1]
    assert "tenet 9 (Don't lock the door)" in change
    assert "Cancelling a Fairly subscription: cancelling now takes 3 steps instead of 2" in change
    assert file.read_text().count("steps: 3") == 1  # the working tree is untouched


def test_git_mode_passes_a_commit_that_only_reorders_keys(monkeypatch, capsys, repo: Path) -> None:
    file = repo / "policies" / "cancellation.yaml"
    data = yaml.safe_load(file.read_text())
    file.write_text(yaml.safe_dump(dict(reversed(list(data.items()))), sort_keys=False, allow_unicode=True), encoding="utf-8")
    commit(repo, "reorder")
    monkeypatch.chdir(repo)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD~1", "policies")
    assert (status, out.splitlines()[0]) == (0, "Customer-adverse changes: 0")


def test_git_mode_usage_errors(monkeypatch, capsys, repo: Path, tmp_path: Path) -> None:
    monkeypatch.chdir(repo)
    status, _, err = run_cli(monkeypatch, capsys, "diff", "--base", "no-such-branch", "policies")
    assert status == 2 and "--base no-such-branch: no such commit, branch or tag" in err
    outside = tmp_path / "outside"
    dump(outside, {})
    status, _, err = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", str(outside))
    assert status == 2 and "not inside a git repository" in err
    status, _, err = run_cli(monkeypatch, capsys, "diff", "policies")
    assert status == 2 and "diff needs two folders" in err


def test_markdown_diff_reads_like_a_pull_request_comment(monkeypatch, capsys, tmp_path) -> None:
    data = policy_data()
    base = dump(tmp_path / "base", data)
    changed = copy.deepcopy(data)
    changed["cancellation"]["steps"] = 3
    head = dump(tmp_path / "head", changed)
    _, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--format", "markdown")
    assert "### Worse for the customer" in out
    assert "| 9. Don't lock the door | Cancelling a Fairly subscription | cancelling now takes 3 steps instead of 2 | 2 | 3 |" in out


PACK_CHANGE = (
    "changes:\n  - id: x\n    kind: cancellation\n    field: steps\n    worse: higher\n    tenet: 9\n    severity: error\n"
    "    message: MESSAGE\n"
)
KNOWN = "a change message may use {before}, {after}, {doc}, {item}, {path}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "changes.yaml:1:1: the file has no YAML document"),
        ("- a\n", "changes.yaml:1:1: expected a mapping with a list of `changes`"),
        ("changes:\n  - id: x\n    kind: pricing\n    field: plans[*].price\n    worse: up\n    tenet: 8\n    severity: error\n    message: m\n",
         "changes.yaml:5:12: 'up' is not one of: higher, lower, to_true, to_false, added, removed, order"),
        *[
            (PACK_CHANGE.replace("MESSAGE", message), f"changes.yaml:8:14: changes[0].message: {says}")
            for message, says in [
                ("'{doc.__class__.__mro__}'", "unknown placeholder {doc.__class__.__mro__}; " + KNOWN),
                ("'{nope}'", "unknown placeholder {nope}; " + KNOWN),
                ("'{0}'", "unknown placeholder {0}; " + KNOWN),
                ("'{after:>2000000000}'", "unknown placeholder {after:>2000000000}; " + KNOWN),
                ("'{after'", "a '{' that starts no placeholder (write '{{' for a brace)"),
            ]
        ],
    ],
)
def test_a_broken_changes_file_in_a_pack_is_a_usage_error(monkeypatch, capsys, tmp_path, text, expected) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "changes.yaml").write_text(text, encoding="utf-8")
    data = policy_data()
    base, head = dump(tmp_path / "base", data), dump(tmp_path / "head", data)
    status, _, err = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--rules", str(tmp_path / "pack"))
    assert status == 2
    assert err == f"codecheck: error: {tmp_path / 'pack'}/{expected}\n"


def test_a_pack_can_declare_its_own_adverse_change(monkeypatch, capsys, tmp_path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "changes.yaml").write_text(
        "changes:\n  - id: support-hours-cut\n    kind: support\n    field: channels[*].hours\n    worse: order\n"
        "    order: ['24/7', 'Mon-Fri 08:00-20:00 CET']\n    tenet: 7\n    severity: error\n"
        "    message: '{path} is open less: {before} -> {after}'\n",
        encoding="utf-8",
    )
    data = policy_data()
    data["support"]["channels"][0]["hours"] = "24/7"
    changed = copy.deepcopy(data)
    changed["support"]["channels"][0]["hours"] = "Mon-Fri 08:00-20:00 CET"
    base, head = dump(tmp_path / "base", data), dump(tmp_path / "head", changed)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--rules", str(tmp_path / "pack"), "--format", "json")
    found = [c for c in json.loads(out)["changes"] if c["id"] == "support-hours-cut"]
    assert status == 1 and found and "24/7 -> Mon-Fri 08:00-20:00 CET" in found[0]["message"]


def test_a_change_message_fills_each_placeholder_once(monkeypatch, capsys, tmp_path) -> None:
    """A value that looks like a template ({after} in a title, {0}) is shown as written, never filled or run."""
    (tmp_path / "pack").mkdir()
    message = "'{doc}: {path} went from {before} to {after}; {{literal}}'"
    (tmp_path / "pack" / "changes.yaml").write_text(PACK_CHANGE.replace("MESSAGE", message).replace("id: x", "id: y"))
    data = policy_data()
    data["cancellation"]["title"] = "{after} {0} {doc.__class__}"
    changed = copy.deepcopy(data)
    changed["cancellation"]["steps"] = 3
    base, head = dump(tmp_path / "base", data), dump(tmp_path / "head", changed)
    status, out, err = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--rules", str(tmp_path / "pack"), "--format", "json")
    assert status == 1, err
    (found,) = [c["message"] for c in json.loads(out)["changes"] if c["id"] == "y"]
    assert found == "{after} {0} {doc.__class__}: steps went from 2 to 3; {literal}"


def test_a_change_to_or_from_an_unreadable_number_is_a_schema_finding_not_a_silent_pass(monkeypatch, capsys, tmp_path) -> None:
    """.nan compared equal to everything, so 10 EUR -> .nan EUR was no change; now .nan is text, which the schema refuses."""
    data = policy_data()
    base = dump(tmp_path / "base", data)
    text = (base / "pricing.yaml").read_text()
    assert "amount: 9" in text
    head = tmp_path / "head"
    head.mkdir()
    for path in base.iterdir():
        (head / path.name).write_text(path.read_text())
    (head / "pricing.yaml").write_text(text.replace("amount: 9", "amount: .nan  # was 9", 1))
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--format", "json")
    assert status == 1
    new = [f for f in json.loads(out)["new_findings"] if f["rule_id"] == "CC0012"]
    assert len(new) == 1 and re.fullmatch(r"pricing\.plans\[id=[a-z-]+\]\.price\.amount: expected a number, found '\.nan'", new[0]["message"])


def diff_json(monkeypatch, capsys, tmp_path: Path, change: Callable[[dict], None]) -> tuple[int, dict]:
    data = policy_data()
    base = dump(tmp_path / "base", data)
    changed = copy.deepcopy(data)
    change(changed)
    head = dump(tmp_path / "head", changed)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", str(base), str(head), "--format", "json")
    return status, json.loads(out)


def new_purpose(lawful_basis: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        purpose = copy.deepcopy(item(data["processing"]["purposes"], "service"))
        purpose.update(id="insights", name="Usage insights", lawful_basis=lawful_basis, retention="P10Y")
        data["processing"]["purposes"].insert(0, purpose)

    return change


def test_a_new_item_is_an_addition_not_a_change_of_its_values(monkeypatch, capsys, tmp_path) -> None:
    """A new purpose kept for P10Y was "retention now keeps data for P10Y instead of nothing", an error."""
    status, report = diff_json(monkeypatch, capsys, tmp_path, new_purpose("legitimate_interests"))
    assert [(c["id"], c["type"], c["path"], c["message"]) for c in report["changes"]] == [
        (
            "processing-purposes-added",
            "added",
            "purposes[id=insights]",
            "a new processing purpose without the customer's consent: Usage insights (insights), kept for ten years",
        )
    ]
    assert report["resolved_findings"] == []
    # the rules judge the new purpose itself: kept longer than the schedule allows is a new finding, and fails
    assert status == 1 and "CC0405" in {f["rule_id"] for f in report["new_findings"]}
    assert {f["path"].split(".")[0] for f in report["new_findings"]} == {"purposes[id=insights]"}


def test_an_added_or_removed_item_is_named_with_how_long_it_keeps_data() -> None:
    from codecheck.gate.changes import describe_item

    assert describe_item({"id": "ads", "name": "Advertising", "retention": "indefinite"}) == "Advertising (ads), kept indefinitely"
    assert describe_item({"id": "ads", "retention": "P2Y"}) == "ads, kept for two years"
    assert describe_item({"name": "Acme", "country": "US"}) == "Acme (US)"


def test_an_addition_the_direction_excuses_is_no_adverse_change(monkeypatch, capsys, tmp_path) -> None:
    status, report = diff_json(monkeypatch, capsys, tmp_path, new_purpose("consent"))
    assert report["changes"] == []


def test_a_new_plan_brings_no_value_changes(monkeypatch, capsys, tmp_path) -> None:
    def change(data: dict) -> None:
        plan = copy.deepcopy(data["pricing"]["plans"][0])
        plan.update(id="two-year", name="Two years", commitment_term="P2Y", auto_renew=True, renewal_term="P1Y")
        data["pricing"]["plans"].insert(0, plan)

    _, report = diff_json(monkeypatch, capsys, tmp_path, change)
    assert report["changes"] == []


def test_removing_a_cancellation_channel_is_adverse_and_adding_one_is_not(monkeypatch, capsys, tmp_path) -> None:
    status, report = diff_json(monkeypatch, capsys, tmp_path, set_path("cancellation", "channels", value=["in_app", "phone", "email", "chat"]))
    assert status == 1
    assert [(c["id"], c["type"], c["path"], c["message"]) for c in report["changes"]] == [
        ("cancellation-channels-removed", "removed", "channels[=online]", "customers can no longer cancel by online")
    ]
    status, report = diff_json(
        monkeypatch, capsys, tmp_path / "more", set_path("cancellation", "channels", value=["online", "in_app", "phone", "email", "chat", "mail"])
    )
    assert (status, report["changes"]) == (0, [])


def test_a_value_introduced_in_an_item_present_in_both_is_still_a_change(monkeypatch, capsys, tmp_path) -> None:
    fee = {"exists": True, "amount": {"amount": 50, "currency": "EUR"}}
    status, report = diff_json(monkeypatch, capsys, tmp_path, set_path("pricing", "plans", "#plus-monthly", "early_termination_fee", value=fee))
    found = {(c["id"], c["path"]) for c in report["changes"]}
    assert ("pricing-plans-early-termination-fee-exists-on", "plans[id=plus-monthly].early_termination_fee.exists") in found
    assert ("pricing-plans-early-termination-fee-amount-up", "plans[id=plus-monthly].early_termination_fee.amount") in found
    assert status == 1


def test_every_change_has_a_stable_fingerprint(monkeypatch, capsys, tmp_path) -> None:
    def change(data: dict) -> None:
        set_path("pricing", "plans", "#plus-monthly", "renewal_term", value="P1Y")(data)
        data["pricing"]["plans"].reverse()
        data["processing"]["purposes"].reverse()

    _, first = diff_json(monkeypatch, capsys, tmp_path / "one", set_path("pricing", "plans", "#plus-monthly", "renewal_term", value="P1Y"))
    _, second = diff_json(monkeypatch, capsys, tmp_path / "two", change)
    assert [c["fingerprint"] for c in first["changes"]] == [c["fingerprint"] for c in second["changes"]]
    assert len(first["changes"][0]["fingerprint"]) == 16
