"""Two versions of a policy set -> what got worse for the customer, and which findings came or went.

An absolute lint fails only when a threshold is crossed; a company can still
make leaving harder step by step and stay green. `codecheck diff` judges the
change itself: documents are matched by kind and id, values by path with list
items matched by id, and every declared customer-adverse direction
(changes.py) is checked, even where both versions pass every rule. Both
versions are checked by the pipeline; this module only compares them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from codecheck.gate.approvals import Approval, ApprovalWarning, Approved, match
from codecheck.gate.changes import Change, Direction
from codecheck.gate.compare import compare_documents
from codecheck.model import Document, Finding, Report, Severity, Skipped


@dataclass(frozen=True)
class Diff:
    changes: tuple[Change, ...]
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    head: Report
    skipped: tuple[Skipped, ...] = ()
    """Entries of the base commit that were not read: unsafe names, symbolic links, submodules."""
    approved: tuple[Approved, ...] = ()
    """Customer-adverse changes an approval let through (gate/approvals.py): listed, never failing."""
    approval_warnings: tuple[ApprovalWarning, ...] = ()

    def approve(self, approvals: tuple[Approval, ...]) -> Diff:
        """This diff with each approved change moved from `changes` to `approved`, and the idle approvals warned of."""
        pending, approved, warnings = match(self.changes, approvals)
        return replace(self, changes=pending, approved=approved, approval_warnings=warnings)

    def failing(self, threshold: Severity) -> bool:
        """A customer-adverse change or a new (unsuppressed) finding at or above `threshold`."""
        return any(c.direction.severity >= threshold for c in self.changes) or any(
            f.severity >= threshold for f in self.new if f.suppression is None
        )


def changes_between(
    before: Iterable[Document], after: Iterable[Document], directions: Iterable[Direction]
) -> list[Change]:
    """Every declared adverse change between the documents present in both versions."""
    old = {(d.kind, d.id): d for d in before}
    found: list[Change] = []
    for doc in after:
        previous = old.get((doc.kind, doc.id))
        if previous is None:
            continue
        for direction in directions:
            if direction.kind == doc.kind:
                found.extend(compare_documents(direction, previous, doc))
    return found


def new_and_resolved(before: Report, after: Report) -> tuple[list[Finding], list[Finding]]:
    """Findings by fingerprint, as multisets: what HEAD has that BASE had not, and the reverse.

    Gaps (facts not stated) are not findings about what a change does to customers: left out.
    """
    before_found = [f for f in before.findings if not f.gap]
    after_found = [f for f in after.findings if not f.gap]
    old = Counter(f.fingerprint for f in before_found)
    new = Counter(f.fingerprint for f in after_found)
    added, gone = [], []
    for finding in after_found:
        if old[finding.fingerprint] > 0:
            old[finding.fingerprint] -= 1
        else:
            added.append(finding)
    for finding in before_found:
        if new[finding.fingerprint] > 0:
            new[finding.fingerprint] -= 1
        else:
            gone.append(finding)
    return added, gone


def compare(
    before: tuple[Document, ...],
    before_report: Report,
    after: tuple[Document, ...],
    after_report: Report,
    directions: Iterable[Direction],
) -> Diff:
    """The declared adverse changes between two checked versions, and the findings that came and went."""
    changes = changes_between(before, after, directions)
    added, gone = new_and_resolved(before_report, after_report)
    return Diff(tuple(changes), tuple(added), tuple(gone), after_report)
