"""Rule packs: broken files stop the run with file:line:col; ids are unique and never reused."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write

from codecheck.engine.rulebook import RuleError, builtin_dir, load_rule_file, load_rules, retired_ids

GOOD = """\
id: CC0999
name: test-rule
title: Test rule
tenet: 9
kinds: [cancellation]
severity: warning
check:
  field: steps
  lte: 3
message: cancelling takes {value} steps
rationale: Because.
fix: Fix it.
references: [{title: Test, url: "https://example.org/law"}]
examples:
  pass: [{steps: 1}]
  fail: [{steps: 4}]
"""


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path / "CC0999.yaml", text)
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    return str(caught.value).replace(str(tmp_path) + "/", "")


def test_a_good_rule_compiles(tmp_path: Path) -> None:
    rule = load_rule_file(write(tmp_path / "CC0999.yaml", GOOD))
    assert (rule.id, rule.tenet, rule.kinds, str(rule.severity)) == ("CC0999", 9, ("cancellation",), "warning")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  lte: 3\n", "  lessthan: 3\n", "CC0999.yaml:8:3: check: unknown field 'lessthan'"),
        ("tenet: 9\n", "tenet: 11\n", "CC0999.yaml:4:8: tenet: 11 is above the maximum of 10"),
        ("severity: warning\n", "severity: fatal\n", "CC0999.yaml:6:11: severity: 'fatal' is not one of: error, warning, info"),
        ("rationale: Because.\n", "", "CC0999.yaml:1:1: missing required field 'rationale'"),
        (
            "  field: steps\n",
            "  field: steps..x\n",
            "CC0999.yaml:8:10: check.field: cannot read selector 'steps..x' at character 6",
        ),
        (
            "  lte: 3\n",
            "  matches: '(a+)+$'\n",
            "CC0999.yaml:9:12: check.matches: regular expression '(a+)+$' is refused: "
            "a repeat inside a repeat can take exponential time",
        ),
        (
            "  lte: 3\n",
            "  lte: 3\n  eq: 2\n",
            "CC0999.yaml:8:3: check: a field test needs exactly one operator, found lte, eq",
        ),
        (
            "message: cancelling takes {value} steps\n",
            "message: cancelling takes {a..b} steps\n",
            "CC0999.yaml:10:10: message: unknown placeholder {a..b} (cannot read selector 'a..b' at character 2); "
            "use {value}, {expected}, {path} or a selector such as {$.id}",
        ),
        (  # Python's format fields are not placeholders: no positions, no attributes, no format specs
            "message: cancelling takes {value} steps\n",
            "message: cancelling takes {0} steps\n",
            "CC0999.yaml:10:10: message: unknown placeholder {0} (cannot read selector '0' at character 1); "
            "use {value}, {expected}, {path} or a selector such as {$.id}",
        ),
        (
            "message: cancelling takes {value} steps\n",
            "message: cancelling takes {value:>2000000000} steps\n",
            "CC0999.yaml:10:10: message: unknown placeholder {value:>2000000000} (cannot read selector "
            "'value:>2000000000' at character 6); use {value}, {expected}, {path} or a selector such as {$.id}",
        ),
        (
            "message: cancelling takes {value} steps\n",
            "message: cancelling takes {value steps\n",
            "CC0999.yaml:10:10: message: a '{' that starts no placeholder (write '{{' for a brace)",
        ),
        (
            "message: cancelling takes {value} steps\n",
            "message: cancelling takes value} steps\n",
            "CC0999.yaml:10:10: message: a '}' that closes no placeholder (write '}}' for a brace)",
        ),
        (  # a condition's own message is checked too, not only the rule's
            "  lte: 3\n",
            "  lte: 3\n  message: 'too many: {nope!r}'\n",
            "CC0999.yaml:10:12: check.message: unknown placeholder {nope!r} (cannot read selector 'nope!r' at "
            "character 5); use {value}, {expected}, {path} or a selector such as {$.id}",
        ),
    ],
)
def test_broken_rules_name_file_line_column_and_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    assert error_of(tmp_path, GOOD.replace(old, new)) == expected


def test_a_rule_file_that_is_not_yaml(tmp_path: Path) -> None:
    assert error_of(tmp_path, "id: [CC0999\n").startswith("CC0999.yaml:2:1: ")


def test_a_pack_rule_may_not_reuse_a_builtin_id(tmp_path: Path) -> None:
    builtin = load_rules()[0]
    write(tmp_path / "pack" / "dup.yaml", GOOD.replace("CC0999", builtin.id))
    with pytest.raises(RuleError, match=f"rule id {builtin.id} is already used by"):
        load_rules([str(tmp_path / "pack")])


def test_a_retired_id_may_not_be_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "builtin" / "retired.yaml", "retired:\n  - id: CC0999\n    reason: merged into CC0998\n")
    write(tmp_path / "builtin" / "CC0999.yaml", GOOD)
    monkeypatch.setattr("codecheck.engine.rulebook.builtin_dir", lambda: tmp_path / "builtin")
    with pytest.raises(RuleError, match=r"rule id CC0999 is retired \(merged into CC0998\)"):
        load_rules()


def test_a_missing_pack_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no such rule pack folder"):
        load_rules([str(tmp_path / "nope")])


def test_retired_ids_of_the_builtin_rulebook_are_not_in_use() -> None:
    retired = retired_ids(builtin_dir())
    assert not retired.keys() & {rule.id for rule in load_rules()}


def test_the_rulebook_or_a_folder_of_it_given_as_a_pack_is_not_a_second_definition() -> None:
    """In a checkout, `--rules rules` or `--rules rules/09-lock-in` names rules that are already loaded."""
    assert load_rules([str(builtin_dir()), str(builtin_dir() / "09-lock-in")]) == load_rules()


def test_a_pack_given_twice_is_loaded_once(tmp_path: Path) -> None:
    write(tmp_path / "pack" / "CC0999.yaml", GOOD)
    rules = load_rules([str(tmp_path / "pack"), str(tmp_path / "pack" / ".." / "pack")])
    assert [r.id for r in rules].count("CC0999") == 1
