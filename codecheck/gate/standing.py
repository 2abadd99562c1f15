"""The approvals of a policy set as a scorecard shows them: one version, one day, no base to compare with.

`codecheck diff` knows which change an approval lets through because it has
both versions. A scorecard grades one version, so it can say only what that
version and the approvals file show: who approved what fingerprint, why, and
whether the approval is in force on the day or has expired. It cannot say
that an approval matches nothing (there is no change to match), so it never
does. It names the approved change only where this version determines it:
a fingerprint hashes both versions' values, and where the earlier value can
only have been nothing (a new item, a new value), false, true or a step of
a declared order, each candidate is hashed and compared; a price that rose
from an unknown figure stays unnamed, and the scorecard says so.

A broken or hostile approvals file never stops the scorecard: the grades do
not depend on it. Its one-line error (as `diff` gives it) is kept instead, to
be shown in the scorecard and said by the command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from codecheck.documents.identity import keys_for, labels
from codecheck.errors import UsageError
from codecheck.gate.approvals import Approval, read_approvals
from codecheck.gate.changes import ABSENT, Change, Direction
from codecheck.gate.compare import shown, values_by_identity
from codecheck.model import Document


@dataclass(frozen=True)
class Listed:
    """One approval, and the change it names where this version shows which (None where it cannot know)."""

    approval: Approval
    change: Change | None


@dataclass(frozen=True)
class Standing:
    """The approvals file of a policy set on `day`: those in force, those expired, or why it could not be read."""

    file: str | None
    """The approvals file found for the policy set; None when there is none."""
    day: str
    in_force: tuple[Listed, ...] = ()
    expired: tuple[Listed, ...] = ()
    problem: str = ""
    """The one-line error that stopped the file being read (as `diff` says it); empty when it was read."""


def standing(found: str, documents: Iterable[Document], directions: Iterable[Direction], day: str) -> Standing:
    """The approvals in the file `found` (approvals.find_approvals), judged on `day`, their changes named where known."""
    try:
        approvals = read_approvals(found)
    except UsageError as error:
        return Standing(found, day, problem=str(error))
    changes = recognise({a.fingerprint for a in approvals}, documents, directions)
    in_force: list[Listed] = []
    expired: list[Listed] = []
    for approval in approvals:
        listed = Listed(approval, changes.get(approval.fingerprint))
        (in_force if approval.once or approval.until >= day else expired).append(listed)
    return Standing(found, day, tuple(in_force), tuple(expired))


EARLIER = (ABSENT, False, True)
"""The earlier values a change to a value present now may have had that a scorecard can try: nothing
(a value introduced), false, true; and, for an `order` direction, each step of its order."""


def recognise(wanted: set[str], documents: Iterable[Document], directions: Iterable[Direction]) -> dict[str, Change]:
    """The changes whose fingerprints are `wanted`, among those this version of `documents` determines."""
    by_kind: dict[str, list[Direction]] = {}
    for direction in directions:
        by_kind.setdefault(direction.kind, []).append(direction)
    found: dict[str, Change] = {}
    for doc in documents:
        for direction in by_kind.get(str(doc.kind), ()):
            for change in _candidates(direction, doc):
                if change.fingerprint in wanted and change.fingerprint not in found:
                    found[change.fingerprint] = change
            if len(found) == len(wanted):
                return found
    return found


def _candidates(direction: Direction, doc: Document) -> Iterator[Change]:
    """Every change of `direction` that could have led to `doc` as it is, from an earlier value we can name."""
    values, _ = values_by_identity(doc.kind, doc.data, direction.field)
    for key, (path, value) in values.items():
        if direction.worse == "added":
            yield from _added(direction, doc, key, path, value)
        elif direction.worse != "removed":  # what was removed is in no version the scorecard has
            for earlier in (*EARLIER, *direction.order):
                yield Change.of(direction, doc, shown(key), path, earlier, value)


def _added(direction: Direction, doc: Document, key: tuple[str, ...], path: tuple[Any, ...], items: Any) -> Iterator[Change]:
    """Each item of the list at `key` as a new one: the earlier version had nothing there."""
    if not isinstance(items, list):
        return
    pattern = tuple("*" if part.startswith("[") else part for part in key)
    for index, (name, item) in enumerate(zip(labels(items, keys_for(doc.kind, pattern)), items, strict=True)):
        yield Change.of(direction, doc, shown(key + (name,)), path + (index,), ABSENT, item)
