"""README.md, docs/*.md and the examples' READMEs stay true: what they quote is run, and must still hold.

Every fenced block is accounted for. A `text` block that starts with `$ ` is a
transcript: its command runs and the output shown must be what codecheck
prints (a line `...` stands for lines left out; paths are those of the run).
An `sh` block's codecheck commands run and exit as their comment says
(`# exits 1`), or 0 or 1 when it says nothing, and print every rule id the
comment names; an `sh` block of other commands runs as one script. YAML
blocks are checked for what they are: a policy document must validate, a
config must be accepted by `codecheck config`, a rule must compile (and its
examples behave), a suppression or an approvals file must be read. JSON must parse, and a lint
report must match its schema. An HTML comment on the line before a block
says what else to do with it:

- `<!-- file: PATH -->`: write the block to PATH for the commands after it;
- `<!-- ci:run -->`, `<!-- ci:test -->`: `.ci/run` runs it, on a fresh clone;
- `<!-- run by PATH, ... -->`: the tests at these paths run it (it needs inputs they make);
- `<!-- not run: REASON -->`: nothing can run it here, and REASON says why.

Each document's commands run in order in a fresh folder holding a copy of
examples/ and, as policies/, of examples/customer-first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from codecheck.cli.app import cli
from codecheck.documents import checks
from codecheck.documents.parse import parse
from codecheck.documents.suppressions import parse_suppressions
from codecheck.documents.validate import validate
from codecheck.engine.rulebook import compile_rule, load_rules
from codecheck.engine.ruletest import run_all_examples
from codecheck.gate.approvals import APPROVALS_FILE, read_approvals

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "examples").glob("*/README.md")])
FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"^<!--\s*(.*?)\s*-->$")


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int
    language: str
    text: str
    marker: str

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """The fenced blocks of a Markdown file, each with the HTML comment just before it, if any."""
    found: list[Block] = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    number, previous = 0, ""
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if opening is None:
            previous = lines[number].strip() or previous
            number += 1
            continue
        end = next(i for i in range(number + 1, len(lines)) if lines[i].startswith("```"))
        marker = MARKER.match(previous)
        text = "\n".join(lines[number + 1 : end]) + "\n"
        found.append(Block(doc, number + 1, opening.group(1), text, marker.group(1) if marker else ""))
        number, previous = end + 1, ""
    return found


def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "examples" / "customer-first", tmp_path / "policies", ignore=shutil.ignore_patterns("*.md"))
    return tmp_path


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command as a reader runs it, with codecheck on the PATH; standard error follows standard output."""
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300
    )


def shown_in(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `expected` with each `...` line standing for any lines, none included."""
    pattern = "".join(".*?\n" if line == "..." else re.escape(line + "\n") for line in expected)
    pattern = re.sub(r"(\.\*\?\\n|\.\*\?\n)+", lambda m: "(?:.*\n)*?", pattern)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def check_transcript(block: Block, cwd: Path) -> None:
    lines = block.text.rstrip("\n").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
    for first, nxt in zip(starts, [*starts[1:], len(lines)], strict=True):
        done = shell(lines[first][2:], cwd)
        actual = done.stdout.replace(f"{cwd}/", "").rstrip("\n").split("\n")
        expected = lines[first + 1 : nxt]
        assert shown_in(expected, actual), f"{block}: `{lines[first][2:]}` now prints:\n{done.stdout}"


STATUS = re.compile(r"\bexits? (?:status )?(\d)\b")
RULE_ID = re.compile(r"\bCC\d{4}\b")


def check_commands(block: Block, cwd: Path) -> None:
    lines = [line for line in block.text.splitlines() if line.strip()]
    if not all(line.startswith("codecheck ") for line in lines):
        done = shell(block.text, cwd)
        assert "bash: " not in done.stdout, f"{block}: bash cannot run it:\n{done.stdout}"
        assert done.returncode in (0, 1), f"{block}: the script exits {done.returncode}:\n{done.stdout}"
        return
    for line in lines:
        command, _, comment = line.partition("#")
        done = shell(command, cwd)
        assert "bash: " not in done.stdout, f"{block}: bash cannot run `{command.strip()}`:\n{done.stdout}"
        stated = STATUS.search(comment)
        allowed = {int(stated.group(1))} if stated else {0, 1}
        assert done.returncode in allowed, f"{block}: `{command.strip()}` exits {done.returncode}:\n{done.stdout[-3000:]}"
        named = set(RULE_ID.findall(comment))
        assert named <= set(RULE_ID.findall(done.stdout)), f"{block}: `{command.strip()}` no longer reports {named}"


def config_keys() -> set[str]:
    schema = json.loads((ROOT / "codecheck" / "schemas" / "config.json").read_text(encoding="utf-8"))
    return set(schema["properties"])


def rule_keys() -> set[str]:
    schema = json.loads((ROOT / "codecheck" / "schemas" / "rule.json").read_text(encoding="utf-8"))
    return set(schema["properties"])


def check_yaml(block: Block, cwd: Path) -> None:
    docs, problems = parse(block.text, str(block))
    assert problems == [], f"{block}: {problems[0].message}"
    data = docs[0].data if docs else None
    if not isinstance(data, dict):
        pytest.fail(f"{block}: a YAML block this test does not know how to check; mark it")
    if "kind" in data and "codecheck" in data:  # a policy document: sound, and its suppressions too
        sound, found = validate(tuple(docs), complete=False)
        assert found == [] and len(sound) == len(docs), f"{block}: {found[0].message if found else 'not sound'}"
        check_suppressions(block)
    elif set(data) == {"approvals"}:  # a .codecheck-approvals.yaml: diff reads it
        (cwd / APPROVALS_FILE).write_text(block.text, encoding="utf-8")
        assert read_approvals(str(cwd / APPROVALS_FILE)), f"{block}: no approval read"
        (cwd / APPROVALS_FILE).unlink()
    elif set(data) == {"repos"}:  # a .pre-commit-config.yaml
        hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
        assert {h["id"] for repo in data["repos"] for h in repo["hooks"]} <= hooks, f"{block}: no such hook"
    elif set(data) <= config_keys():  # a config file: codecheck config accepts it
        (cwd / ".codecheck.yaml").write_text(block.text, encoding="utf-8")
        for pack in data.get("rules", []):
            (cwd / pack).mkdir(parents=True, exist_ok=True)
        done = shell("codecheck config policies", cwd)
        (cwd / ".codecheck.yaml").unlink()
        assert done.returncode == 0, f"{block}: {done.stdout}"
    elif set(data) <= rule_keys():  # a rule, or a part of one
        check_rule(block, docs[0], data)
    elif len(data) == 1 and "codecheck:" in block.text:  # one line with a suppression
        check_suppressions(block)
    else:
        pytest.fail(f"{block}: a YAML block this test does not know how to check; mark it")


def check_suppressions(block: Block) -> None:
    found, problems = parse_suppressions(block.text, str(block))
    assert problems == [], f"{block}: {problems[0].message}"
    known = {r.id for r in load_rules()}
    assert all(set(s.rule_ids) <= known for s in found), f"{block}: a suppression names an unknown rule"


PARTS = {
    "id": "CC0999", "name": "example", "title": "An example", "tenet": 9, "severity": "warning",
    "message": "it fails", "rationale": "Why.", "fix": "How.", "references": [{"title": "A source"}],
    "examples": {"pass": [{}], "fail": [{}]}, "kinds": ["cancellation"], "check": {"field": "steps", "exists": True},
}
"""What a rule fragment in the docs leaves out, so that the part it shows can be compiled."""


def check_rule(block: Block, doc: Any, data: dict[str, Any]) -> None:
    complete = set(PARTS) <= set(data)
    full = data if complete else {**PARTS, **data}
    rule_doc = parse(yaml.safe_dump(full, sort_keys=False), str(block))[0][0] if not complete else doc
    rule = compile_rule(rule_doc)
    if complete:  # a whole rule: its examples behave as it declares
        problems = [r.problem for r in run_all_examples((rule,)) if r.problem]
        assert problems == [], f"{block}: {problems[0]}"


def check_json(block: Block) -> None:
    data = json.loads(block.text)
    if isinstance(data, dict) and "findings" in data and "summary" in data:
        schema = json.loads((ROOT / "docs" / "schemas" / "lint-output.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)


def check_block(block: Block, cwd: Path) -> None:
    marker = block.marker
    if marker.startswith("file:"):
        target = cwd / marker.removeprefix("file:").strip()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
    elif marker in ("ci:run", "ci:test"):
        assert block.doc.name == "README.md" and block.language == "sh", f"{block}: .ci/run reads these from the README"
    elif marker.startswith("run by "):
        tests = [t.strip() for t in marker.removeprefix("run by ").split(",")]
        assert all((ROOT / t).is_file() for t in tests), f"{block}: {marker}: no such test"
    elif marker.startswith("not run:"):
        assert marker.removeprefix("not run:").strip(), f"{block}: say why it is not run"
    elif block.language == "text" and block.text.startswith("$ "):
        check_transcript(block, cwd)
    elif block.language == "sh":
        check_commands(block, cwd)
    elif block.language == "yaml":
        check_yaml(block, cwd)
    elif block.language == "json":
        check_json(block)
    else:
        pytest.fail(f"{block}: a {block.language or 'plain'} block that nothing runs; make it runnable or mark it")


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_of_a_document_holds(doc: Path, tmp_path: Path) -> None:
    cwd = workdir(tmp_path)
    for block in blocks(doc):
        check_block(block, cwd)


def test_the_readme_names_the_two_commands_ci_runs() -> None:
    markers = [b.marker for b in blocks(ROOT / "README.md")]
    assert markers.count("ci:run") == 1 and markers.count("ci:test") == 1


def test_a_stale_transcript_line_fails(tmp_path: Path) -> None:
    """The comparison can fail: a line codecheck no longer prints, or one out of order, is caught."""
    actual = ["a", "b", "c", "", "Found 2 errors."]
    assert shown_in(["a", "...", "Found 2 errors."], actual)
    assert shown_in(["a", "b", "c", "", "Found 2 errors."], actual)
    assert not shown_in(["a", "...", "Found 3 errors."], actual)
    assert not shown_in(["c", "...", "b", "...", "Found 2 errors."], actual)
    assert not shown_in(["a", "c", "...", "Found 2 errors."], actual)  # without `...`, lines are adjacent


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_counts_the_rules_it_ships() -> None:
    claimed = re.search(r"against (\d+) declarative rules", README)
    assert claimed and int(claimed.group(1)) == len(load_rules())


def test_the_readme_names_the_range_of_document_check_ids() -> None:
    claimed = re.search(r"with ids\s+(CC\d{4})-(CC\d{4})", README)
    ids = sorted(c.id for c in checks.ALL)
    assert claimed and (claimed.group(1), claimed.group(2)) == (ids[0], ids[-1])


def test_the_readme_command_table_names_real_commands_and_formats() -> None:
    rows = re.findall(r"^\| `codecheck (\w[\w-]*)[^|]*\|(.*)\|$", README, re.M)
    assert rows
    for command, described in rows:
        assert command in cli.commands, command
        formats = re.search(r"--format ([\w\\|]+)", described)
        if formats:
            options = {p.name: p for p in cli.commands[command].params}
            assert set(formats.group(1).split("\\|")) == set(options["fmt"].type.choices), (command, formats.group(1))


PATH_IN_TEXT = re.compile(r"`([.\w-]+/[^`\s<>*]*)`")
TOP = {p.name for p in ROOT.iterdir()} - {".git", ".venv", "node_modules", "build"}
PACKAGE = {p.name for p in (ROOT / "codecheck").iterdir() if p.is_dir()}


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_document_cites_is_in_the_project(doc: Path) -> None:
    """A path into the project (`docs/ci.md`, `engine/operators.py`, a link) names a file or folder that exists,
    a test cited as `tests/x.py::test_name` is still there, and a Markdown file cited must be the project's."""
    text = doc.read_text(encoding="utf-8")
    cited = set(PATH_IN_TEXT.findall(text)) | set(re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", text))
    missing = []
    for cite in sorted(cited):
        path, _, test = cite.partition("::")  # tests/x.py::test_name: the test must exist too
        head = path.split("/")[0]
        source = (ROOT / path).read_text(encoding="utf-8") if test and (ROOT / path).is_file() else ""
        if test and not re.search(rf"^def {re.escape(test)}\(", source, re.M):
            missing.append(cite)
            continue
        here = [ROOT / path, doc.parent / path, ROOT / "codecheck" / path]
        if (head in TOP or head in PACKAGE or path.endswith(".md")) and not (any(p.exists() for p in here) or ignored(path)):
            missing.append(path)
    assert missing == [], f"{doc.relative_to(ROOT)} cites {missing}"


def ignored(path: str) -> bool:
    """A folder the project generates and never commits (git ignores it), such as bench/.corpus/."""
    return subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", path], capture_output=True).returncode == 0


def table_rows(doc: Path) -> list[tuple[set[str], set[str], bool]]:
    """(files, rule ids, whether it is reported as a gap) of each row of the example README's table of lapses."""
    rows = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and RULE_ID.search(cells[-1]) and ".yaml" in cells[0]:
            files, rules = set(re.findall(r"[\w-]+\.yaml", cells[0])), set(RULE_ID.findall(cells[-1]))
            rows.append((files, rules, cells[-2].startswith("gap")))
    return rows


def lint_json(example: str) -> list[dict[str, Any]]:
    done = shell(f"codecheck lint {ROOT / 'examples' / example} --format json", ROOT)
    return json.loads(done.stdout)["findings"]


def test_the_ordinary_example_lists_exactly_the_findings_lint_reports() -> None:
    """Its failures, every one; of its gaps, those the table names (the rest it says it leaves out)."""
    rows = table_rows(ROOT / "examples" / "ordinary" / "README.md")
    listed = {(file, rule, gap) for files, rules, gap in rows for file in files for rule in rules}
    found = lint_json("ordinary")
    reported = {(Path(f["file"]).name, f["rule_id"], False) for f in found if f["severity"] != "gap"}
    gaps = {(Path(f["file"]).name, f["rule_id"], True) for f in found if f["severity"] == "gap"}
    assert {row for row in listed if not row[2]} == reported
    assert {row for row in listed if row[2]} <= gaps


def test_the_customer_first_example_passes_every_rule() -> None:
    assert lint_json("customer-first") == []


def test_the_lock_in_example_is_what_its_readme_and_the_readme_say() -> None:
    found = lint_json("lock-in")
    tenets = Counter(f["tenet"] for f in found)
    erring = {f["tenet"] for f in found if f["severity"] == "error"}
    assert [f for f in found if f["tenet"] is None] == []  # "schema-valid, so codecheck reports only rule findings"
    assert set(tenets) == set(range(1, 11))  # "practices against all ten tenets"
    assert tenets.most_common(1)[0][0] == 4  # "the most under tenet 4 (data)"
    assert erring == set(range(1, 11)) - {3}  # "errors under every tenet but 3 (success)"
    assert "errors under nine tenets" in README
