"""YAML text -> Documents, each with a map back to the line and column of every value.

The text is composed once with PyYAML's C composer (libyaml), which keeps a mark
on every node, and the nodes are turned into plain data here rather than by
PyYAML's constructor, for three reasons:

* safety: no tag can build an object; unknown tags, merge keys and non-scalar
  keys are refused as findings;
* meaning: plain scalars are resolved with the YAML 1.2 core schema, so
  `country: NO`, `on` and `yes` stay strings, where YAML 1.1 would turn them
  into booleans;
* bounds: nesting depth and alias expansion are limited, so a "billion laughs"
  document costs a finding, not the machine's memory.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from codecheck import checks
from codecheck.model import Document, Finding, Path, Position

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists in a document (real policies use about 8)."""

_NESTED = f"the document is nested more than {MAX_DEPTH} levels deep"

MAX_VALUES = 100_000
"""Most values one document may expand to, aliases included."""

MAX_ALIAS_VALUES = 100_000
"""Most values the aliases of one file may expand to, all its documents together.

Without it, a 10 MB file of small documents, each just under MAX_VALUES, would
take most of an hour: anchors do not cross documents, so the bound is per file.
"""

MAX_INT_DIGITS = 1_000
"""Longest integer literal read as a number; a longer one stays text (Python cannot even print 5,000 digits)."""

_COMPOSER_SAFE_DEPTH = 5_000
"""libyaml's composer recurses on the C stack; deeper input is measured before composing."""

_YAML = "tag:yaml.org,2002:"
_STANDARD_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")}

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if len(text) > MAX_INT_DIGITS and (_INT.match(text) or _OCT.match(text) or _HEX.match(text)):
        return text
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def _mark(mark: yaml.Mark) -> Position:
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
            return _mark(key_node.start_mark)
        return _mark(node.start_mark)

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
            from codecheck.load import read_text  # load imports this module

            # read as the first time (UTF-16 included); a file changed or gone since has no positions but 1:1
            text = read_text(self._file)
            roots: list[yaml.Node] = []
            try:
                roots.extend(_compose_all(text) if isinstance(text, str) else ())
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


class _TooBig(Exception):
    """Raised when a document exceeds MAX_DEPTH or MAX_VALUES; caught per document."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


@dataclass
class _AliasBudget:
    """What is left of a file's MAX_ALIAS_VALUES, shared by the builders of its documents."""

    left: int = MAX_ALIAS_VALUES


@dataclass
class _Builder:
    """Turns one composed document into plain data, collecting findings on the way."""

    file: str
    findings: list[Finding]
    aliases: _AliasBudget
    budget: int = MAX_VALUES
    built: set[int] = field(default_factory=set)
    """The collection nodes built so far: meeting one again means an alias is being expanded."""

    def problem(self, check: checks.Check, node: yaml.Node, message: str) -> None:
        pos = _mark(node.start_mark)
        self.findings.append(check.finding(self.file, pos.line, pos.column, message))

    def build(self, node: yaml.Node, depth: int = 0, aliased: bool = False) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(node, f"the document expands to more than {MAX_VALUES} values (check its aliases)")
        if not aliased and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            aliased = id(node) in self.built
            self.built.add(id(node))
        if aliased:
            self.aliases.left -= 1
            if self.aliases.left < 0:
                message = f"the aliases of this file expand to more than {MAX_ALIAS_VALUES} values in all"
                raise _TooBig(node, message)
        if depth > MAX_DEPTH:
            raise _TooBig(node, _NESTED)
        if node.tag not in _STANDARD_TAGS and not node.tag.startswith(_YAML + "merge"):
            tag = node.tag.replace(_YAML, "!!", 1)
            self.problem(checks.UNSAFE_YAML, node, f"YAML tag '{tag}' is not allowed; write a plain value")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth, aliased)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1, aliased) for item in node.value]
        if not node.style:  # plain: None in PyYAML, "" in libyaml; quoted scalars are text
            return resolve_plain(node.value)
        return node.value

    def mapping(self, node: yaml.MappingNode, depth: int, aliased: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(checks.UNSAFE_YAML, key_node, "a mapping key must be a plain text value")
                continue
            key = key_node.value
            if key_node.tag == _YAML + "merge":
                self.problem(checks.UNSAFE_YAML, key_node, "merge keys ('<<') are not supported; write the values out")
                continue
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.problem(
                    checks.DUPLICATE_KEY,
                    key_node,
                    f"duplicate key '{key}' (first defined on line {line}); the second value would silently win",
                )
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth + 1, aliased)
        return result


_START_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_END_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, *_START_EVENTS)


@dataclass
class _Open:
    """A collection the event stream is inside of, while looking for nesting past MAX_DEPTH."""

    mapping: bool
    in_key: bool
    """Whether the collection is (inside) a mapping key: the builder never descends into one."""
    expects_key: bool = True


def _first_too_deep(loader: Any) -> yaml.Mark | None:
    """The mark of the first value nested deeper than MAX_DEPTH, where _Builder would stop.

    Read from the event stream, which never recurses and stops at that value,
    so a file 100,000 levels deep costs milliseconds. Depth counts the
    collections around a value, as the builder does.
    """
    stack: list[_Open] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _END_EVENTS):
                stack.pop()
            elif isinstance(event, _NODE_EVENTS):
                parent = stack[-1] if stack else None
                is_key = parent is not None and (parent.in_key or (parent.mapping and parent.expects_key))
                if parent is not None and parent.mapping:
                    parent.expects_key = not parent.expects_key
                if not is_key and len(stack) > MAX_DEPTH:
                    return event.start_mark
                if isinstance(event, _START_EVENTS):
                    stack.append(_Open(isinstance(event, yaml.MappingStartEvent), is_key))
    finally:
        loader.dispose()
    return None


def _too_deep(text: str) -> yaml.Mark | None:
    """Where `text` is first nested deeper than MAX_DEPTH, whatever PyYAML version reads it.

    libyaml is fast, but from PyYAML 6.0.4 it refuses nesting past 1,000
    levels with an error of its own, raised before any event reaches our bound
    (its scanner reads ahead). PyYAML's pure-Python parser has no such limit,
    so it finds the place then. A syntax error before that place means the
    file is not too deep.
    """
    try:
        return _first_too_deep(_Loader(text))
    except yaml.YAMLError as error:
        if not _is_nesting_limit(error):
            return None
    try:
        return _first_too_deep(yaml.SafeLoader(text))
    except yaml.YAMLError:
        return None


def _is_nesting_limit(error: yaml.YAMLError) -> bool:
    """Whether the parser gave up because of a nesting limit of its own (libyaml: "maximum nesting depth")."""
    return isinstance(error, yaml.MarkedYAMLError) and "nesting" in (error.problem or "")


def _depth_bound(text: str) -> int:
    """A cheap upper bound on nesting: indentation is at most a line long, brackets are counted."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return longest + text.count("[") + text.count("{")


def _compose_all(text: str) -> Iterator[yaml.Node]:
    loader = _Loader(text)
    try:
        while loader.check_node():
            yield loader.get_node()
    finally:
        loader.dispose()


def parse(text: str, file: str) -> tuple[list[Document], list[Finding]]:
    """Every document in `text`, and the findings for what could not be read.

    Documents before a syntax error are kept: one bad document never hides the others.
    """
    documents: list[Document] = []
    findings: list[Finding] = []
    try:
        if _depth_bound(text) > _COMPOSER_SAFE_DEPTH:
            mark = _too_deep(text)
            if mark is not None:
                findings.append(_too_deep_finding(mark, file))
                return documents, findings
        aliases = _AliasBudget(MAX_ALIAS_VALUES)  # read now, not at import: the bounds may be changed at run time
        for index, root in enumerate(_compose_all(text)):
            document = _document(root, index, file, findings, aliases)
            if document is not None:  # a refused document has its finding and nothing to check
                documents.append(document)
    except yaml.MarkedYAMLError as error:  # nesting past the bound before the error is the finding, as without one
        mark = _too_deep(text)
        findings.append(_syntax_finding(error, file) if mark is None else _too_deep_finding(mark, file))
    except yaml.YAMLError as error:  # libyaml reports some reader errors without a mark
        findings.append(checks.YAML_SYNTAX.finding(file, 1, 1, str(error)))
    if not documents and not findings:
        findings.append(checks.EMPTY.finding(file, 1, 1, "the file has no YAML document"))
    return documents, findings


def _document(
    root: yaml.Node, index: int, file: str, findings: list[Finding], aliases: _AliasBudget
) -> Document | None:
    builder = _Builder(file, findings, aliases, MAX_VALUES)
    try:
        data = builder.build(root)
    except _TooBig as error:
        builder.problem(checks.UNSAFE_YAML, error.node, str(error))
        return None
    return Document(file=file, index=index, data=data, source=NodeSourceMap(root))


def _too_deep_finding(mark: yaml.Mark, file: str) -> Finding:
    pos = _mark(mark)
    return checks.UNSAFE_YAML.finding(file, pos.line, pos.column, _NESTED)


def _syntax_finding(error: yaml.MarkedYAMLError, file: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
    return checks.YAML_SYNTAX.finding(file, line, column, message)
