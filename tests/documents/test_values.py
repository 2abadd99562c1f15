"""Typed comparisons: durations by length, money within one currency, no order for booleans."""

from __future__ import annotations

import math

import pytest

from codecheck.documents.values import Incomparable, compare, duration_seconds, same


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


def test_same_does_not_confuse_booleans_with_numbers() -> None:
    assert same(True, True)
    assert not same(True, 1)
    assert not same(0, False)
    assert same("P1Y", "P12M")
    assert same(1, 1.0)
