"""The pre-commit hook: lint the policy sets that hold the changed files, and gate what the commit changes.

pre-commit passes only the changed files, but a cross-document rule (a
cancellation flow against the plans it covers) needs the whole set; linting
only the changed files would miss problems and invent dangling references.
Linting is not enough either: a commit that doubles the cancellation steps can
pass every rule. So the hook also compares what is staged with HEAD, as
`codecheck diff --base HEAD` compares the working tree, and refuses the commit
on a customer-adverse change that no approval names.

pre-commit is told to pass every YAML file; which of them are policies is the
configuration's say (`paths:`, `exclude:`) and the file's own (documents/choice.py),
so a CI workflow or a compose file in the commit is passed over, never linted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from codecheck.documents.choice import Choice, clearly_not_a_policy
from codecheck.documents.files import read_text
from codecheck.documents.load import load_texts
from codecheck.documents.parse import parse
from codecheck.documents.validate import validate
from codecheck.gate.approvals import APPROVALS_FILE, Approval, ApprovalWarning, Approved, match
from codecheck.gate.changes import Change, Direction
from codecheck.gate.diff import changes_between
from codecheck.gate.gitbase import Repository
from codecheck.model import Document, Finding, Rule
from codecheck.settings.files import CONFIG_FILES, find_config


def policy_set_root(file: str) -> str:
    """The nearest folder named `policies` above `file`, else the folder of the nearest config, else its folder."""
    folder = Path(file).resolve().parent
    for candidate in (folder, *folder.parents):
        if candidate.name == "policies":
            return str(candidate)
    config = find_config(file)
    return os.path.dirname(config) if config is not None else str(folder)


def is_policy(file: str, choice: Choice) -> bool:
    """Whether a changed file is a policy file: the configuration's globs keep it and it is not clearly
    something else (a file that cannot be read or parsed may be a broken policy, so it is linted)."""
    if os.path.basename(file) in (*CONFIG_FILES, APPROVALS_FILE) or choice.excluded(file) is not None:
        return False
    text = read_text(file)
    if isinstance(text, Finding):
        return True
    documents, problems = parse(text, file)
    return not clearly_not_a_policy(text, documents, problems)


def policy_sets(files: list[str]) -> dict[str, set[str]]:
    """Each policy set root, with the changed files in it (as absolute paths)."""
    sets: dict[str, set[str]] = {}
    for file in files:
        sets.setdefault(policy_set_root(file), set()).add(os.path.abspath(file))
    return sets


def concerns(finding: Finding, changed: set[str], rules: tuple[Rule, ...]) -> bool:
    """A finding in a changed file, or from a rule that reads across documents (a change anywhere can cause it)."""
    cross = {rule.id for rule in rules if rule.cross_document}
    return os.path.abspath(finding.file) in changed or finding.rule_id in cross


@dataclass(frozen=True)
class Gate:
    """What the staged commit changes for customers: the changes no approval names, and those approved."""

    pending: tuple[Change, ...]
    approved: tuple[Approved, ...]
    warnings: tuple[ApprovalWarning, ...]


def staged_changes(
    root: str, choice: Choice, directions: tuple[Direction, ...], approvals: tuple[Approval, ...]
) -> Gate | None:
    """The customer-adverse changes between HEAD and the index under `root`; None before the first commit.

    Both versions are read from git into memory, chosen as a walk of `root` chooses files, and only the
    files whose text differs are parsed: a document in an unchanged file is the same in both, so it
    cannot change (and a document moved between files is in two changed files). An approval that
    matches no change is not warned of here: it may approve a change committed earlier.
    """
    repository = Repository(root)
    if not repository.has_commit("HEAD"):
        return None
    head = dict(repository.at_commit(repository.commit("HEAD"), [root]).files)
    index = dict(repository.staged([root]).files)
    differ = {name for name in head.keys() | index.keys() if head.get(name) != index.get(name)}
    before = _sound([(name, text) for name, text in head.items() if name in differ], choice)
    after = _sound([(name, text) for name, text in index.items() if name in differ], choice)
    changes = tuple(changes_between(before, after, directions))
    pending, approved, warnings = match(changes, approvals)
    blocked = {c.fingerprint for c in pending}
    return Gate(pending, approved, tuple(w for w in warnings if w.approval.fingerprint in blocked))


def _sound(files: list[tuple[str, str | Finding]], choice: Choice) -> tuple[Document, ...]:
    return validate(load_texts(files, choice).documents)[0]
