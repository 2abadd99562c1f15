"""From a value's path in a document back to its line and column, found on demand from the composed nodes.

A policy set with no findings never pays for positions it does not ask for.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml

from codecheck.documents.files import read_text
from codecheck.model import Path, Position

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it, which is about ten times faster."""

_YAML = "tag:yaml.org,2002:"


def compose_all(text: str) -> Iterator[yaml.Node]:
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


_INDEX_FROM = 64
"""Mappings with more keys than this are searched through an index rather than key by key."""


class NodeSourceMap:
    """Answers positions by walking the composed node tree along a path, on demand.

    Nothing is indexed up front: a policy set with no findings never pays for
    positions it does not ask for.
    """

    def __init__(self, root: yaml.Node) -> None:
        self._root = root
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        """The keys of large mappings, indexed on first use: 100,000 findings in one mapping stay linear."""

    def _walk(self, path: Path) -> tuple[yaml.Node, yaml.Node | None, int]:
        """The deepest node on `path`, the key node leading to it, and how far it got."""
        node, key_node = self._root, None
        for depth, part in enumerate(path):
            child = self._child(node, part)
            if child is None:
                return node, key_node, depth
            key_node, node = child
        return node, key_node, len(path)

    def _child(self, node: yaml.Node, part: object) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str) and len(node.value) > _INDEX_FROM:
            keys = self._keys.get(id(node))
            if keys is None:
                keys = self._keys[id(node)] = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))  # the first of duplicates
            return keys.get(part)
        return _child(node, part)

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


class ReparsingSourceMap:
    """Positions for a document parsed in another process: its file is composed again on first use.

    Only documents with findings ever ask, so most files are never parsed twice.
    """

    def __init__(self, file: str, index: int) -> None:
        self._file, self._index = file, index
        self._nodes: NodeSourceMap | None = None

    def _map(self) -> NodeSourceMap:
        if self._nodes is None:
            # read as the first time (UTF-16 included); a file changed or gone since has no positions but 1:1
            text = read_text(self._file)
            roots: list[yaml.Node] = []
            try:
                roots.extend(compose_all(text) if isinstance(text, str) else ())
            except yaml.YAMLError:
                pass
            nowhere = yaml.ScalarNode(_YAML + "null", "", yaml.Mark(self._file, 0, 0, 0, None, 0))
            self._nodes = NodeSourceMap(roots[self._index] if self._index < len(roots) else nowhere)
        return self._nodes

    def position(self, path: Path, key: bool = False) -> Position:
        return self._map().position(path, key)

    def text(self, path: Path) -> str | None:
        return self._map().text(path)


def _child(node: yaml.Node, part: object) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


