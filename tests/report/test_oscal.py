"""`scorecard --format oscal`: OSCAL assessment results that compliance-trestle's OSCAL models accept.

trestle's pydantic models are generated from NIST's OSCAL schemas and refuse
unknown fields, empty or padded strings and malformed UUIDs, so a document
they accept is one a GRC platform can import. Beyond validity: every
finding is an observation with its evidence, every failed rule a
not-satisfied finding on its control, every enabled rule a reviewed control.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, run_cli, write
from trestle.oscal.assessment_results import Model

from codecheck.model import Status
from codecheck.pipeline import run_audit
from codecheck.settings.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]


def oscal(monkeypatch, capsys, folder: Path) -> tuple[dict, Model]:
    status, out, err = run_cli(monkeypatch, capsys, "scorecard", str(folder), "--format", "oscal")
    assert status in (0, 1), err
    document = json.loads(out)
    return document, Model.model_validate(document)


@pytest.mark.parametrize("example", ["customer-first", "ordinary", "lock-in"])
def test_each_example_is_valid_oscal_with_a_finding_per_rule_and_an_observation_per_finding(
    monkeypatch, capsys, example: str
) -> None:
    folder = ROOT / "examples" / example
    _, model = oscal(monkeypatch, capsys, folder)
    audit = run_audit((str(folder),), DEFAULTS)
    (result,) = model.assessment_results.results
    assert len(result.observations or []) == len(audit.report.findings)
    failed = {o.rule.id.lower() for o in audit.outcomes if o.status is Status.FAIL}
    applied = {o.rule.id.lower() for o in audit.outcomes if o.status in (Status.PASS, Status.FAIL)}  # known outcomes
    states = {f.target.target_id: f.target.status.state.value for f in result.findings or []}
    assert {k for k, v in states.items() if v == "not-satisfied"} == failed
    assert {k for k, v in states.items() if v == "satisfied"} == applied - failed
    (selection,) = result.reviewed_controls.control_selections
    assert [c.control_id for c in selection.include_controls] == [r.id.lower() for r in audit.report.rules]
    grade = next(p.value for p in result.props if p.name == "overall-grade")
    assert grade == audit.card.grade


def test_an_observation_carries_its_evidence_and_its_finding_links_to_it(monkeypatch, capsys) -> None:
    document, model = oscal(monkeypatch, capsys, ROOT / "examples" / "lock-in")
    (result,) = model.assessment_results.results
    review = next(o for o in result.observations if "review_cycle" in o.relevant_evidence[0].description and "two years" in o.description)
    evidence = review.relevant_evidence[0]
    assert evidence.href.startswith(str(ROOT / "examples" / "lock-in" / "cancellation.yaml").replace(" ", "%20") + "#L")
    assert "field governance.review_cycle" in evidence.description and "value P2Y" in evidence.description
    assert {p.name: p.value for p in review.props}["rule"] == "CC1001"
    cc1001 = next(f for f in result.findings if f.target.target_id == "cc1001")
    assert review.uuid in {r.observation_uuid for r in cc1001.related_observations}
    assert document["assessment-results"]["import-ap"]["href"] == "#" + model.assessment_results.back_matter.resources[0].uuid


def test_the_same_run_gives_the_same_document(monkeypatch, capsys) -> None:
    first, _ = oscal(monkeypatch, capsys, ROOT / "examples" / "ordinary")
    second, _ = oscal(monkeypatch, capsys, ROOT / "examples" / "ordinary")
    assert first == second


def test_hostile_and_blank_values_still_make_valid_oscal(monkeypatch, capsys, tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write(folder / "pricing.yaml", PRICING)
    hostile = '"  <script>\\n\\tx  "'
    write(folder / "cancellation.yaml", CANCELLATION.replace("channels: [online, email]", f"channels: [{hostile}]"))
    write(folder / "broken.yaml", "a: [1\n")
    document, model = oscal(monkeypatch, capsys, folder)
    texts = [o.description for o in model.assessment_results.results[0].observations]
    assert any("<script>" in text for text in texts)
    assert all(text == text.strip() and "\n" not in text for text in texts)
    assert any(p["value"] == "CC0001" for o in document["assessment-results"]["results"][0]["observations"] for p in o["props"])
