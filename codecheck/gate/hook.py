"""The pre-commit hook: lint the policy sets that hold the changed files, report what concerns those files.

pre-commit passes only the changed files, but a cross-document rule (a
cancellation flow against the plans it covers) needs the whole set; linting
only the changed files would miss problems and invent dangling references.
"""

from __future__ import annotations

import os
from pathlib import Path

from codecheck.model import Finding, Rule
from codecheck.settings.files import CONFIG_FILES, find_config


def policy_set_root(file: str) -> str:
    """The nearest folder named `policies` above `file`, else the folder of the nearest config, else its folder."""
    folder = Path(file).resolve().parent
    for candidate in (folder, *folder.parents):
        if candidate.name == "policies":
            return str(candidate)
    config = find_config(file)
    return os.path.dirname(config) if config is not None else str(folder)


def policy_sets(files: list[str]) -> dict[str, set[str]]:
    """Each policy set root, with the changed files in it (as absolute paths)."""
    sets: dict[str, set[str]] = {}
    for file in files:
        if os.path.basename(file) in CONFIG_FILES:
            continue
        sets.setdefault(policy_set_root(file), set()).add(os.path.abspath(file))
    return sets


def concerns(finding: Finding, changed: set[str], rules: tuple[Rule, ...]) -> bool:
    """A finding in a changed file, or from a rule that reads across documents (a change anywhere can cause it)."""
    cross = {rule.id for rule in rules if rule.cross_document}
    return os.path.abspath(finding.file) in changed or finding.rule_id in cross
