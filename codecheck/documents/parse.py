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

It is the one place every document passes through, so it is also written for
speed: PyYAML's YAML 1.1 resolver is bypassed (positions.Loader; it cost a
third of composing, for tags nobody read), and the node trees are dropped once
the data is built (positions.py finds positions again for the few documents
that have findings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from sys import intern
from typing import Any, cast

import yaml

from codecheck.documents import checks, same, scalars
from codecheck.documents import depth as nesting
from codecheck.documents.depth import COMPOSER_SAFE_DEPTH, MAX_DEPTH, depth_bound, too_deep
from codecheck.documents.positions import IMPLICIT, MERGE, PURE_PYTHON, SourceText, TextSourceMap, compose_all, position_of
from codecheck.documents.scalars import resolve_plain
from codecheck.documents.values import cut
from codecheck.model import Document, Finding, Position

MAX_VALUES = 100_000
"""Most values one document may expand to, aliases included."""

MAX_ALIAS_VALUES = 100_000
"""Most values the aliases of one file may expand to, all its documents together.

Without it, a 10 MB file of small documents, each just under MAX_VALUES, would
take most of an hour: anchors do not cross documents, so the bound is per file.
"""

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as the end of a line, for a position found from a character's offset."""

_YAML = "tag:yaml.org,2002:"
_STANDARD_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")}
_SHARED_LENGTH = 24
"""Keys, and values up to this length, are interned: they repeat across documents, and memory is a goal."""
_MAPPING, _SEQUENCE, _SCALAR = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode


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
    """Turns one composed document into plain data, collecting findings on the way.

    It runs once per node of every document, so it is written for speed: one
    class test per node, the tag test skipped for the nodes the text gave no
    tag, and aliases looked for only in files that define an anchor.
    """

    file: str
    findings: list[Finding]
    aliases: _AliasBudget
    anchored: bool = True
    """Whether the file defines an anchor (has an `&`): without one, no node is met twice."""
    budget: int = MAX_VALUES
    max_depth: int = MAX_DEPTH
    built: set[int] = field(default_factory=set)
    """Every node built so far, in a file with anchors: meeting one again means an alias is being expanded."""

    def problem(self, check: checks.Check, node: yaml.Node, message: str, value: str = "") -> None:
        pos = position_of(node.start_mark)
        self.findings.append(check.finding(self.file, pos.line, pos.column, message, value=value))

    def build(self, node: yaml.Node, depth: int = 0, aliased: bool = False) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(node, f"the document expands to more than {MAX_VALUES} values (check its aliases)")
        if self.anchored:
            aliased = self.alias(node, aliased)
        if depth > self.max_depth:
            raise _TooBig(node, _nested())
        tag = node.tag
        if tag is not IMPLICIT and tag not in _STANDARD_TAGS and not tag.startswith(MERGE):
            self.problem(checks.UNSAFE_YAML, node, f"YAML tag '{cut(tag.replace(_YAML, '!!', 1))}' is not allowed; write a plain value")
        kind = node.__class__
        if kind is _SCALAR:
            value = node.value
            if len(value) <= _SHARED_LENGTH:  # codes, currencies, durations: one copy each for the whole run
                value = intern(value)
            # plain: None in PyYAML, "" in libyaml; quoted scalars are text
            return value if cast(yaml.ScalarNode, node).style else resolve_plain(value)
        if kind is _SEQUENCE:
            return [self.build(item, depth + 1, aliased) for item in node.value]
        return self.mapping(cast(yaml.MappingNode, node), depth, aliased)

    def alias(self, node: yaml.Node, aliased: bool) -> bool:
        """Whether `node` is (inside) the expansion of an alias; every such value counts against the file's budget.

        Scalars count too: a file of 100,000 aliases of one long text would
        otherwise pass, and every message quoting it would copy the text again.
        """
        if not aliased:
            aliased = id(node) in self.built
            self.built.add(id(node))
        if aliased:
            self.aliases.left -= 1
            if self.aliases.left < 0:
                raise _TooBig(node, f"the aliases of this file expand to more than {MAX_ALIAS_VALUES} values in all")
        return aliased

    def mapping(self, node: yaml.MappingNode, depth: int, aliased: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not _SCALAR:
                self.problem(checks.UNSAFE_YAML, key_node, "a mapping key must be a plain text value")
                continue
            key = intern(key_node.value)
            if key_node.tag == MERGE:
                self.problem(checks.UNSAFE_YAML, key_node, "merge keys ('<<') are not supported; write the values out")
            elif key in result:
                self.duplicate(node, key_node)
            else:
                result[key] = self.build(value_node, depth + 1, aliased)
        return result

    def duplicate(self, mapping: yaml.MappingNode, key_node: yaml.Node) -> None:
        first = next(k for k, _ in mapping.value if k.__class__ is _SCALAR and k.value == key_node.value and k.tag != MERGE)
        line = first.start_mark.line + 1
        message = f"duplicate key '{cut(key_node.value)}' (first defined on line {line}); the second value would silently win"
        self.problem(checks.DUPLICATE_KEY, key_node, message, value=key_node.value)  # the fingerprint: the message holds a line number


def parse(text: str, file: str, on_disk: bool = False) -> tuple[list[Document], list[Finding]]:
    """Every document in `text`, and the findings for what could not be read.

    Documents before a syntax error are kept: one bad document never hides the
    others. With on_disk, `text` is what `file` holds: it is not kept in memory
    but read again if a position is asked for. A text that parsed cleanly before
    is not parsed again (documents/same.py).
    """
    key = same.key(text, (MAX_VALUES, MAX_ALIAS_VALUES, nesting.MAX_DEPTH, COMPOSER_SAFE_DEPTH, scalars.MAX_INT_DIGITS))
    earlier = same.earlier(key, text, file, on_disk)
    if earlier is not None:
        return earlier, []
    documents: list[Document] = []
    findings: list[Finding] = []
    try:
        if depth_bound(text) > COMPOSER_SAFE_DEPTH:
            place = too_deep(text)
            if place is not None:
                findings.append(_too_deep_finding(place, file))
                return documents, findings
        aliases = _AliasBudget(MAX_ALIAS_VALUES)  # read now, not at import: the bounds may be changed at run time
        source = SourceText(file, text)
        anchored = "&" in text
        for index, root in enumerate(compose_all(text)):
            document = _document(root, index, source, findings, aliases, anchored)
            if document is not None:  # a refused document has its finding and nothing to check
                documents.append(document)
        if on_disk:
            source.release()
        if documents and not findings:
            same.remember(key, source, documents)
    except yaml.MarkedYAMLError as error:  # nesting past the bound before the error is the finding, as without one
        place = too_deep(text)
        findings.append(_syntax_finding(error, file) if place is None else _too_deep_finding(place, file))
    except yaml.reader.ReaderError as error:  # libyaml reports a bad character without a mark: find it
        read = text if PURE_PYTHON else text.encode("utf-8")[: error.position].decode("utf-8", "ignore")
        before = _LINE_BREAK.split(read[: error.position])  # libyaml counts bytes of UTF-8, PyYAML characters
        message = f"character U+{error.character:04X} is not allowed in YAML ({error.reason})"
        findings.append(checks.YAML_SYNTAX.finding(file, len(before), len(before[-1]) + 1, message))
    except yaml.YAMLError as error:
        findings.append(checks.YAML_SYNTAX.finding(file, 1, 1, " ".join(str(error).split())))
    if not documents and not findings:
        findings.append(checks.EMPTY.finding(file, 1, 1, "the file has no YAML document"))
    return documents, findings


def _document(
    root: yaml.Node, index: int, source: SourceText, findings: list[Finding], aliases: _AliasBudget, anchored: bool
) -> Document | None:
    builder = _Builder(source.file, findings, aliases, anchored, MAX_VALUES, nesting.MAX_DEPTH)
    try:
        data = builder.build(root)
    except _TooBig as error:
        builder.problem(checks.UNSAFE_YAML, error.node, str(error))
        return None
    return Document(file=source.file, index=index, data=data, source=TextSourceMap(source, index))


def _too_deep_finding(place: Position, file: str) -> Finding:
    return checks.UNSAFE_YAML.finding(file, place.line, place.column, _nested())


def _nested() -> str:
    return f"the document is nested more than {nesting.MAX_DEPTH} levels deep"


def _syntax_finding(error: yaml.MarkedYAMLError, file: str) -> Finding:
    """At the place the parser gave up, naming the place it started from when that is elsewhere.

    An unclosed `[` on line 15 is only noticed on line 17; the reader needs both lines.
    """
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context, problem = error.context, error.problem
    start = error.context_mark
    if context and problem and start is not None and (start.line, start.column) != (line - 1, column - 1):
        context = f"{context} at line {start.line + 1}, column {start.column + 1}:"
    message = " ".join(part for part in (context, problem) if part) or "invalid YAML"
    return checks.YAML_SYNTAX.finding(file, line, column, message)
