"""check(paths) -> Report: the one place the stages are wired together."""

from __future__ import annotations

from typing import Iterable

from codecheck.load import load
from codecheck.model import Report
from codecheck.validate import validate


def check(paths: Iterable[str]) -> Report:
    """Load, validate and (from the rule engine on) evaluate a policy set."""
    policy_set = load(paths)
    _, problems = validate(policy_set.documents)
    findings = sorted((*policy_set.findings, *problems), key=lambda f: f.sort_key)
    return Report(findings=tuple(findings), files=policy_set.files, documents=len(policy_set.documents))
