"""Reports are safe to open: policy values never become markup, machine formats stay valid, files are written atomically,
and lint, scorecard and diff never change what they read."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import run_cli

from codecheck.cli import output as output_module
from codecheck.gate import baseline
from codecheck.report.sarif import plain_message

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"

XSS = "<script>alert('x')</script>"
ATTR = '"><img src=x onerror=alert(1)>'
MARKDOWN = "[click](https://evil.example) ![img](https://evil.example/x.png) | cell | **bold** _it_ `code` ~~s~~ <b>b</b> &amp; \\"
HOSTILE_NAME = "<img src=x onerror=alert(3)>.yaml"

FEEDBACK = f"""\
codecheck: 1
kind: feedback
id: "{XSS}"
title: '{ATTR}'
surveys:
  - {{id: s, kind: "{XSS}"}}  # {XSS} in a comment, shown in the excerpt of this finding
closed_loop: {{owner: "{MARKDOWN.replace(chr(92), chr(92) * 2)}"}}
"""

SUPPRESSED = f"""\
codecheck: 1
kind: feedback
id: quiet
surveys: []  # codecheck: ignore[CC0501] reason="{XSS} [x](https://evil.example)" owner='{ATTR.replace("'", "")}'
"""

NAMED = """\
codecheck: 1
kind: feedback
id: named
surveys: 3
"""

CANCELLATION = """\
codecheck: 1
kind: cancellation
id: cancel
covers: [pricing]
channels: ["[click](https://evil.example)\\n| x | y |\\n<script>alert(4)</script>"]
steps: 2
"""

CONTROL = "ctl \x01\x07\x1b[31mRED\x1b[0m \x7f \x85 \u2028 \ufeff \ufffe \U0001f600 \u202e end"
"""Control characters, an ANSI escape, a line separator, a BOM, a non-character, an emoji, a right-to-left override."""

CONTROL_YAML = '"ctl \\x01\\a\\e[31mRED\\e[0m \\x7f \\N \\L \\uFEFF \\uFFFE \\U0001F600 \\u202E end"'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "feedback.yaml").write_text(FEEDBACK, encoding="utf-8")
    (folder / "quiet.yaml").write_text(SUPPRESSED, encoding="utf-8")
    (folder / HOSTILE_NAME).write_text(NAMED, encoding="utf-8")
    (folder / "cancellation.yaml").write_text(CANCELLATION, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "ordinary" / "pricing.yaml", folder / "pricing.yaml")
    return folder


def test_the_hostile_values_reach_the_reports(monkeypatch, capsys, hostile: Path) -> None:
    """The premise of the tests below: every payload is in some finding's message, id, file or suppression."""
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(hostile), "--format", "json")
    findings = json.loads(out)["findings"]
    assert status == 1
    text = json.dumps(findings, ensure_ascii=False)
    for payload in (XSS, "onerror=alert(1)", "onerror=alert(3)", "[click](https://evil.example)", "<script>alert(4)</script>"):
        assert payload in text, payload
    assert any(f["doc_id"] == XSS for f in findings)
    assert any(f["suppression"] and XSS in f["suppression"]["reason"] for f in findings)


# --- HTML -------------------------------------------------------------------------------------------------------

TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "main", "section", "div", "svg",
    "desc", "text", "rect", "table", "caption", "thead", "tbody", "tr", "th", "td", "a", "article", "span", "pre", "b",
    "strong", "br", "footer", "nav", "ol", "ul", "li", "figure", "figcaption", "code", "em", "dl", "dt", "dd", "line",
}


class Page(HTMLParser):
    """Every element, attribute and text of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_scorecard_shows_every_hostile_value_as_text(monkeypatch, capsys, hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "card.html"
    status, _, err = run_cli(monkeypatch, capsys, "scorecard", str(hostile), "--format", "html", "-o", str(target))
    assert status == 1, err
    html = target.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    assert {tag for tag, _ in page.tags} <= TEMPLATE_TAGS
    assert [tag for tag, _ in page.tags].count("style") == 1
    assert [(tag, name) for tag, attrs in page.tags for name, _ in attrs if name.startswith("on")] == []
    links = [value for tag, attrs in page.tags if tag == "a" for name, value in attrs if name == "href"]
    assert all(link and link.startswith(("#", "https://")) for link in links)
    csp = next(dict(attrs)["content"] for tag, attrs in page.tags if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs)
    assert csp.startswith("default-src 'none';")
    text = "".join(page.text)
    assert f"# {XSS} in a comment" in text  # the YAML excerpt, as text
    assert ATTR in text  # a value, in a finding's message
    assert f"'{XSS}' is not a valid id" in text  # an id
    assert HOSTILE_NAME in text  # a file name
    assert f"{XSS} [x](https://evil.example)" in text  # a suppression's reason
    assert "<script>alert(4)</script>" in text


# --- Markdown ---------------------------------------------------------------------------------------------------


def unescaped(char: str) -> re.Pattern[str]:
    """`char` not escaped by a backslash (an even number of backslashes before it escape each other)."""
    return re.compile(r"(?<!\\)(?:\\\\)*" + re.escape(char))


def assert_inert_markdown(markdown: str) -> None:
    """No HTML, no link or image, no emphasis or code from a value, and every table row has its table's cells."""
    markdown = re.sub(r"\*\*([A-F]|not assessed)\*\*", "", markdown)  # the scorecard's own bold grade
    assert "<" not in markdown and ">" not in markdown
    for char in "[]`*_~":
        assert not unescaped(char).search(markdown), (char, unescaped(char).search(markdown))
    columns = None
    for line in markdown.split("\n"):
        if line.startswith("|"):
            cells = len(unescaped("|").findall(line))
            columns = columns if columns is not None else cells
            assert cells == columns, line
        else:
            columns = None
            assert not line.startswith((" ", "\t", "#" * 7, "- ", "* ", "> ", "<")), line


@pytest.mark.parametrize("command", ["lint", "scorecard"])
def test_markdown_escapes_every_hostile_value(monkeypatch, capsys, hostile: Path, command: str) -> None:
    status, out, err = run_cli(monkeypatch, capsys, command, str(hostile), "--format", "markdown")
    assert status == 1, err
    assert_inert_markdown(out)
    assert r"\[click\](https://evil.example)" in out
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(3)&gt;.yaml" in out


def test_markdown_diff_escapes_every_hostile_value(monkeypatch, capsys, hostile: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(hostile, base)
    (hostile / "cancellation.yaml").write_text(CANCELLATION.replace("steps: 2", "steps: 5\ntitle: '[x](https://evil.example) <b>'"))
    status, out, err = run_cli(monkeypatch, capsys, "diff", str(base), str(hostile), "--format", "markdown")
    assert status in (0, 1), err
    assert_inert_markdown(out)


def test_the_markdown_check_catches_markup() -> None:
    for broken in ("[x](y)", "| a | b |\n| a \\| b |\n| a | b | c |", "<b>", "*x*", "a\\\\*b"):
        with pytest.raises(AssertionError):
            assert_inert_markdown(broken)
    assert_inert_markdown("| a \\| b | \\[x\\] \\\\\\* |\n|---|---|")


# --- machine formats with control characters and any Unicode ---------------------------------------------------


@pytest.fixture
def control(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "cancellation.yaml").write_text(
        f"codecheck: 1\nkind: cancellation\nid: cancel\ncovers: [pricing]\nchannels: [online]\nsteps: 2\neffective: {CONTROL_YAML}\n",
        encoding="utf-8",
    )
    (folder / "ctl \u202e\U0001f600 \x1b.yaml").write_text(f"codecheck: 1\nkind: feedback\nid: {CONTROL_YAML}\nsurveys: []\n")
    shutil.copy(ROOT / "examples" / "ordinary" / "pricing.yaml", folder / "pricing.yaml")
    return folder


def strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_json_keeps_control_characters_and_any_unicode_exactly(monkeypatch, capsys, control: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(control), "--format", "json")
    assert status == 1
    findings = strict_json(out)["findings"]
    assert any(CONTROL in f["message"] for f in findings)
    assert any(f["doc_id"] == CONTROL for f in findings)
    assert any("\u202e\U0001f600 \x1b" in f["file"] for f in findings)


def test_sarif_stays_valid_with_control_characters_and_any_unicode(monkeypatch, capsys, control: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(control), "--format", "sarif")
    assert status == 1
    log = strict_json(out)
    results = log["runs"][0]["results"]
    assert any(plain_message(CONTROL) in r["message"]["text"] for r in results)  # brackets escaped for SARIF
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert any(uri.endswith("/ctl%20%E2%80%AE%F0%9F%98%80%20%1B.yaml") for uri in uris)
    if SARIF_SCHEMA.is_file():
        from jsonschema import Draft7Validator

        Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8-sig"))).validate(log)


def test_junit_stays_valid_xml_with_control_characters_and_any_unicode(monkeypatch, capsys, control: Path) -> None:
    from junitparser import JUnitXml

    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(control), "--format", "junit")
    assert status == 1
    root = ET.fromstring(out.encode("utf-8"))
    messages = [f.get("message") for f in root.iter("failure")]
    kept = CONTROL.replace("\x01", "\ufffd").replace("\x07", "\ufffd").replace("\x1b", "\ufffd").replace("\ufffe", "\ufffd")
    assert any(kept in (m or "") for m in messages), messages
    assert sum(1 for _ in JUnitXml.fromstring(out.encode("utf-8"))) >= 2


def test_text_and_github_annotations_keep_a_value_on_its_line(monkeypatch, capsys, control: Path) -> None:
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(control), "--format", "text")
    assert status == 1
    assert "\x1b" not in out and "\x07" not in out and "\u2028" not in out
    finding_lines = out.split("\n\n")[0].split("\n")
    assert all(re.match(r".+:\d+:\d+: CC\d{4} (error|warning|info) ", line) for line in finding_lines), finding_lines
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(control), "--format", "github")
    lines = out.rstrip("\n").split("\n")
    assert all(line.startswith("::") for line in lines[:-1]) and lines[-1].startswith("Found ")


# --- atomic writes ----------------------------------------------------------------------------------------------


@pytest.fixture
def written(monkeypatch, capsys, hostile: Path, tmp_path: Path) -> Path:
    """A report written once: the old file that a failed write must leave as it was."""
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    status, _, _ = run_cli(monkeypatch, capsys, "lint", str(hostile), "--format", "json", "-o", str(target))
    assert status == 1 and json.loads(target.read_text())["version"] == 1
    return target


def test_a_failure_when_replacing_keeps_the_old_report_and_leaves_no_temporary_file(monkeypatch, capsys, hostile: Path, written: Path) -> None:
    before = written.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output_module.os, "replace", refuse)
    status, _, err = run_cli(monkeypatch, capsys, "lint", str(hostile), "--format", "sarif", "-o", str(written))
    assert status == 2
    assert err == f"codecheck: error: {written}: cannot write: Permission denied\n"
    assert written.read_bytes() == before
    assert sorted(p.name for p in written.parent.iterdir()) == ["report.json"]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_halfway_through_writing_keeps_the_old_report_and_leaves_no_temporary_file(
    monkeypatch, capsys, hostile: Path, written: Path, failure: BaseException
) -> None:
    before = written.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

        def write(self, content: str) -> None:
            self.handle.write(content[: len(content) // 2])
            self.handle.flush()
            raise failure

    monkeypatch.setattr(output_module.os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    if isinstance(failure, OSError):
        status, _, err = run_cli(monkeypatch, capsys, "lint", str(hostile), "--format", "sarif", "-o", str(written))
        assert status == 2
        assert err == f"codecheck: error: {written}: cannot write: No space left on device\n"
    else:
        with pytest.raises(KeyboardInterrupt):
            output_module.write_output("x" * 100, str(written))
    assert written.read_bytes() == before
    assert sorted(p.name for p in written.parent.iterdir()) == ["report.json"]


@pytest.mark.parametrize("command", ["lint", "scorecard", "diff"])
def test_output_into_a_missing_folder_is_a_one_line_error(monkeypatch, capsys, hostile: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / "no" / "such" / "folder" / "report.md"
    paths = [str(hostile), str(hostile)] if command == "diff" else [str(hostile)]
    status, _, err = run_cli(monkeypatch, capsys, command, *paths, "--format", "markdown", "-o", str(target))
    assert status == 2
    assert err == f"codecheck: error: {target}: the folder {target.parent} does not exist\n"
    assert not (tmp_path / "no").exists()


def test_output_onto_a_folder_is_a_one_line_error(monkeypatch, capsys, hostile: Path, tmp_path: Path) -> None:
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(hostile), "-o", str(tmp_path))
    assert (status, out) == (2, "")
    assert f"Error: Invalid value for '-o' / '--output': File '{tmp_path}' is a directory." in err
    assert "Traceback" not in err


# --- nothing read is changed ------------------------------------------------------------------------------------


def fingerprints(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry under `folder`: content hash (or link target), mode and modification time."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root, name)
            info = path.lstat()
            if path.is_symlink():
                content = "->" + os.readlink(path)
            elif path.is_file():
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                content = "folder"
            found[str(path.relative_to(folder))] = (content, info.st_mode, info.st_mtime_ns)
    return found


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "{p}"),
        ("lint", "{p}", "--format", "sarif"),
        ("lint", "{p}", "--write-baseline", "{out}/baseline.json"),
        ("lint", "{p}", "--jobs", "2"),
        ("scorecard", "{p}", "--format", "html", "-o", "{out}/card.html"),
        ("scorecard", "{p}", "--format", "json"),
        ("diff", "{base}", "{p}", "--format", "markdown"),
        ("diff", "--base", "HEAD", "{p}"),
        ("config", "{p}"),
    ],
)
def test_lint_scorecard_and_diff_change_nothing_they_read(monkeypatch, capsys, hostile: Path, tmp_path: Path, args) -> None:
    import subprocess

    shutil.copytree(ROOT / "examples" / "lock-in", hostile / "lock-in")
    (hostile / ".codecheck.yaml").write_text("fail_on: warning\n")
    (hostile / "link.yaml").symlink_to("feedback.yaml")
    (hostile / "broken.yaml").write_bytes(b"a: [1\n\xff")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-q", "-m", "policies"], check=True)
    base = tmp_path / "base"
    shutil.copytree(hostile, base, symlinks=True)
    out = tmp_path / "out"
    out.mkdir()
    watched = {"policies": hostile, "base": base, "git": tmp_path / ".git"}
    before = {name: fingerprints(folder) for name, folder in watched.items()}
    monkeypatch.chdir(tmp_path)
    argv = [a.format(p=hostile, base=base, out=out) for a in args]
    status, stdout, err = run_cli(monkeypatch, capsys, *argv)
    assert status in (0, 1), err
    assert "Traceback" not in stdout + err
    assert {name: fingerprints(folder) for name, folder in watched.items()} == before


def test_output_to_a_device_writes_into_it_and_never_replaces_it(monkeypatch, capsys, tmp_path: Path) -> None:
    import stat

    (tmp_path / "p").mkdir()
    status, _, _ = run_cli(monkeypatch, capsys, "lint", str(tmp_path / "p"), "--format", "json", "-o", os.devnull)
    assert status == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device, not a file renamed over it


# --- control characters in every terminal and CI format -----------------------------------------------------------

TERMINAL_HOSTILE = ("\x1b", "\x07", "\x00", "\x9b", "\u202e", "\u2028")
"""An ANSI escape (and its one-byte C1 form), a bell, a NUL, a right-to-left override, a line separator."""


def assert_no_control(text: str) -> None:
    assert not [c for c in TERMINAL_HOSTILE if c in text], [hex(ord(c)) for c in TERMINAL_HOSTILE if c in text]


@pytest.mark.parametrize("fmt", ["text", "github", "markdown"])
def test_terminal_and_ci_formats_carry_no_control_character(monkeypatch, capsys, control: Path, fmt: str) -> None:
    """github and markdown passed ESC and friends through into CI logs and PR comments."""
    status, out, _ = run_cli(monkeypatch, capsys, "lint", str(control), "--format", fmt, "--color", "never")
    assert status == 1
    assert "\ufffd" in out  # the value is still shown, its control characters as U+FFFD
    assert_no_control(out)


def test_stale_baseline_entries_are_printed_without_control_characters(monkeypatch, capsys, control: Path, tmp_path: Path) -> None:
    """A committed baseline is untrusted: its stale entries' fields went to the terminal as they were."""
    entry = {"fingerprint": "f" * 20, "rule_id": "CC0101\x1b[2J", "doc_id": "x\n::error::fake", "path": "a\u202eb\x07", "value": ""}
    (tmp_path / "baseline.json").write_text(json.dumps({"version": baseline.VERSION, "findings": [entry]}))
    status, out, err = run_cli(monkeypatch, capsys, "lint", str(control), "--baseline", str(tmp_path / "baseline.json"))
    assert status == 1, err
    (stale,) = [line for line in out.split("\n") if line.startswith("baseline: ")]
    assert stale == "baseline: CC0101\ufffd[2J x\ufffd::error::fake a\ufffdb\ufffd no longer occurs; remove it from the baseline"
    assert_no_control(out)


def test_an_error_message_is_one_line_without_control_characters(monkeypatch, capsys, tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "CC0999.yaml").write_text("id: \"CC09\\e[31m\\u202e\\nfake\"\n")
    status, out, err = run_cli(monkeypatch, capsys, "rules", "--rules", str(tmp_path / "pack"))
    assert status == 2 and out == ""
    assert err.startswith("codecheck: error: ") and err.count("\n") == 1
    assert_no_control(err)


PACK_RULE = """\
id: CC0999
name: test-rule
title: "TITLE"
tenet: 9
kinds: [cancellation]
severity: warning
check: {field: steps, lte: 3}
message: cancelling takes {value} steps
rationale: "TITLE"
fix: "TITLE"
references: [{title: "TITLE", url: "URL"}]
examples:
  pass: [{steps: 1}]
  fail: [{steps: 4}]
"""


def test_rules_markdown_escapes_a_packs_texts_and_urls(monkeypatch, capsys, tmp_path: Path) -> None:
    """`rules --format markdown` put a pack's titles and URLs into the page as they were."""
    title = "| cell | [click](https://evil.example) <script>x</script> **b** \\x1b"
    url = "https://ok.example/a) [x](https://evil.example \"t\") <b>"
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "CC0999.yaml").write_text(PACK_RULE.replace("TITLE", title).replace("URL", url.replace('"', '\\"')))
    status, out, err = run_cli(monkeypatch, capsys, "rules", "--format", "markdown", "--rules", str(tmp_path / "pack"))
    assert status == 0, err
    (section,) = [part for part in out.split("\n### ") if part.startswith("CC0999 ")]
    lines = section.split("\n")[1:]
    (references,) = [line for line in lines if line.startswith("- References: ")]
    values = [re.sub(r"^- [A-Z][a-z ]+: ", "", line) for line in lines if line is not references]  # our list, its values
    assert_inert_markdown("\n".join(values).replace("**", "", 2))  # and the rule's own bold title
    assert_no_control(section)
    shown = r"\| cell \| \[click\](https://evil.example) &lt;script&gt;x&lt;/script&gt; \*\*b\*\* " + "\ufffd"
    assert references == (  # one link, ours: the text escaped, the address unable to end it
        f"- References: [{shown}](https://ok.example/a%29%20%5Bx%5D%28https://evil.example%20%22t%22%29%20%3Cb%3E)"
    )
