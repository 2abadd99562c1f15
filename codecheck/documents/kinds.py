"""The policy document kinds: one JSON Schema each, shipped in codecheck/schemas/.

A kind's file holds only its own fields; the header every document shares
(codecheck, kind, id, title, jurisdictions, governance) and the common
definitions (duration, money, ...) are merged in here, so each kind's schema
is complete and self-contained for editors (`codecheck schema KIND`).
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from codecheck.documents.schemacheck import Checker
from codecheck.model import Path

KINDS: tuple[str, ...] = (
    "pricing",
    "cancellation",
    "retention",
    "processing",
    "compensation",
    "marketing",
    "support",
    "feedback",
    "incidents",
)

SCHEMA_BASE = "urn:codecheck:schema:v1:"


@dataclass(frozen=True)
class Reference:
    """A field that names another document: where it is (`*` = every list item) and the kind it names."""

    path: Path
    kind: str


def _read(name: str) -> dict[str, Any]:
    text = (resources.files("codecheck") / "schemas" / f"{name}.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


@functools.cache
def schema(kind: str) -> dict[str, Any]:
    """The complete JSON Schema of `kind`."""
    common = _read("common")
    result = copy.deepcopy(_read(kind))
    header = copy.deepcopy(common["header"])
    header["properties"]["kind"] = {**header["properties"]["kind"], "const": kind}
    result["$id"] = f"{SCHEMA_BASE}{kind}"
    result["properties"] = {**header["properties"], **result.get("properties", {})}
    result["required"] = header["required"] + [r for r in result.get("required", []) if r not in header["required"]]
    result["$defs"] = {**common["$defs"], **result.get("$defs", {})}
    return result


@functools.cache
def checker(kind: str) -> Checker:
    """The compiled schema of `kind`, built once per process."""
    return Checker(schema(kind))


@functools.cache
def references(kind: str) -> tuple[Reference, ...]:
    """Every field of `kind` marked with `x-references`, found by walking its schema."""
    root = schema(kind)
    found: list[Reference] = []

    def walk(node: Any, path: Path, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        if "x-references" in node:
            found.append(Reference(path, node["x-references"]))
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and ref not in seen:
            walk(root["$defs"][ref[len("#/$defs/") :]], path, seen | {ref})
        for name, child in node.get("properties", {}).items():
            walk(child, path + (name,), seen)
        if "items" in node:
            walk(node["items"], path + ("*",), seen)
        for combinator in ("anyOf", "oneOf", "allOf"):
            for child in node.get(combinator, []):
                walk(child, path, seen)

    walk(root, (), frozenset())
    return tuple(dict.fromkeys(found))
