"""action.yml, the GitHub Action, runs as GitHub runs a composite action: each step's command in bash -e with
the runner's variables, `if:` as GitHub decides it, the install step for real (pip, offline, into a fresh
Python), on a passing and a failing policy repository, on a pull request and on a push."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from helpers import OFFLINE_PIP, fresh_python
from test_ci_recipes import checkout

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
UPLOADS = {"github/codeql-action/upload-sarif": "sarif_file", "actions/upload-artifact": "path"}


@pytest.fixture(scope="module")
def python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh Python, as actions/setup-python leaves one: codecheck is not on its PATH until the install step."""
    return fresh_python(tmp_path_factory.mktemp("python") / "venv")


@dataclass
class Run:
    """What a run of the action did: each step's name and exit status (None: skipped), and its files."""

    temp: Path
    summary: Path
    steps: list[tuple[str, int | None]] = field(default_factory=list)
    failed: bool = False
    output: dict[str, str] = field(default_factory=dict)

    def status(self, name: str) -> int | None:
        return dict(self.steps)[name]


def value(text: str, inputs: dict[str, str], run: Run) -> str:
    """A `with:` or `env:` value with its expressions filled in, as the runner fills them."""
    known = {**{f"inputs.{k}": v for k, v in inputs.items()}, "runner.temp": str(run.temp)}

    def fill(match: re.Match[str]) -> str:
        assert match.group(1) in known, f"the test does not know the expression {match.group(0)}"
        return known[match.group(1)]

    return EXPRESSION.sub(fill, str(text))


def runs(step: dict, inputs: dict[str, str], event: str, failed: bool) -> bool:
    """GitHub's rule: an `if:` without a status function (such as !cancelled()) runs only while no step failed."""
    condition = step.get("if")
    if condition is None:
        return not failed
    terms = [t.strip() for t in EXPRESSION.sub(r"\1", condition).split("&&")]
    results = []
    for term in terms:
        compared = re.fullmatch(r"(inputs\.[\w-]+|github\.event_name) == '([^']*)'", term)
        if term == "!cancelled()":
            results.append(True)
        elif compared:
            left = event if compared.group(1) == "github.event_name" else inputs[compared.group(1).removeprefix("inputs.")]
            results.append(left == compared.group(2))
        else:
            pytest.fail(f"the test does not know the condition {condition!r}")
    status_function = "!cancelled()" in terms
    return all(results) and (status_function or not failed)


def run_action(repo: Path, python: Path, event: str = "pull_request", **given: str) -> Run:
    inputs = {name: given.get(name.replace("-", "_"), spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    temp = repo.parent / "runner-temp"
    temp.mkdir()
    run = Run(temp, temp / "summary.md")
    github_path = temp / "path"
    github_path.touch()
    base = {
        "PATH": f"{python}:/usr/local/bin:/usr/bin:/bin",  # codecheck comes from the install step, nowhere else
        "HOME": os.environ.get("HOME", str(temp)),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_EVENT_NAME": event,
        "GITHUB_BASE_REF": "main" if event == "pull_request" else "",
        "GITHUB_PATH": str(github_path),
        "GITHUB_STEP_SUMMARY": str(run.summary),
        "RUNNER_TEMP": str(temp),
        "CODECHECK_TODAY": "2026-11-24",
        **OFFLINE_PIP,
    }
    for step in STEPS:
        name = step.get("name") or step["uses"]
        if not runs(step, inputs, event, run.failed):
            run.steps.append((name, None))
            continue
        if "uses" in step:
            status = uses(step, inputs, run)
        else:
            assert step["shell"] == "bash"
            env = {**base, **{k: value(v, inputs, run) for k, v in step.get("env", {}).items()}}
            added = [line for line in github_path.read_text(encoding="utf-8").splitlines() if line]
            env["PATH"] = ":".join([*reversed(added), env["PATH"]])
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=repo, env=env, capture_output=True, text=True, timeout=300,
            )
            run.output[name] = done.stdout + done.stderr
            status = done.returncode
        run.steps.append((name, status))
        run.failed |= status != 0
    return run


def uses(step: dict, inputs: dict[str, str], run: Run) -> int:
    """An action this one calls: an upload needs the file it uploads; setup-python is the fresh Python above."""
    action = step["uses"].split("@")[0]
    with_ = {k: value(v, inputs, run) for k, v in step.get("with", {}).items()}
    if action in UPLOADS:
        return 0 if Path(with_[UPLOADS[action]]).is_file() else 1
    assert action == "actions/setup-python", f"the test does not know the action {action}"
    assert with_["python-version"] == inputs["python-version"]
    return 0


def test_no_input_is_pasted_into_a_script() -> None:
    """An input such as `path: x"; curl ...` must stay a value: inputs reach the scripts through env only."""
    assert all("${{" not in step.get("run", "") for step in STEPS)


def test_on_a_sound_policy_set_every_step_passes_and_the_reports_are_there(tmp_path: Path, python: Path) -> None:
    repo = checkout(tmp_path, "customer-first")
    run = run_action(repo, python)
    assert not run.failed, (run.steps, run.output)
    assert [status for _, status in run.steps] == [0] * len(STEPS)
    assert (python / "codecheck").is_file()  # the install step installed it, into the Python it was given
    sarif = json.loads((run.temp / "codecheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["tool"]["driver"]["name"] == "codecheck"
    assert (run.temp / "scorecard.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    summary = run.summary.read_text(encoding="utf-8")
    assert "codecheck: what this change does to customers" in summary and "## codecheck scorecard" in summary


def test_the_install_step_installs_this_project_by_its_distribution_name(tmp_path: Path, python: Path) -> None:
    run = run_action(checkout(tmp_path, "customer-first"), python)
    assert "Successfully installed codecheck-policy-" in run.output["Install codecheck"]
    shown = subprocess.run([str(python / "python"), "-m", "pip", "show", "codecheck-policy"], capture_output=True, text=True, check=True)
    assert f"Location: {python.parent}" in shown.stdout


def test_on_lock_in_the_lint_step_fails_and_the_scorecard_is_still_kept(tmp_path: Path, python: Path) -> None:
    run = run_action(checkout(tmp_path, "lock-in"), python)
    assert run.failed
    assert run.status("Findings for code scanning") == 0 and run.status("github/codeql-action/upload-sarif@v3") == 0
    assert run.status("Lint") == 1
    assert "::error file=policies/" in run.output["Lint"]
    assert run.status("Scorecard") == 0 and run.status("actions/upload-artifact@v4") == 0


def test_a_pull_request_that_makes_leaving_harder_fails_the_diff(tmp_path: Path, python: Path) -> None:
    repo = checkout(tmp_path, "customer-first")
    path = repo / "policies" / "cancellation.yaml"
    text = path.read_text(encoding="utf-8")
    assert "steps: 2" in text
    path.write_text(text.replace("steps: 2", "steps: 3"), encoding="utf-8")
    run = run_action(repo, python)
    assert run.status("What this pull request does to customers") == 1
    assert "cancellation" in run.summary.read_text(encoding="utf-8")


def test_on_a_push_there_is_no_diff_and_without_code_scanning_no_upload(tmp_path: Path, python: Path) -> None:
    run = run_action(checkout(tmp_path, "customer-first"), python, event="push", upload_sarif="false")
    assert not run.failed, (run.steps, run.output)
    assert run.status("What this pull request does to customers") is None
    assert run.status("github/codeql-action/upload-sarif@v3") is None


def test_a_codecheck_that_cannot_run_fails_the_report_steps(tmp_path: Path, python: Path) -> None:
    """`|| [ $? -eq 1 ]` lets findings through, not a missing policy set (exit 2)."""
    run = run_action(checkout(tmp_path, "customer-first"), python, path="no-such-folder")
    assert run.status("Findings for code scanning") == 1  # `[ 2 -eq 1 ]` fails the step
    assert "no-such-folder: no such file or folder" in run.output["Findings for code scanning"]
    assert run.status("github/codeql-action/upload-sarif@v3") is None  # nothing to upload
    assert run.status("Scorecard") == 1


def test_a_shallow_checkout_gets_the_base_branch_fetched_for_the_diff(tmp_path: Path, python: Path) -> None:
    """actions/checkout fetches one commit and no branch: the diff step fetches the base branch itself."""
    repo = checkout(tmp_path, "customer-first")
    subprocess.run(["git", "-C", str(repo), "update-ref", "-d", "refs/remotes/origin/main"], check=True)
    path = repo / "policies" / "cancellation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("steps: 2", "steps: 3"), encoding="utf-8")
    run = run_action(repo, python)
    assert run.status("What this pull request does to customers") == 1, run.output
    assert "steps" in run.output["What this pull request does to customers"]


def test_the_documented_workflow_uses_the_action_with_inputs_it_has() -> None:
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = doc.split("## The codecheck action (GitHub)", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    workflow = yaml.safe_load(block)
    steps = workflow["jobs"]["codecheck"]["steps"]
    (step,) = [s for s in steps if s["uses"].startswith("your-org/codecheck@")]
    assert set(step.get("with", {})) <= set(ACTION["inputs"])
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert workflow["permissions"]["security-events"] == "write"  # what the SARIF upload needs
