"""Plain YAML scalars resolved with the YAML 1.2 core schema: `NO`, `on` and `yes` stay text.

YAML 1.1 (PyYAML's default) would turn them into booleans, so `country: NO`
would become `country: false`.

One departure from the core schema: `.nan`, `.inf` and a float too large to
hold (`1e400`) stay text. No policy has a use for them, and NaN compares equal
to nothing, so a fee of `.nan` would pass every comparison; as text, a field
that expects a number reports it (CC0012) at the value.
"""

from __future__ import annotations

import math
import re
from typing import Any

MAX_INT_DIGITS = 1_000
"""Longest integer literal read as a number; a longer one stays text (Python cannot even print 5,000 digits)."""

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


_MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")
"""The first characters of every null, boolean and number above: most policy values start otherwise."""


def resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema."""
    if text and text[0] not in _MAY_NOT_BE_TEXT:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if len(text) > MAX_INT_DIGITS and (_INT.match(text) or _OCT.match(text) or _HEX.match(text)):
        return text
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        number = float(text)
        return number if math.isfinite(number) else text
    return text
