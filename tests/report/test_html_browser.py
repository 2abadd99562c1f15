"""The HTML scorecard in a real browser: Debian's Chromium, driven by Playwright.

On screen: no console error (a Content-Security-Policy violation would be
one), no network request, no script, the executive summary first, a hostile
policy value shown as text, and axe-core (from npm, injected by the test only)
finding no WCAG 2.1 AA or best-practice violation. In print: the lock-in
example on A4 and US Letter in at most 36 pages, numbered, with every
finding's offending value in the PDF's text (pdftotext), and nothing that
scrolls or overflows the page. Screenshots go to build/screenshots/ for a
person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import CANCELLATION, PRICING, harder_to_leave, run_cli, write

from codecheck.cli import main
from codecheck.pipeline import run_audit
from codecheck.settings.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
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
MAX_PAGES = 36  # issue 18 asked for about 30 with 94 rules; with 126 the lock-in example leaves most new facts unstated (gaps)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter(e => {
  const style = getComputedStyle(e);
  return ['auto', 'scroll'].includes(style.overflowX) || ['auto', 'scroll'].includes(style.overflowY)
    || e.scrollWidth > e.clientWidth + 1 && style.overflowX === 'hidden';
}).map(e => e.tagName + '.' + e.className)"""


def scorecard(monkeypatch, folder: Path, out: Path, *extra: str) -> None:
    argv = ["codecheck", "scorecard", str(folder), "--format", "html", "-o", str(out), *extra]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit):
        main()


def browse(page_file: Path, screenshot: Path, pdfs: dict[str, Path] | None = None) -> dict[str, Any]:
    """Open the page as a reader would; print it to PDF in each paper format asked; run axe-core last."""
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
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), caret="initial")  # the first screen: what a reader sees first
        first = page.locator("main h2").first
        seen = {
            "console": list(console),
            "requests": [url for url in requests if url != page_file.as_uri()],
            "heading": page.locator("#overall-heading").inner_text(),
            "heading_visible": page.locator("#overall-heading").is_visible(),
            "first_section": first.inner_text(),
            "first_section_top": first.bounding_box()["y"],
            "title": page.title(),
            "scripts": page.locator("script").count(),
            "images": page.locator("img").count(),
            "body": page.locator("body").inner_text(),
            "chart_label": page.locator("svg[role=img] title").first.text_content(),
            "overflowing": page.evaluate(OVERFLOWING),
            "approvals": page.locator("section[aria-labelledby=approvals-heading]").inner_text(),
        }
        page.emulate_media(media="print")
        seen["print_overflowing"] = page.evaluate(OVERFLOWING)
        seen["print_too_wide"] = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        for paper, pdf in (pdfs or {}).items():
            page.pdf(path=str(pdf), format=paper, prefer_css_page_size=True)
        seen["axe"] = run_axe(browser, page_file)
        browser.close()
    return seen


def run_axe(browser: Any, page_file: Path) -> list[dict[str, Any]]:
    """axe-core's violations; the page forbids every script, so only this test's own context bypasses its CSP."""
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(page_file.as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]} for v in result["violations"]
    ]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def squeeze(text: str) -> str:
    """Text without whitespace: a value wrapped over two lines of the page is still the same value."""
    return re.sub(r"\s+", "", text)


def test_the_scorecard_renders_offline_and_shows_hostile_values_as_text(monkeypatch, tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write(folder / "pricing.yaml", PRICING)
    write(folder / "cancellation.yaml", CANCELLATION.replace("channels: [online, email]", f"channels: [{json.dumps(HOSTILE)}]"))
    page = tmp_path / "scorecard.html"
    scorecard(monkeypatch, folder, page)
    seen = browse(page, SCREENSHOTS / "scorecard-hostile.png")
    assert seen["console"] == []
    assert seen["requests"] == []
    assert seen["heading_visible"] and seen["heading"].startswith("Overall grade: ")
    assert seen["title"].startswith("Customer Code scorecard")
    assert (seen["scripts"], seen["images"]) == (0, 0)
    assert HOSTILE in seen["body"]
    assert seen["chart_label"] == "Score of each of the ten tenets, out of 100"
    assert seen["axe"] == []


@pytest.mark.parametrize("example", ["customer-first", "lock-in", "ordinary"])
def test_each_example_opens_on_its_summary_and_passes_the_accessibility_check(
    monkeypatch, tmp_path: Path, example: str
) -> None:
    page = tmp_path / f"{example}.html"
    scorecard(monkeypatch, ROOT / "examples" / example, page, "--title", f"Scorecard of {example}")
    seen = browse(page, SCREENSHOTS / f"scorecard-{example}.png")
    assert seen["console"] == [] and seen["requests"] == []
    assert seen["first_section"] == "Executive summary" and seen["first_section_top"] < 300
    assert seen["heading_visible"]
    assert seen["title"].startswith(f"Scorecard of {example}")
    assert seen["overflowing"] == [] and seen["print_overflowing"] == [] and not seen["print_too_wide"]
    assert seen["axe"] == []


def test_the_approvals_in_force_and_expired_are_listed_as_text_with_who_and_why(monkeypatch, capsys, tmp_path: Path) -> None:
    """Issue 16, item 3: an auditor reads which changes are approved, by whom and why; a hostile owner or reason
    is text, and a reason with no space to break at stays on the page."""
    repo = harder_to_leave(tmp_path)
    _, out, _ = run_cli(monkeypatch, capsys, "diff", str(tmp_path / "base"), str(repo / "policies"), "--format", "json")
    keys = {c["id"]: c["fingerprint"] for c in json.loads(out)["changes"]}
    long_reason = "x" * 400
    approvals = write(repo / ".codecheck-approvals.yaml", "approvals:\n" + "".join(
        f"  - {{fingerprint: {key}, owner: {json.dumps(owner)}, reason: {json.dumps(reason)}, {scope}}}\n"
        for key, owner, reason, scope in (
            (keys["cancellation-steps-up"], "legal@fairly.example", "Announced to customers in March", "until: 2027-01-31"),
            (keys["cancellation-requires-agent-on"], HOSTILE, long_reason, "once: true"),
            ("0123456789abcdef", "legal@fairly.example", "Old price rise", "until: 2026-11-23"),
        )
    ))
    page = tmp_path / "scorecard.html"
    scorecard(monkeypatch, repo / "policies", page)
    seen = browse(page, SCREENSHOTS / "scorecard-approvals.png")
    assert seen["console"] == [] and seen["requests"] == [] and seen["title"].startswith("Customer Code scorecard")
    where = next(i for i, line in enumerate((repo / "policies" / "cancellation.yaml").read_text().splitlines(), 1) if line.startswith("requires_agent"))
    assert [line for line in seen["approvals"].splitlines() if line] == [
        "Approved changes (2)",
        f"The approvals file {approvals} holds 2 approvals in force on 24 November 2026 and 1 expired approval.",
        "An approval lets a change through codecheck diff and changes no grade: a finding it brings stays a finding. "
        "Whether an approval still matches a change takes two versions to say: codecheck diff warns of one that "
        "matches none; a scorecard, which grades one version, does not.",
        "A fingerprint names a change by its values before and after. Where the earlier value can only have been nothing, "
        "false, true or a step of a declared order, and this version holds the later one, the scorecard names the change; "
        "elsewhere (what a price was before it rose, say, or a change this version does not hold) it is not known from "
        "this version, and codecheck diff against the earlier version shows which change it is.",
        "Fingerprint\tChange approved\tOwner\tReason\tLasts",
        f"{keys['cancellation-steps-up']}\tnot known from this version\tlegal@fairly.example\tAnnounced to customers in March\tuntil 31 January 2027",
        f"{approvals}:2:5",
        f"{keys['cancellation-requires-agent-on']}\tCancelling a Fairly subscription: cancelling now requires talking to an agent",
        f"cancellation.yaml:{where}:17\t{HOSTILE}\t{long_reason}\tfor one change only",
        f"{approvals}:3:5",
        "Expired approvals (1)",
        "These approvals' end dates have passed: they let no change through. Renew one with a new date, or remove it.",
        "Fingerprint\tChange approved\tOwner\tReason\tLasts",
        "0123456789abcdef\tnot known from this version\tlegal@fairly.example\tOld price rise\texpired on 23 November 2026",
        f"{approvals}:4:5",
    ]
    assert (seen["scripts"], seen["images"]) == (0, 0)
    assert seen["overflowing"] == [] and seen["print_overflowing"] == [] and not seen["print_too_wide"]
    assert seen["axe"] == []


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_lock_in_scorecard_prints_in_36_numbered_pages_with_every_offending_value(
    monkeypatch, tmp_path: Path, paper: str
) -> None:
    page = tmp_path / "lock-in.html"
    scorecard(monkeypatch, ROOT / "examples" / "lock-in", page)
    pdf = tmp_path / f"lock-in-{paper}.pdf"
    browse(page, SCREENSHOTS / "scorecard-lock-in-print.png", {paper: pdf})
    count = pages(pdf)
    text = pdf_text(pdf)
    audit = run_audit((str(ROOT / "examples" / "lock-in"),), DEFAULTS)
    values = {f.value for f in audit.report.active if f.value}
    assert len(audit.report.active) > 200 and len(values) > 50  # the example is as hostile as it was
    assert count <= MAX_PAGES, count
    assert f"Page 1 of {count}" in text and f"Page {count} of {count}" in text
    squeezed = squeeze(text)
    assert sorted(v for v in values if squeeze(v) not in squeezed) == []
    assert "review_cycle: P2Y" in text.replace("\n", " ") or "review_cycle:P2Y" in squeezed


def test_the_portfolio_page_renders_offline_and_passes_the_accessibility_check(monkeypatch, tmp_path: Path) -> None:
    cards = []
    for example in ("customer-first", "ordinary", "lock-in"):
        card = tmp_path / f"{example}.json"
        argv = ["codecheck", "scorecard", str(ROOT / "examples" / example), "--format", "json", "-o", str(card)]
        monkeypatch.setattr(sys, "argv", [*argv, "--title", example])
        with pytest.raises(SystemExit):
            main()
        cards.append(str(card))
    page = tmp_path / "portfolio.html"
    monkeypatch.setattr(sys, "argv", ["codecheck", "portfolio", *cards, "-o", str(page)])
    with pytest.raises(SystemExit):
        main()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        view = browser.new_page(viewport={"width": 1100, "height": 900})
        console: list[str] = []
        view.on("console", lambda message: console.append(message.text))
        view.goto(page.as_uri())
        view.screenshot(path=str(SCREENSHOTS / "portfolio.png"))
        names = view.locator("#repositories-heading + table tbody th").all_inner_texts()
        violations = run_axe(browser, page)
        browser.close()
    assert console == [] and violations == []
    assert [name.splitlines()[0] for name in names] == ["lock-in", "ordinary", "customer-first"]
