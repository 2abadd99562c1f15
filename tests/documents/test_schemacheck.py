"""The schema checker answers for every value YAML can hold, on every jsonschema-rs version allowed."""

from __future__ import annotations

import pytest

from codecheck.documents.schemacheck import Checker

SCHEMA = {"type": "object", "properties": {"steps": {"type": "integer", "maximum": 5}}}


@pytest.mark.parametrize(
    ("instance", "valid"),
    [
        (2**63, False),
        ({"steps": 2**63}, False),
        ({"steps": -(2**64)}, True),
        ({"steps": 10**400}, False),
        ({"steps": 3}, True),
    ],
)
def test_integers_beyond_64_bits_are_judged_not_refused(instance: object, valid: bool) -> None:
    checker = Checker(SCHEMA)
    assert checker.is_valid(instance) is valid
    assert (checker.best_error(instance) is None) is valid
