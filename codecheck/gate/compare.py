"""Two versions of one document -> the declared customer-adverse changes between them.

Values are matched by path, list items by identity (documents/identity.py),
so reordering is no change. A value of an item present in both versions is
compared by the direction's `worse`; an item that one version lacks is an
addition or a removal, judged only by `added` and `removed` directions (a new
purpose's retention is not "longer than nothing": whether a new purpose is
acceptable is for the rules, and for an `added` direction where one is
declared).
"""

from __future__ import annotations

from typing import Any, Iterator

from codecheck.documents.identity import keys_for, labels
from codecheck.documents.values import Incomparable, compare
from codecheck.gate.changes import ABSENT, Change, Direction
from codecheck.model import Document, Path

Key = tuple[str, ...]
"""A value's identity: field names and item labels (`plans`, `[id=pro]`, `price`)."""


def values_by_identity(kind: str | None, data: Any, field: str) -> tuple[dict[Key, tuple[Path, Any]], dict[Key, Path]]:
    """The values `field` picks (`[*]` = each item), keyed by identity, with their paths in `data`;
    and the list items passed on the way, with theirs."""
    parts = field.replace("[*]", ".*").split(".")
    found: dict[Key, tuple[Path, Any]] = {}
    items: dict[Key, Path] = {}

    def walk(node: Any, rest: list[str], key: Key, path: Path, pattern: Path) -> None:
        if not rest:
            found[key] = (path, node)
        elif rest[0] == "*" and isinstance(node, list):
            names = labels(node, keys_for(kind, pattern))
            for index, item in enumerate(node):
                items[key + (names[index],)] = path + (index,)
                walk(item, rest[1:], key + (names[index],), path + (index,), pattern + ("*",))
        elif isinstance(node, dict) and rest[0] in node:
            walk(node[rest[0]], rest[1:], key + (rest[0],), path + (rest[0],), pattern + (rest[0],))

    walk(data, parts, (), (), ())
    return found, items


def shown(key: Key) -> str:
    """A key as a person reads it: `plans[id=pro].price`."""
    return "".join(part if part.startswith("[") else f".{part}" for part in key).lstrip(".")


def compare_documents(direction: Direction, before: Document, after: Document) -> Iterator[Change]:
    """The changes of `direction` from `before` to `after` (two versions of one document)."""
    old, old_items = values_by_identity(before.kind, before.data, direction.field)
    new, new_items = values_by_identity(after.kind, after.data, direction.field)
    for key in sorted(set(old) | set(new)):
        holders = _enclosing(key)
        if any(item not in old_items or item not in new_items for item in holders):
            continue  # the item holding this value came or went: an addition or removal, not a change
        old_value = old[key][1] if key in old else ABSENT
        path, new_value = new[key] if key in new else (_holder_path(key, holders, new_items), ABSENT)
        if direction.worse in ("added", "removed"):
            yield from _membership(direction, after, key, path, old_value, new_value)
        elif _worse(direction, old_value, new_value):
            yield Change.of(direction, after, shown(key), path, old_value, new_value)


def _enclosing(key: Key) -> list[Key]:
    """The list items that hold the value at `key`, outermost first."""
    return [key[: i + 1] for i, part in enumerate(key) if part.startswith("[")]


def _holder_path(key: Key, holders: list[Key], new_items: dict[Key, Path]) -> Path:
    """Where a value that is gone was: in the item that held it, as the new version has that item."""
    if not holders:
        return key[:-1]
    inner = holders[-1]
    return new_items[inner] + key[len(inner) : -1]


def _membership(direction: Direction, after: Document, key: Key, path: Path, old: Any, new: Any) -> Iterator[Change]:
    """Items added to (or removed from) the list at `key`, matched by identity."""
    pattern = tuple("*" if p.startswith("[") else p for p in key)
    old_items = _named(after.kind, pattern, old)
    new_items = _named(after.kind, pattern, new)
    gone, came = direction.worse == "removed", direction.worse == "added"
    for name, (index, item) in (old_items if gone else new_items).items():
        if name in (new_items if gone else old_items) or _excused(direction, item):
            continue
        where = path if gone else path + (index,)  # a new item is shown where it is; a removed one, at its list
        yield Change.of(direction, after, shown(key + (name,)), where, item if gone else ABSENT, item if came else ABSENT)


def _named(kind: str | None, pattern: tuple[str, ...], items: Any) -> dict[str, tuple[int, Any]]:
    if not isinstance(items, list):
        return {}
    return {name: (index, item) for index, (name, item) in enumerate(zip(labels(items, keys_for(kind, pattern)), items, strict=True))}


def _excused(direction: Direction, item: Any) -> bool:
    """An item the direction's `unless` accepts: a new purpose based on consent is not a new data use imposed."""
    if not isinstance(item, dict):
        return False
    return any(item.get(field) in allowed for field, allowed in direction.unless.items())


def _worse(direction: Direction, old: Any, new: Any) -> bool:
    worse = direction.worse
    if worse == "to_true":
        return new is True and old is not True
    if worse == "to_false":
        return old is True and new is not True
    if worse == "order":
        rank = {value: index for index, value in enumerate(direction.order)}
        return old in rank and new in rank and rank[new] > rank[old]
    if old is ABSENT or new is ABSENT:  # a value introduced is worse when higher is, removed when lower is
        return (worse == "higher" and old is ABSENT) or (worse == "lower" and new is ABSENT)
    try:
        order = compare(_treated(direction, new), _treated(direction, old))
    except Incomparable:
        return False
    return order > 0 if worse == "higher" else order < 0


def _treated(direction: Direction, value: Any) -> Any:
    return direction.treat_as.get(value, value) if isinstance(value, str) else value

