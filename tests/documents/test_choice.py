"""Issue 16, item 6: YAML files that are not policies (compose files, CI workflows) are skipped and
counted, never reported as broken policies; `exclude:` and `paths:` globs choose the rest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from helpers import run_cli, write

from codecheck.documents.choice import Choice
from codecheck.documents.load import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "customer-first"
COMPOSE = "services:\n  web:\n    image: nginx\n"
WORKFLOW = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def policy_tree(tmp_path: Path) -> Path:
    policies = tmp_path / "policies"
    shutil.copytree(EXAMPLE, policies, ignore=shutil.ignore_patterns("*.md"))
    write(policies / "docker-compose.yaml", COMPOSE)
    write(policies / "ci" / "build.yml", WORKFLOW)
    return policies


def test_lint_skips_files_that_are_clearly_not_policies_and_says_so_once(monkeypatch, capsys, tmp_path: Path) -> None:
    policies = policy_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "policies")
    assert status == 0, out
    assert "CC0010" not in out and "docker-compose" not in out
    assert out.splitlines()[-1] == "Skipped 2 YAML files that are not policy documents."
    status, out, _ = run_cli(monkeypatch, capsys, "lint", "policies", "--format", "json")
    report = json.loads(out)
    assert report["summary"]["skipped"] == 2 and report["findings"] == []
    assert report["skipped"] == [
        {"file": str(Path("policies") / "ci" / "build.yml"), "reason": "not a policy document"},
        {"file": str(Path("policies") / "docker-compose.yaml"), "reason": "not a policy document"},
    ]
    assert (policies / "docker-compose.yaml").read_text() == COMPOSE


def test_what_might_be_a_policy_keeps_its_findings(tmp_path: Path) -> None:
    """A policy that forgot its header, a file that says `codecheck:` but is no mapping, a broken file:
    each may be a policy gone wrong, so each is reported, not skipped."""
    write(tmp_path / "pricing.yaml", "kind: pricing\nid: p\n")
    write(tmp_path / "listed.yaml", "- codecheck: 1\n")
    write(tmp_path / "broken.yaml", "services: [\n")
    write(tmp_path / "compose.yaml", COMPOSE)
    policy_set = load([str(tmp_path)], choice=Choice(str(tmp_path)))
    assert [Path(s.file).name for s in policy_set.skipped] == ["compose.yaml"]
    assert sorted({Path(f.file).name for f in policy_set.findings}) == ["broken.yaml"]
    assert sorted(Path(d.file).name for d in policy_set.documents) == ["listed.yaml", "pricing.yaml"]
    assert policy_set.files == 3


def test_a_file_named_on_the_command_line_is_read_as_asked(monkeypatch, capsys, tmp_path: Path) -> None:
    compose = write(tmp_path / "docker-compose.yaml", COMPOSE)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(compose))
    assert status == 1
    assert f"{compose}:1:1: CC0010 error" in out and "Skipped" not in out


def test_exclude_and_paths_globs_are_relative_to_the_config(monkeypatch, capsys, tmp_path: Path) -> None:
    policies = policy_tree(tmp_path)
    write(policies / "legacy" / "old.yaml", "codecheck: 1\nkind: pricing\nid: old\n")  # would be CC0012
    write(tmp_path / "deploy" / "values.yaml", "codecheck: 1\nreplicas: 2\n")  # says codecheck:, not a policy
    write(tmp_path / ".codecheck.yaml", "exclude: [policies/legacy/*]\npaths: [policies/*]\n")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(monkeypatch, capsys, "lint", ".", "--format", "json")
    report = json.loads(out)
    assert status == 0, out
    assert report["findings"] == []
    reasons = {os.path.normpath(s["file"]): s["reason"] for s in report["skipped"]}
    assert reasons[str(Path("policies") / "legacy" / "old.yaml")] == "excluded by the configuration"
    assert reasons[str(Path("deploy") / "values.yaml")] == "not under the configuration's `paths`"
    assert reasons[str(Path("policies") / "docker-compose.yaml")] == "not a policy document"
    assert report["summary"]["files"] == 9
    status, out, _ = run_cli(monkeypatch, capsys, "config", ".")
    shown = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert shown["exclude"] == "policies/legacy/*" and shown["paths"] == "policies/*"


def test_a_bad_glob_list_in_the_config_is_exit_2_at_its_line(monkeypatch, capsys, tmp_path: Path) -> None:
    write(tmp_path / ".codecheck.yaml", "select: [CC]\nexclude: docker-compose.yaml\n")
    write(tmp_path / "p.yaml", COMPOSE)
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(tmp_path))
    assert status == 2
    assert ".codecheck.yaml:2:" in err and "exclude" in err


def test_diff_against_git_skips_the_same_files_in_the_base(monkeypatch, capsys, tmp_path: Path) -> None:
    policies = policy_tree(tmp_path)
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)
    write(policies / "docker-compose.yaml", COMPOSE + "  db:\n    image: postgres\n")
    write(policies / "ci" / "release.yml", WORKFLOW)  # new in the working tree
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(monkeypatch, capsys, "diff", "--base", "HEAD", "policies", "--format", "json")
    assert status == 0, out
    result = json.loads(out)
    assert result["new_findings"] == [] and result["resolved_findings"] == [] and result["changes"] == []
