"""The scorecard's approvals section in words, once, for the text, Markdown and HTML forms.

An auditor handed the scorecard needs to see which customer-adverse changes
the company lets through its change gate, who answers for each and why,
and which approvals have run out. The sentences say what one version can
show and no more: an approval matching nothing is a finding of `diff`,
which has two versions to compare, never of a scorecard (gate/standing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from codecheck.gate.approvals import APPROVALS_FILE
from codecheck.gate.standing import Listed, Standing
from codecheck.language import long_date

NOT_NAMED = "not known from this version"

UNNAMED_NOTE = (
    "A fingerprint names a change by its values before and after. Where the earlier value can only have been nothing, "
    "false, true or a step of a declared order, and this version holds the later one, the scorecard names the change; "
    f"elsewhere (what a price was before it rose, say, or a change this version does not hold) it is {NOT_NAMED}, "
    "and codecheck diff against the earlier version shows which change it is."
)

MATCHING_NOTE = (
    "An approval lets a change through codecheck diff and changes no grade: a finding it brings stays a finding. "
    "Whether an approval still matches a change takes two versions to say: codecheck diff warns of one that "
    "matches none; a scorecard, which grades one version, does not."
)

EXPIRED_NOTE = "These approvals' end dates have passed: they let no change through. Renew one with a new date, or remove it."


@dataclass(frozen=True)
class Row:
    """One approval as the scorecard lists it."""

    fingerprint: str
    change: str
    """The approved change in words ("Cancelling: cancelling now takes 3 steps instead of 2"), or NOT_NAMED."""
    change_at: str
    """Where the change is in this version (file:line:column); empty when it is not known."""
    owner: str
    reason: str
    scope: str
    """"until 31 January 2027", "expired on 23 November 2026" or "for one change only"."""
    recorded_at: str
    """Where the approval is written (file:line:column)."""


def rows(items: tuple[Listed, ...], day: str) -> list[Row]:
    """The approvals as rows, their ends judged on `day`."""
    return [_row(item, day) for item in items]


def _row(item: Listed, day: str) -> Row:
    a, change = item.approval, item.change
    words, at = NOT_NAMED, ""
    if change is not None:
        pos = change.document.position(change.where)
        words, at = f"{change.title}: {change.message}", f"{change.document.file}:{pos.line}:{pos.column}"
    return Row(a.fingerprint, words, at, a.owner, a.reason, scope(item, day), f"{a.file}:{a.line}:{a.column}")


def scope(item: Listed, day: str) -> str:
    """How long an approval lasts, in words; an end before `day` is said to have passed."""
    approval = item.approval
    if approval.once:
        return "for one change only"
    if approval.until < day:
        return f"expired on {_date(approval.until)}"
    return f"until {_date(approval.until)}"


def _date(written: str) -> str:
    """A date in words; one the schema's pattern admits but no calendar has (2026-02-31) as it is written."""
    try:
        return long_date(written)
    except ValueError:
        return written


def headline(standing: Standing) -> str:
    """The section's first sentence: what was found, or why nothing is listed."""
    if standing.file is None:
        return f"No approvals file ({APPROVALS_FILE}) was found for this policy set: no customer-adverse change is approved."
    if standing.problem:
        return f"The approvals file could not be read, so no approval is listed: {standing.problem}"
    if not standing.in_force and not standing.expired:
        return f"The approvals file {standing.file} approves no change."
    count = f"{_number(len(standing.in_force), 'approval')} in force on {long_date(standing.day)}"
    if standing.expired:
        count += f" and {_number(len(standing.expired), 'expired approval')}"
    return f"The approvals file {standing.file} holds {count}."


def _number(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"



@dataclass(frozen=True)
class Section:
    """Everything the scorecard says of the approvals, worked out once for every form."""

    headline: str
    in_force: list[Row]
    expired: list[Row]
    notes: list[str]
    """What a reader needs to weigh the rows: what an approval does, why some changes are not named."""


def section(standing: Standing) -> Section:
    in_force, expired = rows(standing.in_force, standing.day), rows(standing.expired, standing.day)
    notes = [MATCHING_NOTE] if in_force or expired else []
    notes += [UNNAMED_NOTE] if any(r.change == NOT_NAMED for r in (*in_force, *expired)) else []
    return Section(headline(standing), in_force, expired, notes)


def text_lines(approvals: Section, clean: Callable[[str], str]) -> list[str]:
    """The section for a terminal: one line per approval, then the notes; `clean` keeps each on its line."""
    lines = [f"Approved changes: {len(approvals.in_force)}", f"  {clean(approvals.headline)}"]
    for title, listed in (("In force", approvals.in_force), ("Expired", approvals.expired)):
        if listed:
            lines += [f"  {title}:"] + [f"    {clean(_said(row))}" for row in listed]
    return lines + [f"  {note}" for note in approvals.notes]


def _said(row: Row) -> str:
    change = f"{row.change} ({row.change_at})" if row.change_at else f"change {row.change}"
    return f"{row.fingerprint}: {change}; approved by {row.owner}, {row.scope}: {row.reason} [{row.recorded_at}]"


def markdown_lines(approvals: Section, escape: Callable[[str], str]) -> list[str]:
    """The section as GitHub-flavoured Markdown: a table of those in force, one of those expired."""
    lines = ["### Approved changes", "", escape(approvals.headline), ""]
    for title, listed in (("", approvals.in_force), ("#### Expired approvals", approvals.expired)):
        if not listed:
            continue
        lines += [title, "", EXPIRED_NOTE, ""] if title else []
        lines += ["| Fingerprint | Change approved | Owner | Reason | Lasts |", "|---|---|---|---|---|"]
        for row in listed:
            change = f"{row.change} ({row.change_at})" if row.change_at else row.change
            cells = [row.fingerprint, change, row.owner, row.reason, f"{row.scope} ({row.recorded_at})"]
            lines.append("| " + " | ".join(escape(cell) for cell in cells) + " |")
        lines.append("")
    return lines + [escape(note) for note in approvals.notes]
