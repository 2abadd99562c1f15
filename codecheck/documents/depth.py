"""How deep a YAML text nests, read from its event stream: for texts too deep for the composer.

libyaml's composer recurses on the C stack, and from PyYAML 6.0.4 libyaml
refuses nesting past 1,000 levels with an error of its own. The event stream
never recurses, so a file 100,000 levels deep is measured in milliseconds, and
the finding is the same (CC0006 at the first value past MAX_DEPTH) whichever
limit would have fired first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from codecheck.documents.positions import Loader, position_of
from codecheck.model import Position

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists in a document (real policies use about 8)."""

COMPOSER_SAFE_DEPTH = 5_000
"""libyaml's composer recurses on the C stack; deeper input is measured before composing."""

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


def too_deep(text: str) -> Position | None:
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
        if not is_nesting_limit(error):
            return None
    try:
        return _first_too_deep(yaml.SafeLoader(text))
    except yaml.YAMLError:
        return None


def is_nesting_limit(error: yaml.YAMLError) -> bool:
    """Whether the parser gave up because of a nesting limit of its own (libyaml: "maximum nesting depth")."""
    return isinstance(error, yaml.MarkedYAMLError) and "nesting" in (error.problem or "")


def depth_bound(text: str) -> int:
    """A cheap upper bound on nesting: indentation is at most a line long, brackets are counted."""
    if len(text) <= COMPOSER_SAFE_DEPTH:  # no bound is longer than the text, and splitting it costs time
        return len(text)
    longest = max((len(line) for line in text.splitlines()), default=0)
    return longest + text.count("[") + text.count("{")
