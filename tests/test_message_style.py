"""Every message a rule or a change direction can give reads as plain words for a compliance reader.

The messages are the ones the rules' own failing examples produce, so a new
rule is checked as soon as it has an example. No ISO 8601 durations ("PT48H"
is "48 hours"), no field names or dotted paths in the sentence (the finding's
place says where), no list or mapping brackets, no true or false, no "(s)".
A gap is not checked here: it exists to name the field to state, and how to
write it ("notice_period is not stated (... e.g. P1M)").
"""

from __future__ import annotations

import re

import pytest

from codecheck.documents import templates
from codecheck.documents.validate import validate
from codecheck.documents.values import as_of
from codecheck.engine.evaluate import evaluate
from codecheck.engine.rulebook import builtin_dir, load_rules
from codecheck.engine.ruletest import EXAMPLES_DATE, example_documents
from codecheck.gate.changes import Direction, load_directions

NOTATION = {
    "an ISO 8601 duration": re.compile(r"\bP(?:\d+[YMWD])+(?:T\d+[HMS])*\b|\bPT\d+[HMS]\b"),
    "a field name": re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z_]{2,}\.[a-z_]{2,}\b"),
    "brackets": re.compile(r"[\[\]{}]"),
    "true, false or null": re.compile(r"\b(?:true|false|null|None)\b"),
    "a plural in brackets": re.compile(r"\(s\)"),
}

RULES = load_rules()


def messages(rule_id: str) -> list[str]:
    rule = next(r for r in RULES if r.id == rule_id)
    said = []
    with as_of(EXAMPLES_DATE):
        for number, example in enumerate(rule.examples.get("fail", ())):
            sound, _ = validate(example_documents(rule, example, f"fail[{number}]"), complete=False)
            said += [f.message for f in evaluate(sound, [rule])[1] if not f.gap]
    return said


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_a_rules_messages_are_plain_words(rule_id: str) -> None:
    found = [(m, what) for m in messages(rule_id) for what, pattern in NOTATION.items() if pattern.search(m)]
    assert found == []


@pytest.mark.parametrize("direction", load_directions([builtin_dir()]), ids=lambda d: d.id)
def test_a_change_message_is_plain_words_around_its_values(direction: Direction) -> None:
    """Its values are said in words when filled in (tests/gate/test_diff.py); the text around them must be too."""
    text = templates.render(direction.message, lambda name: "X")
    assert [what for what, pattern in NOTATION.items() if pattern.search(text)] == []
