"""The placeholder language of messages: named fields only, braces escaped by doubling, filled once."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from codecheck.documents import templates
from codecheck.documents.templates import Field, TemplateError


def test_a_template_is_literal_text_and_named_fields() -> None:
    assert templates.parse("takes {after} steps, not {before}") == (
        "takes ", Field("after", 6), " steps, not ", Field("before", 25),
    )
    assert templates.parse("{{literal}} {$.id}") == ("{literal} ", Field("$.id", 12))
    assert templates.parse("") == ()


@pytest.mark.parametrize(
    ("text", "offset", "says"),
    [("a {b", 2, "'{' that starts no placeholder"), ("a {} b", 2, "'{' that starts no placeholder"),
     ("{a{b}", 0, "'{' that starts no placeholder"), ("a } b", 2, "'}' that closes no placeholder")],
)
def test_a_stray_brace_is_refused_with_where_it_is(text: str, offset: int, says: str) -> None:
    with pytest.raises(TemplateError, match=says) as caught:
        templates.parse(text)
    assert caught.value.offset == offset


def test_what_is_filled_in_is_never_read_again() -> None:
    filled = templates.render("{a} and {b}", {"a": "{b}", "b": "{{x}} {0.__class__}"}.__getitem__)
    assert filled == "{b} and {{x}} {0.__class__}"


def test_python_format_syntax_is_only_a_name_to_check() -> None:
    """No attribute, index or format spec is interpreted: the whole text in braces is one name, which the loader checks."""
    assert [f.name for f in templates.fields("{doc.__class__.__mro__} {0} {after:>2000000000}")] == [
        "doc.__class__.__mro__", "0", "after:>2000000000",
    ]


def test_the_schemas_error_texts_use_only_the_value() -> None:
    folder = resources.files("codecheck") / "schemas"
    texts: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            texts.extend(v for k, v in node.items() if k == "x-error")
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            collect(json.loads(entry.read_text(encoding="utf-8")))
    assert texts
    assert {f.name for text in texts for f in templates.fields(text)} == {"value"}
