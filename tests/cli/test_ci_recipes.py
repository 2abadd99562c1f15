"""docs/ci.md stays true: its snippets parse, and their codecheck commands run against an example repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples" / "customer-first", tmp_path / "policies", ignore=shutil.ignore_patterns("*.md"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "policies")
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    return tmp_path


def codecheck_lines(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip().startswith("codecheck ")]


def run_line(line: str, repo: Path) -> subprocess.CompletedProcess[str]:
    line = line.replace("${{ github.base_ref }}", "main").replace('>> "$GITHUB_STEP_SUMMARY"', ">> summary.md")
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "CODECHECK_TODAY": "2026-11-24"}
    return subprocess.run(["bash", "-c", line], cwd=repo, capture_output=True, text=True, env=env, timeout=120)


def test_the_github_workflow_parses_and_its_commands_pass(repo: Path) -> None:
    workflow = yaml.safe_load(BLOCKS[0])
    steps = workflow["jobs"]["codecheck"]["steps"]
    lines = [line for step in steps if "run" in step for line in codecheck_lines(step["run"])]
    assert any(line.startswith("codecheck diff --base origin/") for line in lines)
    for line in lines:
        done = run_line(line, repo)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    assert (repo / "codecheck.sarif").is_file() and (repo / "scorecard.html").is_file()
    assert "codecheck: what this change does to customers" in (repo / "summary.md").read_text()


def test_the_gitlab_job_parses_and_its_commands_pass(repo: Path) -> None:
    job = yaml.safe_load(BLOCKS[1])["codecheck"]
    lines = [line for entry in job["script"] for line in codecheck_lines(entry)]
    assert lines
    for line in lines:
        done = run_line(line, repo)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    assert (repo / "codecheck-junit.xml").is_file()


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
        assert target in {".", '"$CODECHECK"'} or target.startswith("codecheck-policy"), line
    for block in BLOCKS[:2]:
        source = yaml.safe_load(block)
        env = source.get("env") or source["codecheck"]["variables"]
        assert env["CODECHECK"].startswith("codecheck-policy @ git+"), env
