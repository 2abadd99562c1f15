"""Every output format, checked by a real consumer: the SARIF schema and validator, junitparser, escaping."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
MULTITOOL = ROOT / "node_modules" / ".bin" / "sarif-multitool"
SARIF_SCHEMA = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"
HOSTILE = "<script>alert('x')</script> \"quoted\" [link](https://evil.example) | pipe *bold* \x07bell"


def run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    status, out, _ = run_cli(monkeypatch, capsys, *args)
    return status, out



@pytest.fixture
def policies(tmp_path: Path) -> Path:
    folder = tmp_path / "policy set"
    write(folder / "pricing.yaml", PRICING)
    hostile = CANCELLATION.replace("channels: [online, email]", f"channels: [online, {json.dumps(HOSTILE)}]")
    write(folder / "cancellation.yaml", hostile)
    return folder


def test_sarif_matches_the_official_schema_and_passes_the_validator(monkeypatch, capsys, policies, tmp_path) -> None:
    status, out = run(monkeypatch, capsys, "lint", str(policies), "--format", "sarif")
    log = json.loads(out)
    assert status == 1
    Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8-sig"))).validate(log)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "CC0012")
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 20}
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/policy%20set/cancellation.yaml")
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert rule_ids[result["ruleIndex"]] == "CC0012"
    sarif = tmp_path / "out.sarif"
    sarif.write_text(out, encoding="utf-8")
    done = subprocess.run([str(MULTITOOL), "validate", str(sarif)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": error " not in done.stdout, done.stdout
    assert "Analysis completed successfully" in done.stdout


def test_junit_parses_with_a_junit_consumer(monkeypatch, capsys, policies) -> None:
    from junitparser import Failure, JUnitXml, Skipped

    status, out = run(monkeypatch, capsys, "lint", str(policies), "--format", "junit")
    xml = JUnitXml.fromstring(out.encode())
    cases = [case for suite in xml for case in suite]
    assert status == 1
    failures = [r for case in cases for r in case.result if isinstance(r, Failure)]
    gaps = [r for case in cases for r in case.result if isinstance(r, Skipped) and "not stated" in (r.message or "")]
    assert len(failures) + len(gaps) == len(cases) and failures and gaps  # a gap is a skipped case, never a failure
    schema_case = next(c for c in cases if c.name.startswith("CC0012"))
    assert schema_case.classname.endswith("cancellation.yaml")
    assert "\ufffdbell" in schema_case.result[0].message  # a control character XML cannot carry


def test_junit_without_findings_has_one_passing_case(monkeypatch, capsys, tmp_path) -> None:
    from junitparser import JUnitXml

    write(tmp_path / "empty" / "notes.txt", "not yaml")
    status, out = run(monkeypatch, capsys, "lint", str(tmp_path / "empty"), "--format", "junit")
    xml = JUnitXml.fromstring(out.encode())
    assert status == 0
    assert [case.name for suite in xml for case in suite] == ["0 documents in 0 files"]


def test_github_annotations_escape_their_data(monkeypatch, capsys, tmp_path) -> None:
    write(tmp_path / "p,1.yaml", "a: [1\n")
    status, out = run(monkeypatch, capsys, "lint", str(tmp_path), "--format", "github")
    first = out.splitlines()[0]
    assert status == 1
    assert first.startswith(f"::error file={tmp_path}/p%2C1.yaml,line=2,col=1,title=CC0001::")


def test_markdown_escapes_policy_values(monkeypatch, capsys, policies) -> None:
    _, out = run(monkeypatch, capsys, "lint", str(policies), "--format", "markdown")
    line = next(line for line in out.splitlines() if "CC0012" in line)
    assert "<script>" not in out and "&lt;script&gt;" in line
    assert "\\[link\\](https://evil.example)" in line and "\\| pipe \\*bold\\*" in line
    assert line.count(" | ") == 3  # the value's pipe did not add a column


def test_scorecard_json_matches_its_published_schema(monkeypatch, capsys, policies) -> None:
    status, out = run(monkeypatch, capsys, "scorecard", str(policies), "--format", "json")
    card = json.loads(out)
    schema = json.loads((ROOT / "docs" / "schemas" / "scorecard-output.schema.json").read_text())
    lint_schema = json.loads((ROOT / "docs" / "schemas" / "lint-output.schema.json").read_text())
    registry = Registry().with_resource(lint_schema["$id"], Resource.from_contents(lint_schema))
    Draft202012Validator(schema, registry=registry).validate(card)
    assert status == 1
    assert [t["number"] for t in card["tenets"]] == list(range(1, 11))
    assert set(card["overall"]) == {"score", "grade", "assessed_tenets", "known", "applicable", "coverage", "caps"}
    record_schema = json.loads((ROOT / "codecheck" / "schemas" / "scorecard-record.json").read_text())
    Draft202012Validator(record_schema).validate(card)  # what --previous and portfolio read back
    assert card["version"] == 3 and set(card["first_seen"]) == {f["fingerprint"] for f in card["findings"]}


def test_a_policy_set_that_was_not_assessed_fails_any_min_grade(monkeypatch, capsys, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    assert run(monkeypatch, capsys, "scorecard", str(tmp_path / "empty"))[0] == 0
    assert run(monkeypatch, capsys, "scorecard", str(tmp_path / "empty"), "--min-grade", "F")[0] == 1
    assert run(monkeypatch, capsys, "lint", str(tmp_path / "empty"), "--min-grade", "f")[0] == 1


def test_scorecard_provenance_names_the_commit_inside_a_repository(monkeypatch, capsys, tmp_path) -> None:
    folder = tmp_path / "repo" / "policies"
    write(folder / "pricing.yaml", PRICING)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path / "repo"), "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "."], check=True
    )
    subprocess.run(
        ["git", "-C", str(tmp_path / "repo"), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "p"],
        check=True,
    )
    head = subprocess.run(["git", "-C", str(tmp_path / "repo"), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    _, out = run(monkeypatch, capsys, "scorecard", str(folder), "--format", "json")
    provenance = json.loads(out)["provenance"]
    assert provenance["commit"] == head
    assert provenance["date"] == "2026-11-24" and provenance["paths"] == [str(folder)]
    assert re.fullmatch(r"\d+ rules, sha256 [0-9a-f]{12}", provenance["rulebook"])


def test_sarif_messages_escape_brackets_so_values_cannot_make_links(monkeypatch, capsys, policies) -> None:
    _, out = run(monkeypatch, capsys, "lint", str(policies), "--format", "sarif")
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "CC0012")
    assert "\\[link\\](https://evil.example)" in result["message"]["text"]
