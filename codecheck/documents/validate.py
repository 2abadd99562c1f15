"""Documents -> findings about the documents themselves, before any rule runs.

Checks, in order: is it a policy document at all, is its kind known, does it
match its kind's schema, is its id unique in the set, and does every id it
refers to exist. Only documents that pass all of these reach the rules, which
can then trust the shape of what they read. A document that fails its schema
still exists: its id is known to references and to the duplicate check, so
one wrong value is one finding, not one more in every document that names it.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from codecheck.documents import checks, kinds, templates
from codecheck.documents.jurisdictions import unknown_code
from codecheck.documents.values import cut, quote

if TYPE_CHECKING:
    from jsonschema import ValidationError
from codecheck.documents.identity import finding_at, show_path
from codecheck.model import Document, Finding, Path


def validate(documents: tuple[Document, ...], complete: bool = True) -> tuple[tuple[Document, ...], list[Finding]]:
    """The documents that are sound enough for rules, and the findings for the rest.

    With complete=False, required fields and references may be missing: rule
    examples show only the fields a rule reads, but those must be real fields.
    """
    sound, findings = each_document(documents, complete)
    return sound, findings + across_documents(documents, sound, complete)


def each_document(documents: tuple[Document, ...], complete: bool = True) -> tuple[tuple[Document, ...], list[Finding]]:
    """The checks of validate() that read one document at a time: which documents are sound, and why not.

    They decide alone which documents reach the rules, so several processes can run them on their own
    files (--jobs, engine/parallel.py); across_documents then needs the whole set.
    """
    findings: list[Finding] = []
    sound: list[Document] = []
    for doc in documents:
        problems = list(_check_document(doc, complete))
        findings.extend(problems)
        if not problems:
            sound.append(doc)
    return tuple(sound), findings


def across_documents(documents: tuple[Document, ...], sound: tuple[Document, ...], complete: bool = True) -> list[Finding]:
    """The checks of validate() that compare documents: duplicate ids, and references to no document."""
    named = [doc for doc in documents if _is_policy(doc)]
    findings = list(_duplicate_ids(named))
    if complete:
        findings.extend(_dangling_references(list(sound), named))
    return findings


def _is_policy(doc: Document) -> bool:
    """A mapping with a kind: a policy document, sound or not, whose id other documents may name."""
    return isinstance(doc.data, dict) and "kind" in doc.data


def _check_document(doc: Document, complete: bool) -> Iterator[Finding]:
    if doc.data is None:
        pos = doc.position()
        yield checks.EMPTY.finding(doc.file, pos.line, pos.column, "the document is empty")
        return
    if not isinstance(doc.data, dict) or "kind" not in doc.data:
        message = "not a policy document: expected a mapping with 'codecheck: 1', 'kind' and 'id'"
        yield finding_at(doc, (), checks.NOT_A_POLICY.id, message, fix=checks.NOT_A_POLICY.fix)
        return
    kind = doc.data["kind"]
    if kind not in kinds.KINDS:
        yield finding_at(doc, ("kind",), checks.UNKNOWN_KIND.id, _unknown_kind(kind), fix=checks.UNKNOWN_KIND.fix)
        return
    for error in kinds.checker(kind).errors(doc.data):
        if complete or error.validator != "required":
            yield from _schema_findings(doc, kind, error)


def _unknown_kind(kind: object) -> str:
    known = ", ".join(kinds.KINDS)
    close = difflib.get_close_matches(str(kind), kinds.KINDS, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown kind {_show(kind)}{hint}; known kinds: {known}"


def _schema_findings(doc: Document, kind: str, error: ValidationError) -> Iterator[Finding]:
    path: Path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        for key in unknown_keys(error):
            message = f"{_where(doc, path + (key,))}: {unknown_field(error, key)}"
            yield finding_at(doc, path + (key,), checks.SCHEMA.id, message, key=True, fix=checks.SCHEMA.fix)
        return
    message = f"{_where(doc, path)}: {describe(error, doc.source.text(path))}"
    yield finding_at(doc, path, checks.SCHEMA.id, message, fix=checks.SCHEMA.fix)


def _properties(error: ValidationError) -> dict[str, Any]:
    """The fields the failing part of the schema allows."""
    schema = error.schema
    return dict(schema.get("properties", {})) if isinstance(schema, Mapping) else {}


def unknown_keys(error: ValidationError) -> list[str]:
    allowed = _properties(error)
    return [key for key in error.instance if key not in allowed] if isinstance(error.instance, dict) else []


def unknown_field(error: ValidationError, key: str) -> str:
    close = difflib.get_close_matches(key, list(_properties(error)), n=1)
    return f"unknown field '{cut(key)}'" + (f" (did you mean '{close[0]}'?)" if close else "")


def _where(doc: Document, path: Path) -> str:
    rendered, kind = cut(show_path(doc, path)), doc.kind or ""
    return kind + ("" if not rendered or rendered.startswith("[") else ".") + rendered


def describe(error: ValidationError, written: str | None = None) -> str:
    """A schema error in words a policy author understands, not a validator's."""
    value, schema = error.instance, error.schema
    custom = schema.get("x-error") if isinstance(schema, dict) else None
    if custom:
        return templates.render(str(custom), lambda name: quote(value) if name == "value" else "")
    kind, expected = error.validator, error.validator_value
    if kind == "additionalProperties" and isinstance(value, dict) and unknown_keys(error):
        return unknown_field(error, unknown_keys(error)[0])
    if kind == "enum" and isinstance(schema, dict) and schema.get("x-jurisdiction"):
        return unknown_code(value)
    if kind == "enum":
        return f"{_show(value)} is not one of: {', '.join(str(v) for v in (expected if isinstance(expected, list) else ()))}"
    if kind == "const":
        return f"must be {_show(expected)}, not {_show(value)}"
    if kind == "required":  # jsonschema reports each missing property as its own error, named in its message
        named = re.match(r"'(.+)' is a required property$", error.message)
        return f"missing required field '{named.group(1)}'" if named else error.message
    if kind == "type":
        return _type_message(value, expected, written)
    if kind in ("minimum", "exclusiveMinimum"):
        return f"{_show(value)} is below the minimum of {expected}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"{_show(value)} is above the maximum of {expected}"
    if kind == "uniqueItems":
        return "lists the same item more than once"
    if kind == "minItems":
        return f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if kind == "pattern":
        return f"{_show(value)} does not have the expected form"
    if kind in ("minLength", "maxLength"):
        return f"{_show(value)} is too {'short' if kind == 'minLength' else 'long'} ({expected} characters at {kind[:3]})"
    if kind in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        # a mapping or a stated `none`: the error inside the alternative the value's shape chose says most
        deepest = max(error.context, key=lambda e: len(e.relative_path))
        shaped = [e for e in error.context if e.validator != "const"] or error.context
        sub = deepest if deepest.relative_path else best_match(shaped)
        return describe(sub, written) if sub is not None else cut(error.message)
    return cut(error.message)  # jsonschema's own words quote the value whole: never more than a line of it


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "nothing",
}


def _type_message(value: Any, expected: Any, written: str | None) -> str:
    wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    message = f"expected {wanted}, found {_describe_value(value)}"
    if "string" in expected and written is not None and not isinstance(value, (dict, list)):
        message += f"; write it in quotes (\"{cut(written)}\") to keep it as text"
    return message


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {quote(value)}"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return _show(value)


def _show(value: object) -> str:
    """A value quoted in a schema message: cut to a readable length, text in quotes."""
    return f"'{cut(value)}'" if isinstance(value, str) else quote(value)


def _duplicate_ids(documents: list[Document]) -> Iterator[Finding]:
    first: dict[str, Document] = {}
    for doc in documents:
        if doc.id is None:
            continue
        if doc.id in first:
            other = first[doc.id]
            where = f"{other.file}:{other.position(('id',)).line}"
            message = f"duplicate id '{cut(doc.id)}': also used by the {other.kind} document at {where}"
            yield finding_at(doc, ("id",), checks.DUPLICATE_ID.id, message, fix=checks.DUPLICATE_ID.fix, value=doc.id)
        else:
            first[doc.id] = doc


def _dangling_references(documents: list[Document], named: list[Document]) -> Iterator[Finding]:
    """References from the sound `documents` to an id no document in `named` (sound or not) has."""
    by_id: dict[str | None, Document] = {}
    for doc in named:
        by_id.setdefault(doc.id, doc)
    for doc in documents:
        for reference in kinds.references(doc.kind or ""):
            for path, target in expand(doc.data, reference.path):
                found = by_id.get(target) if isinstance(target, str) else None
                if found is not None and found.kind == reference.kind:
                    continue
                actual = f" (it is a {found.kind} document)" if found is not None else ""
                message = f"{_where(doc, path)}: no {reference.kind} document has the id {_show(target)}{actual}"
                yield finding_at(doc, path, checks.DANGLING_REFERENCE.id, message, fix=checks.DANGLING_REFERENCE.fix)


def expand(data: Any, pattern: Path, prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) matching `pattern`, where `*` stands for each list item."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from expand(item, rest, prefix + (index,))
    elif isinstance(data, dict) and head in data:
        yield from expand(data[head], rest, prefix + (head,))
