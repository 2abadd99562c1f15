"""`codecheck portfolio`: one view over many repositories' scorecards, as JSON, Markdown or HTML.

Pure renderers of a records.portfolio.Portfolio. Every name, path and message
came from a file someone else wrote: Markdown escapes it, Jinja2 autoescapes
it, and links are relative paths the CLI percent-encoded.
"""

from __future__ import annotations

import json
from typing import Any

from codecheck.records.portfolio import Portfolio, Repository
from codecheck.report.markdown import escape
from codecheck.report.view.summary import jurisdiction_name

VERSION = 1


def _shown(grade: str | None, score: int | None) -> str:
    return f"{grade} ({score})" if grade is not None and score is not None else "not assessed"


def _severity(repo: Repository, name: str) -> int:
    return dict(repo.severities).get(name, 0)


def render_json(portfolio: Portfolio) -> str:
    """Documented in docs/schemas/portfolio-output.schema.json."""
    document: dict[str, Any] = {
        "version": VERSION,
        "title": portfolio.title,
        "repositories": [
            {
                "name": r.name,
                "organisation": r.organisation,
                "scorecard": r.source,
                "link": r.link,
                "date": r.date,
                "commit": r.commit,
                "score": r.score,
                "grade": r.grade,
                "assessed_tenets": r.assessed_tenets,
                "tenets": [{"number": n, "score": s, "grade": g} for n, s, g in r.tenets],
                "findings": {name: _severity(r, name) for name in ("error", "warning", "info")},
                "legal": [{"jurisdiction": c, "findings": n, "rules": list(ids)} for c, n, ids in r.legal],
            }
            for r in portfolio.repositories
        ],
        "tenets": [
            {"number": t.number, "title": t.title, "assessed": t.assessed, "mean": t.mean, "failing": t.failing, "worst": list(t.worst)}
            for t in portfolio.tenets
        ],
        "legal": [
            {"jurisdiction": g.code, "repositories": g.repositories, "rules": list(g.rules), "findings": g.findings}
            for g in portfolio.legal
        ],
        "unreadable": [{"scorecard": u.source, "reason": u.reason} for u in portfolio.unreadable],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(portfolio: Portfolio) -> str:
    lines = [f"## {escape(portfolio.title)}", "", f"{len(portfolio.repositories)} repositories, worst first.", ""]
    lines += ["| Repository | Grade | Coverage | Errors | Warnings | Assessed |", "|---|---|---|---|---|---|"]
    for r in portfolio.repositories:
        name = f"[{escape(r.name)}]({r.link})" if r.link else escape(r.name)
        cells = [name, _shown(r.grade, r.score), f"{r.assessed_tenets} of 10 tenets"]
        cells += [str(_severity(r, "error")), str(_severity(r, "warning")), escape(r.date)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "### The weakest tenets across the organisation", "", "| Tenet | Mean score | Repositories graded D or F | Assessed in |"]
    lines.append("|---|---|---|---|")
    for t in portfolio.tenets:
        mean = "not assessed" if t.mean is None else str(t.mean)
        lines.append(f"| {escape(f'{t.number}. {t.title}')} | {mean} | {t.failing} | {t.assessed} |")
    lines += ["", "### Legal errors by jurisdiction", ""]
    if portfolio.legal:
        lines += ["| Jurisdiction | Repositories | Rules broken | Findings |", "|---|---|---|---|"]
        for g in portfolio.legal:
            lines.append(f"| {escape(jurisdiction_name(g.code))} ({escape(g.code)}) | {g.repositories} | {len(g.rules)} | {g.findings} |")
    else:
        lines.append("No repository breaks a legal requirement where its policies are sold.")
    if portfolio.unreadable:
        lines += ["", "### Scorecards that could not be read", ""]
        lines += [f"- {escape(u.reason)}" for u in portfolio.unreadable]
    return "\n".join(lines) + "\n"


def render_html(portfolio: Portfolio) -> str:
    """Jinja2 is imported only for HTML, like the scorecard's."""
    from codecheck.report.html import environment, style

    env = environment()
    css, style_hash = style(env)
    return env.get_template("portfolio.html").render(
        portfolio=portfolio, css=css, style_hash=style_hash, shown=_shown, severity=_severity, jurisdiction=jurisdiction_name
    )
