"""Approvals: a named owner lets one deliberate customer-adverse change through the gate, with a reason.

A lawful price rise announced properly is still "worse for the customer"; a
team that cannot say so would switch the gate off. `.codecheck-approvals.yaml`
in the policy repository lists each approved change by the fingerprint that
`codecheck diff` prints beside it:

    approvals:
      - fingerprint: 3f2a9c0d1e4b5a67
        owner: legal@acme.example
        reason: Price rise announced 60 days ahead by email, as the contract allows
        until: 2026-12-31        # or `once: true`: for this change alone, retired when it is merged

The fingerprint names the direction, the document, the value and both its
versions, so an approval of "2 steps -> 3" does not approve "2 -> 4". An
approved change passes the gate and is listed with who approved it and why;
an approval that matches nothing, or has expired, is a warning. The
scorecard, with one version and no change in hand, lists them as
standing.py judges them. Only changes
can be approved: a finding, a legal error above all, stays a finding. The
file is untrusted like every input: read through the safe reader, checked
against schemas/approvals.json, stopped at file:line:col when broken.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
from dataclasses import dataclass
from importlib import resources

from codecheck.documents.files import read_or_stop
from codecheck.documents.folders import leaves
from codecheck.documents.parse import parse
from codecheck.documents.schemacheck import Checker
from codecheck.documents.validate import describe
from codecheck.documents.values import today
from codecheck.errors import UsageError
from codecheck.gate.changes import Change
from codecheck.model import Position

APPROVALS_FILE = ".codecheck-approvals.yaml"


@dataclass(frozen=True)
class Approval:
    """One approved change: which (its fingerprint), who, why, and until when (or once)."""

    fingerprint: str
    owner: str
    reason: str
    until: str
    once: bool
    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Approved:
    """A customer-adverse change that passed the gate, and the approval that let it."""

    change: Change
    approval: Approval


@dataclass(frozen=True)
class ApprovalWarning:
    """An approval that did nothing: it matched no change, or it expired before its change was merged."""

    approval: Approval
    message: str


@functools.cache
def _checker() -> Checker:
    text = (resources.files("codecheck") / "schemas" / "approvals.json").read_text(encoding="utf-8")
    return Checker(json.loads(text))


def find_approvals(start: str) -> str | None:
    """The approvals file in `start`'s folder or above it, up to the repository's root (the folder holding .git)."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(folder, APPROVALS_FILE)
        if os.path.lexists(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if os.path.lexists(os.path.join(folder, ".git")) or parent == folder:
            return None
        folder = parent


def read_approvals(path: str) -> tuple[Approval, ...]:
    """The approvals in `path`; a file that is not YAML or does not match the schema stops the run.

    A symbolic link out of its folder is refused before it is read: an error would quote what it holds.
    """
    if leaves(path, [os.path.realpath(os.path.dirname(os.path.abspath(path)))]):
        raise UsageError(f"{path}: an approvals file may not be a symbolic link out of its folder")
    docs, problems = parse(read_or_stop(path), path)
    if problems:
        raise UsageError(f"{problems[0].file}:{problems[0].line}:{problems[0].column}: {problems[0].message}")
    if not docs:
        return ()
    doc = docs[0]
    error = _checker().best_error(doc.data)
    if error is not None:
        where = tuple(error.absolute_path)
        pos = doc.position(where)
        raise UsageError(f"{path}:{pos.line}:{pos.column}: {describe(error, doc.source.text(where))}")
    approvals = []
    for number, raw in enumerate(doc.data["approvals"]):
        pos = doc.position(("approvals", number))
        until, once = str(raw.get("until", "")), raw.get("once") is True
        _check_day(until, path, doc.position(("approvals", number, "until")))
        approvals.append(Approval(raw["fingerprint"], raw["owner"], raw["reason"], until, once, path, pos.line, pos.column))
    return tuple(approvals)


def _check_day(until: str, path: str, pos: Position) -> None:
    """The schema reads YYYY-MM-DD; the calendar must know the day too (2099-02-31 expires never, or at once)."""
    try:
        if until:
            datetime.date.fromisoformat(until)
    except ValueError as error:
        raise UsageError(f"{path}:{pos.line}:{pos.column}: '{until}' is not a date: {error}") from None


def match(
    changes: tuple[Change, ...], approvals: tuple[Approval, ...]
) -> tuple[tuple[Change, ...], tuple[Approved, ...], tuple[ApprovalWarning, ...]]:
    """The changes no valid approval names, the approved ones, and a warning for each idle approval."""
    valid = {a.fingerprint: a for a in approvals if a.once or a.until >= today()}
    pending, approved = [], []
    for change in changes:
        approval = valid.get(change.fingerprint)
        if approval is None:
            pending.append(change)
        else:
            approved.append(Approved(change, approval))
    matched = {a.approval.fingerprint for a in approved}
    present = {c.fingerprint for c in changes}
    warnings = [_warning(a, a.fingerprint in present) for a in approvals if a.fingerprint not in matched]
    return tuple(pending), tuple(approved), tuple(warnings)


def _warning(approval: Approval, expired_match: bool) -> ApprovalWarning:
    who = f"the approval of {approval.fingerprint} by {approval.owner}"
    if expired_match:
        return ApprovalWarning(approval, f"{who} expired on {approval.until}; the change is blocked again")
    if approval.until and approval.until < today():
        return ApprovalWarning(approval, f"{who} expired on {approval.until} and matches no change; remove it")
    return ApprovalWarning(approval, f"{who} matches no change in this diff; remove it once its change is merged")
