"""The parser: YAML 1.2 meaning, exact positions, and refusals as findings."""

from __future__ import annotations

import pytest
import yaml

from codecheck.documents.depth import too_deep
from codecheck.documents.parse import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_VALUES, parse
from codecheck.model import Position


def only(text: str):
    docs, findings = parse(text, "f.yaml")
    assert findings == []
    assert len(docs) == 1
    return docs[0]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("1.10", 1.1),
        ('"1.10"', "1.10"),
        ("'yes'", "yes"),
        ("42", 42),
        ("0o17", 15),
        ("0x1f", 31),
        ("1e3", 1000.0),
        ("12:30", "12:30"),
        ("2025-01-31", "2025-01-31"),
        ("P30D", "P30D"),
        ("1_000", "1_000"),
        # not a number codecheck reads: NaN compares equal to nothing, infinity to no amount
        (".nan", ".nan"),
        (".NaN", ".NaN"),
        (".inf", ".inf"),
        ("-.Inf", "-.Inf"),
        ("+.INF", "+.INF"),
        ("1e400", "1e400"),
        ("-1e400", "-1e400"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(written: str, value: object) -> None:
    assert only(f"key: {written}\n").data == {"key": value}


def test_positions_of_nested_block_values() -> None:
    doc = only("kind: pricing\nplans:\n  - id: basic\n    price:\n      amount: 9\n")
    assert doc.position(("plans", 0, "price", "amount")) == Position(5, 15)
    assert doc.position(("plans", 0, "price", "amount"), key=True) == Position(5, 7)
    assert doc.position(("plans", 0, "id")) == Position(3, 9)


def test_positions_of_flow_values() -> None:
    doc = only("plans: [{id: a, price: {amount: 9, currency: EUR}}, {id: b}]\n")
    assert doc.position(("plans", 0, "price", "currency")) == Position(1, 46)
    assert doc.position(("plans", 1, "id")) == Position(1, 58)


def test_a_missing_path_points_at_the_enclosing_mapping() -> None:
    doc = only("kind: pricing\nplans:\n  - id: basic\n")
    assert doc.position(("plans", 0, "price", "amount")) == Position(3, 5)
    assert doc.position(("plans", 7)) == Position(3, 3)


def test_positions_in_later_documents_of_a_file() -> None:
    docs, findings = parse("id: a\n---\nid: b\nx:\n  y: 1\n", "f.yaml")
    assert findings == []
    assert [d.index for d in docs] == [0, 1]
    assert docs[1].position(("x", "y")) == Position(5, 6)


def test_the_source_text_of_a_scalar_is_kept() -> None:
    doc = only("version: 1.10\n")
    assert doc.data == {"version": 1.1}
    assert doc.source.text(("version",)) == "1.10"


def test_duplicate_keys_are_findings_at_the_second_key() -> None:
    docs, findings = parse("a: 1\nb:\n  c: 1\n  c: 2\n", "f.yaml")
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0005", 4, 3)]
    assert "first defined on line 3" in findings[0].message
    assert docs[0].data == {"a": 1, "b": {"c": 1}}


def test_tags_that_build_objects_are_refused() -> None:
    docs, findings = parse("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0006", 1, 4)]
    assert "'!!python/object/apply:os.system' is not allowed" in findings[0].message
    assert docs[0].data == {"a": ["echo hi"]}


def test_merge_keys_are_refused() -> None:
    _, findings = parse("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml")
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0006", 3, 3)]


def test_an_alias_bomb_costs_a_finding_not_the_memory() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    docs, findings = parse("\n".join(lines) + "\n", "bomb.yaml")
    assert [f.rule_id for f in findings] == ["CC0006"]
    assert f"more than {MAX_VALUES} values" in findings[0].message
    assert docs == []  # a refused document is reported once (CC0006) and not checked further


def test_deep_nesting_is_bounded() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    _, findings = parse(text, "deep.yaml")
    assert [(f.rule_id, f.line) for f in findings] == [("CC0006", 1)]
    assert f"more than {MAX_DEPTH} levels" in findings[0].message


def test_nesting_too_deep_for_the_composer_is_refused_before_composing() -> None:
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    _, findings = parse(text, "deep.yaml")
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0006", 1, len("a: ") + MAX_DEPTH + 1)]


DEEP = {
    "lists": "a: " + "[" * 200 + "]" * 200 + "\n",
    "block lists": "- " * 200 + "x\n",
    "mappings": "{a: " * 200 + "1" + "}" * 200 + "\n",
    "indented mappings": "".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "b: 1\n",
    "mappings in a list": "- " + "{x: 1, y: " * 100 + "2" + "}" * 100 + "\n",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_the_nesting_bound_is_found_at_the_same_place_by_events_and_by_the_builder(text: str) -> None:
    """The event reader (used when the composer cannot be) stops where the builder stops."""
    _, findings = parse(text, "deep.yaml")
    place = too_deep(text)
    assert place is not None
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0006", place.line, place.column)]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1_001, 4_999, 5_001, 50_000])
def test_deep_nesting_is_the_same_finding_at_the_same_place_at_every_depth(depth: int) -> None:
    """Whichever limit fires first, libyaml's own (1,000 levels from PyYAML 6.0.4) or codecheck's."""
    for text, column in [
        ("a: " + "[" * depth + "]" * depth + "\n", len("a: ") + MAX_DEPTH + 1),
        ("a: " + "[" * depth + "\n", len("a: ") + MAX_DEPTH + 1),  # unclosed: the nesting comes first
        ("- " * depth + "x\n", 2 * (MAX_DEPTH + 1) + 1),
    ]:
        _, findings = parse(text, "deep.yaml")
        assert [(f.rule_id, f.line, f.column, f.message) for f in findings] == [
            ("CC0006", 1, column, f"the document is nested more than {MAX_DEPTH} levels deep")
        ]


def test_a_syntax_error_before_deep_nesting_is_a_syntax_error() -> None:
    _, findings = parse("a: [b\nc: d\ne: " + "[" * 2_000 + "\n", "f.yaml")
    assert [f.rule_id for f in findings] == ["CC0001"]


def test_a_syntax_error_keeps_the_documents_before_it() -> None:
    docs, findings = parse("id: a\n---\nid: [b\nc: d\n", "f.yaml")
    assert [d.data for d in docs] == [{"id": "a"}]
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0001", 4, 2)]


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n"])
def test_an_empty_file_is_a_finding(text: str) -> None:
    docs, findings = parse(text, "empty.yaml")
    assert docs == []
    assert [(f.rule_id, f.line, f.column) for f in findings] == [("CC0004", 1, 1)]


def test_crlf_line_endings_keep_positions() -> None:
    doc = only("a: 1\r\nb:\r\n  c: x\r\n")
    assert doc.position(("b", "c")) == Position(3, 6)


@pytest.mark.parametrize(("text", "line", "column"), [("a: b\nc: d\x1a\n", 2, 5), ("é: ü\r\nc: \x85d\x1a\n", 3, 2)])
def test_a_character_yaml_refuses_is_found_at_its_place_in_one_line(text: str, line: int, column: int) -> None:
    """libyaml reports it with no mark: it was 1:1 with a message of two lines (found by the inputs fuzzer)."""
    _, findings = parse(text, "f.yaml")
    assert [(f.rule_id, f.line, f.column, f.message) for f in findings] == [
        ("CC0001", line, column, "character U+001A is not allowed in YAML (control characters are not allowed)")
    ]


def test_scalar_aliases_count_against_the_file_alias_budget() -> None:
    """Every alias counts: two documents of 60,000 aliases of one text each were accepted before."""
    one = "a: &a " + "x" * 10 + "\nb: [" + ", ".join(["*a"] * 60_000) + "]\n"
    docs, findings = parse("---\n".join([one, one]), "aliases.yaml")
    assert [(f.rule_id, f.line, f.column, f.message) for f in findings] == [
        ("CC0006", 4, 4, f"the aliases of this file expand to more than {MAX_ALIAS_VALUES} values in all")
    ]
    assert len(docs) == 1  # the first document stays within the budget and is checked


def test_a_syntax_error_names_where_the_unclosed_part_starts() -> None:
    """The parser notices an unclosed `[` lines later: the finding is where it gave up and names both places."""
    text = "a: 1\nb:\n  c: [1,\n   2\nd: 3\n"
    _, findings = parse(text, "f.yaml")
    assert [(f.rule_id, f.line, f.column, f.message) for f in findings] == [
        ("CC0001", 5, 2, "while parsing a flow sequence at line 3, column 6: did not find expected ',' or ']'")
    ]


def test_a_syntax_error_in_one_place_is_named_once() -> None:
    _, findings = parse("k: v\n  bad: 1\n", "f.yaml")
    assert [(f.line, f.column, f.message) for f in findings] == [(2, 6, "mapping values are not allowed in this context")]


@pytest.mark.parametrize(
    ("text", "data", "merge"),
    [
        ("<<: {a: 1}\n", {}, True),
        ("! <<: {a: 1}\n", {}, True),  # the non-specific tag keeps the key a merge key, as YAML 1.1 resolves it
        ("!!merge x: 1\n", {}, True),
        ('"<<": 1\n', {"<<": 1}, False),  # quoted: a plain text key
        ("a: <<\n", {"a": "<<"}, False),
    ],
)
def test_merge_keys_are_found_without_the_yaml_1_1_resolver(text: str, data: dict, merge: bool) -> None:
    docs, findings = parse(text, "f.yaml")
    assert docs[0].data == data
    assert [f.message for f in findings] == (["merge keys ('<<') are not supported; write the values out"] if merge else [])


def test_tags_are_refused_as_before_without_the_resolver() -> None:
    text = "a: ! 42\nb: !!str 42\nc: !!int '42'\nd: !foo x\ne: !!map {}\nf: !!str {a: 1}\n"
    docs, findings = parse(text, "f.yaml")
    assert docs[0].data == {"a": 42, "b": 42, "c": "42", "d": "x", "e": {}, "f": {"a": 1}}
    assert [(f.line, f.column, f.message) for f in findings] == [(4, 4, "YAML tag '!foo' is not allowed; write a plain value")]


def test_positions_of_a_file_read_from_disk_are_found_again(tmp_path) -> None:
    """A policy file's text is not kept: it is read again for positions, and a file changed since points at 1:1."""
    from codecheck.documents.load import read_file

    path = tmp_path / "p.yaml"
    path.write_text("a: 1\nb:\n  c: x\n")
    (doc,), _, _ = read_file(str(path))
    assert doc.position(("b", "c")) == Position(3, 6)
    assert doc.source.text(("b", "c")) == "x"
    (other,), _, _ = read_file(str(path))
    path.write_text("b:\n  c: x\na: 1\n")  # the documents checked are no longer in the file
    assert other.position(("b", "c")) == Position(1, 1)


def test_positions_of_many_documents_of_one_file_compose_it_once(monkeypatch) -> None:
    from codecheck.documents import positions

    text = "".join(f"---\nid: d{i}\nx: {{y: {i}}}\n" for i in range(500))
    docs, findings = parse(text, "many.yaml")
    assert findings == [] and len(docs) == 500
    composed = []
    monkeypatch.setattr(positions, "compose_all", lambda text: composed.append(1) or iter(list(yaml.compose_all(text, positions.Loader))))
    assert [d.position(("x", "y")) for d in docs[::100]] == [Position(3 + 3 * i, 8) for i in range(0, 500, 100)]
    assert [d.position(("id",), key=True) for d in docs[:2]] == [Position(2, 1), Position(5, 1)]
    assert len(composed) == 1
