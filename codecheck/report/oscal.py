"""The run as OSCAL assessment results (NIST OSCAL 1.2), for GRC platforms that import them.

The mapping, model for model:
- the rulebook is the set of assessed controls: each enabled rule is a control
  (`cc0902`), listed in the result's reviewed-controls and described, with its
  version and digest, in a back-matter resource the import-ap points to;
- each codecheck finding is an observation: the message, how it was found
  (TEST, an automated check), and its evidence: the file and line as an href,
  the document, field and offending value in words and in props;
- each rule that applied is an OSCAL finding on its control: not-satisfied
  when it failed anywhere, with the observations that show it; satisfied when
  it passed everywhere it applied. A rule that applied nowhere has no finding:
  it was not assessed.

UUIDs are version 5, derived from what they name, so the same run gives the
same document. OSCAL wants date-times; codecheck judges by day, so each is
midnight UTC of the run's date.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid
from typing import Any

from codecheck import __version__
from codecheck.model import Finding, Rule, Status
from codecheck.pipeline import Audit

OSCAL_VERSION = "1.2.1"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:codecheck:oscal")
PROPS = "urn:codecheck:oscal:props"
"""The namespace of codecheck's own props (severity, tenet, fingerprint, ...)."""
_SPACE = re.compile(r"\s+")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\0".join(parts)))


def _text(value: str) -> str:
    """OSCAL strings must not start or end with white space; a prop value must not be empty."""
    return _SPACE.sub(" ", value).strip() or "none"


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": PROPS, "value": _text(value)}


def control_id(rule_id: str) -> str:
    return rule_id.lower()


def render_oscal(audit: Audit) -> str:
    prov, report = audit.provenance, audit.report
    when = f"{prov.date}T00:00:00+00:00"
    run = _uuid("run", prov.date, prov.rulebook, *prov.paths, prov.commit or "")
    rulebook = _uuid("rulebook", prov.rulebook)
    ids = [_uuid("observation", run, str(i), f.fingerprint) for i, f in enumerate(report.findings)]
    observations = [_observation(f, when, i) for f, i in zip(report.findings, ids, strict=True)]
    document = {
        "assessment-results": {
            "uuid": run,
            "metadata": {
                "title": _text(f"{audit.title or 'Customer Code scorecard'}: {audit.organisation or ', '.join(prov.paths)}"),
                "last-modified": when,
                "version": _text(f"codecheck {__version__}, {prov.rulebook}"),
                "oscal-version": OSCAL_VERSION,
            },
            "import-ap": {"href": f"#{rulebook}"},
            "results": [
                {
                    "uuid": _uuid("result", run),
                    "title": "Customer Code assessment",
                    "description": _text(
                        f"codecheck checked {report.documents} policy documents in {report.files} files "
                        f"({', '.join(prov.paths)}) against {len(report.rules)} rules, by the law in force on {prov.as_of}."
                    ),
                    "start": when,
                    "props": _grades(audit),
                    "reviewed-controls": {
                        "control-selections": [_selection(report.rules)]
                    },
                    **({"observations": observations} if observations else {}),
                    **({"findings": f} if (f := _findings(audit, run, ids)) else {}),
                }
            ],
            "back-matter": {"resources": [_rulebook(audit, rulebook)]},
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _selection(rules: tuple[Rule, ...]) -> dict[str, Any]:
    """The enabled rules; with none enabled, OSCAL still needs a selection, and an empty include-all says "all of none"."""
    if rules:
        return {"include-controls": [{"control-id": control_id(r.id)} for r in rules]}
    return {"description": "No rule was enabled: no control was assessed.", "include-all": {}}


def _grades(audit: Audit) -> list[dict[str, str]]:
    card = audit.card
    props = [_prop("overall-grade", card.grade or "not assessed"), _prop("assessed-tenets", str(card.assessed_tenets))]
    if card.score is not None:
        props.append(_prop("overall-score", str(card.score)))
    props += [_prop(f"tenet-{t.tenet.number}-grade", t.grade or "not assessed") for t in card.tenets]
    return props


def _observation(finding: Finding, when: str, observation_id: str) -> dict[str, Any]:
    where = f"{finding.file}:{finding.line}:{finding.column}"
    about = [f"document {finding.doc_id}" if finding.doc_id else "", f"field {finding.path}" if finding.path else ""]
    value = f"value {finding.value}" if finding.value else (f"{finding.absent} not stated" if finding.absent else "")
    props = [_prop("rule", finding.rule_id), _prop("severity", str(finding.severity)), _prop("fingerprint", finding.fingerprint)]
    props += [_prop("tenet", str(finding.tenet))] if finding.tenet else []
    props += [_prop("legal-in", code) for code in finding.legal_in]
    props += [_prop("value", finding.value)] if finding.value else []
    observation: dict[str, Any] = {
        "uuid": observation_id,
        "title": _text(f"{finding.rule_id} at {where}"),
        "description": _text(finding.message),
        "props": props,
        "methods": ["TEST"],
        "types": ["finding"],
        "relevant-evidence": [
            {
                "href": f"{urllib.parse.quote(finding.file)}#L{finding.line}",
                "description": _text(", ".join(p for p in (where, *about, value) if p)),
            }
        ],
        "collected": when,
    }
    if finding.suppression is not None:
        observation["remarks"] = _text(f"Suppressed in the policy file: {finding.suppression.reason}")
    return observation


def _findings(audit: Audit, run: str, ids: list[str]) -> list[dict[str, Any]]:
    by_rule: dict[str, list[tuple[Finding, str]]] = {}
    for finding, observation in zip(audit.report.findings, ids, strict=True):
        by_rule.setdefault(finding.rule_id, []).append((finding, observation))
    rules = {r.id: r for r in audit.report.rules}
    applied = sorted({o.rule.id for o in audit.outcomes if o.status in (Status.PASS, Status.FAIL)})
    failed = {o.rule.id for o in audit.outcomes if o.status is Status.FAIL}
    return [_finding(rules[rule_id], by_rule.get(rule_id, []), rule_id in failed, run) for rule_id in applied if rule_id in rules]


def _finding(rule: Rule, found: list[tuple[Finding, str]], failed: bool, run: str) -> dict[str, Any]:
    state = "not-satisfied" if failed else "satisfied"
    finding: dict[str, Any] = {
        "uuid": _uuid("finding", run, rule.id),
        "title": _text(f"{rule.id}: {rule.title}"),
        "description": _text(rule.rationale),
        "props": [_prop("tenet", str(rule.tenet)), _prop("severity", str(rule.severity))],
        "target": {"type": "objective-id", "target-id": control_id(rule.id), "status": {"state": state}},
    }
    if found:
        where = {f"{f.file}:{f.line}:{f.column}" for f, _ in found}
        finding["related-observations"] = [{"observation-uuid": observation} for _, observation in found]
        finding["remarks"] = _text(f"Fix: {rule.fix} ({len(found)} findings in {len(where)} places)")
    return finding


def _rulebook(audit: Audit, resource: str) -> dict[str, Any]:
    prov = audit.provenance
    return {
        "uuid": resource,
        "title": _text(f"The codecheck rulebook: {prov.rulebook}"),
        "description": _text(
            f"The rules codecheck {prov.codecheck_version} applied, each a control of this assessment "
            f"(control id = rule id in lower case); `codecheck explain ID` gives each rule's rationale and sources."
        ),
        "props": [_prop("codecheck-version", prov.codecheck_version), _prop("law-as-of", prov.as_of)],
    }
