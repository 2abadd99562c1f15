"""Validation: each document problem is a finding with its own id, at the offending value."""

from __future__ import annotations

import pytest
from helpers import CANCELLATION, PRICING, documents

from codecheck.documents.validate import validate


def problems(text: str) -> list[tuple[str, int, int, str]]:
    _, findings = validate(documents(text))
    return [(f.rule_id, f.line, f.column, f.message) for f in findings]


def test_sound_documents_pass() -> None:
    sound, findings = validate(documents(PRICING + "---\n" + CANCELLATION))
    assert findings == []
    assert [d.id for d in sound] == ["pricing-main", "cancel-main"]


def test_an_unknown_enum_value_names_the_allowed_ones() -> None:
    text = CANCELLATION.replace("channels: [online, email]", "channels: [online, fax]")
    assert problems(PRICING + "---\n" + text) == [
        (
            "CC0012",
            16,
            20,
            "cancellation.channels[=fax]: 'fax' is not one of: online, in_app, email, phone, chat, in_person, mail",
        )
    ]


def test_an_unknown_field_points_at_its_key_and_suggests_the_right_one() -> None:
    text = PRICING.replace("      steps: 2\n", "      stepz: 2\n")
    assert problems(text) == [
        ("CC0012", 10, 7, "pricing.plans[id=basic].signup.stepz: unknown field 'stepz' (did you mean 'steps'?)")
    ]


def test_a_missing_required_field_points_at_the_mapping() -> None:
    text = PRICING.replace("    price: {amount: 9.99, currency: EUR}\n", "")
    assert problems(text) == [("CC0012", 5, 5, "pricing.plans[id=basic]: missing required field 'price'")]


def test_a_bad_duration_says_what_a_duration_looks_like() -> None:
    text = CANCELLATION + "notice_period: 30 days\n"
    assert problems(PRICING + "---\n" + text) == [
        ("CC0012", 18, 16, "cancellation.notice_period: '30 days' is not an ISO 8601 duration such as P30D, P1M, P2Y or PT72H")
    ]


def test_a_number_where_text_is_expected_says_to_quote_it() -> None:
    text = PRICING.replace("    name: Basic\n", "    name: 1.10\n")
    assert problems(text) == [
        ("CC0012", 6, 11, 'pricing.plans[id=basic].name: expected text, found the number 1.1; write it in quotes ("1.10") to keep it as text')
    ]


def test_yes_is_not_a_boolean() -> None:
    text = CANCELLATION + "requires_agent: yes\n"
    assert problems(PRICING + "---\n" + text) == [
        ("CC0012", 18, 17, "cancellation.requires_agent: expected true or false, found 'yes'")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", ("CC0010", 1, 1)),
        ("codecheck: 1\nid: x\n", ("CC0010", 1, 1)),
        ("codecheck: 1\nkind: pricings\nid: x\n", ("CC0011", 2, 7)),
        ("---\n...\n", ("CC0004", 2, 1)),
    ],
)
def test_documents_that_are_not_policies(text: str, expected: tuple[str, int, int]) -> None:
    assert [p[:3] for p in problems(text)] == [expected]


def test_an_unknown_kind_suggests_the_closest() -> None:
    message = problems("codecheck: 1\nkind: pricings\nid: x\n")[0][3]
    assert message.startswith("unknown kind 'pricings' (did you mean 'pricing'?); known kinds: pricing, cancellation,")


def test_a_duplicate_id_points_at_the_second_and_names_the_first() -> None:
    text = PRICING + "---\n" + PRICING
    assert problems(text) == [
        ("CC0013", 14, 5, "duplicate id 'pricing-main': also used by the pricing document at f.yaml:3")
    ]


def test_a_dangling_reference_names_the_missing_id() -> None:
    text = CANCELLATION.replace("covers: [pricing-main]", "covers: [pricing-old]")
    assert problems(text) == [
        ("CC0014", 4, 10, "cancellation.covers[=pricing-old]: no pricing document has the id 'pricing-old'")
    ]


def test_a_reference_to_the_wrong_kind_is_dangling() -> None:
    text = CANCELLATION.replace("covers: [pricing-main]", "covers: [cancel-main]")
    assert problems(text)[0][3] == (
        "cancellation.covers[=cancel-main]: no pricing document has the id 'cancel-main' (it is a cancellation document)"
    )


def test_unsound_documents_are_kept_from_the_rules() -> None:
    sound, _ = validate(documents(PRICING.replace("steps: 2", "steps: two")))
    assert sound == ()


def test_the_fast_check_and_the_explaining_validator_agree(monkeypatch) -> None:
    from pathlib import Path

    from codecheck.documents import kinds
    from codecheck.documents.load import load

    root = Path(__file__).resolve().parents[2] / "examples"
    docs = [d for d in load([str(root)]).documents if d.kind in kinds.KINDS]
    broken = [{**d.data, "unknown_field": 1} for d in docs]
    for data in [d.data for d in docs] + broken:
        check = kinds.checker(data["kind"])
        assert check.is_valid(data) == check._explain().is_valid(data)


def test_every_missing_required_field_is_named() -> None:
    text = "codecheck: 1\nkind: feedback\nid: f\nsurveys:\n  - {channel: email}\n"
    assert sorted(p[3] for p in problems(text)) == [
        "feedback.surveys[channel=email]: missing required field 'id'",
        "feedback.surveys[channel=email]: missing required field 'kind'",
    ]


def test_a_document_with_a_schema_error_is_still_a_known_id() -> None:
    """One wrong value is one finding: the documents that name the broken one are not told it is missing."""
    broken = PRICING.replace("currency: EUR", "currency: EURO")
    text = broken + "---\n" + CANCELLATION + "---\n" + CANCELLATION.replace("id: cancel-main", "id: cancel-app")
    sound, findings = validate(documents(text))
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0012", 7, 37)]
    assert [d.id for d in sound] == ["cancel-main", "cancel-app"]  # the broken one reaches no rule


def test_a_document_with_a_schema_error_still_counts_for_duplicate_ids() -> None:
    text = PRICING.replace("currency: EUR", "currency: EURO") + "---\n" + PRICING
    assert [(f.rule_id, f.line) for f in validate(documents(text))[1]] == [("CC0012", 7), ("CC0013", 14)]


def test_a_reference_to_a_broken_document_of_another_kind_is_still_dangling() -> None:
    text = CANCELLATION.replace("covers: [pricing-main]", "covers: [cancel-main]").replace("steps: 2", "steps: two")
    text += "---\n" + CANCELLATION.replace("id: cancel-main", "id: cancel-app").replace("[pricing-main]", "[cancel-main]")
    messages = [f.message for f in validate(documents(text))[1] if f.rule_id == "CC0014"]
    assert messages == ["cancellation.covers[=cancel-main]: no pricing document has the id 'cancel-main' (it is a cancellation document)"]


def test_every_known_jurisdiction_code_is_valid_in_a_document() -> None:
    codes = "[IT, NL, SE, IE, ES, BR, IN, CA-QC, AU-NSW, EL, GB, EEA]"
    assert problems(PRICING + f"jurisdictions: {codes}\n") == []


def test_an_unknown_jurisdiction_is_a_finding_with_the_nearest_code() -> None:
    assert problems(PRICING + "jurisdictions: [EU, Italy, XX]\n") == [
        (
            "CC0012",
            11,
            21,
            "pricing.jurisdictions[=Italy]: 'Italy' is not a known jurisdiction code (did you mean 'IT'?); use an ISO 3166"
            " country or subdivision code such as IT, US-CA or CA-QC, or EU or EEA",
        ),
        (
            "CC0012",
            11,
            28,
            "pricing.jurisdictions[=XX]: 'XX' is not a known jurisdiction code; use an ISO 3166"
            " country or subdivision code such as IT, US-CA or CA-QC, or EU or EEA",
        ),
    ]


@pytest.mark.parametrize("written", [".nan", ".inf", "-.inf", "1e400"])
def test_a_number_that_is_not_finite_is_a_schema_finding_at_the_value(written: str) -> None:
    """A price of .nan passed the schema (NaN is a float) and then compared equal to every other price."""
    text = PRICING.replace("amount: 9.99", f"amount: {written}")
    assert problems(text) == [("CC0012", 7, 21, f"pricing.plans[id=basic].price.amount: expected a number, found '{written}'")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{max_messages: many, per: P1M}", "marketing.channels[id=a].frequency_cap: expected a whole number, found 'many'"),
        ("never", "marketing.channels[id=a].frequency_cap: expected a mapping of fields, found 'never'"),
    ],
)
def test_a_mapping_or_a_stated_none_explains_the_mapping(value: str, message: str) -> None:
    text = f"codecheck: 1\nkind: marketing\nid: m\nchannels:\n  - {{id: a, kind: email, frequency_cap: {value}}}\n"
    _, problems = validate(documents(text))
    assert [p.message for p in problems] == [message]


def test_a_duration_or_a_stated_none_explains_the_duration() -> None:
    text = "codecheck: 1\nkind: support\nid: s\nchannels:\n  - {id: a, kind: email, first_response_target: soon}\n"
    _, problems = validate(documents(text))
    message = "support.channels[id=a].first_response_target: 'soon' is not an ISO 8601 duration such as P30D, P1M, P2Y or PT72H"
    assert [p.message for p in problems] == [message]
