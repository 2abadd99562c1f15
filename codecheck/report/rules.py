"""The rulebook as a reader sees it: `codecheck rules`, `codecheck explain` and docs/rules.md."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

from codecheck.documents import checks
from codecheck.language import Jurisdiction
from codecheck.model import Rule
from codecheck.report.markdown import escape, link
from codecheck.report.text import printable, printable_lines
from codecheck.tenets import TENETS


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "tenet": rule.tenet,
        "severity": str(rule.severity),
        "kinds": list(rule.kinds),
        "jurisdictions": [place_dict(p) for p in rule.legal_in],
        "only_in": [place_dict(p) for p in rule.only_in],
        "status": rule.status,
        "references": [{"title": r.title, "url": r.url, "note": r.note} for r in rule.references],
        "reads": list(rule.reads),
        "absent": [
            {"field": d.field, "message": d.message, "duty": {"title": d.reference.title, "url": d.reference.url, "note": d.reference.note}}
            for d in rule.absent
        ],
        "supersedes": list(rule.supersedes),
    }


def check_dict(check: checks.Check) -> dict[str, Any]:
    """A document check in the shape of a rule: no tenet, always an error, no law of its own."""
    return {
        "id": check.id,
        "name": check.name,
        "title": check.title,
        "tenet": None,
        "severity": "error",
        "kinds": [],
        "jurisdictions": [],
        "only_in": [],
        "status": "",
        "references": [],
        "reads": [],
        "absent": [],
        "supersedes": [],
    }


def place_dict(place: Jurisdiction) -> str | dict[str, str]:
    """A code as the rule file writes it: plain, or with the dates it holds between."""
    if not place.since and not place.until:
        return place.code
    dates = {"from": place.since, "until": place.until}
    return {"in": place.code, **{key: date for key, date in dates.items() if date}}


def places(where: tuple[Jurisdiction, ...]) -> str:
    """`EU, FR from 11 August 2026` for a reader."""
    return ", ".join(str(p) for p in where)


def render_json(rules: tuple[Rule, ...]) -> str:
    """Every id `explain` knows, as the text listing shows them: the document checks, then the rules."""
    listed = [check_dict(c) for c in checks.ALL] + [rule_dict(r) for r in rules]
    return json.dumps(listed, indent=2, ensure_ascii=False) + "\n"


def render_text(rules: tuple[Rule, ...]) -> str:
    lines = [f"{c.id}  {'-':7}  {'error':7}  {c.title}" for c in checks.ALL]
    for rule in rules:
        law = f"  [law in {places(rule.legal_in)}]" if rule.legal_in else ""
        lines.append(f"{rule.id}  tenet {rule.tenet:<2}  {str(rule.severity):7}  {printable(rule.title)}{law}")
    return "\n".join(lines) + "\n"


def _severity_line(rule: Rule) -> str:
    if not rule.legal_in:
        return f"{rule.severity} (best practice)"
    return f"error where law ({places(rule.legal_in)}), {rule.severity} elsewhere"


def needs(rule: Rule, shown: Callable[[str], str] = str) -> str:
    """What the rule needs stated, in one line: the fields its conditions read, each `shown` (escaped for
    Markdown, where a pack's field names are as untrusted as its titles)."""
    fields = ", ".join(shown(f) for f in rule.reads) or "nothing beyond the document's kind"
    return f"{fields} (of each {shown(rule.for_each.text)})" if rule.for_each else fields


def duties(rule: Rule, shown: Callable[[str], str] = str) -> list[str]:
    """The fields whose silence fails the rule, each with the law that requires the statement."""
    return [f"{shown(d.field.removeprefix('$subject.'))}: {shown(d.reference.title)}" for d in rule.absent]


def _example_yaml(example: Any) -> str:
    return yaml.safe_dump(example, sort_keys=False, allow_unicode=True, default_flow_style=False).rstrip()


def explain(rule: Rule) -> str:
    """ruff's rule-doc template: what it checks, why, an example of each, the fix, references."""
    tenet = TENETS[rule.tenet]
    parts = [
        f"{rule.id} ({rule.name}): {rule.title}",
        "",
        f"Tenet {rule.tenet}: {tenet.title}",
        f"Applies to: {', '.join(rule.kinds)}" + (f" sold in {places(rule.only_in)}" if rule.only_in else ""),
        f"Severity: {_severity_line(rule)}",
    ]
    if rule.status:
        parts += ["", "Legal status", rule.status]
    parts += ["", "Needs stated", needs(rule)]
    parts += ["Not stating it is a gap, not a failure" + (", except:" if rule.absent else ".")]
    parts += [f"- {line}" for line in duties(rule)]
    parts += ["", "Why it matters", rule.rationale, "", "Example that fails", _example_yaml(rule.examples["fail"][0])]
    parts += ["", "Example that passes", _example_yaml(rule.examples["pass"][0])]
    if rule.examples.get("unknown"):
        parts += ["", "Example it cannot assess (a gap)", _example_yaml(rule.examples["unknown"][0])]
    parts += ["", "Fix", rule.fix, "", "References"]
    parts += [f"- {r.title}" + (f" <{r.url}>" if r.url else "") + (f": {r.note}" if r.note else "") for r in rule.references]
    return printable_lines("\n".join(parts)) + "\n"  # a pack's texts reach a terminal: no escape sequence


def explain_check(check: checks.Check) -> str:
    return f"{check.id} ({check.name}): {check.title}\n\nA document check: always an error.\n\nFix\n{check.fix}\n"


def render_markdown(rules: tuple[Rule, ...]) -> str:
    """docs/rules.md: every rule grouped by tenet, generated so it is never stale."""
    lines = [
        "# The codecheck rulebook",
        "",
        "Generated by `codecheck rules --format markdown`; do not edit by hand.",
        "Severity \"error where law\" means: an error for documents sold in the listed",
        "jurisdictions, the default severity elsewhere. \"Needs stated\" lists the fields a rule",
        "reads: where a policy leaves one out, the rule reports a gap, not a failure, unless it",
        "names the law that requires the statement (\"Silence fails\"). Not legal advice.",
        "",
        "## Document checks",
        "",
        "| id | name | what it reports |",
        "|----|------|-----------------|",
        *[f"| {c.id} | {c.name} | {c.title} |" for c in checks.ALL],
    ]
    for number, tenet in TENETS.items():
        lines += ["", f"## Tenet {number}: {tenet.title}", ""]
        for rule in (r for r in rules if r.tenet == number):  # a pack's texts are escaped like any policy value
            refs = "; ".join(f"[{escape(r.title)}]({link(r.url)})" if r.url else escape(r.title) for r in rule.references)
            lines += [f"### {rule.id} {escape(rule.name)}", "", f"**{escape(rule.title)}.** {escape(rule.rationale)}", ""]
            lines += [f"- Kinds: {', '.join(rule.kinds)}", f"- Severity: {_severity_line(rule)}"]
            if rule.status:
                lines.append(f"- Legal status: {escape(rule.status)}")
            lines.append(f"- Needs stated: {needs(rule, escape)}")
            lines += [f"- Silence fails: {line}" for line in duties(rule, escape)]
            if rule.supersedes:
                lines.append(f"- Supersedes on the same value: {', '.join(rule.supersedes)}")
            lines += [f"- Fix: {escape(rule.fix)}", f"- References: {refs}", ""]
    return "\n".join(lines).rstrip() + "\n"
