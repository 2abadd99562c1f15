"""The HTML scorecard: one self-contained page for a board or a regulator.

Inline CSS and SVG, no script and no external URL; a Content-Security-Policy
forbids any network access and admits only the page's own stylesheet, by its
hash. Jinja2 autoescapes every policy value, message and id.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from importlib import resources

import jinja2

from codecheck.model import Finding, Rule, Severity
from codecheck.pipeline import Audit
from codecheck.report.text import law_as_of, overrides_used

GRADE_COLOURS = {"A": "#1a7f37", "B": "#4d8b1f", "C": "#9a6700", "D": "#bc4c00", "F": "#cf222e"}
EXCERPT_CONTEXT = 2


@dataclass(frozen=True)
class ExcerptLine:
    number: int
    text: str
    offending: bool


def excerpt(lines: list[str], line: int) -> list[ExcerptLine]:
    """The lines around `line` (1-based) of a file, the offending one marked."""
    first, last = max(1, line - EXCERPT_CONTEXT), min(len(lines), line + EXCERPT_CONTEXT)
    return [ExcerptLine(n, lines[n - 1], n == line) for n in range(first, last + 1)]


def _environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: (resources.files("codecheck") / "report" / "templates" / name).read_text(encoding="utf-8")
    )
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def render_scorecard(audit: Audit) -> str:
    env = _environment()
    css = env.get_template("scorecard.css").render()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    rules: dict[str, Rule] = {r.id: r for r in audit.report.rules}

    def excerpt_of(finding: Finding) -> list[ExcerptLine]:
        return excerpt(audit.sources.get(finding.file, []), finding.line)

    return env.get_template("scorecard.html").render(
        audit=audit,
        card=audit.card,
        css=css,
        style_hash=f"sha256-{digest}",
        rules=rules,
        colours=GRADE_COLOURS,
        excerpt=excerpt_of,
        counts={str(s): audit.report.count(s) for s in Severity},
        law_as_of=law_as_of(audit.report),
        overrides=overrides_used(audit.report),
    )
