"""From a value's path in a document back to its line and column, found on demand by composing the file again.

Parsing keeps no node trees: they were five times the size of the data they
describe (about 47 of 58 KiB per document). A document only needs positions
when something is reported about it, so its file's text is kept and composed
again on first use; the last few files' node trees are kept, so that the
findings of one document, or of one rule across the documents of a file, do
not compose it each time. A policy set with no findings never pays for
positions.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterator, List

import yaml

from codecheck.documents.files import read_text
from codecheck.model import Path, Position

_YAML = "tag:yaml.org,2002:"
IMPLICIT = _YAML + "str"
"""The tag of every node the text gives no tag: codecheck resolves plain scalars itself (scalars.py)."""
MERGE = _YAML + "merge"

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it, which is about ten times faster."""

PURE_PYTHON = _Base is yaml.SafeLoader
"""Whether PyYAML's own parser reads (it counts characters where libyaml counts bytes of UTF-8)."""


class Loader(_Base):  # type: ignore[misc]
    """PyYAML's safe loader without its YAML 1.1 resolver, which ran a regular expression on every node.

    codecheck reads plain scalars by the YAML 1.2 core schema itself, so the
    only tag it needs from a resolver is the merge key, `<<` written plain (or
    with the non-specific tag `!`), which the composer marks as `implicit[0]`.
    """

    # No path resolvers are used: the composer's two calls per node go to built-ins that
    # keep nothing (no Python frame runs), which saves about 5% of the composing time.
    descend_resolver = staticmethod(slice)
    ascend_resolver = staticmethod(int)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if value == "<<" and implicit[0]:  # only a scalar's value is a string
            return MERGE
        return IMPLICIT


def compose_all(text: str) -> Iterator[yaml.Node]:
    """The root node of every document in `text`, composed by Loader."""
    loader = Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                yield node
    finally:
        loader.dispose()


def position_of(mark: Any) -> Position:
    """A 1-based position from a mark of either of PyYAML's parsers (C or pure Python), which share no type."""
    return Position(mark.line + 1, mark.column + 1)


class SourceText:
    """The text of one policy file, shared by its documents; its node trees are composed when asked for.

    A policy file read from disk need not stay in memory either (a third of
    what a document cost once its node trees were gone): `release` keeps only
    a hash, and the file is read again when positions are asked for. A file
    that changed during the run no longer holds the documents that were
    checked, and its findings point at 1:1.
    """

    KEPT_FILES = 8
    """How many files stay composed: enough for the findings of one document, or of one rule in a file."""

    _recent: OrderedDict[SourceText, _Roots] = OrderedDict()

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self._text: str | None = text
        self._hash = 0
        self.parsed: tuple[tuple[int, Any], ...] = ()
        """The index and data of each document, when the file parsed without a finding (documents/same.py)."""

    def release(self) -> None:
        """Forget the text, which is the content of `file`: it is read again when needed."""
        if self._text is not None:
            self._hash, self._text = hash(self._text), None

    @property
    def text(self) -> str:
        """The text the documents were parsed from, or "" if the file no longer holds it."""
        if self._text is not None:
            return self._text
        again = read_text(self.file)  # as the first time: UTF-16 included
        return again if isinstance(again, str) and hash(again) == self._hash else ""

    def roots(self) -> _Roots:
        """The file's composed documents, composed again unless they were in use recently."""
        recent = SourceText._recent
        roots = recent.pop(self, None) or _Roots(self.text)
        recent[self] = roots
        while len(recent) > self.KEPT_FILES:
            recent.popitem(last=False)
        return roots


class _Roots(List[yaml.Node]):
    """The root nodes of a file's documents, and an index of the keys of its large mappings."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        """By id() of the mapping node, indexed on first use: 100,000 findings in one mapping stay linear."""
        try:
            self.extend(compose_all(text))
        except yaml.YAMLError:  # the documents before a syntax error are kept, as when parsing
            pass

    def child(self, node: yaml.Node, part: object) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str) and len(node.value) > _INDEX_FROM:
            keys = self.keys.get(id(node))
            if keys is None:
                keys = self.keys[id(node)] = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))  # the first of duplicates
            return keys.get(part)
        return _child(node, part)


_NOWHERE = yaml.ScalarNode(IMPLICIT, "", yaml.Mark("", 0, 0, 0, None, 0))
"""Where a document is that is no longer in its file (changed during the run): 1:1."""

_INDEX_FROM = 64
"""Mappings with more keys than this are searched through an index rather than key by key."""


class TextSourceMap:
    """Answers positions by walking document `index` of a file's node trees along a path.

    It pickles as its SourceText and the index, so documents parsed in another
    process (--jobs, forked: the same hash seed) travel as data and find their
    positions the same way.
    """

    def __init__(self, source: SourceText, index: int) -> None:
        self._source, self._index = source, index

    def _walk(self, path: Path) -> tuple[yaml.Node, yaml.Node | None, int]:
        """The deepest node on `path`, the key node leading to it, and how far it got."""
        roots = self._source.roots()
        node, key_node = roots[self._index] if self._index < len(roots) else _NOWHERE, None
        for depth, part in enumerate(path):
            child = roots.child(node, part)
            if child is None:
                return node, key_node, depth
            key_node, node = child
        return node, key_node, len(path)

    def position(self, path: Path, key: bool = False) -> Position:
        node, key_node, reached = self._walk(path)
        if key and key_node is not None and reached == len(path):
            return position_of(key_node.start_mark)
        return position_of(node.start_mark)

    def text(self, path: Path) -> str | None:
        node, _, reached = self._walk(path)
        if reached == len(path) and isinstance(node, yaml.ScalarNode):
            return str(node.value)
        return None


def _child(node: yaml.Node, part: object) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None
