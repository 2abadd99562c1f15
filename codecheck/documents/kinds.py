"""The policy document kinds: one JSON Schema each, shipped in codecheck/schemas/.

A kind's file holds only its own fields; the header every document shares
(codecheck, kind, id, title, jurisdictions, governance) and the common
definitions (duration, money, ...) are merged in here, so each kind's schema
is complete and self-contained for editors (`codecheck schema KIND`).

`combined()` is the one schema an editor is pointed at: it picks a kind's
schema by the document's `kind:`. Every `$id` is a file name
(`cancellation.schema.json`), so the combined schema and the per-kind files
written beside it (`codecheck schema --all`) resolve each other wherever they
are saved, without a network.
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable

from codecheck.documents.jurisdictions import with_codes
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

COMBINED_FILE = "codecheck.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_file(kind: str) -> str:
    """The file name, and so the `$id`, of the schema of `kind`."""
    return f"{kind}.schema.json"


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
    result["$id"] = schema_file(kind)
    result["properties"] = {**header["properties"], **result.get("properties", {})}
    result["required"] = header["required"] + [r for r in result.get("required", []) if r not in header["required"]]
    result["$defs"] = {**common["$defs"], **result.get("$defs", {})}
    return with_codes(result)


def combined() -> dict[str, Any]:
    """The schema of any policy document: `kind` names one of the kinds, whose schema then applies.

    if/then rather than oneOf: a document with a known kind is checked against
    that kind's schema alone, so an editor reports its errors, not nine
    alternatives' worth.
    """
    kind_field = _read("common")["header"]["properties"]["kind"]
    return {
        "$schema": DRAFT,
        "$id": COMBINED_FILE,
        "title": "codecheck policy document",
        "description": "A codecheck policy document; its `kind` selects the schema of its fields.",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                **kind_field,
                "enum": list(KINDS),
                "enumDescriptions": [_read(kind).get("description", "") for kind in KINDS],
            }
        },
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": schema_file(kind)},
            }
            for kind in KINDS
        ],
    }


def exported() -> dict[str, str]:
    """What `codecheck schema --all` and `codecheck init` write: file name -> text, the combined schema first."""
    schemas = {COMBINED_FILE: combined(), **{schema_file(kind): schema(kind) for kind in KINDS}}
    return {name: as_text(value) for name, value in schemas.items()}


def as_text(value: dict[str, Any]) -> str:
    """A schema as its file holds it: indented, UTF-8, one final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@functools.cache
def checker(kind: str) -> Checker:
    """The compiled schema of `kind`, built once per process.

    Without its `$id`: a file name is relative, resolved against where an editor
    loaded the file, and the lowest jsonschema-rs allowed (0.20) refuses a relative `$id`
    with nothing to resolve it against. Every `$ref` inside is local.
    """
    return Checker({key: value for key, value in schema(kind).items() if key != "$id"})


def _walk(root: dict[str, Any], visit: Callable[[dict[str, Any], Path], object]) -> None:
    """Call `visit` on every subschema of `root` with the data path it describes (`*` = each list item)."""

    def walk(node: Any, path: Path, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        visit(node, path)
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


@functools.cache
def identities(kind: str) -> dict[Path, tuple[str, ...]]:
    """The lists of `kind` whose items are named by keys of their own (`x-identity`: one key, or several
    that name an item together), by path (`*` = each item)."""
    found: dict[Path, tuple[str, ...]] = {}

    def visit(node: dict[str, Any], path: Path) -> None:
        declared = node.get("x-identity")
        if isinstance(declared, (str, list)):
            found.setdefault(path, (declared,) if isinstance(declared, str) else tuple(declared))

    _walk(schema(kind), visit)
    return found


@functools.cache
def references(kind: str) -> tuple[Reference, ...]:
    """Every field of `kind` marked with `x-references`, found by walking its schema."""
    found: list[Reference] = []

    def visit(node: dict[str, Any], path: Path) -> None:
        if "x-references" in node:
            found.append(Reference(path, node["x-references"]))

    _walk(schema(kind), visit)
    return tuple(dict.fromkeys(found))


def field_description(kind: str | None, path: Path) -> str:
    """The first sentence of the schema's description of the field at `path` ('' when none).

    A gap says in words what is not stated; the schema already describes every field once.
    """
    return _description(kind, tuple(0 if isinstance(part, int) else part for part in path))


@functools.lru_cache(maxsize=4096)
def _description(kind: str | None, path: Path) -> str:
    """field_description for a path whose list items are all item 0: every item has one schema."""
    if kind not in KINDS:
        return ""
    root = schema(kind)
    node: dict[str, Any] | None = root
    for part in path:
        node = _child(root, node, part) if node is not None else None
    if node is None:
        return ""
    described = node if "description" in node else _resolve(root, node)
    return _without_citation(_before_list(first_sentence(str(described.get("description", "")))))


def first_sentence(text: str) -> str:
    """Up to the first full stop outside parentheses that ends a sentence ("Art. 5(2)" does not)."""
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        following = text[i + 2 : i + 3]
        if char == "." and depth == 0 and text[i + 1 : i + 2] == " " and (following.isalpha() or following == "`"):
            if not text[max(0, i - 4) : i].endswith(("Art", "reg", "No", "Nr", "e.g", "i.e")):
                return text[:i]
    return text.rstrip(".")


def _child(root: dict[str, Any], node: dict[str, Any], part: str | int) -> dict[str, Any] | None:
    """The schema of a list item (an int part) or of a property, looking through $ref and anyOf/oneOf."""
    node = _resolve(root, node)
    child = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    if isinstance(child, dict):
        return child
    for alternative in (*node.get("anyOf", ()), *node.get("oneOf", ())):
        found = _child(root, alternative, part) if isinstance(alternative, dict) else None
        if found is not None:
            return found
    return None


def _before_list(sentence: str) -> str:
    """The sentence up to a colon outside parentheses: what follows lists the values, the schema's business."""
    depth, quoted = 0, False
    for i, char in enumerate(sentence):
        depth += {"(": 1, ")": -1}.get(char, 0)
        quoted = quoted != (char == '"')
        if char == ":" and depth == 0 and not quoted and sentence[i + 1 : i + 2] == " ":
            scoped = sentence.startswith(("For ", "When "))  # "For savings claims: the amount ..."
            return _before_list(sentence[i + 1 :].strip()) if scoped else sentence[:i]
    return sentence


def _without_citation(sentence: str) -> str:
    """The sentence without the law it cites in a closing parenthesis: the rule's finding names that."""
    if not sentence.endswith(")"):
        return sentence
    depth = 0
    for i in range(len(sentence) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(sentence[i], 0)
        if depth == 0:
            return sentence[:i].rstrip() or sentence
    return sentence


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
        node = root["$defs"][node["$ref"][len("#/$defs/") :]]
    return node
