"""The places codecheck knows: ISO codes, what each lies within, aliases, and the nearest code to a mistake."""

from __future__ import annotations

import pytest

from codecheck.documents import jurisdictions
from codecheck.documents.jurisdictions import Market, around, canonical, is_known, places, suggestions
from codecheck.language import Jurisdiction

EU_MEMBERS = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()


@pytest.mark.parametrize("code", ["IT", "NL", "SE", "IE", "ES", "BR", "IN", "CA-QC", "AU-NSW", "CH", "JP", "EEA", "GB-SCT", "US-DC"])
def test_every_market_a_customer_lives_in_is_a_known_code(code: str) -> None:
    assert is_known(code)


def test_the_codes_the_rulebook_used_before_stay_known() -> None:
    assert all(is_known(code) for code in ("EU", "DE", "FR", "UK", "US", "US-CA", "US-NY"))


@pytest.mark.parametrize("code", ["XX", "it", "California", "US-XX", "EUR", "", "GB-XYZ"])
def test_anything_else_is_not_a_code(code: str) -> None:
    assert not is_known(code)


def test_how_many_codes_there_are() -> None:
    known = places()
    countries = [c for c in known.names if len(c) == 2 and c != "EU"]
    subdivisions = [c for c in known.names if "-" in c]
    # ISO 3166-1 has 249 codes: 243 countries here (GB written UK) and the 6 US outlying areas as aliases
    assert len(countries) + len([a for a in known.aliases if known.aliases[a].startswith("US-")]) == 249
    assert len([c for c in subdivisions if c.startswith("US-")]) == 57  # 50 states, DC, 6 outlying areas
    assert len([c for c in subdivisions if c.startswith("CA-")]) == 13
    assert len([c for c in subdivisions if c.startswith("AU-")]) == 8
    assert (len(known.names), len(known.aliases), len(jurisdictions.codes())) == (327, 8, 335)


def test_the_unions_have_their_members() -> None:
    members = sorted(code for code, inside in places().within.items() if "EU" in inside and len(code) == 2 and code != "MF")
    assert members == sorted(EU_MEMBERS)
    assert all(around([code]) == {code, "EU", "EEA"} for code in EU_MEMBERS)
    assert around(["NO"]) == {"NO", "EEA"} and around(["IS"]) == {"IS", "EEA"} and around(["LI"]) == {"LI", "EEA"}
    assert around(["UK"]) == {"UK"} and around(["CH"]) == {"CH"}  # the UK left; Switzerland is in neither


@pytest.mark.parametrize(
    ("code", "places_of"),
    [
        ("US-CA", {"US-CA", "US"}),
        ("CA-QC", {"CA-QC", "CA"}),
        ("AU-NSW", {"AU-NSW", "AU"}),
        ("GB-SCT", {"GB-SCT", "UK"}),
        ("EU", {"EU", "EEA"}),
        ("RE", {"RE", "FR", "EU", "EEA"}),  # Reunion: a French overseas department
        ("EL", {"GR", "EU", "EEA"}),  # the EU's code for Greece
        ("GB", {"UK"}),
        ("PR", {"US-PR", "US"}),
    ],
)
def test_a_place_lies_within_its_country_and_unions(code: str, places_of: set[str]) -> None:
    assert around([code]) == places_of


def test_a_place_never_includes_what_lies_inside_it() -> None:
    assert "DE" not in around(["EU"]) and "US-CA" not in around(["US"])


def test_the_data_file_names_only_places_it_defines() -> None:
    known = places()
    inside = {container for containers in known.within.values() for container in containers}
    assert (set(known.within) | inside | set(known.aliases.values())) - set(known.names) == set()
    assert set(known.aliases) & set(known.names) == set()


def test_aliases_are_read_as_their_codes() -> None:
    assert (canonical("EL"), canonical("GB"), canonical("GR"), canonical("UK")) == ("GR", "UK", "GR", "UK")


def test_norway_is_a_code_not_false() -> None:
    """YAML 1.1 reads NO as false; the data file's loader keeps it a code."""
    assert jurisdictions.name("NO") == "Norway"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("it", ["IT"]),
        ("us-ca", ["US-CA"]),
        ("US_CA", ["US-CA"]),
        ("USCA", ["US-CA"]),
        ("Italy", ["IT"]),
        ("Québec", ["CA-QC"]),
        ("quebec", ["CA-QC"]),
        ("NSW", ["AU-NSW"]),
        ("NY", ["US-NY"]),
        ("Germny", ["DE"]),
        ("Georgia", ["GE", "US-GA"]),
        ("XX", []),
    ],
)
def test_a_mistaken_code_gets_the_nearest_known_one(written: str, meant: list[str]) -> None:
    assert suggestions(written) == meant


def test_the_message_for_an_unknown_code_says_what_to_write() -> None:
    assert jurisdictions.unknown_code("Italy") == (
        "'Italy' is not a known jurisdiction code (did you mean 'IT'?); use an ISO 3166 country or subdivision code"
        " such as IT, US-CA or CA-QC, or EU or EEA"
    )


def test_a_market_finds_the_law_in_force_on_its_date() -> None:
    market = Market(around(["FR"]), "2026-08-10")
    french = Jurisdiction("FR", since="2026-08-11")
    vacated = Jurisdiction("EU", until="2026-08-10")
    assert market.law([french, vacated, Jurisdiction("DE")]) == ()
    assert Market(market.places, "2026-08-11").law([french, vacated, Jurisdiction("EU")]) == ("EU", "FR")
    assert Market(market.places, "2026-08-09").law([vacated]) == ("EU",)  # law up to the day before it ends


def test_a_schema_lists_every_code_for_editors() -> None:
    from codecheck.documents.kinds import schema

    assert schema("pricing")["$defs"]["jurisdiction"]["enum"] == list(jurisdictions.codes())
