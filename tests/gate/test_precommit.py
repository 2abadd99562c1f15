"""The hook through pre-commit itself: `pre-commit try-repo` installs this checkout and runs it on a policy repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "customer-first"


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def policy_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "policy-repo"
    shutil.copytree(EXAMPLE, repo / "policies", ignore=shutil.ignore_patterns("*.md"))
    (repo / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")  # not a policy: the hook must ignore it
    git(repo, "init", "-q")
    git(repo, "add", ".")
    return repo


def try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "codecheck", "--files", *files]
    env = {"PRE_COMMIT_HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home)}
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=900, env=env)


def test_the_hook_passes_a_good_policy_and_fails_a_bad_one(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = policy_repo(tmp_path)
    good = try_repo(repo, pre_commit_home, "policies/cancellation.yaml", "ci.yml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    cancellation = repo / "policies" / "cancellation.yaml"
    cancellation.write_text(cancellation.read_text().replace("requires_agent: false", "requires_agent: true"))
    bad = try_repo(repo, pre_commit_home, "policies/cancellation.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "policies/cancellation.yaml" in bad.stdout and "CC0903 error" in bad.stdout


def test_the_hook_reports_cross_document_findings_caused_by_a_change(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = policy_repo(tmp_path)
    (repo / ".codecheck.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    pricing = repo / "policies" / "pricing.yaml"
    pricing.write_text(pricing.read_text().replace("steps: 3", "steps: 1"))  # signing up gets shorter than cancelling
    git(repo, "add", ".")
    result = try_repo(repo, pre_commit_home, "policies/pricing.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "policies/cancellation.yaml" in result.stdout and "CC0902 warning" in result.stdout
    assert "CC0014" not in result.stdout  # the whole set was read: no reference dangles


def test_a_folder_named_like_an_option_cannot_switch_the_rules_off(tmp_path: Path, pre_commit_home: Path) -> None:
    """Issue 13, item 2: `--select=CC0000/policies/x.yaml`, appended by pre-commit, was read as --select."""
    repo = policy_repo(tmp_path)
    for file in (ROOT / "examples" / "lock-in").glob("*.yaml"):  # a set full of errors
        shutil.copy(file, repo / "policies" / file.name)
    trap = repo / "--select=CC0000" / "policies" / "x.yaml"
    trap.parent.mkdir(parents=True)
    shutil.copy(EXAMPLE / "support.yaml", trap)
    (repo / "--ignore=CC" / "policies").mkdir(parents=True)
    shutil.copy(EXAMPLE / "support.yaml", repo / "--ignore=CC" / "policies" / "y.yaml")
    git(repo, "add", ".")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "codecheck", "--all-files"]
    env = {"PRE_COMMIT_HOME": str(pre_commit_home), "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(pre_commit_home)}
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout and "policies/cancellation.yaml" in result.stdout and "CC0903 error" in result.stdout


def test_an_option_after_the_double_dash_is_a_missing_file(monkeypatch, capsys) -> None:
    status, _, err = run_cli(monkeypatch, capsys, "hook", "--", "--fail-on=warning", "policies/x.yaml")
    assert status == 2
    assert err == (
        "codecheck: error: --fail-on=warning: no such file; every argument after `--` is a file, "
        "so put the hook's options in the config file (.codecheck.yaml)\n"
    )
