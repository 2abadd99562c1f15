"""`codecheck portfolio`: the real JSON scorecards of several repositories, as one view for an organisation.

The three examples are three repositories; their scorecards are written by
codecheck itself. Hostile and broken scorecards are read alongside: a broken
one is listed and exits 2 without hiding the others, and every value shown
comes out as text.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import run_cli, write
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("customer-first", "ordinary", "lock-in")
XSS = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def scorecards(tmp_path_factory) -> Path:
    """The examples' JSON scorecards, written by `codecheck scorecard` (and the ordinary one's HTML beside it)."""
    folder = tmp_path_factory.mktemp("cards")
    mp = pytest.MonkeyPatch()
    capsys = _Capture()
    for name in EXAMPLES:
        run_cli(mp, capsys, "scorecard", str(ROOT / "examples" / name), "--format", "json", "-o", str(folder / f"{name}.json"), "--title", name)
    run_cli(mp, capsys, "scorecard", str(ROOT / "examples" / "ordinary"), "--format", "html", "-o", str(folder / "ordinary.html"))
    mp.undo()
    return folder


class _Capture:
    def readouterr(self) -> tuple[str, str]:
        return "", ""


def portfolio(monkeypatch, capsys, folder: Path, fmt: str, *cards: Path) -> tuple[int, str, str]:
    out = folder / "out" / f"portfolio.{fmt}"
    out.parent.mkdir(exist_ok=True)
    status, _, err = run_cli(monkeypatch, capsys, "portfolio", *map(str, cards), "--format", fmt, "-o", str(out))
    return status, out.read_text(encoding="utf-8"), err


def test_the_portfolio_ranks_repositories_and_tenets_worst_first(monkeypatch, capsys, scorecards: Path) -> None:
    cards = [scorecards / f"{name}.json" for name in EXAMPLES]
    status, out, err = portfolio(monkeypatch, capsys, scorecards, "json", *cards)
    result = json.loads(out)
    Draft202012Validator(json.loads((ROOT / "docs" / "schemas" / "portfolio-output.schema.json").read_text())).validate(result)
    assert (status, err) == (0, "")
    rows = [(r["name"], r["grade"], r["score"], r["assessed_tenets"]) for r in result["repositories"]]
    assert rows == [("lock-in", "F", 6, 10), ("ordinary", "C", 79, 10), ("customer-first", "A", 100, 10)]
    assert [r["link"] for r in result["repositories"]] == ["../lock-in.json", "../ordinary.html", "../customer-first.json"]
    lock_in = result["repositories"][0]
    assert lock_in["findings"]["error"] == 132 and {j["jurisdiction"] for j in lock_in["legal"]} >= {"DE", "EU", "US-CA"}
    worst = result["tenets"][0]
    assert worst["mean"] == min(t["mean"] for t in result["tenets"]) and worst["assessed"] == 3 and worst["worst"] == ["lock-in"]
    germany = next(g for g in result["legal"] if g["jurisdiction"] == "DE")
    assert germany["repositories"] == 2  # lock-in and ordinary; customer-first breaks no law
    assert germany["findings"] == 114 + 2


def test_a_broken_scorecard_is_listed_and_the_others_still_shown(monkeypatch, capsys, scorecards: Path, tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.json", '{"version": 2')
    status, out, err = portfolio(monkeypatch, capsys, scorecards, "markdown", scorecards / "ordinary.json", broken)
    assert status == 2
    assert err == f"codecheck: error: {broken}:1:14: not a codecheck scorecard: Expecting ',' delimiter\n"
    assert "| [ordinary](../ordinary.html) | C (79) | 10 of 10 tenets | 2 | 7 | 2026-11-24 |" in out
    assert "### Scorecards that could not be read" in out


def test_hostile_values_in_a_scorecard_are_text_in_the_html(monkeypatch, capsys, scorecards: Path, tmp_path: Path) -> None:
    card = json.loads((scorecards / "lock-in.json").read_text())
    card["title"] = XSS
    card["organisation"] = '"><img src=x onerror=alert(1)>'
    card["findings"][0]["legal_in"] = [XSS[:16]]
    hostile = write(tmp_path / "javascript:alert(1).json", json.dumps(card))
    status, html, _ = portfolio(monkeypatch, capsys, scorecards, "html", hostile)
    assert status == 0
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert XSS in page.text and '"><img src=x onerror=alert(1)>' in page.text
    assert all(not href.lower().startswith("javascript") for href in page.hrefs)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text += data


def test_the_portfolio_will_not_overwrite_a_scorecard_it_reads(monkeypatch, capsys, scorecards: Path) -> None:
    card = scorecards / "ordinary.json"
    before = card.read_bytes()
    status, _, err = run_cli(monkeypatch, capsys, "portfolio", str(card), "-o", str(card))
    assert status == 2 and "is one of the scorecards read" in err
    assert card.read_bytes() == before
