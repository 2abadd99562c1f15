"""Baselines: adopt codecheck on an existing policy repo without fixing everything on day one.

`lint --write-baseline FILE` records today's findings by fingerprint (rule,
document id, value path with list items named by identity, and value; never
the line), so edits elsewhere in a file, inserting or reordering list items,
renaming a file or moving a document to another file do not break the match. `lint --baseline FILE` then fails only on
findings not in it, and reports the entries that no longer occur.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import replace
from importlib import resources
from typing import Any

from codecheck.documents import checks
from codecheck.documents.files import read_text
from codecheck.documents.parse import parse
from codecheck.documents.schemacheck import Checker
from codecheck.documents.textscan import deepest, longest_number
from codecheck.documents.validate import describe
from codecheck.errors import UsageError
from codecheck.model import BaselineEntry, Finding, Path, Report, format_path

VERSION = 2
"""Version 2 names list items by identity (`plans[id=pro]`); version 1 named them by position."""


def render(report: Report) -> str:
    """The baseline file for a report: its active findings, sorted for stable diffs."""
    entries = sorted(
        (
            {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "doc_id": f.doc_id, "path": f.path, "value": f.value}
            for f in report.active
        ),
        key=lambda e: (e["rule_id"], str(e["doc_id"]), e["path"], e["fingerprint"]),
    )
    return json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def read(path: str) -> list[BaselineEntry]:
    """The entries of a baseline file, read through the safe reader and checked against schemas/baseline.json.

    A baseline is committed, so it is as untrusted as a policy: a fingerprint that
    is a mapping, a file nested 100,000 deep or /dev/zero is a one-line error.
    """
    text = read_text(path)
    if isinstance(text, Finding):
        raise UsageError(f"{path}: cannot read the baseline: {text.message.removeprefix('cannot read the file: ')}")
    try:
        data = json.loads(text, object_pairs_hook=_unique)
    except _Duplicate:
        raise UsageError(_duplicate(path, text)) from None
    except RecursionError:
        depth, line, column = deepest(text)
        raise UsageError(f"{path}:{line}:{column}: {_NOT_A_BASELINE}: it is nested too deeply ({depth:,} levels)") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}:{error.lineno}:{error.colno}: {_NOT_A_BASELINE}: it is not valid JSON") from error
    except ValueError as error:  # int() refuses a number of more digits than sys.get_int_max_str_digits()
        long = longest_number(text)
        where, what = (f"{path}:{long[1]}:{long[2]}", f"a number with {long[0]:,} digits") if long else (path, "a value")
        raise UsageError(f"{where}: {_NOT_A_BASELINE}: {what} is too long to read") from error
    problem = _checker().best_error(data)
    if problem is not None:
        key_path = tuple(problem.absolute_path)
        shown = f"{format_path(key_path)}: " if key_path else ""
        raise UsageError(f"{_where(path, text, key_path)}: {_NOT_A_BASELINE}: {shown}{describe(problem)}")
    _check_version(path, data)
    return [
        BaselineEntry(e["fingerprint"], e["rule_id"], e.get("doc_id"), e.get("path", ""), e.get("value", ""))
        for e in data["findings"]
    ]


_NOT_A_BASELINE = "not a codecheck baseline file (written by lint --write-baseline)"


@functools.cache
def _checker() -> Checker:
    return Checker(json.loads((resources.files("codecheck") / "schemas" / "baseline.json").read_text(encoding="utf-8")))


def _where(path: str, text: str, key_path: Path) -> str:
    """file:line:col of the value at `key_path`, found by reading the JSON as YAML (which it is)."""
    docs, problems = parse(text, path)
    pos = docs[0].position(key_path) if docs and not problems else None
    return f"{path}:{pos.line}:{pos.column}" if pos else path


class _Duplicate(ValueError):
    """A key given twice in one JSON object."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: with two `findings`, a reviewer reads one list and
    codecheck would use the other, as a YAML duplicate key would (CC0005)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _Duplicate()
    return data


def _duplicate(path: str, text: str) -> str:
    """The error for a duplicate key, at the second key, as the YAML reader finds it (JSON is YAML)."""
    _, problems = parse(text, path)
    found = next((p for p in problems if p.rule_id == checks.DUPLICATE_KEY.id), None)
    if found is None:
        return f"{path}: {_NOT_A_BASELINE}: a key is given twice in one object"
    return f"{path}:{found.line}:{found.column}: {_NOT_A_BASELINE}: {found.message}"


def _check_version(path: str, data: object) -> None:
    """A version 1 baseline cannot be matched: its fingerprints named list items by position, which
    the findings no longer carry. Rewriting it on the commit that wrote it records the same findings."""
    version = data.get("version") if isinstance(data, dict) else None
    if version == 1:
        raise UsageError(
            f"{path}: a version 1 baseline, which named list items by their position; this codecheck reads version "
            f"{VERSION}. Rewrite it: check out the commit that last changed it and run "
            f"`codecheck lint --write-baseline {path}` there, so that it records the same findings"
        )
    if version != VERSION:
        raise UsageError(f"{path}: {_NOT_A_BASELINE}: it is version {version}; this codecheck reads version {VERSION}")


def apply(report: Report, entries: list[BaselineEntry]) -> Report:
    """Mark the findings the baseline knows; keep the entries that matched nothing as stale."""
    remaining = Counter(e.fingerprint for e in entries)
    findings: list[Finding] = []
    for finding in report.findings:
        if finding.suppression is None and remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            finding = replace(finding, baselined=True)
        findings.append(finding)
    stale: list[BaselineEntry] = []
    for entry in entries:
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            stale.append(entry)
    return replace(report, findings=tuple(findings), stale_baseline=tuple(stale))
