"""Typed comparisons: durations by length, money within one currency, no order for booleans."""

from __future__ import annotations

import math

import pytest

from codecheck.documents.values import (
    MAX_DURATION_DIGITS,
    MAX_QUOTED,
    Incomparable,
    compare,
    cut,
    duration_seconds,
    in_words,
    quote,
    same,
    words,
)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("P12M", "P1Y", 0),
        ("P30D", "P1M", -1),
        ("P31D", "P1M", 1),
        ("PT72H", "P3D", 0),
        ("P2W", "P14D", 0),
        ("indefinite", "P100Y", 1),
        (3, 2.5, 1),
        ("2026-01-01", "2025-12-31", 1),
        ({"amount": 10, "currency": "EUR"}, {"amount": 9.99, "currency": "EUR"}, 1),
    ],
)
def test_compare(left: object, right: object, expected: int) -> None:
    assert compare(left, right) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ({"amount": 1, "currency": "EUR"}, {"amount": 1, "currency": "USD"}),
        ("P1D", 1),
        (True, False),
        ("monthly", "P1M"),
    ],
)
def test_incomparable_values(left: object, right: object) -> None:
    with pytest.raises(Incomparable):
        compare(left, right)


def test_durations() -> None:
    assert duration_seconds("P1D") == 86_400
    assert duration_seconds("indefinite") == math.inf
    assert duration_seconds("30 days") is None


@pytest.mark.parametrize("digits", [306, 4_301])
def test_a_duration_of_hundreds_of_digits_is_counted_or_refused_never_a_crash(digits: int) -> None:
    """P1000...0D overflowed a float at 306 digits and hit Python's integer limit at 4,301."""
    long = "P1" + "0" * (digits - 1) + "D"
    assert duration_seconds(long) is None
    with pytest.raises(Incomparable, match="is not a number, duration or date"):
        compare(long, "P1D")
    counted = "P" + "9" * MAX_DURATION_DIGITS + "Y"
    assert compare(counted, "P10000Y") == 1 and compare(counted, "indefinite") == -1


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, {"amount": math.nan, "currency": "EUR"}, {"amount": "ten", "currency": "EUR"},
     {"amount": True, "currency": "EUR"}, {"amount": [1], "currency": "EUR"}],
)
def test_every_comparison_is_total_a_value_without_an_order_is_refused(value: object) -> None:
    """NaN compared equal to everything; a money amount that is not a number raised a TypeError."""
    other = {"amount": 10, "currency": "EUR"} if isinstance(value, dict) else 10
    for left, right in ((value, other), (other, value)):
        with pytest.raises(Incomparable):
            compare(left, right)
        assert not same(left, right)


def test_a_long_value_is_quoted_cut_with_its_length() -> None:
    assert quote("x" * MAX_QUOTED) == "x" * MAX_QUOTED
    assert quote("x" * 14_000) == "x" * MAX_QUOTED + "… (14,000 characters)"
    assert quote(list(range(5000))).endswith("… (28,890 characters)")
    assert cut("short") == "short"


def test_same_does_not_confuse_booleans_with_numbers() -> None:
    assert same(True, True)
    assert not same(True, 1)
    assert not same(0, False)
    assert same("P1Y", "P12M")
    assert same(1, 1.0)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("PT48H", "48 hours"),
        ("P1M", "one month"),
        ("P2Y", "two years"),
        ("P1Y6M", "one year and six months"),
        ("PT1H30M", "one hour and 30 minutes"),
        ("P30D", "30 days"),
        ("P12345678D", "12,345,678 days"),
        (True, "yes"),
        (False, "no"),
        (["phone"], "phone"),
        (["phone", "chat", "email"], "phone, chat and email"),
        ([], "none"),
        ({"amount": 10, "currency": "EUR"}, "10 EUR"),
        ("indefinite", "indefinite"),
        ("P", "P"),  # not a duration: as written
        (["in_app", "phone"], "in app and phone"),  # a schema's choices, in words
        ("promo-email", "promo-email"),
    ],
)
def test_a_message_says_a_value_in_words(value: object, said: str) -> None:
    assert words(value) == said


def test_a_value_in_words_is_cut_to_a_readable_length() -> None:
    said = in_words(["x" * 60, "y" * 60])
    assert said.startswith("x" * 60 + " and ") and said.endswith("(125 characters)")
