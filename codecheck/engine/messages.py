"""Rule messages: which placeholders a rule may use, checked when it loads, and how a failure fills them.

A rule's message (and any condition's `message:`) is a template in the
placeholder language of documents/templates.py. Its placeholders are `{value}`
(the offending value), `{expected}` (what it was compared with), `{path}`
(where it is) and any selector, read from the failing subject (`{name}`,
`{$.id}`, `{$plan.name}`). Every value is said by documents/values.in_words, the
one function that says how a value reads in a sentence: "48 hours", not PT48H.
"""

from __future__ import annotations

import functools

from codecheck.documents import templates
from codecheck.documents.identity import show_path
from codecheck.documents.values import cut, in_words
from codecheck.engine.failures import Failure
from codecheck.engine.selectors import compile_selector
from codecheck.language import Selector, SelectorError

SPECIAL_PLACEHOLDERS = ("value", "expected", "path")


class MessageError(ValueError):
    """A message that cannot be used; `offset` is the character of the placeholder or brace at fault."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def check_message(text: str) -> None:
    """Refuse a message with a stray brace or a placeholder that is neither special nor a selector."""
    try:
        fields = templates.fields(text)
    except templates.TemplateError as error:
        raise MessageError(str(error), error.offset) from error
    for field in fields:
        if field.name in SPECIAL_PLACEHOLDERS:
            continue
        try:
            _selector(field.name)
        except SelectorError as error:
            known = ", ".join(f"{{{name}}}" for name in SPECIAL_PLACEHOLDERS)
            problem = f"unknown placeholder {{{cut(field.name)}}} ({error}); use {known} or a selector such as {{$.id}}"
            raise MessageError(problem, field.offset) from error


@functools.lru_cache(maxsize=4096)
def _selector(text: str) -> Selector:
    return compile_selector(text)


def render_message(template: str, failure: Failure) -> str:
    """The message of a failure: each placeholder filled once, each value in words and cut to a readable length."""

    def fill(name: str) -> str:
        if name == "value":
            return in_words(failure.value)
        if name == "expected":
            return in_words(failure.expected)
        if name == "path":
            doc = failure.context.subject.doc
            return cut(show_path(doc, failure.path)) if doc is not None else ""
        hits = failure.context.select(_selector(name))
        return in_words(hits[0].value) if len(hits) == 1 else in_words([h.value for h in hits])

    return templates.render(template, fill)
