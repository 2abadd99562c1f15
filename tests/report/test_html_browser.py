"""The HTML scorecard in a real browser: Debian's Chromium, driven by Playwright.

Asserts no console error (a Content-Security-Policy violation would be one), no
network request, the overall grade visible, and a hostile policy value shown
as text, not markup. Screenshots go to build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from helpers import CANCELLATION, PRICING, write

from codecheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = "<script>document.title='owned'</script>\"'><img src=x onerror=alert(1)>"


def scorecard(monkeypatch, folder: Path, out: Path) -> None:
    monkeypatch.setattr(sys, "argv", ["codecheck", "scorecard", str(folder), "--format", "html", "-o", str(out)])
    with pytest.raises(SystemExit):
        main()


def open_in_chromium(page_file: Path, screenshot: Path) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        console, requests = [], []
        page.on("console", lambda message: console.append((message.type, message.text)))
        page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        console_before_screenshot = list(console)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True, caret="initial")
        seen = {
            "console": console_before_screenshot,
            "requests": [url for url in requests if url != page_file.as_uri()],
            "heading": page.locator("#overall-heading").inner_text(),
            "heading_visible": page.locator("#overall-heading").is_visible(),
            "title": page.title(),
            "scripts": page.locator("script").count(),
            "images": page.locator("img").count(),
            "body": page.locator("body").inner_text(),
            "chart_label": page.locator("svg[role=img] title").first.text_content(),
        }
        browser.close()
    return seen


def test_the_scorecard_renders_offline_and_shows_hostile_values_as_text(monkeypatch, tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write(folder / "pricing.yaml", PRICING)
    write(folder / "cancellation.yaml", CANCELLATION.replace("channels: [online, email]", f"channels: [{json.dumps(HOSTILE)}]"))
    page = tmp_path / "scorecard.html"
    scorecard(monkeypatch, folder, page)
    seen = open_in_chromium(page, SCREENSHOTS / "scorecard-hostile.png")
    assert seen["console"] == []
    assert seen["requests"] == []
    assert seen["heading_visible"] and seen["heading"].startswith("Overall grade: ")
    assert seen["title"].startswith("Customer Code scorecard")
    assert (seen["scripts"], seen["images"]) == (0, 0)
    assert HOSTILE in seen["body"]
    assert seen["chart_label"] == "Score of each of the ten tenets, out of 100"


@pytest.mark.parametrize("example", ["customer-first", "lock-in", "ordinary"])
def test_each_example_scorecard_renders_cleanly(monkeypatch, tmp_path: Path, example: str) -> None:
    page = tmp_path / f"{example}.html"
    scorecard(monkeypatch, ROOT / "examples" / example, page)
    seen = open_in_chromium(page, SCREENSHOTS / f"scorecard-{example}.png")
    assert seen["console"] == [] and seen["requests"] == []
    assert seen["heading_visible"]
