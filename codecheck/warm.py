"""A run's results from the cache: the key of everything that could change them, and their JSON form.

`codecheck lint` and the hook on a tree that has not changed since the last
run return what that run found, at the cost of reading the files. The key
holds every input of a result: the installation (codecheck's files and bounds,
the libraries, Python: cache.installation), the text of every rule file of the
rulebook and the packs, the configuration (with the jurisdictions and the
command line), today's date (rules compare with `$today`), the paths named on
the command line (a file named is read as asked, one found in a folder may be
skipped), the files of the policy set the configuration keeps, in order, with
the digest of their text (or why they could not be read), and the files the
hook is limited to. A change to any of them is a new key, never a stale
result; the cache folder itself is untrusted (cache.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from codecheck import cache
from codecheck.documents.values import today
from codecheck.grading.grade import Scorecard, TenetGrade
from codecheck.model import Finding, Outcome, Report, Rule, Severity, Skipped, Suppression
from codecheck.settings.config import Config
from codecheck.tenets import TENETS

KIND = "run"


def key(
    config: Config,
    rulebook: tuple[Rule, ...],
    paths: tuple[str, ...],
    texts: list[tuple[str, str | Finding]],
    focus: frozenset[str] | None,
) -> bytes:
    """The key of a run's results: the same key, the same results."""
    rules = [(rule.id, rule.source, _file_digest(rule.source)) for rule in rulebook]
    files = [(path, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest() if isinstance(text, str) else text)
             for path, text in texts]
    return cache.digest(cache.installation(), rules, config, today(), paths, files, sorted(focus) if focus is not None else None)


def _file_digest(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).digest()
    except OSError:
        return b""


@dataclass(frozen=True)
class Results:
    """What a run found: the report, the grades, and the files a report may quote (pipeline.Checked)."""

    report: Report
    card: Scorecard
    policy_files: frozenset[str]
    outcomes: tuple[Outcome, ...] = ()
    """Every rule on every document, for the scorecard; not cached (lint and the hook do not read them)."""


def encode(results: Results) -> dict[str, Any]:
    """The results as JSON values: the findings and counts of the report, the scorecard, the policy files."""
    report, card = results.report, results.card
    return {
        "policy_files": sorted(results.policy_files),
        "findings": [_finding(f) for f in report.findings],
        "files": report.files,
        "documents": report.documents,
        "as_of": report.as_of,
        "skipped": [[s.file, s.reason] for s in report.skipped],
        "card": {
            "score": card.score,
            "grade": card.grade,
            "tenets": [
                [t.tenet.number, t.score, t.grade, t.passed, t.failed, t.not_applicable, list(t.legal_failures), t.reason,
                 t.unknown, t.unread]
                for t in card.tenets
            ],
            "unread_files": card.unread_files,
            "caps": list(card.caps),
        },
    }


def _finding(finding: Finding) -> dict[str, Any]:
    fields = dict(vars(finding))
    fields["severity"] = finding.severity.name
    fields["legal_in"] = list(finding.legal_in)
    fields["needed_by"] = list(finding.needed_by)
    if finding.suppression is not None:
        fields["suppression"] = {**vars(finding.suppression), "rule_ids": list(finding.suppression.rule_ids)}
    return fields


def decode(value: Any, rules: tuple[Rule, ...]) -> Results | None:
    """The results from their JSON form, or None when it is not what encode wrote (a miss, never an error)."""
    try:
        findings = tuple(_decode_finding(f) for f in value["findings"])
        skipped = tuple(Skipped(str(file), str(reason)) for file, reason in value["skipped"])
        report = Report(findings, int(value["files"]), int(value["documents"]), rules, as_of=str(value["as_of"]), skipped=skipped)
        card = value["card"]
        tenets = tuple(
            TenetGrade(TENETS[number], score, grade, passed, failed, skipped, tuple(legal), reason, unknown, unread)
            for number, score, grade, passed, failed, skipped, legal, reason, unknown, unread in card["tenets"]
        )
        scorecard = Scorecard(card["score"], card["grade"], tenets, int(card["unread_files"]), tuple(map(str, card["caps"])))
        return Results(report, scorecard, frozenset(map(str, value["policy_files"])))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _decode_finding(fields: dict[str, Any]) -> Finding:
    suppression = fields.get("suppression")
    return Finding(**{
        **fields,
        "severity": Severity[fields["severity"]],
        "legal_in": tuple(fields["legal_in"]),
        "needed_by": tuple(fields["needed_by"]),
        "suppression": None if suppression is None else Suppression(**{**suppression, "rule_ids": tuple(suppression["rule_ids"])}),
    })
