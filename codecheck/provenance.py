"""Where a scorecard came from: codecheck and rulebook versions, the policy set, its commit, the date.

An auditor handing a scorecard to a board must be able to say exactly what was checked, with what.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from codecheck import __version__
from codecheck.documents.files import read_bytes
from codecheck.documents.values import today
from codecheck.errors import UsageError
from codecheck.gate.gitbase import run_git
from codecheck.model import Finding, Rule


@dataclass(frozen=True)
class Provenance:
    codecheck_version: str
    rulebook: str
    """The number of rules and a digest of their files: two scorecards with the same one used the same rules."""
    paths: tuple[str, ...]
    commit: str | None
    date: str
    """The day the scorecard was made."""
    as_of: str
    """The day the policies were judged on: which laws held (`--as-of`; the run's own date by default)."""


def rulebook_digest(rules: tuple[Rule, ...]) -> str:
    """A digest of the rule files as they are now, read through the safe reader like every other file."""
    digest = hashlib.sha256()
    for rule in rules:
        data = read_bytes(rule.source) if rule.source else rule.id.encode()
        digest.update(rule.id.encode() if isinstance(data, Finding) else data)
    return f"{len(rules)} rules, sha256 {digest.hexdigest()[:12]}"


def git_commit(path: str) -> str | None:
    """The commit checked out where `path` is, when it is inside a git work tree."""
    folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
    try:
        done = run_git(folder, "rev-parse", "HEAD")
    except UsageError:
        return None
    return done.stdout.decode("ascii", "replace").strip() or None if done.returncode == 0 else None


def provenance(paths: tuple[str, ...], rules: tuple[Rule, ...], as_of: str) -> Provenance:
    return Provenance(__version__, rulebook_digest(rules), paths, git_commit(paths[0]), today(), as_of)
