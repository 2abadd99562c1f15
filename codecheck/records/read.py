"""Reading a scorecard's JSON back, as untrusted input: bounded, checked against a schema, turned into a Record.

The file goes through the same safe reader as policy files (regular files
only, at most 10 MiB, strict UTF-8); JSON numbers that are not plain integers
are refused by the schema; a bad file is a UsageError naming the file, and,
for a schema violation, the place in it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from codecheck.documents.files import read_text
from codecheck.documents.schemacheck import Checker
from codecheck.errors import UsageError
from codecheck.model import Finding
from codecheck.records.model import Record, RecordedFinding, RecordedTenet


@cache
def _checker() -> Checker:
    text = (resources.files("codecheck") / "schemas" / "scorecard-record.json").read_text(encoding="utf-8")
    return Checker(json.loads(text))


def read_record(path: str, link: str = "") -> Record:
    """The scorecard in the JSON file at `path`."""
    text = read_text(path)
    if isinstance(text, Finding):
        raise UsageError(f"{path}: {text.message}")
    return parse_record(text, path, link)


def parse_record(text: str, source: str, link: str = "") -> Record:
    try:
        data = json.loads(text, parse_constant=_refuse)
    except (json.JSONDecodeError, ValueError, RecursionError) as error:
        where = f":{error.lineno}:{error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise UsageError(f"{source}{where}: not a codecheck scorecard: {_reason(error)}") from None
    problem = _checker().best_error(data)
    if problem is not None:
        at = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in problem.absolute_path).lstrip(".")
        raise UsageError(f"{source}: not a codecheck scorecard: at {at or 'the top level'}: {_short(problem.message)}")
    return _record(data, source, link)


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def _short(text: str) -> str:
    return text if len(text) <= 160 else text[:157] + "..."


def _record(data: dict[str, Any], source: str, link: str) -> Record:
    prov, overall = data["provenance"], data["overall"]
    first_seen: dict[str, str] = data.get("first_seen", {})
    date = prov["date"]
    findings = tuple(
        RecordedFinding(
            f["fingerprint"],
            f["rule_id"],
            _int(f["tenet"]),
            f["severity"],
            f["message"],
            f["file"],
            int(f["line"]),
            tuple(f["legal_in"]),
            f["suppression"] is not None,
            first_seen.get(f["fingerprint"], date),
        )
        for f in data["findings"]
    )
    tenets = tuple(RecordedTenet(int(t["number"]), t["title"], _int(t["score"]), t["grade"]) for t in data["tenets"])
    return Record(
        source=source,
        organisation=data.get("organisation", ""),
        title=data.get("title", ""),
        date=date,
        paths=tuple(prov["paths"]),
        commit=prov["commit"],
        rulebook=prov["rulebook"],
        score=_int(overall["score"]),
        grade=overall["grade"],
        assessed_tenets=int(overall["assessed_tenets"]),
        tenets=tenets,
        findings=findings,
        link=link,
    )


def _int(value: Any) -> int | None:
    """JSON Schema counts 5.0 as an integer; the record keeps integers."""
    return None if value is None else int(value)
