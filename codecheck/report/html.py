"""The HTML scorecard: one self-contained page for a board or a regulator.

Inline CSS and SVG, no script and no external URL; a Content-Security-Policy
forbids any network access and admits only the page's own stylesheet, by its
hash. Jinja2 autoescapes every policy value, message and id. The page is
built from small partials (templates/scorecard/), one per part, and the
numbers and sentences they show are worked out in report/view/.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources

import jinja2

from codecheck.grading.grade import percent
from codecheck.pipeline import Audit
from codecheck.report.history import dates, since
from codecheck.report.text import law_as_of, overrides_used
from codecheck.report.view.approvals import EXPIRED_NOTE, section
from codecheck.report.view.explain import plural
from codecheck.report.view.summary import summarise
from codecheck.report.view.tenets import group, tenet_views


def _template(name: str) -> str:
    folder = resources.files("codecheck") / "report" / "templates"
    for part in name.split("/"):
        folder = folder / part
    return folder.read_text(encoding="utf-8")


def environment() -> jinja2.Environment:
    """Templates from the package only; autoescaping on; an undefined name is an error, not an empty string."""
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_template), autoescape=True, undefined=jinja2.StrictUndefined
    )


def style(env: jinja2.Environment) -> tuple[str, str]:
    """The stylesheet and its hash for the Content-Security-Policy."""
    css = env.get_template("scorecard.css").render()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"sha256-{digest}"


def render_scorecard(audit: Audit) -> str:
    env = environment()
    css, style_hash = style(env)
    return env.get_template("scorecard.html").render(
        audit=audit,
        card=audit.card,
        css=css,
        style_hash=style_hash,
        summary=summarise(audit),
        tenets=tenet_views(audit),
        law_as_of=law_as_of(audit.report),
        overrides=overrides_used(audit.report),
        problems=group(audit.document_problems, {}, audit.sources, every_excerpt=True),
        approvals=section(audit.approvals) if audit.approvals else None,
        expired_note=EXPIRED_NOTE,
        short=lambda file: _relative(file, audit.provenance.paths),
        plural=plural,
        first_seen=audit.history.first_seen() if audit.history else {},
        since=since(audit.history) if audit.history else "",
        dates=dates,
        percent=percent,
    )


def _relative(file: str, paths: tuple[str, ...]) -> str:
    """A file as a reader finds it inside the policy set: without the folder the scorecard names at the top."""
    for folder in paths:
        prefix = folder.rstrip("/") + "/"
        if folder not in ("", ".") and file.startswith(prefix):
            return file[len(prefix) :]
    return file
