"""List items named by what they are, not by where they stand: `plans[id=pro].price`, never `plans[1].price`.

A finding's path, its fingerprint, a baseline entry and the matching of two
versions in `diff` all name a list item this way, so inserting, deleting or
reordering items never changes what an unrelated finding is called. An item
is named by the key its list declares in the kind's schema (`x-identity`: one
key, or several that name it together, as a transfer's country and
recipient), else by the first of IDENTITY_KEYS it has; a scalar item is its own name
(`channels[=phone]`). An item with no name, or one that shares its name with
a sibling, keeps its position: nothing else tells it apart.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from codecheck.documents import kinds
from codecheck.documents.values import show
from codecheck.model import Document, Finding, Path, Severity

IDENTITY_KEYS = ("id", "name", "country", "category", "channel")

Keys = tuple[tuple[str, ...], ...]
"""Ways to name an item, tried in order; each is one key, or several that name it together."""

DEFAULT: Keys = tuple((key,) for key in IDENTITY_KEYS)

_MEMO: dict[int, tuple[list[Any], Keys, list[str]]] = {}
"""The labels of each list asked about, by the list's id (the list is kept, so the id is not reused):
a list of 100,000 items with a finding on each is labelled once, not once per finding."""
_MEMO_LIMIT = 4096


def keys_for(kind: str | None, pattern: Path) -> Keys:
    """How the items of the list at `pattern` (`*` for each item) in a document of `kind` are named."""
    declared = kinds.identities(kind).get(pattern) if kind in kinds.KINDS else None
    return (declared,) if declared else DEFAULT


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def label(item: Any, keys: Keys = DEFAULT) -> str | None:
    """`[id=pro]` or `[country=US, recipient=Acme]` for a mapping, `[=phone]` for a scalar, None when the item
    has no name (a composite name needs its first key; the others join it when present)."""
    if isinstance(item, dict):
        for names in keys:
            if _scalar(item.get(names[0])):
                return "[" + ", ".join(f"{k}={show(item[k])}" for k in names if _scalar(item.get(k))) + "]"
        return None
    if isinstance(item, (str, int, float, bool)):
        return f"[={show(item)}]"
    return None


def labels(items: list[Any], keys: Keys) -> list[str]:
    """Each item's label, or its position when it has none or shares it with a sibling."""
    memo = _MEMO.get(id(items))
    if memo is not None and memo[0] is items and memo[1] == keys:
        return memo[2]
    raw = [label(item, keys) for item in items]
    counts = Counter(raw)
    result = [name if name is not None and counts[name] == 1 else f"[{i}]" for i, name in enumerate(raw)]
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[id(items)] = (items, keys, result)
    return result


def identity_path(kind: str | None, data: Any, path: Path) -> str:
    """`path` in `data` as a person reads it, list items named by identity: `plans[id=pro].price.amount`."""
    out, node = "", data
    pattern: Path = ()
    for part in path:
        if isinstance(part, int):
            if isinstance(node, list) and 0 <= part < len(node):
                out, node = out + labels(node, keys_for(kind, pattern))[part], node[part]
            else:
                out, node = out + f"[{part}]", None
            pattern += ("*",)
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
            pattern += (part,)
    return out


def show_path(doc: Document, path: Path) -> str:
    """identity_path for a value of `doc`."""
    return identity_path(doc.kind, doc.data, path)


def stable_value(value: Any) -> str:
    """A value as text that does not depend on the order of lists or keys: part of a finding's fingerprint.

    A whole mapping with a name is its name: editing another field of a plan is not a different finding.
    """
    if isinstance(value, dict):
        named = label(value)
        if named is not None and not {"amount", "currency"} <= set(value):
            return named
        return "{" + ", ".join(f"{k}: {stable_value(value[k])}" for k in sorted(value, key=str)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(sorted(stable_value(v) for v in value)) + "]"
    return show(value)


def finding_at(
    doc: Document,
    path: Path,
    rule_id: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    key: bool = False,
    tenet: int | None = None,
    fix: str = "",
    value: str = "",
) -> Finding:
    """A finding pointing at the value at `path` in `doc` (or at its key), its path named by identity."""
    pos = doc.position(path, key)
    return Finding(
        rule_id=rule_id,
        severity=severity,
        message=message,
        file=doc.file,
        line=pos.line,
        column=pos.column,
        tenet=tenet,
        doc_id=doc.id,
        path=show_path(doc, path),
        fix=fix,
        value=value,
    )
