"""Where a JSON or TOML text is too much for its reader: the deepest brackets, the longest number.

Python's JSON and TOML readers give up on such texts without saying where
(json and tomllib recurse once per level of brackets; int() refuses more
digits than sys.get_int_max_str_digits()). These find the place in the text,
so that the error names file:line:column like every other.
"""

from __future__ import annotations

import re
import sys


def deepest(text: str) -> tuple[int, int, int]:
    """The greatest depth of brackets (`[` and `{`) in `text`, and the 1-based line and column of the
    first bracket that reaches it; strings ("...", '...', and their triple-quoted forms) and `#`
    comments are skipped."""
    depth = best = 0
    line, line_start, place = 1, 0, (1, 1)
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\n":
            line, line_start = line + 1, at + 1
        elif char == "#":
            end = text.find("\n", at)
            at = len(text) if end < 0 else end
            continue
        elif char in "\"'":
            at, line, line_start = _past_string(text, at, line, line_start)
            continue
        elif char in "[{":
            depth += 1
            if depth > best:
                best, place = depth, (line, at - line_start + 1)
        elif char in "]}":
            depth = max(0, depth - 1)
        at += 1
    return best, place[0], place[1]


def _past_string(text: str, at: int, line: int, line_start: int) -> tuple[int, int, int]:
    """The index after the string that opens at `at`, with the line count carried through it."""
    quote = text[at] * 3 if text.startswith(text[at] * 3, at) else text[at]
    at += len(quote)
    while at < len(text) and not text.startswith(quote, at):
        if text[at] == "\\" and quote[0] == '"':
            at += 1
        elif text[at] == "\n":
            if len(quote) == 1:
                return at, line, line_start  # an unclosed string ends at the line's end, as far as brackets are concerned
            line, line_start = line + 1, at + 1
        at += 1
    return at + len(quote), line, line_start


def longest_number(text: str) -> tuple[int, int, int] | None:
    """Digits (TOML's `_` separators included) beyond what int() reads, and the 1-based line and column
    of the first such number; None when every number is short enough."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    if not limit:
        return None
    runs = re.finditer(rf"[0-9][0-9_]{{{limit},}}", text)
    found = next((run for run in runs if len(run.group()) - run.group().count("_") > limit), None)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return len(found.group().replace("_", "")), line, column
