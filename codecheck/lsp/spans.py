"""Where a finding's value ends on its line: a finding has a start (line, column); an editor underlines a range.

The range is the YAML token that starts at the finding's column: a quoted
scalar to its closing quote, a flow collection to its closing bracket, a key
to its colon, a plain scalar to the end of its value (a comment, or the next
item of a flow collection, ends it). An empty token (a key whose value is
missing, a position past the end) is underlined to the end of the line, or
one character.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Iterator

LINE_BREAK = re.compile("\r\n|\r|\n")
"""How the protocol counts lines."""

_CLOSING = {"[": "]", "{": "}"}


def lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def token_end(line: str, start: int) -> int:
    """The end (exclusive, in characters) of the token of `line` that starts at `start` (0-based)."""
    if start >= len(line):
        return len(line)
    first = line[start]
    if first in "\"'":
        return _quoted_end(line, start)
    if first in _CLOSING:
        return _bracket_end(line, start)
    in_flow = _depth(line[:start]) > 0
    end = start
    while end < len(line):
        char = line[end]
        if char == "#" and line[end - 1] in " \t":
            break
        if in_flow and char in ",]}":
            break
        if char == ":" and (end + 1 == len(line) or line[end + 1] in " \t"):
            break
        end += 1
    return start + len(line[start:end].rstrip())


def _quoted_end(line: str, start: int) -> int:
    quote, index = line[start], start + 1
    while index < len(line):
        if line[index] == "\\" and quote == '"':
            index += 2
            continue
        if line[index] == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":  # '' is a quote inside single quotes
                index += 2
                continue
            return index + 1
        index += 1
    return len(line)


def _bracket_end(line: str, start: int) -> int:
    """Past the bracket that closes the flow collection opening at `start`, or the end of the line."""
    return next((index + 1 for index, depth in _flow_depth(line, start) if depth == 0), len(line))


def _depth(prefix: str) -> int:
    """How many flow collections are open at the end of `prefix`."""
    last = deque(_flow_depth(prefix, 0), maxlen=1)
    return last[0][1] if last else 0


def _flow_depth(line: str, start: int) -> Iterator[tuple[int, int]]:
    """Each index of `line` from `start`, with how many flow collections are open after it (quotes respected)."""
    depth, quote = 0, ""
    for index in range(start, len(line)):
        char = line[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        yield index, depth


def span(line: str, column: int) -> tuple[int, int]:
    """The 0-based [start, end) characters of the finding at 1-based `column` of `line`; never empty."""
    start = max(0, min(column - 1, len(line)))
    end = token_end(line, start)
    if end <= start:
        end = len(line) if len(line) > start else start + 1
    return start, end
