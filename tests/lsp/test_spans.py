"""Where an underline ends: the YAML token at a finding's column, on its line."""

from __future__ import annotations

import pytest

from codecheck.lsp.features import escape, rule_id_at
from codecheck.lsp.spans import span


@pytest.mark.parametrize(
    ("line", "column", "token"),
    [
        ("steps: 9", 8, "9"),
        ("steps: 9   # one more than signing up", 8, "9"),
        ("notice: two weeks  # words", 9, "two weeks"),
        ("channels: [online, email]", 12, "online"),
        ("channels: [online, email]", 20, "email"),
        ("channels: [online, email]", 11, "[online, email]"),
        ('title: "a \\" # b"  # c', 8, '"a \\" # b"'),
        ("title: 'it''s # here'", 8, "'it''s # here'"),
        ("price: {amount: 1, currency: EUR}", 8, "{amount: 1, currency: EUR}"),
        ("  - id: annual", 5, "id"),
        ("plans:", 1, "plans"),
        ("url: https://x.example/a#b", 6, "https://x.example/a#b"),
    ],
)
def test_the_underline_is_the_token_at_the_column(line: str, column: int, token: str) -> None:
    start, end = span(line, column)
    assert line[start:end] == token


def test_an_empty_token_is_underlined_to_the_end_of_the_line_or_one_character() -> None:
    assert span("plans:   ", 7) == (6, 9)
    assert span("", 1) == (0, 1)
    assert span("x: 1", 40) == (4, 5)


def test_text_from_a_rule_pack_is_shown_as_written_never_as_markup() -> None:
    assert escape("[click](javascript:alert(1)) <b>*x*</b>") == "\\[click\\]\\(javascript:alert\\(1\\)\\) \\<b\\>\\*x\\*\\</b\\>"


LINE = 'steps: 3   # codecheck: ignore[cc0902, CC0904] reason="CC0905 is fine"'


@pytest.mark.parametrize(
    ("at", "found"), [(LINE.index("cc0902") + 2, "CC0902"), (LINE.index("CC0904"), "CC0904"), (LINE.index("CC0905"), None), (0, None)]
)
def test_a_rule_id_is_found_only_inside_a_suppression(at: int, found: str | None) -> None:
    assert rule_id_at(LINE, at) == found
