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

import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from codecheck.documents import checks
from codecheck.documents.positions import Loader, NodeSourceMap, compose_all, position_of
from codecheck.documents.scalars import resolve_plain
from codecheck.documents.values import cut
from codecheck.model import Document, Finding, Position

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

_COMPOSER_SAFE_DEPTH = 5_000
"""libyaml's composer recurses on the C stack; deeper input is measured before composing."""

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as the end of a line, for a position found from a character's offset."""

_YAML = "tag:yaml.org,2002:"
_STANDARD_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")}

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

    def problem(self, check: checks.Check, node: yaml.Node, message: str, value: str = "") -> None:
        pos = position_of(node.start_mark)
        self.findings.append(check.finding(self.file, pos.line, pos.column, message, value=value))

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
            self.problem(checks.UNSAFE_YAML, node, f"YAML tag '{cut(tag)}' is not allowed; write a plain value")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth, aliased)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1, aliased) for item in node.value]
        if not cast(yaml.ScalarNode, node).style:  # plain: None in PyYAML, "" in libyaml; quoted scalars are text
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
                    f"duplicate key '{cut(key)}' (first defined on line {line}); the second value would silently win",
                    value=key,  # the fingerprint: the message holds a line number
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


def _first_too_deep(loader: Any) -> Position | None:
    """Where the first value nested deeper than MAX_DEPTH is, the value _Builder would stop at.

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
                    return position_of(event.start_mark)
                if isinstance(event, _START_EVENTS):
                    stack.append(_Open(isinstance(event, yaml.MappingStartEvent), is_key))
    finally:
        loader.dispose()
    return None


def _too_deep(text: str) -> Position | None:
    """Where `text` is first nested deeper than MAX_DEPTH, whatever PyYAML version reads it.

    libyaml is fast, but from PyYAML 6.0.4 it refuses nesting past 1,000
    levels with an error of its own, raised before any event reaches our bound
    (its scanner reads ahead). PyYAML's pure-Python parser has no such limit,
    so it finds the place then. A syntax error before that place means the
    file is not too deep.
    """
    try:
        return _first_too_deep(Loader(text))
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


def parse(text: str, file: str) -> tuple[list[Document], list[Finding]]:
    """Every document in `text`, and the findings for what could not be read.

    Documents before a syntax error are kept: one bad document never hides the others.
    """
    documents: list[Document] = []
    findings: list[Finding] = []
    try:
        if _depth_bound(text) > _COMPOSER_SAFE_DEPTH:
            place = _too_deep(text)
            if place is not None:
                findings.append(_too_deep_finding(place, file))
                return documents, findings
        aliases = _AliasBudget(MAX_ALIAS_VALUES)  # read now, not at import: the bounds may be changed at run time
        for index, root in enumerate(compose_all(text)):
            document = _document(root, index, file, findings, aliases)
            if document is not None:  # a refused document has its finding and nothing to check
                documents.append(document)
    except yaml.MarkedYAMLError as error:  # nesting past the bound before the error is the finding, as without one
        place = _too_deep(text)
        findings.append(_syntax_finding(error, file) if place is None else _too_deep_finding(place, file))
    except yaml.reader.ReaderError as error:  # libyaml reports a bad character without a mark: find it
        read = text if Loader is yaml.SafeLoader else text.encode("utf-8")[: error.position].decode("utf-8", "ignore")
        before = _LINE_BREAK.split(read[: error.position])  # libyaml counts bytes of UTF-8, PyYAML characters
        message = f"character U+{error.character:04X} is not allowed in YAML ({error.reason})"
        findings.append(checks.YAML_SYNTAX.finding(file, len(before), len(before[-1]) + 1, message))
    except yaml.YAMLError as error:
        findings.append(checks.YAML_SYNTAX.finding(file, 1, 1, " ".join(str(error).split())))
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


def _too_deep_finding(place: Position, file: str) -> Finding:
    return checks.UNSAFE_YAML.finding(file, place.line, place.column, _NESTED)


def _syntax_finding(error: yaml.MarkedYAMLError, file: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
    return checks.YAML_SYNTAX.finding(file, line, column, message)
