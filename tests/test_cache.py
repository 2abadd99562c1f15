"""The content-hash cache: a warm re-run returns what the cold run found, every change is a miss, and the folder is untrusted.

The cache folder may be restored from anywhere (another branch's CI cache, a
shared machine): an entry codecheck did not write, a corrupt one, a link out
of the folder, a FIFO or a huge file must never change a result, crash the
run or be read. Each case is run next to the same lint without a cache.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli

from codecheck import cache, pipeline, warm
from codecheck.documents import parse
from codecheck.grading.grade import Scorecard, TenetGrade
from codecheck.model import Report
from codecheck.tenets import TENETS

FEEDBACK = "codecheck: 1\nkind: feedback\nid: good\nsurveys: []\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A policy set, a cache folder and a config folder (for the key) of its own."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "pricing.yaml").write_text(PRICING)
    (policies / "cancellation.yaml").write_text(CANCELLATION)
    (policies / "feedback.yaml").write_text(FEEDBACK)
    monkeypatch.setenv("CODECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    cache.installation.cache_clear()
    return tmp_path


def lint(monkeypatch, capsys, *args: str) -> tuple[int, dict]:
    status, out, err = run_cli(monkeypatch, capsys, "lint", "policies", "--format", "json", *args)
    assert "internal error" not in err and "Traceback" not in err, err
    return status, json.loads(out)


def uncached(monkeypatch, capsys, *args: str) -> tuple[int, dict]:
    with monkeypatch.context() as m:
        m.setenv("CODECHECK_CACHE_DIR", "")
        return lint(monkeypatch, capsys, *args)


def runs(tree: Path) -> list[Path]:
    return sorted((tree / "cache").glob("run-*.json"))


class Checked:
    """Counts the runs that check the policy set (a cache miss) rather than read the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = pipeline.check

        def counting(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline, "check", counting)


def test_a_warm_re_run_returns_the_cold_result_without_checking(monkeypatch, capsys, tree: Path) -> None:
    checked = Checked(monkeypatch)
    cold = lint(monkeypatch, capsys)
    warm = lint(monkeypatch, capsys)
    assert checked.count == 1
    assert warm == cold == uncached(monkeypatch, capsys)
    assert cold[1]["findings"], "the policy set has findings, so that a result could differ"
    assert len(runs(tree)) == 1


def test_the_scorecard_is_not_cached(monkeypatch, capsys, tree: Path) -> None:
    """The scorecard reads every rule's outcome on every document, which the cache does not keep."""
    checked = Checked(monkeypatch)
    for _ in range(2):
        run_cli(monkeypatch, capsys, "scorecard", "policies", "--format", "json")
    assert checked.count == 2


def test_the_hook_is_cached(monkeypatch, capsys, tree: Path) -> None:
    checked = Checked(monkeypatch)
    outputs = [run_cli(monkeypatch, capsys, "hook", "policies/feedback.yaml") for _ in range(2)]
    assert checked.count == 1
    assert outputs[0] == outputs[1]


def edit_file(tree: Path) -> None:
    path = tree / "policies" / "feedback.yaml"
    path.write_text(path.read_text().replace("surveys: []", "surveys: 3"))


CHANGES = {
    "a file's text": (edit_file, ()),
    "a file of the same size": (lambda t: (t / "policies" / "feedback.yaml").write_text(FEEDBACK.replace("good", "gaad")), ()),
    "a new file": (lambda t: (t / "policies" / "more.yaml").write_text(FEEDBACK.replace("good", "more")), ()),
    "a removed file": (lambda t: (t / "policies" / "cancellation.yaml").unlink(), ()),
    "a file become unreadable": (lambda t: ((t / "policies" / "feedback.yaml").unlink(), os.mkfifo(t / "policies" / "feedback.yaml")), ()),
    "the config file": (lambda t: (t / "policies" / ".codecheck.yaml").write_text("ignore: [CC05]\n"), ()),
    "an option": (lambda t: None, ("--select", "CC05")),
    "the jurisdictions": (lambda t: None, ("--jurisdiction", "US")),
    "a rule pack": (lambda t: None, ("--rules", "pack")),
}


def write_pack(tree: Path, title: str) -> None:
    pack = tree / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "CC0999.yaml").write_text(
        "id: CC0999\nname: test-rule\ntitle: Test rule\ntenet: 5\nkinds: [feedback]\nseverity: warning\n"
        f"check:\n  field: id\n  matches: '{title}'\nmessage: the id is {{value}}\nrationale: Because.\nfix: Fix it.\n"
        "references: [{title: Test, url: 'https://example.org/law'}]\nexamples:\n  pass: [{id: good}]\n  fail: [{id: bad}]\n"
    )


@pytest.mark.parametrize("change", CHANGES, ids=CHANGES)
def test_every_change_that_could_alter_the_result_is_a_miss(monkeypatch, capsys, tree: Path, change: str) -> None:
    write_pack(tree, "good")
    make, args = CHANGES[change]
    checked = Checked(monkeypatch)
    lint(monkeypatch, capsys)
    make(tree)
    after = lint(monkeypatch, capsys, *args)
    assert checked.count == 2
    assert after == uncached(monkeypatch, capsys, *args)


COMPOSE = "services:\n  web:\n    image: nginx\n"
OLD = "codecheck: 1\nkind: pricing\nid: old\n"  # CC0012 when read


def test_files_left_out_are_listed_on_a_warm_run_too(monkeypatch, capsys, tree: Path) -> None:
    """The cached report kept the findings and counts but not the files skipped: a warm run no longer said why
    two YAML files were not read."""
    (tree / "policies" / "docker-compose.yaml").write_text(COMPOSE)
    (tree / "policies" / "legacy").mkdir()
    (tree / "policies" / "legacy" / "old.yaml").write_text(OLD)
    (tree / ".codecheck.yaml").write_text("exclude: [policies/legacy/*]\n")
    checked = Checked(monkeypatch)
    cold = lint(monkeypatch, capsys)
    warm = lint(monkeypatch, capsys)
    assert checked.count == 1
    assert warm == cold == uncached(monkeypatch, capsys)
    assert {s["reason"] for s in cold[1]["skipped"]} == {"not a policy document", "excluded by the configuration"}


def test_the_cached_form_holds_every_field_of_a_report_and_a_scorecard() -> None:
    """warm.encode names what it keeps, field by field: a field added to the report or the scorecard must be
    kept too (or a warm run prints less than the cold one; report.skipped was lost that way), or be named here
    as not cached with the reason."""
    not_cached = {"rules": "the run's own rules are passed to decode", "stale_baseline": "the baseline is applied after"}
    report = Report((), 0, 0, as_of="2026-11-24")
    card = Scorecard(None, None, (TenetGrade(TENETS[1], None, None, 0, 0, 0, (), ""),))
    encoded = warm.encode(warm.Results(report, card, frozenset()))
    assert {f.name for f in dataclasses.fields(Report)} - set(not_cached) == set(encoded) - {"policy_files", "card"}
    assert {f.name for f in dataclasses.fields(Scorecard)} == set(encoded["card"])
    assert len(encoded["card"]["tenets"][0]) == len(dataclasses.fields(TenetGrade))
    decoded = warm.decode(encoded, ())
    assert decoded is not None and (decoded.report, decoded.card) == (report, card)


def lint_named(monkeypatch, capsys, *paths: str) -> dict:
    status, out, err = run_cli(monkeypatch, capsys, "lint", *paths, "--format", "json")
    assert "internal error" not in err and "Traceback" not in err, err
    return {"status": status, **json.loads(out)}


def test_a_file_named_rather_than_found_in_a_folder_is_a_miss(monkeypatch, capsys, tree: Path) -> None:
    """A file found in a folder that is not a policy is skipped; named on the command line, it is read as asked.
    The same files in the same order had the same key, so naming them returned the folder's result."""
    (tree / "policies" / "docker-compose.yaml").write_text(COMPOSE)
    lint(monkeypatch, capsys)
    named = sorted(str(path.relative_to(tree)) for path in (tree / "policies").glob("*.yaml"))
    after = lint_named(monkeypatch, capsys, *named)
    with monkeypatch.context() as m:
        m.setenv("CODECHECK_CACHE_DIR", "")
        assert after == lint_named(monkeypatch, capsys, *named)
    assert after["skipped"] == [] and any(f["file"].endswith("docker-compose.yaml") for f in after["findings"])


def test_a_changed_rule_in_a_pack_is_a_miss(monkeypatch, capsys, tree: Path) -> None:
    write_pack(tree, "good")
    first = lint(monkeypatch, capsys, "--rules", "pack")
    write_pack(tree, "bad")
    second = lint(monkeypatch, capsys, "--rules", "pack")
    assert second == uncached(monkeypatch, capsys, "--rules", "pack") != first


def test_the_date_is_part_of_the_key(monkeypatch, capsys, tree: Path) -> None:
    """Rules compare with `$today`: a result of yesterday is not today's."""
    checked = Checked(monkeypatch)
    lint(monkeypatch, capsys)
    monkeypatch.setenv("CODECHECK_TODAY", "2030-01-01")
    lint(monkeypatch, capsys)
    assert checked.count == 2


def test_a_bound_changed_for_a_run_is_part_of_the_key(monkeypatch, capsys, tree: Path) -> None:
    """docs/limits.md: a wrapper may change a bound for a run; a result found under other bounds is not its result."""
    checked = Checked(monkeypatch)
    lint(monkeypatch, capsys)
    monkeypatch.setattr(parse, "MAX_VALUES", 3)
    cache.installation.cache_clear()
    after = run_cli(monkeypatch, capsys, "lint", "policies", "--format", "json")
    assert after[0] == 2 and "more than 3 values" in after[2]  # the rulebook itself no longer loads
    assert checked.count == 1


def test_another_codecheck_version_is_a_miss(monkeypatch, capsys, tree: Path) -> None:
    checked = Checked(monkeypatch)
    lint(monkeypatch, capsys)
    monkeypatch.setattr(cache, "installation", lambda modules=None: b"another installation")
    lint(monkeypatch, capsys)
    assert checked.count == 2


def test_no_cache_and_an_empty_folder_setting_turn_it_off(monkeypatch, capsys, tree: Path) -> None:
    lint(monkeypatch, capsys, "--no-cache")
    assert not (tree / "cache").exists()


# --- a hostile cache folder ---------------------------------------------------------------------------------------


CLEAN = {
    "policy_files": [], "findings": [], "files": 3, "documents": 3, "as_of": "2026-11-24", "skipped": [],
    "card": {"score": 100, "grade": "A", "tenets": [], "unread_files": 0, "caps": []},
}
"""A result that says "no findings": what a forger would write."""


def signed(entry: Path, value: dict, key: bytes | None = None) -> bytes:
    """The bytes of an entry named like `entry` holding `value`, signed with `key` (default: the user's)."""
    store = cache.Store("unused", key) if key is not None else cache.Store.open()
    assert store is not None
    body = json.dumps(value).encode()
    return store._mac(entry.name, body).encode() + b"\n" + body


def forged_clean(tree: Path, entry: Path) -> None:
    """"No findings", signed with a key that is not the user's."""
    entry.write_bytes(signed(entry, CLEAN, b"x" * 32))


def well_signed_nonsense(tree: Path, entry: Path) -> None:
    """Signed with the user's key, but not a result (an old or buggy writer): still a miss."""
    entry.write_bytes(signed(entry, {"findings": [{"rule_id": 3}], "files": "many"}))


def outside_link(tree: Path, entry: Path) -> None:
    """The entry is a link to a file outside the folder holding a validly signed "no findings"."""
    outside = tree / "elsewhere.json"
    outside.write_bytes(signed(entry, CLEAN))
    entry.unlink()
    entry.symlink_to(outside)


def test_a_signed_entry_is_what_a_run_returns(monkeypatch, capsys, tree: Path) -> None:
    """The cases below have teeth: an entry signed with the user's key is taken as it is, so "no findings" shows."""
    edit_file(tree)
    lint(monkeypatch, capsys)
    (entry,) = runs(tree)
    entry.write_bytes(signed(entry, CLEAN))
    assert lint(monkeypatch, capsys)[1]["findings"] == []


HOSTILE = {
    "truncated": lambda t, e: e.write_bytes(e.read_bytes()[:100]),
    "empty": lambda t, e: e.write_bytes(b""),
    "a flipped byte in the body": lambda t, e: e.write_bytes(e.read_bytes()[:-5] + b"X" + e.read_bytes()[-4:]),
    "not UTF-8": lambda t, e: e.write_bytes(e.read_bytes()[:65] + b"\xff\xfe" * 10),
    "a forged result": forged_clean,
    "signed nonsense": well_signed_nonsense,
    "a link out of the folder": outside_link,
    "a link to /dev/zero": lambda t, e: (e.unlink(), e.symlink_to("/dev/zero")),
    "a FIFO": lambda t, e: (e.unlink(), os.mkfifo(e)),
    "a folder": lambda t, e: (e.unlink(), e.mkdir()),
    "a sparse file larger than the bound": lambda t, e: os.truncate(e, cache.MAX_ENTRY_BYTES + 1),
}


@pytest.mark.parametrize("damage", HOSTILE, ids=HOSTILE)
def test_a_hostile_cache_entry_never_changes_the_result(monkeypatch, capsys, tree: Path, damage: str) -> None:
    edit_file(tree)  # a finding more, so that "no findings" would be a visible lie
    expected = uncached(monkeypatch, capsys)
    lint(monkeypatch, capsys)
    (entry,) = runs(tree)
    HOSTILE[damage](tree, entry)
    checked = Checked(monkeypatch)
    assert lint(monkeypatch, capsys) == expected
    assert checked.count == 1  # a miss, checked again


def test_a_key_others_could_read_turns_the_cache_off(monkeypatch, capsys, tree: Path) -> None:
    lint(monkeypatch, capsys)
    key = tree / "config" / "codecheck" / "cache-key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    checked = Checked(monkeypatch)
    lint(monkeypatch, capsys)
    assert checked.count == 1


def test_an_unwritable_cache_folder_is_no_cache(monkeypatch, capsys, tree: Path) -> None:
    (tree / "cache").write_text("a file where the folder should be\n")
    assert lint(monkeypatch, capsys) == uncached(monkeypatch, capsys)


def test_old_entries_are_removed(monkeypatch, capsys, tree: Path) -> None:
    monkeypatch.setattr(cache, "KEPT_ENTRIES", 2)
    for i in range(4):
        (tree / "policies" / "feedback.yaml").write_text(FEEDBACK.replace("good", f"good{i}"))
        lint(monkeypatch, capsys)
    assert len(runs(tree)) == 2


def test_the_rulebook_is_read_from_the_cache(monkeypatch, capsys, tree: Path) -> None:
    """The second run parses none of the 93 rule files: their data comes from the cache."""
    lint(monkeypatch, capsys)
    parsed: list[str] = []
    real = parse.parse

    def spy(text: str, file: str, *args, **kwargs):
        parsed.append(file)
        return real(text, file, *args, **kwargs)

    from codecheck.documents import parsed as parsed_module

    monkeypatch.setattr(parsed_module, "parse", spy)
    assert len(list((tree / "cache").glob("parsed-*.json"))) == 1
    (tree / "policies" / "feedback.yaml").write_text(FEEDBACK.replace("good", "other"))  # a miss for the run
    lint(monkeypatch, capsys)
    assert parsed == []


def test_another_as_of_date_is_a_miss(monkeypatch, capsys, tree: Path) -> None:
    """--as-of replays the law of a day: a result judged on another day is not this one."""
    checked = Checked(monkeypatch)
    lint(monkeypatch, capsys)
    after = lint(monkeypatch, capsys, "--as-of", "2020-01-01")
    assert checked.count == 2
    assert after == uncached(monkeypatch, capsys, "--as-of", "2020-01-01")


def test_the_rulebook_entry_is_shared_by_every_command(tree: Path) -> None:
    """The parsed rulebook's key does not depend on which modules a command happened to load before it (new processes)."""
    for command in (["rules"], ["lint", "policies"], ["hook", "policies/feedback.yaml"]):
        done = subprocess.run([sys.executable, "-m", "codecheck", *command], capture_output=True, text=True, cwd=tree, check=False)
        assert done.returncode in (0, 1), done.stderr
    assert len(list((tree / "cache").glob("parsed-*.json"))) == 1
