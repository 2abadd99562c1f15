"""The policy sets of the open documents, checked as the editor holds them: no protocol here.

A policy set is found from a document the way the pre-commit hook finds it
(the nearest `policies` folder, else the folder of the nearest config file,
else the document's folder), and checked by the pipeline, whole, so that
cross-document rules see every document: the open ones with their unsaved
text, the others as they are on disk. Each file's parse is kept while its
text stays the same, so an edit re-parses one file, not the set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from codecheck.documents.load import SUFFIXES, FileResult, load_overlay, parse_file
from codecheck.engine.rulebook import load_rules
from codecheck.gate.hook import policy_set_root
from codecheck.model import Finding, Rule
from codecheck.pipeline import check_set, judged_on, options_for
from codecheck.settings.config import Config, resolve
from codecheck.settings.files import find_config


@dataclass(frozen=True)
class SetResult:
    """One check of a policy set: the findings that are not suppressed, and the text each file had."""

    root: str
    findings: dict[str, list[Finding]]
    """Absolute path -> its active findings, in order; every file of the set has an entry."""
    texts: dict[str, str]
    """Absolute path -> the text that was checked (the editor's for open documents)."""
    rulebook: tuple[Rule, ...] = field(repr=False)


class Workspace:
    """The open documents' texts, and what is kept between checks: parses and rulebooks."""

    def __init__(self) -> None:
        self.open: dict[str, str] = {}
        self._parsed: dict[str, tuple[str | Finding, FileResult]] = {}
        self._rulebooks: dict[tuple[tuple[str, ...], str | None], tuple[Rule, ...]] = {}

    def root_of(self, path: str) -> str:
        return policy_set_root(path)

    def check(self, root: str) -> SetResult:
        """Check the policy set under `root` with the open documents' texts."""
        config = resolve(find_config(root), {})
        rulebook = self.rulebook(config)
        texts = {path: text for path, text in self.open.items() if _in_set(path, root)}
        seen: dict[str, str | Finding] = {}
        parsed: dict[str, tuple[str | Finding, FileResult]] = {}

        def parse_one(name: str, text: str | Finding) -> FileResult:
            path = os.path.abspath(name)
            seen[path] = text
            kept = self._parsed.get(path)
            result = kept[1] if kept is not None and kept[0] == text else parse_file(name, text)
            parsed[path] = (text, result)
            return result

        with judged_on(config):
            checked = check_set(load_overlay((root,), texts, parse_one), options_for(config, rulebook))
        self._parsed = {path: kept for path, kept in self._parsed.items() if not _in_set(path, root)} | parsed
        findings: dict[str, list[Finding]] = {path: [] for path in seen}
        for finding in checked.report.findings:
            if finding.suppression is None:
                findings.setdefault(os.path.abspath(finding.file), []).append(finding)
        shown = {path: text for path, text in seen.items() if isinstance(text, str)}
        return SetResult(root, findings, shown, rulebook)

    def rulebook(self, config: Config) -> tuple[Rule, ...]:
        """The rulebook a configuration names, loaded once per set of packs."""
        key = (config.rules, config.rules_scope)
        if key not in self._rulebooks:
            self._rulebooks[key] = load_rules(config.rules, config.rules_scope)
        return self._rulebooks[key]


def _in_set(path: str, root: str) -> bool:
    """A policy file of the set under `root`: a YAML file below it, not in a hidden folder (as lint discovers them)."""
    relative = os.path.relpath(path, root)
    parts = relative.split(os.sep)
    return path.endswith(SUFFIXES) and parts[0] != os.pardir and not any(p.startswith(".") for p in parts)

