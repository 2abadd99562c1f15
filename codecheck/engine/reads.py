"""What a rule needs stated: the fields its conditions read, written from the document's root.

A selector inside a quantifier is relative to the quantifier's value, and one
under `for_each` to the subject; both are written out in full here, so the
rule's documentation can say exactly which fields a policy must state for the
rule to assess it.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from codecheck.language import AllOf, AnyOf, Condition, FieldTest, Not, Quantified, Ref, Selector


def reads(for_each: Selector | None, *conditions: Condition | None) -> tuple[str, ...]:
    """The fields the conditions read, each once, in the order they are read.

    With `for_each`, fields of the subject are written relative to it and
    fields from the document's root keep their `$.`.
    """
    root = "$." if for_each else ""
    found: list[str] = []
    for condition in conditions:
        if condition is not None:
            found += _walk(condition, "", {"subject": ""}, root)
    return tuple(dict.fromkeys(f for f in found if f))


def _walk(condition: Condition, base: str, variables: Mapping[str, str], root: str) -> Iterator[str]:
    if isinstance(condition, FieldTest):
        if condition.operand is not False or condition.operator != "exists":  # `exists: false` splits cases
            yield _full(condition.selector, base, variables, root)
        if isinstance(condition.operand, Ref):
            yield _full(condition.operand.selector, base, variables, root)
    elif isinstance(condition, (AllOf, AnyOf)):
        for part in condition.conditions:
            yield from _walk(part, base, variables, root)
    elif isinstance(condition, Not):
        yield from _walk(condition.condition, base, variables, root)
    elif isinstance(condition, Quantified):
        inner = _full(condition.selector, base, variables, root)
        yield inner
        bound = {**variables, condition.name: inner} if condition.name else variables
        yield from _walk(condition.condition, inner, bound, root)


def _full(selector: Selector, base: str, variables: Mapping[str, str], root: str) -> str:
    """The selector from the subject: `$c.name` inside `every: channels[*] as c` is `channels[*].name`."""
    text = selector.text
    if selector.start == "$":
        return root + text[1:].lstrip(".")
    if selector.start == "today":
        return ""
    if selector.start:
        return _join(variables.get(selector.start, ""), text[len(selector.start) + 1 :])
    return _join(base, text)


def _join(base: str, rest: str) -> str:
    if not base or not rest:
        return base or rest.lstrip(".")
    return base + rest if rest[0] in ".[-<" or base.endswith("->") else f"{base}.{rest}"
