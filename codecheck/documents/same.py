"""Files of the same text are parsed once: `diff` reads two policy sets that are mostly the same files.

The data of a file that parsed without a finding depends only on its text and
the parser's bounds, so another file of the same text (the other side of a
diff, a copy in another folder) takes the same data, with positions of its
own. Nothing that depends on a file's name is shared: a file with a finding is
parsed every time. Documents never change their data, so sharing it is safe.

An entry lives as long as one document of the file it came from (the weak
dictionary holds their shared SourceText): nothing is kept for a policy set
that is gone, in a language server that runs all day.
"""

from __future__ import annotations

import hashlib
import weakref
from typing import Any

from codecheck.documents.positions import SourceText, TextSourceMap
from codecheck.model import Document

_CLEAN: weakref.WeakValueDictionary[bytes, SourceText] = weakref.WeakValueDictionary()


def key(text: str, bounds: tuple[int, ...]) -> bytes:
    """What a clean parse's data depends on: the text, and the bounds it was parsed under."""
    return hashlib.sha256(repr(bounds).encode() + b"\0" + text.encode("utf-8", "surrogatepass")).digest()


def earlier(key: bytes, text: str, file: str, on_disk: bool) -> list[Document] | None:
    """The documents of `file`, whose text parsed cleanly before under `key`; None if none did (or they are gone)."""
    source = _CLEAN.get(key)
    if source is None:
        return None
    again = SourceText(file, text)
    again.parsed = source.parsed
    if on_disk:
        again.release()
    return [Document(file, index, data, TextSourceMap(again, index)) for index, data in source.parsed]


def remember(key: bytes, source: SourceText, documents: list[Document]) -> None:
    """Keep the data of a file that parsed without a finding, for another file of the same text."""
    parsed: tuple[tuple[int, Any], ...] = tuple((doc.index, doc.data) for doc in documents)
    source.parsed = parsed
    _CLEAN[key] = source
