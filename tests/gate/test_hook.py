"""Issue 16, item 4: the hook gates what a commit changes (the index against HEAD), in-process.

The same through `git commit` and pre-commit itself: tests/gate/test_precommit.py.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from helpers import run_cli, write

from codecheck.documents.choice import Choice
from codecheck.gate.hook import is_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "customer-first"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@e", *args], check=True, capture_output=True)


def repository(tmp_path: Path, commit: bool = True) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "policies", ignore=shutil.ignore_patterns("*.md"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    if commit:
        git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def lengthen(repo: Path, steps: int) -> Path:
    cancellation = repo / "policies" / "cancellation.yaml"
    cancellation.write_text(cancellation.read_text(encoding="utf-8").replace("steps: 2  ", f"steps: {steps}  "), encoding="utf-8")
    return cancellation


def test_a_staged_extra_cancellation_step_fails_the_hook_with_the_diff_message(monkeypatch, capsys, tmp_path: Path) -> None:
    repo = repository(tmp_path)
    lengthen(repo, 3)
    git(repo, "add", ".")
    monkeypatch.chdir(repo)
    status, out, _ = run_cli(monkeypatch, capsys, "hook", "--", "policies/cancellation.yaml")
    assert status == 1
    gate = out.split("Customer-adverse changes in this commit: 1\n", 1)[1].splitlines()
    _, diffed, _ = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", "policies")
    assert gate == [line for line in diffed.splitlines() if "[cancellation-steps-up," in line]
    assert gate[0].startswith("  policies/cancellation.yaml:29:8: tenet 9 (Don't lock the door) error ")


def test_the_hook_judges_what_is_staged_not_the_working_tree(monkeypatch, capsys, tmp_path: Path) -> None:
    repo = repository(tmp_path)
    lengthen(repo, 3)  # not staged: this commit does not make leaving harder
    monkeypatch.chdir(repo)
    status, out, _ = run_cli(monkeypatch, capsys, "hook", "--", "policies/cancellation.yaml")
    assert "Customer-adverse changes" not in out
    assert status == 0  # the lint finds the working tree's CC0902 warning, which does not fail


def test_the_first_commit_and_a_run_outside_git_are_linted_only(monkeypatch, capsys, tmp_path: Path) -> None:
    repo = repository(tmp_path / "new", commit=False)
    monkeypatch.chdir(repo)
    status, out, _ = run_cli(monkeypatch, capsys, "hook", "--", "policies/cancellation.yaml")
    assert (status, out) == (0, "No findings: 9 documents in 9 files checked.\n")
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLE, plain / "policies", ignore=shutil.ignore_patterns("*.md"))
    monkeypatch.chdir(plain)
    status, out, _ = run_cli(monkeypatch, capsys, "hook", "--", "policies/cancellation.yaml")
    assert (status, out) == (0, "No findings: 9 documents in 9 files checked.\n")


def test_an_approved_change_passes_and_is_listed(monkeypatch, capsys, tmp_path: Path) -> None:
    repo = repository(tmp_path)
    lengthen(repo, 3)
    git(repo, "add", ".")
    monkeypatch.chdir(repo)
    _, out, _ = run_cli(monkeypatch, capsys, "hook", "--", "policies/cancellation.yaml")
    fingerprint = out.rsplit("fingerprint ", 1)[1].split("]")[0]
    write(repo / ".codecheck-approvals.yaml",
          f"approvals:\n  - fingerprint: {fingerprint}\n    owner: legal@fairly.example\n    reason: Fraud checks\n    once: true\n")
    status, out, _ = run_cli(monkeypatch, capsys, "hook", "--", "policies/cancellation.yaml", ".codecheck-approvals.yaml")
    assert status == 0, out
    assert "Customer-adverse changes in this commit: 0\nApproved changes: 1\n" in out
    assert out.rstrip().endswith("approved by legal@fairly.example for this change only: Fraud checks")


def test_only_policy_files_are_hooked(monkeypatch, capsys, tmp_path: Path) -> None:
    workflow = write(tmp_path / ".github" / "workflows" / "ci.yml", "on: push\njobs: {}\n")
    compose = write(tmp_path / "docker-compose.yaml", "services: {}\n")
    broken = write(tmp_path / "deploy" / "values.yaml", "a: [\n")
    headless = write(tmp_path / "legal" / "pricing.yaml", "kind: pricing\nid: p\n")
    legacy = write(tmp_path / "legal" / "old" / "support.yaml", (EXAMPLE / "support.yaml").read_text(encoding="utf-8"))
    choice = Choice(str(tmp_path), exclude=("legal/old/*",))
    assert [is_policy(str(f), choice) for f in (workflow, compose, broken, headless, legacy)] == [False, False, True, True, False]
    assert not is_policy(str(write(tmp_path / ".codecheck-approvals.yaml", "approvals: []\n")), Choice(str(tmp_path)))
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(monkeypatch, capsys, "hook", "--", ".github/workflows/ci.yml", "docker-compose.yaml")
    assert (status, out) == (0, "codecheck: no policy file in this commit (2 files passed over).\n")
