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


class Absent(NamedTuple):
    """Where a selection found nothing because the policy does not state it.

    `path` is where the value would be in `doc`; `what` is empty for a field,
    else the words for what is missing (a document that names this one).
    """

    doc: Document | None
    path: Path
    what: str = ""


def select(selector: Selector, subject: Hit, variables: Mapping[str, Hit], index: Index) -> list[Hit]:
    """Every value `selector` picks, starting from `subject`."""
    return select_known(selector, subject, variables, index)[0]


def select_known(
    selector: Selector, subject: Hit, variables: Mapping[str, Hit], index: Index
) -> tuple[list[Hit], list[Absent]]:
    """Every value `selector` picks, and every place where it found nothing because nothing is stated.

    A list that is stated but empty, or a filter that matches no item, is a
    known "none"; a field that is not there, an item without the field a
    filter reads, an id that names no document of the set, and no document
    naming this one through `<-` are absences: the policy is silent there.
    """
    if selector.start == "":
        hits = [subject]
    elif selector.start == "$":
        hits = [Hit(subject.doc, (), subject.doc.data)] if subject.doc else []
    else:
        hits = [variables[selector.start]] if selector.start in variables else []
    absent: list[Absent] = []
    for step in selector.steps:
        if step.op == "name":  # the common step, inline
            key = step.arg
            found = []
            for h in hits:
                if isinstance(h.value, dict) and key in h.value:
                    found.append(Hit(h.doc, h.path + (key,), h.value[key]))
                else:
                    absent.append(Absent(h.doc, h.path + (key,)))
            hits = found
        else:
            hits = [out for hit in hits for out in _step(step, hit, variables, index, absent)]
            if step.op in ("follow", "reverse"):  # the documents named, each once: chained steps stay linear
                hits = list({id(hit.doc): hit for hit in hits}.values())
            budget.spend(len(hits))
    return hits, absent


def _step(step: Step, hit: Hit, variables: Mapping[str, Hit], index: Index, absent: list[Absent]) -> Iterator[Hit]:
    value = hit.value
    if step.op == "index":
        if isinstance(value, list) and step.arg < len(value):
            yield Hit(hit.doc, hit.path + (step.arg,), value[step.arg])
    elif step.op == "all":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield Hit(hit.doc, hit.path + (i,), item)
    elif step.op == "filter":
        wanted = _filter_values(step.arg2, variables)
        for i, item in enumerate(value if isinstance(value, list) else []):
            if not isinstance(item, dict):
                continue
            if step.arg not in item:
                absent.append(Absent(hit.doc, hit.path + (i, step.arg)))
            elif show(item[step.arg]) in wanted:
                yield Hit(hit.doc, hit.path + (i,), item)
    elif step.op == "follow":
        for target_id in value if isinstance(value, list) else [value]:
            target = index.by_id.get(target_id) if isinstance(target_id, str) else None
            if target is not None:
                yield Hit(target, (), target.data)
            elif isinstance(target_id, str):
                absent.append(Absent(hit.doc, hit.path, f"the document {target_id}"))
    elif step.op == "reverse":
        own_id = hit.doc.id if hit.doc else None
        named = index.naming(step.arg, step.arg2, own_id) if own_id is not None else []
        if not named:
            absent.append(Absent(hit.doc, hit.path, f"a {step.arg} document whose {step.arg2} names {own_id}"))
        for doc in named:
            yield Hit(doc, (), doc.data)


def _filter_values(text: str, variables: Mapping[str, Hit]) -> set[str]:
    if text.startswith("$"):
        hit = variables.get(text[1:])
        return {show(hit.value)} if hit is not None else set()
    return set(text.split("|"))
