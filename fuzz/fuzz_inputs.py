"""Fuzz every file codecheck reads besides policies: config (.codecheck.yaml, pyproject.toml), baseline, rule file,
changes.yaml and approvals.

    python fuzz/fuzz_inputs.py -max_total_time=20             # what CI runs (tests/test_hostile.py)
    python fuzz/fuzz_inputs.py -max_total_time=600 CORPUS/    # longer, by hand

The first byte of an input chooses the reader, the rest is the file. Each
reader may return, or stop the run with a UsageError whose message starts with
the file's name; any other exception is a crash. The files are written
under a temporary folder of their own; the examples, the built-in rule files,
rules/changes.yaml and a baseline seed the corpus.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

import atheris

with atheris.instrument_imports(include=["codecheck"]):
    from codecheck.engine.rulebook import load_rule_file
    from codecheck.errors import UsageError
    from codecheck.gate import baseline
    from codecheck.gate.approvals import read_approvals
    from codecheck.gate.changes import load_directions
    from codecheck.settings.files import read_config

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(tempfile.mkdtemp(prefix="codecheck-fuzz-inputs-"))

READERS: list[tuple[str, Callable[[Path], object]]] = [
    (".codecheck.yaml", lambda path: read_config(str(path))),
    ("pyproject.toml", lambda path: read_config(str(path))),
    ("baseline.json", lambda path: baseline.read(str(path))),
    ("CC0999.yaml", lambda path: load_rule_file(path)),
    ("changes.yaml", lambda path: load_directions([path.parent])),
    (".codecheck-approvals.yaml", lambda path: read_approvals(str(path))),
]


def TestOneInput(data: bytes) -> None:  # the name atheris' examples use
    if not data:
        return
    name, read = READERS[data[0] % len(READERS)]
    path = FOLDER / name
    path.write_bytes(data[1:])
    try:
        read(path)
    except UsageError as error:  # printed on one line by the CLI's boundary, whatever values it quotes
        assert str(error).startswith(str(path)), str(error)


def seeds() -> dict[str, bytes]:
    found = {
        "config": b"\x00select: [CC09, lock-in]\nfail_on: warning\nper_path:\n  - paths: ['x/*']\n    ignore: [CC0101]\n",
        "pyproject": b"\x01[tool.codecheck]\nfail_on = 'warning'\nselect = ['CC09']\nas_of = 2026-01-01\n",
        "baseline": bytes([2]) + json.dumps({"version": baseline.VERSION, "findings": [
            {"fingerprint": "0" * 20, "rule_id": "CC0901", "doc_id": "x", "path": "steps", "value": "3"}]}).encode(),
        "changes": b"\x04" + (ROOT / "rules" / "changes.yaml").read_bytes(),
        "approvals": b"\x05approvals:\n  - {fingerprint: 0123456789abcdef, owner: Legal, reason: announced, until: 2027-01-01}\n",
    }
    for number, rule in enumerate(sorted((ROOT / "rules").glob("*/CC*.yaml"))[:20]):
        found[f"rule{number}"] = b"\x03" + rule.read_bytes()
    return found


def main() -> None:
    args = sys.argv[1:]
    if not any(not a.startswith("-") for a in args):  # no corpus folder given: seed a temporary one
        corpus = Path(tempfile.mkdtemp(prefix="codecheck-fuzz-corpus-"))
        for name, content in seeds().items():
            (corpus / name).write_bytes(content)
        args.append(str(corpus))
    if not any(a.startswith("-timeout=") for a in args):
        args.append("-timeout=10")
    os.chdir(FOLDER)  # whatever a reader resolves against the current folder stays in the fuzzer's own
    atheris.Setup([sys.argv[0], *args], TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
