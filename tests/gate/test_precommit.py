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
    cancellation = repo / "policies" / "cancellation.yaml"
    # the app stops offering cancellation, so a plan customers join in the app can no longer be left there
    cancellation.write_text(cancellation.read_text().replace("channels: [online, in_app, phone", "channels: [online, phone"))
    git(repo, "add", ".")
    result = try_repo(repo, pre_commit_home, "policies/cancellation.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "policies/pricing.yaml" in result.stdout and "CC0901 error" in result.stdout
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


def hook_repo(tmp_path: Path) -> tuple[Path, str]:
    """This checkout as pre-commit installs a hook repository: its files (tracked and new) in one commit."""
    clone = tmp_path / "hook-repo"
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "-co", "--exclude-standard"],
                            check=True, capture_output=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    git(clone, "init", "-q")
    git(clone, "add", ".")
    git(clone, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "hook")
    rev = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    return clone, rev.stdout.strip()


def commit(repo: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-m", message]
    env = {"PRE_COMMIT_HOME": str(home), "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home)}
    return subprocess.run(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900, env=env)


def test_a_commit_that_makes_leaving_harder_is_refused_unless_approved(tmp_path: Path, pre_commit_home: Path) -> None:
    """Issue 16, item 4, through a real `git commit` with the hook that `pre-commit install` wrote. The
    policies are under legal/, found by the config's `paths:`, beside a CI workflow that is no policy."""
    hooks, rev = hook_repo(tmp_path)
    repo = tmp_path / "policy-repo"
    shutil.copytree(EXAMPLE, repo / "legal", ignore=shutil.ignore_patterns("*.md"))
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (repo / ".codecheck.yaml").write_text("paths: [legal/*]\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: codecheck\n        verbose: true\n", encoding="utf-8"
    )
    git(repo, "init", "-q")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, check=True, capture_output=True,
                   env={"PRE_COMMIT_HOME": str(pre_commit_home), "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(pre_commit_home)})
    git(repo, "add", ".")
    first = commit(repo, pre_commit_home, "policies")
    assert first.returncode == 0, first.stdout

    cancellation = repo / "legal" / "cancellation.yaml"
    text = cancellation.read_text(encoding="utf-8")
    cancellation.write_text(text.replace("steps: 2  ", "steps: 4  ").replace("notice_period: P0D", "notice_period: P1M"))
    git(repo, "add", ".")
    refused = commit(repo, pre_commit_home, "make leaving harder")
    assert refused.returncode == 1, refused.stdout
    lines = refused.stdout.splitlines()
    assert "Customer-adverse changes in this commit: 2" in lines
    steps = next(line.strip() for line in lines if "[cancellation-steps-up," in line)
    assert steps.startswith("./legal/cancellation.yaml:29:8: tenet 9 (Don't lock the door) error ")
    assert "cancelling now takes 4 steps instead of 2" in steps
    assert "legal/cancellation.yaml:60:16: " in next(line for line in lines if "notice" in line and "fingerprint" in line)
    codecheck = str(Path(sys.executable).parent / "codecheck")
    diff = subprocess.run([codecheck, "diff", "--base", "HEAD", "."], cwd=repo, capture_output=True, text=True)
    assert diff.returncode == 1
    assert [line for line in lines if "fingerprint" in line] == [line for line in diff.stdout.splitlines() if "fingerprint" in line]
    head = subprocess.run(["git", "-C", str(repo), "log", "--format=%s"], capture_output=True, text=True).stdout
    assert head.splitlines() == ["policies"]

    fingerprints = [line.rsplit("fingerprint ", 1)[1].rstrip("]") for line in lines if "fingerprint " in line]
    (repo / ".codecheck-approvals.yaml").write_text("approvals:\n" + "".join(
        f"  - fingerprint: {f}\n    owner: legal@fairly.example\n    reason: Announced 60 days ahead\n    once: true\n"
        for f in fingerprints
    ), encoding="utf-8")
    git(repo, "add", ".")
    approved = commit(repo, pre_commit_home, "make leaving harder, approved")
    assert approved.returncode == 0, approved.stdout
    assert "Approved changes: 2" in approved.stdout
    assert "approved by legal@fairly.example for this change only: Announced 60 days ahead" in approved.stdout

    (repo / ".github" / "workflows" / "ci.yml").write_text("on: [push, pull_request]\njobs: {}\n", encoding="utf-8")
    git(repo, "add", ".")
    workflow = commit(repo, pre_commit_home, "ci")
    assert workflow.returncode == 0, workflow.stdout
    assert "codecheck: no policy file in this commit (1 file passed over)." in workflow.stdout
