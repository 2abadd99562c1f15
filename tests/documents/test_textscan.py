"""The places textscan finds for the JSON and TOML readers, which give up without saying where."""

from __future__ import annotations

import pytest

from codecheck.documents.textscan import deepest, longest_number


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a = 1\n", (0, 1, 1)),
        ('a = [[1], "[[[["]\nb = {x = [[[2]]]}  # [[[[[[\n', (4, 2, 12)),
        ("a = '''\n[[[[\n'''\nb = [[1]]\n", (2, 4, 6)),
        ('a = "\\"[[[[" \nb = [1]\n', (1, 2, 5)),
        ('{"a": "unclosed\n[[["}', (4, 2, 3)),
    ],
)
def test_the_deepest_brackets_outside_strings_and_comments(text: str, found: tuple[int, int, int]) -> None:
    assert deepest(text) == found


def test_the_first_number_too_long_to_read() -> None:
    assert longest_number("a = 1\nb = " + "9_" * 3_000 + "\nc = " + "7" * 4_301 + "\n") == (4_301, 3, 5)
    assert longest_number("a = " + "9" * 4_300) is None
