"""The typed objects that flow between the stages: load -> validate -> evaluate -> grade -> report.

Every stage takes and returns these frozen dataclasses, never loose dicts, so a
stage can be read (and replaced) without knowing the others.
"""

from __future__ import annotations

import enum
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Protocol, Tuple, Union

from codecheck.language import Condition, Jurisdiction, Selector

PathPart = Union[str, int]
Path = Tuple[PathPart, ...]


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that `>=` means "at least as serious".

    GAP is not a severity a rule can have: it is the class of the findings about
    what a policy does not state, below every failure, so that no `fail_on`
    threshold is ever reached by a gap.
    """

    GAP = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


MAX_FIELD = 200
"""Most characters a finding keeps of a value, a value path or a document id taken from a policy file."""

MAX_TEXT = 2_000
"""Most characters a finding keeps of a message, a fix or a reason, which a rule pack or config can make any length."""


def bounded(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters with an ellipsis and its whole length when it is longer.

    One finding per plan, each carrying the whole of a 10 KB name the plans share
    through an alias, made a 52 KB policy file a 5.5 MB report: what a finding
    keeps is cut, so a report grows with its input, not with its square.
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


def format_path(path: Path) -> str:
    """Render a value path the way a person reads it: `plans[0].price.amount`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class SourceMap(Protocol):
    """The way back from a value path to the source text of one document."""

    def position(self, path: Path, key: bool = False) -> Position:
        """Where the value at `path` (or, with key=True, its key) is written.

        A path that does not exist answers with its nearest enclosing value: that
        is where a missing key belongs.
        """

    def text(self, path: Path) -> str | None:
        """The scalar exactly as written at `path`, or None for collections."""


@dataclass(frozen=True)
class Document:
    """One YAML document of a policy set: its data and a way back to source positions."""

    file: str
    index: int
    data: Any
    source: SourceMap = field(repr=False, compare=False)

    @property
    def kind(self) -> str | None:
        value = self.data.get("kind") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    def position(self, path: Path = (), key: bool = False) -> Position:
        return self.source.position(path, key)


@dataclass(frozen=True)
class Suppression:
    """A `# codecheck: ignore[...]` comment: which rules it silences on which line, why, and who decided."""

    file: str
    line: int
    column: int
    target_line: int
    rule_ids: tuple[str, ...]
    reason: str
    owner: str = ""
    until: str = ""

    def __post_init__(self) -> None:
        """Cut the reason and owner to MAX_TEXT: each finding the comment silences carries them."""
        object.__setattr__(self, "reason", bounded(self.reason, MAX_TEXT))
        object.__setattr__(self, "owner", bounded(self.owner, MAX_TEXT))


@dataclass(frozen=True)
class Override:
    """A severity the configuration gave a finding instead of the rulebook's, and the record a reader checks."""

    rulebook: Severity
    """What the rulebook gave the finding: error where the rule is law, its own severity elsewhere."""
    reason: str
    """Why, as the configuration states it; required to lower a rule that is law somewhere."""
    source: str
    """Where the override is set: `file:line:column` of the config file."""

    def __post_init__(self) -> None:
        """Cut the reason to MAX_TEXT: each finding of the rule carries it."""
        object.__setattr__(self, "reason", bounded(self.reason, MAX_TEXT))


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how serious, where, and what to do about it."""

    rule_id: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    tenet: int | None = None
    doc_id: str | None = None
    path: str = ""
    fix: str = ""
    legal_in: tuple[str, ...] = ()
    """The enabled jurisdictions where the rule is law; empty means best practice."""
    suppression: Suppression | None = None
    """The inline suppression that silences this finding, if any: it stays in the report."""
    value: str = ""
    """The offending value as text (empty when it is missing): part of the finding's fingerprint."""
    baselined: bool = False
    """Recorded in the baseline given with --baseline: known, so it does not fail the run."""
    override: Override | None = None
    """Set when the configuration changed the severity: `severity` is then the configured one."""
    absent: str = ""
    """The part of `path` the document does not state (`line` and `column` are then those of
    the mapping it belongs in); empty when the value is there."""
    needed_by: tuple[str, ...] = ()
    """For a gap: every rule that needed the fact that is not stated (rule_id is the first)."""
    whole: str = ""
    """A digest of the identity (`_identity`) as it was before `value`, `path`, `doc_id` or
    the message were cut to their bounds; empty when nothing was cut. It keeps two findings
    whose long values differ only past the cut two findings."""

    def __post_init__(self) -> None:
        """Cut what the finding keeps to MAX_FIELD and MAX_TEXT, keeping its identity whole."""
        kept = {
            "value": bounded(self.value, MAX_FIELD),
            "path": bounded(self.path, MAX_FIELD),
            "doc_id": None if self.doc_id is None else bounded(self.doc_id, MAX_FIELD),
            "message": bounded(self.message, MAX_TEXT),
            "fix": bounded(self.fix, MAX_TEXT),
        }
        changed = {name: text for name, text in kept.items() if text != getattr(self, name)}
        if not changed:
            return
        if {"value", "path", "doc_id", "message"} & set(changed):
            object.__setattr__(self, "whole", hashlib.sha256(self._identity().encode()).hexdigest())
        for name, text in changed.items():
            object.__setattr__(self, name, text)

    def _identity(self) -> str:
        where = self.doc_id or os.path.basename(self.file)
        detail = self.value or ("" if self.tenet is not None else self.message)
        return "\0".join((self.rule_id, where, self.path, detail))

    @property
    def gap(self) -> bool:
        """Not a failure: a fact the policy does not state, which some rules needed."""
        return self.severity is Severity.GAP

    @property
    def fingerprint(self) -> str:
        """Identity across edits: rule, document, value path (list items named by identity) and value.

        Never a line number, nor a rule's message (reworded, it would break every baseline); the
        message of a document check (CC00xx) counts when it has no value, and holds no position.
        """
        key = self._identity() + ("\0" + self.whole if self.whole else "")
        return hashlib.sha256(key.encode()).hexdigest()[:20]

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule_id)


@dataclass(frozen=True)
class Reference:
    """A source a rule rests on: a law's article, a court decision, official guidance."""

    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Duty:
    """Where the law itself requires a statement: silence about `field` is then a failure, not a gap."""

    field: str
    """The selector, exactly as the rule's check writes it."""
    reference: Reference
    """The law that makes silence the breach."""
    message: str


@dataclass(frozen=True)
class Rule:
    """One declarative rule, compiled from its YAML file (docs/rules-format.md)."""

    id: str
    name: str
    title: str
    tenet: int
    kinds: tuple[str, ...]
    severity: Severity
    check: Condition
    message: str
    rationale: str
    fix: str
    references: tuple[Reference, ...]
    legal_in: tuple[Jurisdiction, ...] = ()
    """The narrowest places where the rule is law, each with its dates; empty means best practice."""
    only_in: tuple[Jurisdiction, ...] = ()
    """The rule applies only to documents sold in one of these, on their dates."""
    status: str = ""
    for_each: Selector | None = None
    when: Condition | None = None
    examples: dict[str, tuple[Any, ...]] = field(default_factory=dict, compare=False)
    source: str = ""
    cross_document: bool = False
    """Whether the rule reads other documents (through `->` or `<-`): a change to those can make it fail."""
    absent: tuple[Duty, ...] = ()
    """The statements the law requires: for these fields, silence fails instead of being a gap."""
    supersedes: tuple[str, ...] = ()
    """Rules whose finding on the same value this rule's finding replaces: one fact, one finding."""
    reads: tuple[str, ...] = ()
    """The fields the rule needs stated, as its selectors write them (for its documentation)."""


class Status(enum.Enum):
    """A rule's outcome on a document.

    UNKNOWN: the facts the rule reads are not stated; never a pass, never a
    failure. UNREADABLE: the document failed its document checks, so no rule
    could read it at all.
    """

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rule concluded about one document (or about the set, when no document had its kind).

    With slots: a run keeps one per rule and document (about 16 per document); without a dictionary
    each, evaluating 10,000 documents adds 1.4 KiB per document to memory instead of 2.0.
    """

    rule: Rule
    document: Document | None
    status: Status
    legal: bool


@dataclass(frozen=True)
class Skipped:
    """A file codecheck did not read as a policy file, and why (refused by name, a link, not a policy document)."""

    file: str
    reason: str


@dataclass(frozen=True)
class PolicySet:
    """Everything that was read: the documents that parsed, and the problems found so far."""

    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    files: int
    suppressions: tuple[Suppression, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    """YAML files found in a folder that are not policy files (documents/choice.py)."""


@dataclass(frozen=True)
class BaselineEntry:
    """A finding recorded in a baseline file, by fingerprint; the other fields are for people."""

    fingerprint: str
    rule_id: str
    doc_id: str | None
    path: str
    value: str

    def __post_init__(self) -> None:
        """Cut every field to MAX_FIELD: a stale entry is printed, and the file is as untrusted as a policy."""
        for name in ("fingerprint", "rule_id", "path", "value"):
            object.__setattr__(self, name, bounded(getattr(self, name), MAX_FIELD))
        if self.doc_id is not None:
            object.__setattr__(self, "doc_id", bounded(self.doc_id, MAX_FIELD))


@dataclass(frozen=True)
class Report:
    """The result of a run, ready for a reporter: findings, and the rules that produced them."""

    findings: tuple[Finding, ...]
    files: int
    documents: int
    rules: tuple[Rule, ...] = ()
    as_of: str = ""
    """The day the policies were judged on (`--as-of`, or the day of the run): which laws held."""

    stale_baseline: tuple[BaselineEntry, ...] = ()
    """Baseline entries that no longer occur: fixed, and ready to be removed from the baseline."""
    skipped: tuple[Skipped, ...] = ()
    """YAML files found in the folders that are not policy files: counted once in the report, never an error."""

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings neither suppressed nor in the baseline: these decide the exit status."""
        return tuple(f for f in self.findings if f.suppression is None and not f.baselined)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppression is not None)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    @property
    def failures(self) -> tuple[Finding, ...]:
        """The active findings that are failures (errors, warnings, info), without the gaps."""
        return tuple(f for f in self.active if not f.gap)

    @property
    def gaps(self) -> tuple[Finding, ...]:
        """The active gaps: facts not stated that some rules needed."""
        return tuple(f for f in self.active if f.gap)
