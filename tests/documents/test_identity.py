"""List items are named by identity in every path shown to a user and in every fingerprint."""

from __future__ import annotations

import pytest

from codecheck.documents.identity import identity_path, stable_value

PRICING = {
    "kind": "pricing",
    "plans": [
        {"id": "basic", "name": "Basic", "price": {"amount": 5, "currency": "EUR"}},
        {"id": "pro", "name": "Pro", "price": {"amount": 9, "currency": "EUR"}, "signup": {"channels": ["online", "phone"]}},
    ],
    "fees": [{"name": "Setup"}, {"kind": "other"}],
}


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (("plans", 1, "price", "amount"), "plans[id=pro].price.amount"),
        (("plans", 1, "signup", "channels", 1), "plans[id=pro].signup.channels[=phone]"),
        (("fees", 0), "fees[name=Setup]"),
        (("fees", 1, "kind"), "fees[1].kind"),  # no name: its position is all there is
        (("plans", 7, "price"), "plans[7].price"),  # a missing item keeps its number
        (("plans",), "plans"),
        ((), ""),
    ],
)
def test_paths_name_list_items_by_identity(path, shown) -> None:
    assert identity_path("pricing", PRICING, path) == shown


def test_a_key_declared_in_the_schema_names_the_items_of_its_list() -> None:
    data = {"plans": [{"id": "ae", "customer_outcome_components": [{"metric": "nps"}, {"metric": "retention", "weight": 2}]}]}
    path = ("plans", 0, "customer_outcome_components", 1, "weight")
    assert identity_path("compensation", data, path) == "plans[id=ae].customer_outcome_components[metric=retention].weight"
    assert identity_path("pricing", data, path) == "plans[id=ae].customer_outcome_components[1].weight"  # not declared there


def test_siblings_that_share_a_name_keep_their_positions() -> None:
    data = {"purposes": [{"id": "a"}, {"id": "b"}, {"id": "a"}], "channels": ["mail", "mail", "online"]}
    assert identity_path("processing", data, ("purposes", 1)) == "purposes[id=b]"
    assert identity_path("processing", data, ("purposes", 2)) == "purposes[2]"
    assert identity_path("processing", data, ("channels", 0)) == "channels[0]"
    assert identity_path("processing", data, ("channels", 2)) == "channels[=online]"


def test_inserting_and_reordering_items_does_not_rename_the_others() -> None:
    before = identity_path("pricing", PRICING, ("plans", 1, "price"))
    moved = {"kind": "pricing", "plans": [{"id": "new"}, *reversed(PRICING["plans"])]}
    assert identity_path("pricing", moved, ("plans", 1, "price")) == before


def test_a_stable_value_ignores_the_order_of_lists_and_keys() -> None:
    assert stable_value(["b", "a"]) == stable_value(["a", "b"]) == "[a, b]"
    assert stable_value({"y": 1, "x": [2, 1]}) == stable_value({"x": [1, 2], "y": 1}) == "{x: [1, 2], y: 1}"
    assert stable_value({"id": "pro", "price": 9}) == "[id=pro]"  # a whole plan is the plan, whatever it holds
    assert stable_value({"amount": 5, "currency": "EUR"}) == "{amount: 5, currency: EUR}"
    assert stable_value("P1Y") == "P1Y" and stable_value(True) == "true"


def test_a_list_may_name_its_items_by_several_keys_together() -> None:
    transfers = [{"country": "US", "recipient": "Ads Inc."}, {"country": "US", "recipient": "Audiences"}, {"country": "IN"}]
    data = {"purposes": [{"id": "ads", "transfers": transfers}]}
    assert identity_path("processing", data, ("purposes", 0, "transfers", 1, "safeguard")) == (
        "purposes[id=ads].transfers[country=US, recipient=Audiences].safeguard"
    )
    assert identity_path("processing", data, ("purposes", 0, "transfers", 2)) == "purposes[id=ads].transfers[country=IN]"
