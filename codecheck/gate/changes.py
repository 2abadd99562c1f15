"""Customer-adverse changes: which value, moving which way, is worse for the customer.

Declared as data in a rule pack's `changes.yaml` (the built-in one is
rules/changes.yaml), validated against schemas/changes.json, so a user pack
can add its own:

    changes:
      - id: cancellation-steps-added
        kind: cancellation
        field: steps                 # from the document root; [*] = each item, matched by its id
        worse: higher                # higher | lower | to_true | to_false | added | removed | order
        tenet: 9
        severity: error
        message: cancelling takes {after} steps instead of {before}

A message is a template in codecheck's placeholder language
(documents/templates.py): `{before}`, `{after}`, `{doc}` (the document's title)
and `{path}` are filled in, and nothing else may appear in braces; each is
checked when the file loads.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from dataclasses import field as default
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Iterable, Iterator

from codecheck.documents import templates
from codecheck.documents.files import foreign, leaves, not_shown, read_or_stop
from codecheck.documents.parse import parse
from codecheck.documents.schemacheck import Checker
from codecheck.documents.validate import describe
from codecheck.documents.values import Incomparable, compare, cut, quote, show
from codecheck.errors import UsageError
from codecheck.model import Document, Path, Severity, format_path

CHANGES_FILE = "changes.yaml"
IDENTITY_KEYS = ("id", "name", "country")


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


@dataclass(frozen=True)
class Change:
    """A customer-adverse change found between two versions of one document."""

    direction: Direction
    doc_id: str
    title: str
    path: str
    before: Any
    after: Any
    document: Document
    where: Path

    @property
    def message(self) -> str:
        filled = {"before": describe_value(self.before), "after": describe_value(self.after)}
        filled.update(doc=cut(self.title), path=cut(self.path))
        return templates.render(self.direction.message, filled.__getitem__)


PLACEHOLDERS = ("before", "after", "doc", "path")


def describe_value(value: Any) -> str:
    """A before or after value in words, cut to a readable length; an absent one is "nothing"."""
    return "nothing" if value is _ABSENT else quote(value)


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
            if not foreign(str(folder), scope):
                raise
            raise UsageError(f"{path}: {not_shown('changes file', str(scope))}") from None
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


_ABSENT = object()


def values_by_identity(data: Any, field: str) -> dict[tuple[str, ...], tuple[Path, Any]]:
    """The values `field` picks, keyed by a path that names list items by id, so reordering is no change."""
    parts = field.replace("[*]", ".*").split(".")
    found: dict[tuple[str, ...], tuple[Path, Any]] = {}

    def walk(node: Any, rest: list[str], key: tuple[str, ...], path: Path) -> None:
        if not rest:
            found[key] = (path, node)
            return
        head, tail = rest[0], rest[1:]
        if head == "*":
            for index, item in enumerate(node if isinstance(node, list) else []):
                walk(item, tail, key + (_identity(item, index),), path + (index,))
        elif isinstance(node, dict) and head in node:
            walk(node[head], tail, key + (head,), path + (head,))

    walk(data, parts, (), ())
    return found


def _identity(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            if key in item:
                return f"{key}={item[key]}"
    return f"[{index}]"


def compare_documents(direction: Direction, before: Document, after: Document) -> Iterator[Change]:
    """The changes of `direction` from `before` to `after` (two versions of one document)."""
    old = values_by_identity(before.data, direction.field)
    new = values_by_identity(after.data, direction.field)
    for key in sorted(set(old) | set(new)):
        old_value = old[key][1] if key in old else _ABSENT
        path, new_value = new[key] if key in new else (_parent_path(new, old[key][0]), _ABSENT)
        if direction.worse in ("added", "removed"):
            yield from _membership(direction, before, after, key, path, old_value, new_value)
        elif _worse(direction, old_value, new_value):
            yield _change(direction, after, key, path, old_value, new_value)


def _parent_path(new: dict[tuple[str, ...], tuple[Path, Any]], old_path: Path) -> Path:
    """Where a removed value was: the longest prefix of its old path (the enclosing mapping)."""
    return old_path[:-1]


def _membership(
    direction: Direction, before: Document, after: Document, key: tuple[str, ...], path: Path, old: Any, new: Any
) -> Iterator[Change]:
    old_items = {_item_key(i): i for i in (old if isinstance(old, list) else [])}
    new_items = {_item_key(i): i for i in (new if isinstance(new, list) else [])}
    if direction.worse == "removed":
        for item in (k for k in old_items if k not in new_items):
            yield _change(direction, after, key, path, old_items[item], _ABSENT)
    else:
        for item in (k for k in new_items if k not in old_items):
            yield _change(direction, after, key, path, _ABSENT, new_items[item])


def _item_key(item: Any) -> str:
    return _identity(item, 0) if isinstance(item, dict) else show(item)


def _worse(direction: Direction, old: Any, new: Any) -> bool:
    worse = direction.worse
    if worse == "to_true":
        return new is True and old is not True
    if worse == "to_false":
        return old is True and new is not True
    if worse == "order":
        rank = {value: index for index, value in enumerate(direction.order)}
        return old in rank and new in rank and rank[new] > rank[old]
    if old is _ABSENT or new is _ABSENT:  # a value introduced is worse when higher is, removed when lower is
        return (worse == "higher" and old is _ABSENT) or (worse == "lower" and new is _ABSENT)
    try:
        order = compare(_treated(direction, new), _treated(direction, old))
    except Incomparable:
        return False
    return order > 0 if worse == "higher" else order < 0


def _treated(direction: Direction, value: Any) -> Any:
    return direction.treat_as.get(value, value) if isinstance(value, str) else value


def _change(direction: Direction, after: Document, key: tuple[str, ...], path: Path, old: Any, new: Any) -> Change:
    shown = ".".join(key)
    title = str(after.data.get("title") or after.id)
    return Change(direction, str(after.id), title, shown, _display(old), _display(new), after, path)


def _display(value: Any) -> Any:
    if isinstance(value, dict) and len(value) > 2 and not {"amount", "currency"} <= set(value):
        return _identity(value, 0)
    return value
