"""The built-in rulebook: every rule's examples behave as declared, and every rule is complete."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest

from codecheck.documents import kinds
from codecheck.engine.rulebook import builtin_dir, load_rules
from codecheck.engine.ruletest import run_all_examples
from codecheck.report.rules import render_markdown
from codecheck.tenets import TENETS

RULES = load_rules()
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("result", run_all_examples(RULES), ids=lambda r: r.name)
def test_rule_example(result) -> None:
    assert result.problem is None, f"{result.rule.source}: {result.problem}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_complete(rule) -> None:
    path = Path(rule.source)
    assert path.stem == rule.id, "a rule file is named by its id"
    assert path.parent.name.startswith(f"{rule.tenet:02d}-"), "a rule lives in its tenet's folder"
    assert rule.id[2:4] == f"{rule.tenet:02d}", "the id's first two digits are the tenet"
    assert rule.title and rule.rationale and rule.fix and rule.message
    assert rule.references and all(r.title for r in rule.references)
    assert all(r.url.startswith("https://") for r in rule.references if r.url)
    assert rule.examples["pass"] and rule.examples["fail"]


def test_ids_and_names_are_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert [n for n, c in Counter(r.name for r in RULES).items() if c > 1] == []


def test_the_rulebook_covers_every_tenet_and_kind() -> None:
    per_tenet = Counter(r.tenet for r in RULES)
    assert len(RULES) >= 60
    assert {t: per_tenet[t] for t in TENETS if per_tenet[t] < 4} == {}
    assert set(kinds.KINDS) - {k for r in RULES for k in r.kinds} == set()


def test_law_backed_rules_cite_and_name_where_they_are_law() -> None:
    for rule in RULES:
        if rule.legal_in:
            assert re.search(r"Art\.|§|U\.S\.C\.|CFR|Code|reg\.|Regulation|Directive|Act", " ".join(r.title for r in rule.references)), rule.id


def test_docs_rules_md_is_generated_from_the_rule_files() -> None:
    generated = render_markdown(RULES)
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated, (
        "docs/rules.md is stale: run `codecheck rules --format markdown > docs/rules.md`"
    )


def test_the_builtin_rulebook_is_the_repository_rules_folder() -> None:
    assert builtin_dir().resolve() == (ROOT / "rules").resolve()


# Where statutes, regulations, decisions and official guidance are published: legislatures, official
# journals and gazettes, courts, regulators, and the standards bodies whose texts a practice rule follows.
OFFICIAL_HOSTS = (
    "eur-lex.europa.eu", "edpb.europa.eu", "ec.europa.eu",
    "legislation.gov.uk", "ico.org.uk", "fca.org.uk",
    "gesetze-im-internet.de", "justiz.nrw.de", "legifrance.gouv.fr", "boe.es",
    "autoriteitpersoonsgegevens.nl", "garanteprivacy.it",
    "law.cornell.edu", "ecfr.gov", "govinfo.gov", "ftc.gov", "consumerfinance.gov", "sec.gov",
    "supremecourt.gov", "courtlistener.com",
    "leginfo.legislature.ca.gov", "cppa.ca.gov", "oag.ca.gov", "nysenate.gov",
    "rfc-editor.org",
    # legislatures and regulators of the other markets (US states, Canada, Australia, Brazil, India)
    "leg.colorado.gov", "coag.gov", "cga.ct.gov", "statutes.capitol.texas.gov", "oregonlegislature.gov",
    "delcode.delaware.gov", "ilga.gov", "leg.state.fl.us",
    "laws-lois.justice.gc.ca", "crtc.gc.ca", "legisquebec.gouv.qc.ca", "legislation.gov.au",
    "planalto.gov.br", "indiacode.nic.in", "meity.gov.in",
)
CUSTOMER_CODE = "https://www.hubspot.com/customer-code"


def _official(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_cites_a_primary_source_with_a_deep_link(rule) -> None:
    """A rule cites the text itself: law where it states law, the Customer Code where it states practice.

    A regulator's home page is not a source: every link names the document it cites.
    """
    urls = [r.url for r in rule.references if r.url]
    assert [u for u in urls if not urlparse(u).path.strip("/")] == [], "a home page is not a reference"
    primary = [u for u in urls if _official(u)]
    if rule.legal_in or rule.status:
        assert primary, "a rule that states law or a legal status cites the law, decision or official guidance"
    else:
        assert primary or CUSTOMER_CODE in urls, "a practice rule cites the practice it follows"
