"""The small path language rules use to pick values, within a document and across documents.

    steps                relative to the rule's current subject: `signup.steps`
    $.covers             from the root of the subject's document
    $category            a variable bound by a quantifier's `as:`; `$today` is today's date
    plans[0]  plans[*]   one list item, every list item
    plans[id=basic]      list items whose field equals a value (or `a|b` for several, or `$variable`)
    covers->             follow an id (or a list of ids) to the documents it names
    <-cancellation.covers    the documents of a kind whose field names this document's id

For example, from a cancellation document, `$.covers->plans[*].signup.steps` is
the signup steps of every plan in the pricing documents it covers.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

from codecheck.documents.values import cut, show
from codecheck.engine import budget
from codecheck.language import Selector, SelectorError, Step
from codecheck.model import Document, Path

_TOKEN = re.compile(
    r"""
    (?P<var>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<root>\$)
  | (?P<reverse><-(?P<rkind>[a-z]+)\.(?P<rfield>[A-Za-z_][A-Za-z0-9_]*))
  | (?P<follow>->)
  | \.?(?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | \[(?P<index>[0-9]+)\]
  | \[(?P<all>\*)\]
  | \[(?P<fkey>[A-Za-z_][A-Za-z0-9_]*)=(?P<fvalue>[^\]]+)\]
    """,
    re.VERBOSE,
)


def compile_selector(text: str) -> Selector:
    """Parse `text` once, at rule-load time, so evaluation never re-parses."""
    pos, start, steps = 0, "", []
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        bare_name = match is not None and match.group("name") and text[pos] != "."
        if match is None or (bare_name and pos > 0 and not text.endswith("->", 0, pos)):
            raise SelectorError(f"cannot read selector '{cut(text)}' at character {pos + 1}")
        if match.group("var") or match.group("root"):
            if pos != 0:
                raise SelectorError(f"'$' may only start selector '{cut(text)}'")
            start = "$" if match.group("root") else match.group("var")[1:]
        elif match.group("reverse"):
            steps.append(Step("reverse", match.group("rkind"), match.group("rfield")))
        elif match.group("follow"):
            steps.append(Step("follow"))
        elif match.group("name"):
            steps.append(Step("name", match.group("name")))
        elif match.group("index"):
            steps.append(Step("index", int(match.group("index"))))
        elif match.group("all"):
            steps.append(Step("all"))
        elif match.group("fkey"):
            steps.append(Step("filter", match.group("fkey"), match.group("fvalue")))
        pos = match.end()
    return Selector(text, start, tuple(steps))


class Hit(NamedTuple):
    """A selected value, with the document and path it came from (doc is None for `$today`).

    A named tuple rather than a frozen dataclass: evaluation makes hundreds of
    thousands of them, and a tuple is several times cheaper to create.
    """

    doc: Document | None
    path: Path
    value: Any


class Index:
    """The policy set as rules see it: documents by id and by kind."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents = tuple(documents)
        self.by_id = {doc.id: doc for doc in self.documents}
        self.by_kind: dict[str, list[Document]] = {}
        for doc in self.documents:
            self.by_kind.setdefault(doc.kind or "", []).append(doc)
        self._naming: dict[tuple[str, str], dict[str, list[Document]]] = {}

    def naming(self, kind: str, field: str, target: str) -> list[Document]:
        """The documents of `kind` whose `field` names `target`, from an index built once per (kind, field).

        Without it, `<-kind.field` would scan every document of the kind for each subject.
        """
        table = self._naming.get((kind, field))
        if table is None:
            table = {}
            for doc in self.by_kind.get(kind, []):
                named = doc.data.get(field)
                ids = named if isinstance(named, list) else [named]
                for value in dict.fromkeys(i for i in ids if isinstance(i, str)):  # each id once per document
                    table.setdefault(value, []).append(doc)
            self._naming[(kind, field)] = table
        return table.get(target, [])


def select(selector: Selector, subject: Hit, variables: Mapping[str, Hit], index: Index) -> list[Hit]:
    """Every value `selector` picks, starting from `subject`."""
    if selector.start == "":
        hits = [subject]
    elif selector.start == "$":
        hits = [Hit(subject.doc, (), subject.doc.data)] if subject.doc else []
    else:
        hits = [variables[selector.start]] if selector.start in variables else []
    for step in selector.steps:
        if step.op == "name":  # the common step, inline
            key = step.arg
            hits = [Hit(h.doc, h.path + (key,), h.value[key]) for h in hits if isinstance(h.value, dict) and key in h.value]
        else:
            hits = [out for hit in hits for out in _step(step, hit, variables, index)]
            if step.op in ("follow", "reverse"):  # the documents named, each once: chained steps stay linear
                hits = list({id(hit.doc): hit for hit in hits}.values())
            budget.spend(len(hits))
    return hits


def _step(step: Step, hit: Hit, variables: Mapping[str, Hit], index: Index) -> Iterator[Hit]:
    value = hit.value
    if step.op == "name":
        if isinstance(value, dict) and step.arg in value:
            yield Hit(hit.doc, hit.path + (step.arg,), value[step.arg])
    elif step.op == "index":
        if isinstance(value, list) and step.arg < len(value):
            yield Hit(hit.doc, hit.path + (step.arg,), value[step.arg])
    elif step.op == "all":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield Hit(hit.doc, hit.path + (i,), item)
    elif step.op == "filter":
        wanted = _filter_values(step.arg2, variables)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and step.arg in item and show(item[step.arg]) in wanted:
                    yield Hit(hit.doc, hit.path + (i,), item)
    elif step.op == "follow":
        for target_id in value if isinstance(value, list) else [value]:
            target = index.by_id.get(target_id) if isinstance(target_id, str) else None
            if target is not None:
                yield Hit(target, (), target.data)
    elif step.op == "reverse":
        own_id = hit.doc.id if hit.doc else None
        for doc in index.naming(step.arg, step.arg2, own_id) if own_id is not None else []:
            yield Hit(doc, (), doc.data)


def _filter_values(text: str, variables: Mapping[str, Hit]) -> set[str]:
    if text.startswith("$"):
        hit = variables.get(text[1:])
        return {show(hit.value)} if hit is not None else set()
    return set(text.split("|"))
