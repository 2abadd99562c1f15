"""--jobs: the same report, findings in the same order, the same grades, whatever the number of processes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import PRICING, run_cli, write
from test_budget import cancellation, pack

from codecheck.documents.load import load
from codecheck.documents.validate import validate
from codecheck.engine import budget, split
from codecheck.engine.evaluate import evaluate
from codecheck.engine.rulebook import load_rules

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def every_file_counts(monkeypatch) -> None:
    """Small sets are checked in one process whatever --jobs says: here every set is large enough to fork."""
    monkeypatch.setattr(split, "PARALLEL_FILES", 1)


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    """Every example set at once (ids used twice, references across sets), and files that cannot be read."""
    folder = tmp_path / "policies"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    write(folder / "broken.yaml", "codecheck: 1\nkind: support\nplans: [1\n")
    write(folder / "compose.yaml", "services:\n  web:\n    image: nginx\n")  # found in a folder, not a policy: skipped
    write(tmp_path / "secret.yaml", "codecheck: 1\nkind: support\nid: outside\n")
    os.symlink(tmp_path / "secret.yaml", folder / "link.yaml")  # leads out of the folder: not read
    write(folder / "zz" / "wrong.yaml", "codecheck: 1\nkind: cancellation\nid: cancel-x\ncovers: [nothing-here]\nsteps: two\n")
    return folder


def lint(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    status, out, err = run_cli(monkeypatch, capsys, "lint", *args, "--no-cache")
    assert err == ""
    return status, out


@pytest.mark.parametrize("jobs", ["2", "3", "7"])
def test_every_jobs_value_gives_the_report_of_one_process(monkeypatch, capsys, every_file_counts, policies, jobs) -> None:
    one = lint(monkeypatch, capsys, str(policies), "--format", "json", "--jobs", "1")
    many = lint(monkeypatch, capsys, str(policies), "--format", "json", "--jobs", jobs)
    report = json.loads(one[1])
    rules = {f["rule_id"] for f in report["findings"]}
    assert {"CC0001", "CC0007"} <= rules  # a file that does not parse, a link out of the folder: the run goes on
    assert rules & {r.id for r in load_rules() if r.cross_document}
    assert any(f["severity"] == "gap" for f in report["findings"])
    assert [s["file"] for s in report["skipped"]] == [str(policies / "compose.yaml")]
    assert many == one


def test_every_jobs_value_gives_the_same_scorecard(monkeypatch, capsys, every_file_counts, policies) -> None:
    one = run_cli(monkeypatch, capsys, "scorecard", str(policies), "--format", "json", "--jobs", "1")
    two = run_cli(monkeypatch, capsys, "scorecard", str(policies), "--format", "json", "--jobs", "2")
    assert json.loads(one[1])["overall"]["grade"] and two == one


def test_text_output_is_the_same_too(monkeypatch, capsys, every_file_counts, policies) -> None:
    assert lint(monkeypatch, capsys, str(policies), "--jobs", "4") == lint(monkeypatch, capsys, str(policies))


def test_a_document_that_declares_no_market_is_sold_where_the_whole_set_is(
    monkeypatch, capsys, every_file_counts, tmp_path: Path
) -> None:
    """A document without `jurisdictions` is judged by the places the other documents declare, in other processes too."""
    folder = tmp_path / "lock-in"
    shutil.copytree(EXAMPLES / "lock-in", folder, ignore=shutil.ignore_patterns("*.md"))
    for path in folder.glob("*.yaml"):
        if path.name != "processing.yaml":
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            path.write_text("".join(line for line in lines if not line.startswith("jurisdictions:")), encoding="utf-8")
    one = lint(monkeypatch, capsys, str(folder), "--format", "json", "--jobs", "1")
    assert any(f["legal_in"] and not f["file"].endswith("processing.yaml") for f in json.loads(one[1])["findings"])
    for jobs in ("2", "5"):
        assert lint(monkeypatch, capsys, str(folder), "--format", "json", "--jobs", jobs) == one


def test_the_two_halves_find_what_one_evaluation_finds(policies) -> None:
    """One finding per fact is decided among the rules of one evaluation: a rule that supersedes a rule reading
    other documents (or is superseded by one) is evaluated with it."""
    rules = load_rules()
    own, across = split.split(rules)
    assert {r.id for r in across} >= {"CC0911", "CC0912"} and not any(r.cross_document for r in own)
    sound, _ = validate(load([str(policies)]).documents)
    whole = evaluate(sound, rules)
    halves = split.evaluate_apart(sound, rules, None, False)
    assert sorted(f.sort_key + (f.message,) for f in halves[1]) == sorted(f.sort_key + (f.message,) for f in whole[1])
    assert sorted(map(repr, halves[0])) == sorted(map(repr, whole[0]))


def test_a_rule_stopped_in_a_worker_stops_the_run_naming_it(monkeypatch, capsys, every_file_counts, tmp_path: Path) -> None:
    monkeypatch.setattr(budget, "REGEX_SECONDS", 0.2)
    rules = pack(tmp_path, "{field: title, not_matches: '.*.*.*.*.*[^a]'}", "{title: ok}")
    write(tmp_path / "policies" / "pricing.yaml", PRICING)
    for i in range(4):  # in several files, so that every worker has its share of slow values
        write(tmp_path / "policies" / f"c{i}.yaml", "---\n".join(cancellation(i * 100 + n, "a" * 9_000) for n in range(40)))
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--rules", str(rules), "--jobs", "2")
    assert (status, out) == (2, "")
    assert err.startswith(f"codecheck: error: {rules / 'CC0999.yaml'}: rule CC0999 stopped: the regular expressions")


def test_small_sets_are_checked_in_one_process() -> None:
    """Forking costs more than it saves below PARALLEL_FILES files: --jobs 2 must never be slower than one process."""
    assert split.processes(2, split.PARALLEL_FILES - 1) == 1
    assert split.processes(2, split.PARALLEL_FILES) == 2


@pytest.mark.parametrize(
    ("processors", "others", "files", "expected"),
    [
        (2, 0, 10_000, 2),  # an idle machine: both processors, whatever the load averages say of the last minute
        (2, 1, 10_000, 1),  # another task runs now: a second process would only share this one's time
        (2, 4, 10_000, 1),
        (8, 2, 10_000, 6),
        (8, 0, 1_200, 2),  # at least PARALLEL_FILES files per process
        (8, 0, 499, 1),
        (1, 0, 10_000, 1),
    ],
)
def test_by_default_the_idle_processors_share_a_large_set(monkeypatch, processors, others, files, expected) -> None:
    monkeypatch.setattr(split, "PARALLEL_FILES", 500)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(processors)))
    monkeypatch.setattr(os, "getloadavg", lambda: (4.0, 4.0, 4.0))  # a busy past minute, as a benchmark's own runs leave it
    monkeypatch.setattr(split, "running_now", lambda: others + 1)
    assert split.processes(None, files) == expected
    assert split.processes(3, files) == (3 if files >= 500 else 1)  # asked for: as asked
    monkeypatch.delattr(os, "sched_getaffinity")  # not Linux: one process unless asked
    assert split.processes(None, files) == 1


def test_the_tasks_running_now_are_read_from_the_kernel() -> None:
    assert split.running_now() >= 1  # this test is running


def test_outcomes_come_in_the_same_order_whatever_the_number_of_processes(every_file_counts, policies) -> None:
    from codecheck import pipeline

    options = pipeline.options_for(pipeline.DEFAULTS, load_rules())

    def outcomes(jobs: int) -> list[tuple[str, str, int, str, bool]]:
        checked = pipeline.check([str(policies)], pipeline.dataclasses.replace(options, jobs=jobs))
        return [(o.rule.id, o.document.file if o.document else "", o.document.index if o.document else -1, o.status.value, o.legal) for o in checked.outcomes]

    one = outcomes(1)
    assert len(one) > 400 and outcomes(3) == one


def test_the_texts_read_for_the_cache_are_checked_by_the_workers(monkeypatch, capsys, every_file_counts, policies, tmp_path) -> None:
    """A cold run with the cache reads every file first (for the key); the workers check those texts."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    one = lint(monkeypatch, capsys, str(policies), "--format", "json")
    monkeypatch.setenv("CODECHECK_CACHE_DIR", str(tmp_path / "cache"))
    for run in ("cold", "warm"):
        status, out, err = run_cli(monkeypatch, capsys, "lint", str(policies), "--format", "json", "--jobs", "2")
        assert (status, out, err) == (*one, ""), run
    assert len(list((tmp_path / "cache").iterdir())) >= 1


@pytest.mark.parametrize("when", ["reading", "checking"])
def test_a_worker_that_dies_stops_the_run_with_a_message(monkeypatch, capsys, every_file_counts, policies, when) -> None:
    """A worker killed (by the out-of-memory killer, say) never hangs the run nor ends it with a traceback."""
    from codecheck.engine import parallel

    here = os.getpid()

    def die_in_a_worker(*args, **kwargs):
        if os.getpid() != here:
            os._exit(9)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(parallel, "read_chosen" if when == "reading" else "evaluate", die_in_a_worker)
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(policies), "--jobs", "2")
    assert (status, out) == (2, "")
    assert err == "codecheck: error: a process of --jobs stopped before it finished (out of memory?); run again with --jobs 1\n"


def test_a_rules_work_is_bounded_by_the_whole_set_in_every_process(monkeypatch, capsys, every_file_counts, tmp_path) -> None:
    """A worker bounded a rule's work by its own share of the documents: a rule whose work fitted the set in one
    process stopped in the worker that held the costly documents."""
    monkeypatch.setattr(budget, "WORK_FLOOR", 0)
    monkeypatch.setattr(budget, "WORK_PER_DOCUMENT", 40)
    rules = pack(tmp_path, "{field: 'channels[*]', in: [online, in_app, email, phone, chat, in_person, mail]}", "{channels: [online]}")
    many = "channels: [online, in_app, email, phone, chat, in_person, mail]\n"
    costly = [cancellation(n, "x" * 200).replace("channels: [online]\n", many) for n in range(20)]  # 63 values of work each
    write(tmp_path / "policies" / "a.yaml", "---\n".join(costly))
    write(tmp_path / "policies" / "b.yaml", "---\n".join([PRICING, *(cancellation(100 + n) for n in range(30))]))  # 9 each
    one = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--rules", str(rules), "--jobs", "1", "--no-cache")
    two = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "policies"), "--rules", str(rules), "--jobs", "2", "--no-cache")
    assert one[0] in (0, 1) and one[2] == "", one[2]  # 1,530 values of work, within 40 for each of the 51 documents
    assert two == one
