"""parse() for a set of files parsed before: their plain data from the cache, so the rulebook loads without YAML.

Parsing the 93 files of the rulebook was most of its loading time (about two
thirds), on every run, for files that change only with an upgrade. One entry
holds the data of every file of a set; its key is the installation
(cache.installation: the parser and its bounds included) and every file's
name and whole text, so any change parses them again. A set with a finding
is not stored.
"""

from __future__ import annotations

from typing import Any

from codecheck import cache
from codecheck.documents.parse import parse
from codecheck.documents.positions import SourceText, TextSourceMap
from codecheck.model import Document, Finding

KIND = "parsed"

PARSER = ("codecheck.documents.files", "codecheck.documents.parse", "codecheck.documents.depth", "codecheck.documents.scalars")
"""The modules whose bounds decide what a text parses to: the key is the same whichever command loads the rules."""

Parsed = tuple[list[Document], list[Finding]]


def parse_all(files: list[tuple[str, str]], store: cache.Store | None) -> list[Parsed]:
    """parse(text, name) of every (name, text), as parse() gives them; from `store` when it holds them."""
    if store is None:
        return [parse(text, name) for name, text in files]
    key = cache.digest(cache.installation(PARSER), files)
    found = _decode(store.get(KIND, key), files)
    if found is not None:
        return found
    results = [parse(text, name) for name, text in files]
    if not any(findings for _, findings in results):
        store.put(KIND, key, [[[doc.index, doc.data] for doc in documents] for documents, _ in results])
    return results


def _decode(value: Any, files: list[tuple[str, str]]) -> list[Parsed] | None:
    """The documents of each file from their JSON form, or None when it is not what parse_all wrote."""
    if not isinstance(value, list) or len(value) != len(files):
        return None
    results: list[Parsed] = []
    try:
        for (name, text), documents in zip(files, value, strict=True):
            source = SourceText(name, text)
            results.append(([Document(name, int(index), data, TextSourceMap(source, int(index))) for index, data in documents], []))
    except (TypeError, ValueError):
        return None
    return results
