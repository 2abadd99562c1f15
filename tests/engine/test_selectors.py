"""The selector language: paths within a document and across documents."""

from __future__ import annotations

import pytest
from helpers import CANCELLATION, PRICING, documents

from codecheck.engine.selectors import Hit, Index, compile_selector, select
from codecheck.language import SelectorError

COMP = """\
codecheck: 1
kind: compensation
id: comp
plans:
  - {id: ae, name: AE, pays_on: [pricing-main]}
"""


def run(selector: str, subject_doc: int = 0, variables: dict | None = None, text: str | None = None):
    docs = documents(text or PRICING + "---\n" + CANCELLATION + "---\n" + COMP)
    doc = docs[subject_doc]
    hits = select(compile_selector(selector), Hit(doc, (), doc.data), variables or {}, Index(docs))
    return [(h.doc.id if h.doc else None, h.path, h.value) for h in hits]


def test_fields_and_indexes() -> None:
    assert run("plans[0].signup.steps") == [("pricing-main", ("plans", 0, "signup", "steps"), 2)]


def test_every_item_of_a_list() -> None:
    assert run("plans[*].id") == [("pricing-main", ("plans", 0, "id"), "basic")]


def test_filters_by_value_and_alternatives() -> None:
    assert run("plans[id=basic].name") == [("pricing-main", ("plans", 0, "name"), "Basic")]
    assert run("plans[id=gold|basic].name") == [("pricing-main", ("plans", 0, "name"), "Basic")]
    assert run("plans[id=gold].name") == []


def test_following_references_to_other_documents() -> None:
    assert run("$.covers->plans[*].signup.steps", subject_doc=1) == [
        ("pricing-main", ("plans", 0, "signup", "steps"), 2)
    ]


def test_reverse_references_find_the_documents_that_name_this_one() -> None:
    assert run("<-cancellation.covers.steps") == [("cancel-main", ("steps",), 2)]
    assert run("plans[0].pays_on-><-cancellation.covers.channels", subject_doc=2) == [
        ("cancel-main", ("channels",), ["online", "email"])
    ]


def test_variables() -> None:
    docs = documents(PRICING)
    bound = {"plan": Hit(docs[0], ("plans", 0), docs[0].data["plans"][0])}
    assert run("$plan.name", variables=bound, text=PRICING) == [("pricing-main", ("plans", 0, "name"), "Basic")]
    assert run("plans[id=$wanted].name", variables={"wanted": Hit(None, (), "basic")}, text=PRICING) == [
        ("pricing-main", ("plans", 0, "name"), "Basic")
    ]


def test_absent_paths_select_nothing() -> None:
    assert run("plans[3].name") == []
    assert run("nothing.here") == []
    assert run("id[*]") == []


def test_the_static_path_is_where_a_missing_value_belongs() -> None:
    assert compile_selector("signup.consent.method").static_path() == ("signup", "consent", "method")
    assert compile_selector("plans[0].fees[*].x").static_path() == ("plans", 0, "fees")


@pytest.mark.parametrize("text", ["a..b", "a b", "a$", "a[", "a[-1]", "$x$y"])
def test_malformed_selectors_are_refused(text: str) -> None:
    with pytest.raises(SelectorError):
        compile_selector(text)
