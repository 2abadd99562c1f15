"""Customer-adverse changes: which value, moving which way, is worse for the customer.

Declared as data in a rule pack's `changes.yaml` (the built-in one is
rules/changes.yaml), validated against schemas/changes.json, so a user pack
can add its own:

    changes:
      - id: cancellation-steps-added
        kind: cancellation
        field: steps                 # from the document root; [*] = each item, matched by its id
        worse: higher                # higher | lower | to_true | to_false | added | removed | order
        # unless: {lawful_basis: [consent]}   for added/removed: items with these values are not adverse
        tenet: 9
        severity: error
        message: cancelling takes {after} steps instead of {before}

A message is a template in codecheck's placeholder language
(documents/templates.py): `{before}`, `{after}`, `{doc}` (the document's title),
`{item}` (the list item the change is in, by name) and `{path}` (where, as
`plans[id=pro].price`) are filled in, and nothing else may appear in braces;
each is checked when the file loads.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from dataclasses import field as default
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Iterable

from codecheck.documents import templates
from codecheck.documents.files import read_or_stop
from codecheck.documents.folders import foreign, leaves, not_shown
from codecheck.documents.identity import IDENTITY_KEYS, stable_value
from codecheck.documents.parse import parse
from codecheck.documents.schemacheck import Checker
from codecheck.documents.validate import describe
from codecheck.documents.values import cut, in_words, quote
from codecheck.errors import UsageError
from codecheck.model import Document, Path, Severity, format_path

CHANGES_FILE = "changes.yaml"


@dataclass(frozen=True)
class Direction:
    """One declared customer-adverse direction of change."""

    id: str
    kind: str
    field: str
    worse: str
    tenet: int
    severity: Severity
    message: str
    order: tuple[str, ...] = ()
    treat_as: dict[str, Any] = default(default_factory=dict)
    """Values compared as others: a renewal into an `indefinite` rolling contract is the shortest commitment."""
    unless: dict[str, tuple[Any, ...]] = default(default_factory=dict)
    """For `added` and `removed`: an item with one of these field values is not adverse (a purpose based on consent)."""
    rationale: str = ""
    """Why the move is worse for the customer, for `codecheck explain` and docs/changes.md."""


ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT"})()
"""A value one version does not have (shown as "nothing")."""


@dataclass(frozen=True)
class Change:
    """A customer-adverse change found between two versions of one document."""

    direction: Direction
    doc_id: str
    title: str
    path: str
    """Where, list items named by identity: `plans[id=pro].renewal_term`."""
    before: Any
    after: Any
    document: Document
    where: Path

    @classmethod
    def of(cls, direction: Direction, after: Document, path: str, where: Path, old: Any, new: Any) -> Change:
        title = str(after.data.get("title") or after.id)
        return cls(direction, str(after.id), title, path, old, new, after, where)

    @property
    def type(self) -> str:
        """changed, added (an item the old version lacks) or removed (one the new version lacks)."""
        if self.direction.worse in ("added", "removed"):
            return self.direction.worse
        return "changed"

    @property
    def fingerprint(self) -> str:
        """What an approval names: the direction, the document, the path and both values, never a position."""
        parts = (self.direction.id, self.direction.kind, self.doc_id, self.path, _stable(self.before), _stable(self.after))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]

    @property
    def message(self) -> str:
        filled = {"before": describe_value(self.before), "after": describe_value(self.after)}
        filled.update(doc=cut(self.title), path=cut(self.path), item=self.item)
        return templates.render(self.direction.message, filled.__getitem__)

    @property
    def item(self) -> str:
        """The list item the change is in, by name ("Pro (pro)"), or the document's title when it is in none.

        An added item is not its own holder: a new recipient is in its purpose.
        """
        node, holder = self.document.data, None
        for part in self.where[:-1] if self.type == "added" else self.where:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(part, int) and isinstance(node, dict):
                holder = node
        return cut(describe_item(holder)) if holder is not None else cut(self.title)


PLACEHOLDERS = ("before", "after", "doc", "item", "path")


def _stable(value: Any) -> str:
    return "\0absent" if value is ABSENT else stable_value(value)


def describe_value(value: Any) -> str:
    """A before or after value in words, cut to a readable length; an absent one is "nothing", a list item its name."""
    if value is ABSENT:
        return "nothing"
    return cut(describe_item(value)) if isinstance(value, dict) and not {"amount", "currency"} <= set(value) else in_words(value)


def describe_item(item: dict[str, Any]) -> str:
    """An added or removed item by its name, and its id when that differs: "Product analytics (analytics)";
    an item that keeps data says for how long, since that is what a reader weighs: "..., kept for ten years"."""
    name = next((str(item[k]) for k in ("name", "title") if isinstance(item.get(k), (str, int))), None)
    ident = next((str(item[k]) for k in IDENTITY_KEYS if isinstance(item.get(k), (str, int)) and k != "name"), None)
    named = f"{name} ({ident})" if name and ident and ident != name else name or ident or quote(item)
    kept = item.get("retention")
    if isinstance(kept, str) and named != quote(item):
        return f"{named}, kept {'indefinitely' if kept == 'indefinite' else f'for {in_words(kept)}'}"
    return named


@functools.cache
def _checker() -> Checker:
    text = (resources.files("codecheck") / "schemas" / "changes.json").read_text(encoding="utf-8")
    return Checker(json.loads(text))


def load_directions(folders: Iterable[FsPath], scope: str | None = None) -> tuple[Direction, ...]:
    """The directions declared in each folder's changes.yaml; ids must be unique.

    An error about a file outside `scope` (see rulebook.load_rules) says where, never what.
    """
    found: dict[str, Direction] = {}
    for folder in folders:
        path = folder / CHANGES_FILE
        if not os.path.lexists(path):
            continue
        try:
            directions = _directions(path, folder)
        except UsageError:
            outside = foreign(str(folder), scope)
            if outside is None:
                raise
            raise UsageError(f"{path}: {not_shown('changes file', outside)}") from None
        for direction in directions:
            if direction.id in found:
                raise UsageError(f"{path}: change id {direction.id} is declared twice")
            found[direction.id] = direction
    return tuple(found.values())


def _directions(path: FsPath, folder: FsPath) -> list[Direction]:
    """The directions of one changes.yaml, each checked against the schema and its message's placeholders."""
    if leaves(str(path), [os.path.realpath(folder)]):
        raise UsageError(f"{path}: a changes file may not be a symbolic link out of its rule pack's folder")
    docs, problems = parse(read_or_stop(str(path)), str(path))
    if problems:
        raise UsageError(f"{problems[0].file}:{problems[0].line}:{problems[0].column}: {problems[0].message}")
    if not docs or not isinstance(docs[0].data, dict):
        raise UsageError(f"{path}:1:1: expected a mapping with a list of `changes`")
    data = docs[0].data
    error = _checker().best_error(data)
    if error is not None:
        key_path = tuple(error.absolute_path)
        pos = docs[0].position(key_path)
        raise UsageError(f"{path}:{pos.line}:{pos.column}: {describe(error, docs[0].source.text(key_path))}")
    directions = []
    for number, raw in enumerate(data["changes"]):
        _check_message(raw["message"], docs[0], ("changes", number, "message"))
        directions.append(Direction(
            raw["id"], raw["kind"], raw["field"], raw["worse"], raw["tenet"], Severity.parse(raw["severity"]),
            raw["message"], tuple(raw.get("order", ())), dict(raw.get("treat_as", {})),
            {k: tuple(v) for k, v in raw.get("unless", {}).items()}, raw.get("rationale", ""),
        ))
    return directions


def _check_message(text: str, doc: Document, where: Path) -> None:
    """A direction's message uses only the four placeholders: an unknown one stops the run at its file:line:col."""
    pos = doc.position(where)
    try:
        names = [field.name for field in templates.fields(text)]
    except templates.TemplateError as error:
        raise UsageError(f"{doc.file}:{pos.line}:{pos.column}: {format_path(where)}: {error}") from error
    for name in names:
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            problem = f"unknown placeholder {{{cut(name)}}}; a change message may use {known}"
            raise UsageError(f"{doc.file}:{pos.line}:{pos.column}: {format_path(where)}: {problem}")
