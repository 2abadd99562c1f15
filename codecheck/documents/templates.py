"""The placeholder language of messages: `{name}` is filled in, `{{` and `}}` are braces, nothing else is special.

Rule messages (`{value}`, `{expected}`, `{path}`, or a selector such as
`{$.id}`), changes.yaml messages (`{before}`, `{after}`, `{doc}`, `{path}`)
and the schemas' `x-error` texts (`{value}`) are written in it. A placeholder
is a name and nothing more: there is no attribute access, no index, no format
specification, so a message read from a rule pack cannot walk objects or ask
for gigabytes of padding. Each file that holds messages checks every name when
it loads (`names`), so an unknown placeholder stops the run at its line and
column. `render` fills each placeholder once, left to right: the text it puts
in is never read as a template again, so a policy value such as `{$.id}` is
shown as written.
"""

from __future__ import annotations

import functools
from typing import Callable, NamedTuple


class TemplateError(ValueError):
    """A message that is not a template: a brace that opens or closes no placeholder.

    `offset` is the 0-based character where the problem is, for a position in the file.
    """

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class Field(NamedTuple):
    """A placeholder: its name, and where it starts in the template (0-based, at its `{`)."""

    name: str
    offset: int


Part = str | Field


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Part, ...]:
    """The literal texts and placeholders of `text`, in order."""
    parts: list[Part] = []
    literal: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if text.startswith(("{{", "}}"), at):
            literal.append(char)
            at += 2
        elif char == "{":
            end = text.find("}", at + 1)
            name = text[at + 1 : end] if end != -1 else ""
            if end == -1 or not name or "{" in name:
                raise TemplateError("a '{' that starts no placeholder (write '{{' for a brace)", at)
            parts.extend(["".join(literal), Field(name, at)] if literal else [Field(name, at)])
            literal = []
            at = end + 1
        elif char == "}":
            raise TemplateError("a '}' that closes no placeholder (write '}}' for a brace)", at)
        else:
            literal.append(char)
            at += 1
    if literal:
        parts.append("".join(literal))
    return tuple(parts)


def fields(text: str) -> list[Field]:
    """The placeholders of `text`, for checking each when the file that holds it loads."""
    return [part for part in parse(text) if isinstance(part, Field)]


def render(text: str, fill: Callable[[str], str]) -> str:
    """`text` with each placeholder replaced by `fill(name)`; what `fill` returns is not read again."""
    return "".join(part if isinstance(part, str) else fill(part.name) for part in parse(text))
