"""Fuzz the loader: bytes -> decode -> parse (and suppression comments) -> validate, as `codecheck lint` reads a file.

    python fuzz/fuzz_loader.py -max_total_time=20            # what CI runs (tests/test_hostile.py)
    python fuzz/fuzz_loader.py -max_total_time=600 CORPUS/   # longer, by hand; CORPUS/ keeps what it learns

Every input must end in documents and findings: any exception is a crash, and
so is a finding whose line:column is not inside the file. With no corpus folder
on the command line, the examples and a few hostile snippets are copied to a
temporary one under $TMPDIR (libFuzzer writes into its corpus folder, never
into examples/), and a YAML dictionary is passed with -dict. Inputs slower than 10 seconds
are reported as timeouts (-timeout=10), over 2 GB as out of memory.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["codecheck"]):
    from codecheck.documents.files import decode
    from codecheck.documents.parse import parse
    from codecheck.documents.suppressions import parse_suppressions
    from codecheck.documents.validate import validate
    from codecheck.model import Finding

ROOT = Path(__file__).resolve().parent.parent
FILE = "fuzz.yaml"
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

SEEDS = {
    "anchors.yaml": "a: &x [1, 2]\nb: *x\n---\nc: *x\n",
    "merge.yaml": "base: &b {k: 1}\nother:\n  <<: *b\n",
    "tags.yaml": "x: !!python/object/apply:os.system ['true']\ny: !custom 1\nz: !!binary aGk=\n",
    "dups.yaml": "a: 1\na: 2\nb: {c: 1, c: 2}\n",
    "flow.yaml": "{a: [1, {b: [2, 3]}], ? c : d}\n",
    "scalars.yaml": "a: yes\nb: 1:30\nc: 0o17\nd: 0x1F\ne: .inf\nf: .nan\ng: 1e400\nh: ~\ni: '2026-01-01'\n",
    "suppress.yaml": "steps: 3  # codecheck: ignore[CC0902] reason=\"why\" owner=\"x\" until=2027-01-01\n# codecheck: ignore[CC0101]\na: 1\n",
    "block.yaml": "a: |\n  text\n  more\nb: >-\n  folded\n  text\n",
}

DICTIONARY = [
    "&a", "*a", "<<", "!!", "!!str", "!!python/object:", "---", "...", "%YAML 1.2", "%TAG", "? ", ": ", "- ", "[", "]",
    "{", "}", ",", "#", "|", ">", "'", '"', "\\x09", "\\x0a", "\\x0d\\x0a", "\\x0d", "\\xc2\\x85", "\\xe2\\x80\\xa8",
    "\\xef\\xbb\\xbf", "\\xff\\xfe", "\\xfe\\xff", "\\xe9", "\\x00", "codecheck: 1", "kind: ", "id: ", "pricing", "cancellation", "retention", "processing", "feedback",
    "covers: ", "channels: ", "steps: ", "P14D", "amount: ", "currency: EUR", "jurisdictions: [EU, DE]",
    "# codecheck: ignore[", "reason=", "owner=", "until=", "CC0902", "yes", "NO", "1:30", ".inf", ".nan", "0o7", "0x",
]


def lines_of(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def check_position(text: str, finding: Finding) -> None:
    """A finding's line:column is inside the file: a line that exists (or the one after the last), a column on it."""
    lines = lines_of(text)
    assert 1 <= finding.line <= len(lines) + 1, (finding, len(lines))
    width = len(lines[finding.line - 1]) if finding.line <= len(lines) else 0
    assert 1 <= finding.column <= width + 1, (finding, width)


def TestOneInput(data: bytes) -> None:  # the name atheris' examples use
    text = decode(data, FILE)
    if isinstance(text, Finding):  # binary, not UTF-8 or UTF-16: the position of the bad byte, in characters
        check_position(data.decode("utf-8", errors="replace"), text)
        return
    documents, findings = parse(text, FILE)
    suppressions, bad = parse_suppressions(text, FILE)
    _, problems = validate(tuple(documents))
    for finding in (*findings, *bad, *problems):
        check_position(text, finding)
    for suppression in suppressions:
        assert 1 <= suppression.line <= len(lines_of(text)), suppression
        assert 1 <= suppression.target_line <= len(lines_of(text)), suppression
    for document in documents:  # every position a finding could ask for exists
        document.position(())
        if isinstance(document.data, dict):
            for key in list(document.data)[:5]:
                document.position((key,), key=True)


def seed_folder(work: str) -> str:
    folder = os.path.join(work, "corpus")
    os.mkdir(folder)
    for example in sorted((ROOT / "examples").glob("*/*.yaml")):
        shutil.copy(example, os.path.join(folder, f"{example.parent.name}-{example.name}"))
    for name, text in SEEDS.items():
        Path(folder, name).write_text(text, encoding="utf-8")
    return folder


def dictionary_file(work: str) -> str:
    path = os.path.join(work, "yaml.dict")
    with open(path, "w", encoding="utf-8") as out:
        for token in DICTIONARY:  # libFuzzer's format: "token", with \\xNN escapes
            out.write('"' + token.replace('"', '\\"') + '"\n')
    return path


def main() -> None:
    argv = list(sys.argv)
    work = tempfile.mkdtemp(prefix="codecheck-fuzz-")  # under $TMPDIR; libFuzzer exits without cleaning up
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.append(seed_folder(work))
    if not any(a.startswith("-dict=") for a in argv):
        argv.append(f"-dict={dictionary_file(work)}")
    if not any(a.startswith("-timeout=") for a in argv):
        argv.append("-timeout=10")
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
