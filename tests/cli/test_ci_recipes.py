"""docs/ci.md stays true: its recipes run step by step as the CI system would, on a passing and a failing
policy set; the gate fails where it should and the reports are written either way."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
GITHUB, GITLAB = yaml.safe_load(BLOCKS[0]), yaml.safe_load(BLOCKS[1])


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True)


def checkout(tmp_path: Path, example: str) -> Path:
    """A clone of a policy repository holding examples/EXAMPLE as policies/, with its base branch fetched."""
    origin = tmp_path / "origin"
    shutil.copytree(ROOT / "examples" / example, origin / "policies", ignore=shutil.ignore_patterns("*.md"))
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "policies")
    subprocess.run(["git", "clone", "-q", str(origin), str(tmp_path / "work")], check=True, capture_output=True)
    return tmp_path / "work"


def shell(script: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A step's script as the runners run it: bash with -e and pipefail, codecheck on the PATH."""
    path = f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"
    full = {**os.environ, "PATH": path, "CODECHECK_TODAY": "2026-11-24", **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo, capture_output=True, text=True, env=full, timeout=300,
    )


@dataclass
class Job:
    """What a run of a recipe did: each step's name and exit status, in order, and whether the job failed."""

    steps: list[tuple[str, int | None]] = field(default_factory=list)
    failed: bool = False

    def status(self, name: str) -> int | None:
        """The exit status of the step, or None when it was skipped."""
        return dict(self.steps)[name]


CONDITIONS = {"!cancelled()": True, "github.event_name == 'pull_request'": True}
"""The `if:` terms the GitHub recipe uses, as on a pull request that nobody cancels."""


def runs(step: dict, failed: bool) -> bool:
    """GitHub's rule: a step without `if:` runs only while every step so far succeeded."""
    condition = step.get("if")
    if condition is None:
        return not failed
    terms = [t.strip() for t in condition.strip().removeprefix("${{").removesuffix("}}").split("&&")]
    assert all(t in CONDITIONS for t in terms), f"the test does not know the condition {condition!r}"
    return all(CONDITIONS[t] for t in terms)


def run_github(repo: Path) -> Job:
    job, summary = Job(), repo / "summary.md"
    for step in GITHUB["jobs"]["codecheck"]["steps"]:
        name = step.get("name") or step.get("uses") or step["run"]
        if not runs(step, job.failed):
            job.steps.append((name, None))
            continue
        if "uses" in step:
            status = uses(step, repo)
        elif step["run"].startswith("pip install"):
            status = 0  # codecheck is installed in the test's own environment
        else:
            script = step["run"].replace("${{ github.base_ref }}", "main")
            status = shell(script, repo, {"GITHUB_STEP_SUMMARY": str(summary)}).returncode
        job.steps.append((name, status))
        job.failed |= status != 0
    return job


def uses(step: dict, repo: Path) -> int:
    """An action: the uploads need the file they upload, the others have nothing to check here."""
    wanted = step.get("with", {}).get("sarif_file") or step.get("with", {}).get("path")
    if step["uses"].split("@")[0] in ("github/codeql-action/upload-sarif", "actions/upload-artifact"):
        return 0 if (repo / wanted).is_file() else 1
    return 0


def run_gitlab(repo: Path) -> Job:
    """GitLab runs the script's lines in order in one shell and stops at the first that fails."""
    job = Job()
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    for line in GITLAB["codecheck"]["script"]:
        if job.failed:
            job.steps.append((line, None))
            continue
        status = 0 if line.startswith("pip install") else shell(line, repo, env).returncode
        job.steps.append((line, status))
        job.failed = status != 0
    return job


def test_the_github_workflow_passes_on_a_sound_policy_set(tmp_path: Path) -> None:
    repo = checkout(tmp_path, "customer-first")
    job = run_github(repo)
    assert not job.failed, job.steps
    assert (repo / "codecheck.sarif").is_file() and (repo / "scorecard.html").is_file()
    summary = (repo / "summary.md").read_text(encoding="utf-8")
    assert "codecheck: what this change does to customers" in summary and "## codecheck scorecard" in summary


def test_the_github_workflow_fails_on_lock_in_and_still_keeps_the_scorecard(tmp_path: Path) -> None:
    repo = checkout(tmp_path, "lock-in")
    job = run_github(repo)
    assert job.failed
    assert job.status("Lint") == 1  # the gate
    assert job.status("Findings for code scanning") == 0
    assert job.status("Scorecard") == 0 and job.status("actions/upload-artifact@v4") == 0
    assert (repo / "scorecard.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "## codecheck scorecard" in (repo / "summary.md").read_text(encoding="utf-8")


def test_a_codecheck_that_cannot_run_fails_a_report_step(tmp_path: Path) -> None:
    """`|| [ $? -eq 1 ]` lets findings through, not a broken configuration (exit 2)."""
    repo = checkout(tmp_path, "customer-first")
    (repo / ".codecheck.yaml").write_text("select: [lockin]\n", encoding="utf-8")
    job = run_github(repo)
    assert job.status("Findings for code scanning") == 1
    assert job.status("Scorecard") == 1


def test_the_gitlab_job_passes_on_a_sound_policy_set(tmp_path: Path) -> None:
    repo = checkout(tmp_path, "customer-first")
    job = run_gitlab(repo)
    assert not job.failed, job.steps
    assert [status for _, status in job.steps] == [0] * len(job.steps)  # the merge-request diff ran too
    assert (repo / "codecheck-junit.xml").is_file() and (repo / "scorecard.html").is_file()


def test_the_gitlab_job_fails_on_lock_in_and_keeps_its_artifacts(tmp_path: Path) -> None:
    repo = checkout(tmp_path, "lock-in")
    job = run_gitlab(repo)
    assert job.failed and job.status("codecheck lint policies") == 1
    assert GITLAB["codecheck"]["artifacts"]["when"] == "always"
    assert all((repo / p).is_file() for p in ["codecheck-junit.xml", *GITLAB["codecheck"]["artifacts"]["paths"]])


def fenced_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, re.S)


def test_every_install_command_installs_this_project_by_its_own_name() -> None:
    """`codecheck` on PyPI is an unrelated project: no recipe may install a distribution by that name."""
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    installs = [
        line
        for doc in documents
        for block in fenced_blocks(doc.read_text(encoding="utf-8"))
        for line in block.splitlines()
        if "pip install" in line and not line.strip().startswith("#")
    ]
    assert installs
    for line in installs:
        target = line.split("pip install", 1)[1].split("&&")[0].strip()
        assert target in {".", '"$CODECHECK"'} or target.strip("'\"").startswith("codecheck-policy"), line  # 'codecheck-policy[lsp]' too
    for env in (GITHUB["env"], GITLAB["codecheck"]["variables"]):
        assert env["CODECHECK"].startswith("codecheck-policy @ git+"), env


@pytest.mark.parametrize("recipe", [GITHUB, GITLAB])
def test_no_recipe_hides_a_codecheck_that_cannot_run(recipe: dict) -> None:
    """`|| true` would let exit 2 (codecheck could not run) pass unseen."""
    assert "|| true" not in yaml.safe_dump(recipe)
