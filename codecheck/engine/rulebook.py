"""Rule files -> Rules: the built-in rulebook in rules/ plus user rule packs.

A rule file is validated against the rule meta-schema before it is compiled;
any problem with a rule pack stops the run (exit 2) with file:line:col and the
key path, because a rulebook that is silently half-loaded would report a
policy set clean that is not.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Iterable

from codecheck import cache
from codecheck.documents.files import read_or_stop
from codecheck.documents.folders import foreign, leaves, not_shown, walk
from codecheck.documents.jurisdictions import with_codes
from codecheck.documents.parse import parse
from codecheck.documents.parsed import parse_all
from codecheck.documents.schemacheck import Checker
from codecheck.documents.validate import describe
from codecheck.engine.conditions import ConditionError, compile_condition, compile_places, message_of, selectors_of
from codecheck.engine.operators import OPERATORS
from codecheck.engine.reads import reads
from codecheck.engine.selectors import compile_selector
from codecheck.errors import UsageError
from codecheck.language import Condition, Selector, SelectorError
from codecheck.model import Document, Duty, Finding, Reference, Rule, Severity, format_path

RETIRED_FILE = "retired.yaml"
CHANGES_FILE = "changes.yaml"
"""Customer-adverse change directions for `codecheck diff` (see gate/changes.py), not a rule."""


class RuleError(UsageError):
    """A broken rule file; the message names file:line:col and the key path.

    `where` is the file (and line:column when known) alone, for a message that must not quote the file.
    """

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where


def builtin_dir() -> FsPath:
    """The rulebook: shipped inside the wheel as codecheck/rules, or the repository's rules/."""
    package = FsPath(str(resources.files("codecheck")))
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


@functools.cache
def meta_schema() -> dict[str, Any]:
    """The rule meta-schema, with each operator's operand schema added to field tests."""
    text = (resources.files("codecheck") / "schemas" / "rule.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    field_test = schema["$defs"]["field_test"]
    field_test["properties"].update({name: copy.deepcopy(op.schema) for name, op in OPERATORS.items()})
    return with_codes(schema)


@functools.cache
def _checker() -> Checker:
    return Checker(meta_schema())


def rule_files(folder: FsPath) -> list[FsPath]:
    """The rule files of a pack; a link out of the pack's folder is refused, never followed."""
    found = sorted(FsPath(p) for p in walk(str(folder), (".yaml",)))
    root = os.path.realpath(folder)
    for path in found:
        if leaves(str(path), [root]):
            raise RuleError(str(path), "a rule file may not be a symbolic link out of its rule pack's folder")
    return [p for p in found if p.name not in (RETIRED_FILE, CHANGES_FILE)]


def retired_ids(folder: FsPath) -> dict[str, str]:
    """Ids of removed rules, which must never be used again, with why they were retired."""
    path = folder / RETIRED_FILE
    if not path.is_file():
        return {}
    docs, problems = parse(read_or_stop(str(path)), str(path))
    if problems:
        raise _where(problems[0])
    data = docs[0].data if docs else None
    entries = data.get("retired") if isinstance(data, dict) else None
    return {str(e["id"]): str(e.get("reason", "")) for e in entries or [] if isinstance(e, dict) and "id" in e}


def load_rules(extra: Iterable[str] = (), scope: str | None = None) -> tuple[Rule, ...]:
    """The built-in rulebook plus the packs in `extra`; ids must be unique and never retired.

    A pack that is the rulebook or a folder of it (`--rules rules/09-lock-in` in a checkout), or
    one given twice, is already loaded: its rules are not a second definition of their ids. A
    pack `foreign` to `scope` (the repository of the configuration that named it; None: named
    on the command line) is loaded the same, but an error about one of its files says where,
    never what.
    """
    folders = [builtin_dir()]
    for pack in (FsPath(p) for p in extra):
        if not pack.is_dir():
            raise UsageError(f"{pack}: no such rule pack folder")
        if not in_rulebook(pack) and pack.resolve() not in {f.resolve() for f in folders}:
            folders.append(pack)
    retired = retired_ids(folders[0])
    rules: dict[str, Rule] = {}
    store = cache.Store.open()  # the rule files' parsed data, from an earlier run while they are unchanged
    for folder in folders:
        outside = foreign(str(folder), scope) if folder is not folders[0] else None
        paths = rule_files(folder)
        texts = [(str(path), read_or_stop(str(path))) for path in paths]
        for path, parsed in zip(paths, parse_all(texts, store), strict=True):
            try:
                rule = _rule_of(path, *parsed)
            except RuleError as error:
                if outside is None:
                    raise
                raise RuleError(error.where, not_shown("rule file", outside)) from None
            if rule.id in retired:
                raise RuleError(str(path), f"rule id {rule.id} is retired ({retired[rule.id]}) and may not be reused")
            if rule.id in rules:
                raise RuleError(str(path), f"rule id {rule.id} is already used by {rules[rule.id].source}")
            rules[rule.id] = rule
    _check_supersedes(rules)
    return tuple(sorted(rules.values(), key=lambda r: r.id))


def in_rulebook(path: FsPath) -> bool:
    """Whether `path` is the built-in rulebook or lies inside it."""
    return path.resolve().is_relative_to(builtin_dir().resolve())


def _check_supersedes(rules: dict[str, Rule]) -> None:
    """A rule supersedes only rules that exist, and never one that supersedes it back."""
    for rule in rules.values():
        for other in rule.supersedes:
            if other not in rules:
                raise RuleError(rule.source, f"supersedes {other}, which is not a rule of the rulebook")
            if rule.id in rules[other].supersedes or other == rule.id:
                raise RuleError(rule.source, f"{rule.id} and {other} cannot supersede each other")


def load_rule_file(path: FsPath) -> Rule:
    return _rule_of(path, *parse(read_or_stop(str(path)), str(path)))


def _rule_of(path: FsPath, docs: list[Document], problems: list[Finding]) -> Rule:
    if problems:
        raise _where(problems[0])
    if len(docs) != 1:
        raise RuleError(str(path), f"a rule file holds exactly one rule, found {len(docs)} documents")
    return compile_rule(docs[0])


def compile_rule(doc: Document) -> Rule:
    """A Rule from one schema-checked rule document."""
    if not isinstance(doc.data, dict):
        raise RuleError(f"{doc.file}:1:1", "a rule file must be a mapping of rule fields")
    error = _checker().best_error(doc.data)
    if error is not None:
        path = tuple(error.absolute_path)
        raise _at(doc, path, describe(error, doc.source.text(path)))
    raw = doc.data
    try:
        for_each = compile_selector(raw["for_each"]) if "for_each" in raw else None
        when = compile_condition(raw["when"], ("when",)) if "when" in raw else None
        check = compile_condition(raw["check"], ("check",))
        legal_in = compile_places(raw.get("legal_in", []), ("legal_in",))
        only_in = compile_places(raw.get("only_in", []), ("only_in",))
        message_of(raw["message"], ("message",))
        for i, duty in enumerate(raw.get("absent", [])):
            message_of(duty["message"], ("absent", i, "message"))
    except ConditionError as problem:
        raise _at(doc, problem.path, str(problem)) from problem
    except SelectorError as problem:
        raise _at(doc, ("for_each",), str(problem)) from problem
    read = {s.text for s in selectors_of(check)}
    for i, duty in enumerate(raw.get("absent", [])):
        if duty["field"] not in read:
            raise _at(doc, ("absent", i, "field"), f"absent names '{duty['field']}', which the check does not read")
    return Rule(
        id=raw["id"],
        name=raw["name"],
        title=raw["title"],
        tenet=raw["tenet"],
        kinds=tuple(raw["kinds"]),
        severity=Severity.parse(raw["severity"]),
        check=check,
        message=raw["message"].strip(),
        rationale=raw["rationale"].strip(),
        fix=raw["fix"].strip(),
        references=tuple(_reference(r) for r in raw["references"]),
        legal_in=legal_in,
        only_in=only_in,
        status=raw.get("status", "").strip(),
        for_each=for_each,
        when=when,
        examples={k: tuple(v) for k, v in raw["examples"].items()},
        source=doc.file,
        cross_document=_reads_other_documents(for_each, when, check),
        absent=tuple(Duty(d["field"], _reference(d["duty"]), d["message"].strip()) for d in raw.get("absent", [])),
        supersedes=tuple(raw.get("supersedes", [])),
        reads=reads(for_each, when, check),
    )


def _reference(raw: dict[str, Any]) -> Reference:
    return Reference(raw["title"], raw.get("url", ""), raw.get("note", ""))


def _reads_other_documents(for_each: Selector | None, *conditions: Condition | None) -> bool:
    selectors = [for_each] if for_each else []
    selectors += [s for c in conditions if c is not None for s in selectors_of(c)]
    return any(step.op in ("follow", "reverse") for s in selectors for step in s.steps)


def _at(doc: Document, path: tuple[str | int, ...], message: str) -> RuleError:
    pos = doc.position(path)
    where = format_path(path)
    return RuleError(f"{doc.file}:{pos.line}:{pos.column}", f"{where + ': ' if where else ''}{message}")


def _where(finding: Finding) -> RuleError:
    return RuleError(f"{finding.file}:{finding.line}:{finding.column}", finding.message)
