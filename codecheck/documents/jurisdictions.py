"""The places codecheck knows (codecheck/data/jurisdictions.yaml): which codes exist, and what each lies within.

A place includes everything it lies within and nothing inside it: IT is also
in the EU and the EEA, US-CA also in the US; the EU is not in Germany. Aliases
(EL for Greece, GB for the United Kingdom) are read as the code they stand for
wherever a code is accepted. The file is installed with codecheck and trusted;
it is read once per process.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable

import yaml

from codecheck.language import Jurisdiction

SUBDIVISION_COUNTRY = {"GB": "UK"}
"""Subdivision prefixes that are not the country's code here: ISO writes GB-SCT, codecheck writes the UK as UK."""


@dataclass(frozen=True)
class Places:
    names: dict[str, str]
    """Every code, with its name in English."""
    within: dict[str, tuple[str, ...]]
    """The places each code lies directly within: US-CA in US, IT in EU, EU in EEA."""
    aliases: dict[str, str]


@dataclass(frozen=True)
class Market:
    """Where a document is sold, with everything those places lie within, and the date its law is judged on."""

    places: frozenset[str]
    as_of: str

    def law(self, where: Iterable[Jurisdiction]) -> tuple[str, ...]:
        """The codes of `where` that are places of this market and hold on its date, sorted."""
        return tuple(sorted({w.code for w in where if w.code in self.places and w.holds_on(self.as_of)}))


_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""Every value in the file is text: the base loader keeps NO (Norway) a code where YAML 1.1 reads false, in 1 ms."""


@functools.cache
def places() -> Places:
    """The installed data file, read once."""
    text = (resources.files("codecheck") / "data" / "jurisdictions.yaml").read_text(encoding="utf-8")
    return _build(yaml.load(text, Loader=_LOADER))  # noqa: S506 - the base loader builds only text, lists and mappings


def _build(data: dict[str, Any]) -> Places:
    names: dict[str, str] = {}
    within: dict[str, list[str]] = {}
    for code, group in data["groups"].items():
        names[code] = group["name"]
        for member in group["members"]:
            within.setdefault(member, []).append(code)
    names.update(data["countries"])
    for code, name in data["subdivisions"].items():
        names[code] = name
        country = code.split("-")[0]
        within.setdefault(code, []).append(SUBDIVISION_COUNTRY.get(country, country))
    for code, container in data["within"].items():
        within.setdefault(code, []).append(container)
    return Places(names, {code: tuple(inside) for code, inside in within.items()}, dict(data["aliases"]))


def codes() -> tuple[str, ...]:
    """Every accepted spelling, codes and aliases, sorted: the schemas' list of jurisdiction codes."""
    known = places()
    return tuple(sorted([*known.names, *known.aliases]))


def with_codes(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the list of codes added to each node marked `x-jurisdiction` (changed in place, returned)."""
    _add_codes(schema, list(codes()))
    return schema


def _add_codes(node: Any, every: list[str]) -> None:
    if isinstance(node, dict):
        if node.get("x-jurisdiction"):
            node["enum"] = every
        for value in node.values():
            _add_codes(value, every)
    elif isinstance(node, list):
        for value in node:
            _add_codes(value, every)


def is_known(code: object) -> bool:
    known = places()
    return isinstance(code, str) and (code in known.names or code in known.aliases)


def canonical(code: str) -> str:
    """The code an alias stands for (EL -> GR, GB -> UK); a code itself otherwise."""
    return places().aliases.get(code, code)


def name(code: str) -> str:
    """The place's name in English: US-CA -> California."""
    return places().names.get(canonical(code), code)


@functools.cache
def _around(code: str) -> frozenset[str]:
    known = places()
    found = {code}
    for container in known.within.get(code, ()):
        found |= _around(container)
    return frozenset(found)


def around(codes: Iterable[str]) -> frozenset[str]:
    """The places and everything they lie within: [IT, US-CA] -> IT, EU, EEA, US-CA, US."""
    return frozenset(place for code in codes for place in _around(canonical(code)))


def unknown_code(code: object) -> str:
    """Why `code` is refused, with the nearest known code: for schema findings and option errors."""
    shown = f"'{code}'" if isinstance(code, str) else str(code)
    guesses = suggestions(str(code))
    hint = f" (did you mean {' or '.join(repr(g) for g in guesses)}?)" if guesses else ""
    return (
        f"{shown} is not a known jurisdiction code{hint}; use an ISO 3166 country or subdivision code"
        " such as IT, US-CA or CA-QC, or EU or EEA"
    )


def suggestions(text: str) -> list[str]:
    """What someone who wrote `text` most likely meant: the code in capitals, by its name, or without its country."""
    known = places()
    every = [*known.names, *known.aliases]
    written = text.strip().upper().replace("_", "-").replace(" ", "-")
    if written in every:
        return [written]
    if len(written) > 2 and "-" not in written and f"{written[:2]}-{written[2:]}" in every:
        return [f"{written[:2]}-{written[2:]}"]
    by_name = [code for code, full in known.names.items() if _plain(full) == _plain(text)]
    if by_name:
        return sorted(by_name)
    bare = [code for code in known.names if "-" in code and code.split("-", 1)[1] == written]
    if bare:
        return sorted(bare)
    close = difflib.get_close_matches(_plain(text), [_plain(n) for n in known.names.values()], n=1, cutoff=0.8)
    return sorted(code for code, full in known.names.items() if close and _plain(full) == close[0])


def _plain(text: str) -> str:
    """Lower case without accents, for matching names: Québec and quebec are the same place."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
