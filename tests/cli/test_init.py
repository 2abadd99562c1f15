"""codecheck init: a commented starter set that lints clean, and never overwrites."""

from __future__ import annotations

from pathlib import Path

from helpers import run_cli

from codecheck.documents.kinds import KINDS


def test_init_writes_a_set_that_lints_clean(monkeypatch, capsys, tmp_path: Path) -> None:
    target = tmp_path / "p"
    status, out, _ = run_cli(monkeypatch, capsys, "init", str(target))
    assert status == 0
    assert sorted(p.name for p in target.iterdir()) == sorted([*(f"{k}.yaml" for k in KINDS), "schemas"])
    assert out.splitlines()[-2] == f"created {target / 'schemas'}/ (the JSON Schemas editors use: docs/editors.md)"
    assert out.splitlines()[-1] == f"Next: edit the files, then run `codecheck lint {target}`."
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(target), "--fail-on", "info")
    assert (status, out) == (0, "No findings: 9 documents in 9 files checked.\n")


def test_init_keeps_the_comments_and_fills_in_date_and_jurisdictions(monkeypatch, capsys, tmp_path: Path) -> None:
    target = tmp_path / "p"
    run_cli(monkeypatch, capsys, "init", str(target), "--jurisdiction", "EU,DE")
    text = (target / "cancellation.yaml").read_text(encoding="utf-8")
    template = (Path(__file__).resolve().parents[2] / "codecheck" / "starter" / "cancellation.yaml").read_text(encoding="utf-8")
    comments = [line.strip() for line in template.splitlines() if line.strip().startswith("#")]
    assert comments and all(comment in text for comment in comments)
    assert "jurisdictions: [EU, DE]" in text
    assert "last_reviewed: 2026-11-24" in text  # the tests pin today to 2026-11-24
    status, _, _ = run_cli(monkeypatch, capsys, "lint", str(target), "--fail-on", "warning")
    assert status == 0


def test_init_dates_the_privacy_notice_today(monkeypatch, capsys, tmp_path: Path) -> None:
    """The starter's notice is a new one: California wants it updated within 12 months (CC0418)."""
    target = tmp_path / "p"
    run_cli(monkeypatch, capsys, "init", str(target), "--jurisdiction", "US-CA")
    text = (target / "processing.yaml").read_text(encoding="utf-8")
    assert "  last_updated: 2026-11-24" in text and "2025-01-01" not in text
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(target), "--select", "CC0418", "--fail-on", "info")
    assert (status, out) == (0, "No findings: 9 documents in 9 files checked.\n")


def test_init_never_overwrites(monkeypatch, capsys, tmp_path: Path) -> None:
    target = tmp_path / "p"
    target.mkdir()
    (target / "support.yaml").write_text("mine\n", encoding="utf-8")
    status, _, err = run_cli(monkeypatch, capsys, "init", str(target))
    assert status == 2
    assert err == f"codecheck: error: {target / 'support.yaml'} already exists; codecheck init never overwrites a file\n"
    assert sorted(p.name for p in target.iterdir()) == ["support.yaml"]
    assert (target / "support.yaml").read_text() == "mine\n"


def test_init_never_overwrites_a_schema_either(monkeypatch, capsys, tmp_path: Path) -> None:
    target = tmp_path / "p"
    (target / "schemas").mkdir(parents=True)
    (target / "schemas" / "pricing.schema.json").write_text("{}\n", encoding="utf-8")
    status, _, err = run_cli(monkeypatch, capsys, "init", str(target))
    assert status == 2
    assert err == f"codecheck: error: {target / 'schemas' / 'pricing.schema.json'} already exists; codecheck init never overwrites a file\n"
    assert sorted(p.name for p in target.rglob("*")) == ["pricing.schema.json", "schemas"]
