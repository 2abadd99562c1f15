"""The YAML a finding is about, as the scorecard shows it: a few numbered lines, the offending one marked.

For a value that is there, the excerpt is its line with one line either side.
For a value that is missing, or a finding about a whole mapping (a plan, a
purpose, the document itself), the offending line alone would be meaningless
(the first key of the mapping, often `codecheck: 1`): the excerpt shows the
mapping's own keys, their nested content folded, and where the missing key
belongs. Only the text is read, so this works on any file the report quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from codecheck.model import Finding

CONTEXT = 1
MAX_KEYS = 6
MAX_LINE = 200
"""Most characters of a line an excerpt shows."""
_KEY = re.compile(r"""(?:[^\s#'"{\[][^:#]*|'[^']*'|"[^"]*"):(?:\s|$)""")


@dataclass(frozen=True)
class ExcerptLine:
    number: int | None
    """1-based line number; None for a line the excerpt adds (a fold, the missing key)."""
    text: str
    mark: str = ""
    """"hit" for the offending line, "context" for the lines around it (not printed), "key" for
    a key of the mapping a finding is about, "absent" for where a missing key belongs, "fold"
    for folded lines, "" for the key that opens the mapping."""


def excerpt(lines: list[str], finding: Finding) -> list[ExcerptLine]:
    """The lines to show for `finding`, each cut to MAX_LINE characters about its column; empty when its file could not be read."""
    return [replace(line, text=window(line.text, finding.column)[0]) for line in _lines(lines, finding)]


def window(text: str, column: int) -> tuple[str, int]:
    """At most MAX_LINE characters of `text` about 1-based `column`, with an ellipsis where cut, and where the column is now.

    A 10 KB line under each of hundreds of findings made a 83 KB file a 26 MB scorecard.
    """
    if len(text) <= MAX_LINE:
        return text, column
    start = max(0, min(column - 1 - MAX_LINE // 3, len(text) - MAX_LINE))
    before = "…" if start else ""
    after = "…" if start + MAX_LINE < len(text) else ""
    return before + text[start : start + MAX_LINE] + after, column - start + len(before)


def _lines(lines: list[str], finding: Finding) -> list[ExcerptLine]:
    if not lines or not 1 <= finding.line <= len(lines):
        return []
    text = lines[finding.line - 1]
    start = finding.column - 1
    at = text[start:]
    if finding.absent and at.startswith("{"):
        return [*_around(lines, finding.line), _absent_line(_indent(text) + 2, finding.absent)]
    if finding.absent or _is_mapping_start(text, start):
        return _mapping(lines, finding.line, start, finding.absent)
    return _around(lines, finding.line)


def _around(lines: list[str], line: int) -> list[ExcerptLine]:
    first, last = max(1, line - CONTEXT), min(len(lines), line + CONTEXT)
    return [ExcerptLine(n, lines[n - 1], "hit" if n == line else "context") for n in range(first, last + 1)]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _is_mapping_start(text: str, start: int) -> bool:
    """Whether a block mapping's first key is written at `start` (after its indentation or a `- `)."""
    before = text[:start].replace("-", " ")
    return not before.strip() and bool(_KEY.match(text[start:]))


def _blank(text: str) -> bool:
    return not text.strip() or text.lstrip().startswith("#")


def _mapping(lines: list[str], line: int, indent: int, absent: str) -> list[ExcerptLine]:
    """The keys of the block mapping whose first key is at (line, indent), nested content folded."""
    keys = [line]
    number = line + 1
    while number <= len(lines):
        text = lines[number - 1]
        if text.startswith(("---", "...")):
            break
        if not _blank(text):
            if _indent(text) < indent or (_indent(text) == indent and not _KEY.match(text[indent:])):
                break
            if _indent(text) == indent:
                keys.append(number)
        number += 1
    shown = [ExcerptLine(p, lines[p - 1]) for p in _parent(lines, line, indent)]
    chosen = keys if len(keys) <= MAX_KEYS else [*keys[: MAX_KEYS - 3], 0, *keys[-2:]]
    ends = [*keys[1:], number]
    for key in chosen:
        if not key:
            shown.append(ExcerptLine(None, " " * indent + "…", "fold"))
            continue
        shown.append(ExcerptLine(key, lines[key - 1], "key"))
        end = ends[keys.index(key)]
        if any(not _blank(lines[n - 1]) for n in range(key + 1, end)):
            shown.append(ExcerptLine(None, " " * (indent + 2) + "…", "fold"))
    if absent:
        shown.append(_absent_line(indent, absent))
    return shown


def _parent(lines: list[str], line: int, indent: int) -> list[int]:
    """The key line that opens this mapping (`governance:`), when it is the line just above."""
    number = line - 1
    while number >= 1 and _blank(lines[number - 1]):
        number -= 1
    if number >= 1 and _indent(lines[number - 1]) < indent and lines[number - 1].rstrip().endswith(":"):
        return [number]
    return []


def _absent_line(indent: int, absent: str) -> ExcerptLine:
    return ExcerptLine(None, f"{' ' * indent}{absent}: … (not stated)", "absent")
