"""Deterministic synthetic policy sets for the benchmark (no wall clock, no network).

    python bench/corpus.py OUT_DIR --documents 10000 [--seed 7] [--lapse-rate 0.25]
    python bench/corpus.py OUT_DIR --documents 200 --repo      # OUT_DIR/policies/, for the pre-commit case
    python bench/corpus.py OUT_DIR --documents 10000 --changed-from 0.03   # a "head" with 3% of documents changed
    python bench/corpus.py OUT_DIR --spectral                  # only the Spectral ruleset

Documents come in groups of nine, one per kind, that refer to each other by
ids unique to the group (the cancellation flow covers the group's pricing and
names its feedback survey; the processing record points at the group's
retention schedule and its categories; marketing at processing, pricing and
cancellation; compensation pays on pricing). The kinds are written in an
order in which every reference points backwards, so a last, partial group
still resolves. Each document is 1.2-4.2 KB (2.1 KB on average), one per file,
and states what examples/customer-first states: a group without lapses has no
finding and no gap, in each of the markets the groups take in turn (some
facts vary between groups where every value passes: an automated decision
with its safeguards or none, an AI chat assistant that says so or none). A
share of the documents (default 25%) carries one or two lapses taken from
examples/lock-in (a pre-ticked consent box, eight steps to cancel, a breach
reported after 30 days...), each of which raises a finding in every market.
tests/test_bench_corpus.py checks both. The same arguments always give
byte-identical files.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Callable
from typing import Any

KINDS = ("pricing", "retention", "feedback", "incidents", "support", "processing", "cancellation", "compensation", "marketing")
"""Writing order: every kind refers only to kinds before it."""

NAMES = ("Fairly", "Nordwind", "Brightpath", "Lumen", "Kestrel", "Orbit", "Tidewell", "Copperleaf", "Quill", "Helio",
         "Marlow", "Verdant", "Juniper", "Aster", "Bramble", "Cobalt", "Driftwood", "Ember", "Fjord", "Granite")
PRODUCTS = ("Planner", "Notes", "Studio", "Cloud", "Music", "Fit", "Reader", "Photos", "Backup", "Mail")
PEOPLE = ("Lena Vogt", "Jonas Berger", "Sofia Lindqvist", "Mei Tanaka", "Oskar Nowak", "Tomás Reyes", "Amira Haddad",
          "Priya Raman", "Lucas Moreau", "Aoife Byrne", "Mateo Rossi", "Hannah Keller", "Kwame Mensah", "Elin Dahl")
APPROVERS = ("Chief Customer Officer", "General Counsel", "Chief Executive Officer", "Data Protection Officer")
# (jurisdictions, currency): where a company sells decides which rules are law for it.
MARKETS = (("[EU, DE]", "EUR"), ("[EU, FR]", "EUR"), ("[EU]", "EUR"), ("[UK]", "GBP"), ("[US, US-CA]", "USD"),
           ("[US, US-NY]", "USD"), ("[EU, DE, UK, US, US-CA]", "EUR"), ("[EU, FR, UK]", "EUR"))
SERVICE_TYPES = ("saas", "media", "membership", "cloud", "saas")
# The out-of-court dispute body named for complaints, by the first market a company lists after the EU.
ADR_BODIES = {"DE": "Universalschlichtungsstelle des Bundes, Kehl", "FR": "Médiateur CM2C, Paris", "EU": "Universalschlichtungsstelle des Bundes, Kehl",
              "UK": "Ombudsman Services, Warrington", "US-CA": "BBB National Programs", "US-NY": "BBB National Programs"}


def group_context(rng: random.Random, group: int) -> dict[str, Any]:
    """The values shared by the nine documents of one group: one fictitious company."""
    name = rng.choice(NAMES)
    market, currency = MARKETS[group % len(MARKETS)]  # any eight groups in a row cover every market
    slug = f"{name.lower()}-{group:06d}"
    price = rng.choice((3.99, 4.99, 5.99, 7.99, 9.99, 12.99, 14.99, 19.99))
    month, day = rng.randint(1, 10), rng.randint(1, 28)
    return {
        "company": name,
        "p": slug,
        "domain": f"{slug}.example",
        "product": f"{name} {rng.choice(PRODUCTS)}",
        "juris": market,
        "currency": currency,
        "price": f"{price:.2f}",
        "yearly": f"{price * 10:.2f}",
        "service_type": rng.choice(SERVICE_TYPES),
        "reviewed": f"2026-{month:02d}-{day:02d}",
        "cycle": "P1Y",
        "approver": rng.choice(APPROVERS),
        "person": rng.choice(PEOPLE),
        "trial": rng.choice(("P14D", "P30D", "P7D")),
        "steps": str(rng.randint(1, 2)),
        "kb_days": str(rng.randint(1, 3)),
        "phone": f"{rng.randint(0, 9999):04d}",
        "de": "DE" in market,
        "adr": ADR_BODIES[market.strip("[]").split(", ")[:2][-1]],
        # Facts customer-first states, varied where any of the values passes every rule.
        "automation": rng.choice(("none", "none", "assisted", "solely")),
        "chat_ai": rng.choice(("true", "false")),
        "cutoff": rng.choice(("P0D", "PT24H")),
        "price_consent": rng.choice(("true", "false")),
        "attainment": f"{rng.randint(55, 90) / 100:.2f}",
        "dsar_ack": str(rng.randint(1, 5)),
    }


def governance(c: dict, owner: str, lapses: set[str]) -> str:
    # Leaving the approver out would be a gap, not a lapse: a stale review is one.
    reviewed = c["reviewed"].replace("2026-", "2024-") if "stale_review" in lapses else c["reviewed"]
    cycle = "P3Y" if "long_cycle" in lapses else c["cycle"]
    return (f"governance: {{owner: {owner} ({c['person']}), approver_for_exceptions: {c['approver']}, last_reviewed: {reviewed},"
            f" review_cycle: {cycle}}}")


def header(c: dict, kind: str, title: str, owner: str, lapses: set[str]) -> str:
    return (f"codecheck: 1\nkind: {kind}\nid: {c['p']}-{kind}\ntitle: {title}\njurisdictions: {c['juris']}\n"
            f"{governance(c, owner, lapses)}\n")


def pricing(c: dict, L: set[str]) -> str:
    cur = c["currency"]
    consent = "pre_ticked" if "pre_ticked" in L else "unticked_checkbox"
    disclosed = "false" if "terms_late" in L else "true"
    notice = "P7D" if "short_price_notice" in L else "P60D"
    fee = ("  - {id: service-fee, name: Service fee, kind: service, amount: {amount: 2.49, currency: " + cur + "}, frequency: recurring,\n"
           "     mandatory: true, included_in_advertised_price: false, disclosed_at: checkout}\n") if "drip_fee" in L else ""
    return f"""# {c['company']}: plans and prices. The first price a customer sees is the price they
# pay: tax is included, there are no other mandatory fees, no early termination fee.
{header(c, 'pricing', c['company'] + ' plans and prices', 'Head of Pricing', L)}
plans:
  - id: monthly
    name: {c['product']} (monthly, cancel any month)
    audience: both
    service_type: {c['service_type']}
    price: {{amount: {c['price']}, currency: {cur}}}
    price_includes_tax: true
    billing_period: P1M
    commitment_term: P1M
    auto_renew: true
    renewal_term: indefinite        # rolls on month by month, never into a new fixed term
    default_selected: false
    signup:
      channels: [online, in_app]
      requires_agent: false
      steps: 3            # choose plan, account and payment details, confirm
      screens: 3
      clicks: 4
      consent: {{method: {consent}, separate_for_auto_renew: true, terms_adjacent: true, records_retained_for: P3Y}}
      terms_disclosed_before_billing_info: {disclosed}
      decline_option: {{label: No thanks, equal_prominence: true}}
      acknowledgment: {{sent: true, within: PT1H, durable_medium: true, includes_terms: true, includes_cancel_method: true}}
    early_termination_fee: {{exists: false}}

fees:
  - {{id: vat, name: VAT / sales tax, kind: tax, mandatory: true, included_in_advertised_price: true, disclosed_at: listing}}
{fee}
trials:
  - id: trial
    plans: [monthly]
    duration: {c['trial']}
    price: {{amount: 0, currency: {cur}}}
    requires_payment_details: false
    converts_automatically: false   # the trial simply ends; upgrading is a separate step
    conversion_date_shown: true
    price_after: {{amount: {c['price']}, currency: {cur}}}
    price_after_shown: true
    cancel_online_during_trial: true

price_changes:
  notice_period: {notice}
  channels: [email, in_app]
  right_to_cancel_without_penalty: true
  requires_consent: {c['price_consent']}
  clause_states_reasons: true       # only for higher hosting or payment costs, by a published index

purchases: {{confirm_each_charge: true, child_users: false, enrolment_as_side_effect: false, opened_only_on_request: true}}

renewal_reminders: {{sent: true, lead_time: P30D, annual_reminder: true, channels: [email], includes_price: true, includes_cancel_method: true}}
"""


def retention(c: dict, L: set[str]) -> str:
    period = "indefinite" if "keep_forever" in L else "P60D"
    per_record = "false" if "no_per_record" in L else "true"
    return f"""# {c['company']}: the retention schedule. Every category has a finite period, a
# trigger and a reason; backups expire after 35 days.
{header(c, 'retention', c['company'] + ' data retention schedule', 'Data Protection Officer', L)}
categories:
  - id: account-profile
    name: Account and profile
    description: Name, e-mail, password hash, language, plan.
    period: {period}
    trigger: account_closure
    justification: {{kind: purpose_need, note: "Kept for the 60-day export window after leaving, then deleted."}}
    backups: {{period: P35D, restored_data_purged: true}}
    disclosed_in_notice: true
    systems: [app database, identity service]

  - id: invoices
    name: Invoices and accounting vouchers
    period: P8Y
    trigger: end_of_calendar_year
    justification: {{kind: statute, citation: "HGB §257(1) Nr. 4, (4); AO §147(1) Nr. 4, (3)"}}
    backups: {{period: P35D, restored_data_purged: true}}
    legal_hold_possible: true
    disclosed_in_notice: true
    systems: [billing service]

  - id: support-tickets
    name: Support conversations
    period: P2Y
    trigger: last_activity
    justification: {{kind: purpose_need, note: Lets us see the history of a problem that comes back.}}
    backups: {{period: P35D, restored_data_purged: true}}
    disclosed_in_notice: true
    systems: [help desk]

deletion:
  automated: true              # nightly job per category
  per_record: {per_record}
  method: delete
  review_cycle: P1M
  logged: true
"""


def feedback(c: dict, L: set[str]) -> str:
    optional = "false" if "survey_gate" in L else "true"
    gates = "true" if "survey_gate" in L else "false"
    publishes = "false" if "hide_reviews" in L else "true"
    gating = "true" if "review_gating" in L else "false"
    return f"""# {c['company']}: asking for feedback and acting on it. Every detractor hears
# from a person within {c['kb_days']} days; the exit survey is optional.
{header(c, 'feedback', c['company'] + ' feedback and reviews policy', 'Head of Customer Insights', L)}
surveys:
  - {{id: csat-support, kind: csat, trigger: after_support_case, channel: email, optional: true}}
  - {{id: nps-relationship, kind: nps, trigger: periodic, interval: P6M, channel: in_app, optional: true}}
  - id: exit
    kind: exit
    trigger: on_cancellation
    channel: online
    optional: {optional}
    gates_cancellation: {gates}
    shown_after_cancellation: true

closed_loop:
  detractor_followup_within: P{c['kb_days']}D
  detractor_threshold: 6
  routes_to: [product, support, policy_owner]
  reviewed_every: P1M
  changes_published: true        # quarterly "You said, we did" post

reviews:
  publishes_all_ratings: {publishes}
  suppression_criteria: [unlawful, defamatory, harassing, personal_data, off_topic]
  incentives_offered: false
  incentives_conditional_on_sentiment: false
  insider_reviews_disclosed: true
  gating: {gating}
  verification_disclosed: true
"""


def incidents(c: dict, L: set[str]) -> str:
    authority = "P30D" if "late_breach" in L else "PT72H"
    credits = "false" if "credits_on_claim" in L else "true"
    return f"""# {c['company']}: owning our mistakes. Breaches are reported inside the legal
# deadlines, outages are on a public status page, credits arrive unasked.
{header(c, 'incidents', c['company'] + ' incident, credit and exception handling', 'Head of Security', L)}
breach:
  regimes: [gdpr, uk_gdpr, us_state]
  authority_within: {authority}        # GDPR Art. 33(1)
  individuals_within: P3D
  processor_to_controller_within: PT24H
  register_kept: true

concealment_payments_allowed: false

status_page:
  public: true
  url: https://status.{c['domain']}
  subscribe: true
  update_interval: PT30M
  history_public: true

postmortem:
  published: true
  within: P7D
  customer_impacting_only: false
  contents: [timeline, impact, root_cause, remediation, customer_remedy]

credits:
  automatic: {credits}                 # applied to the next invoice, no claim needed
  sla_url: https://{c['domain']}/sla
  applied_within: P1M

billing_errors: {{refund_automatic: true, within: P7D, customers_notified: true}}
billing_disputes: {{locks_account_on_chargeback: false, acknowledged_within: P2D, answered_within: P14D}}

exceptions:
  logged: true
  escalated_to: Head of Customer Policy
  postmortem_required: true       # an exception is a bug in the policy
  feeds_policy_review: true
"""


def support(c: dict, L: set[str]) -> str:
    human = "false" if "bot_only" in L else "true"
    hotline = "premium" if "premium_hotline" in L else "basic_rate"
    kb = "false" if "private_kb" in L else "true"
    ai_disclosed = "\n    ai_disclosed: true              # \"I'm an AI assistant\" opens every chat" if c["chat_ai"] == "true" else ""
    return f"""# {c['company']}: how customers get help. Humans on chat and e-mail, a public
# help centre, and everything about the account doable without us.
{header(c, 'support', c['company'] + ' customer support', 'Head of Customer Experience', L)}
channels:
  - id: chat
    kind: chat
    hours: Mon-Fri 08:00-20:00 CET
    human: {human}                   # "Talk to a person" is always on screen
    bot_handoff: {human}
    ai: {c['chat_ai']}{ai_disclosed}
    first_response_target: PT2M
    resolution_target: PT4H
    languages: [en, de]
  - id: email
    kind: email
    hours: 24/7 intake, answered Mon-Sat
    human: {human}
    ai: false
    first_response_target: PT4H
    resolution_target: P2D
    languages: [en]

bot_only: {"true" if "bot_only" in L else "false"}
human_available_for: [complaints, billing_disputes, cancellation, technical, accessibility, data_requests]

contact:
  phone: "+44 20 7946 {c['phone']}"
  email: help@{c['domain']}
  postal_address: {c['company']} Ltd, 1 Example Street, Springfield
  hotline_cost: {hotline}

knowledge_base: {{public: {kb}, searchable: true, url: "https://help.{c['domain']}"}}

accessibility: {{standard: WCAG 2.1 AA, statement_published: true, statement_url: "https://{c['domain']}/accessibility"}}

self_service: [plan_change, billing_details, invoices, data_export, cancellation, dsar, password_reset]

complaints:
  procedure_published: true
  acknowledge_within: P1D
  resolve_within: P14D
  adr_body: {c['adr']}
  electronic_form: true
"""


PLAIN_PURPOSE = """    special_categories: []
    criminal_offence_data: false
    systematic_monitoring: false
    sale_or_share: false"""
NO_AUTOMATION = "{solely_automated: false, significant_effect: false, profiling: false}"
# A payment-risk check at sign-up that decides alone, with every Art. 22 safeguard, and one
# that only routes support tickets for a person to decide.
SOLELY_AUTOMATED = ("{solely_automated: true, significant_effect: true, profiling: false, art22_exception: contract,"
                    " human_review: true, logic_explained: true}")
ASSISTED = "{solely_automated: false, significant_effect: false, human_review: true, logic_explained: true}"


def processing(c: dict, L: set[str]) -> str:
    # Without a balancing test and without the interest it serves (the interest is a duty to state).
    interest = "" if "no_lia" in L else '\n    lawful_basis_citation: Answering the questions customers send us\n    lia_ref: "LIA-2026-03 Security logging"'
    response = "P3M" if "slow_dsar" in L else "P1M"
    solely = c["automation"] == "solely"
    service = SOLELY_AUTOMATED if solely else NO_AUTOMATION
    service_dpia = f"{{required: true, done: true, date: {c['reviewed']}}}" if solely else "{required: false}"
    support = ASSISTED if c["automation"] == "assisted" else NO_AUTOMATION
    return f"""# {c['company']}: record of processing activities (GDPR Art. 30) and the facts of the
# privacy notice. No purpose uses special-category data and nothing is sold.
{header(c, 'processing', c['company'] + ' record of processing activities', 'Data Protection Officer', L)}
controller:
  name: {c['company']} Ltd
  contact: "{c['company']} Ltd, 1 Example Street, Springfield; privacy@{c['domain']}"
  dpo_contact: dpo@{c['domain']}
retention_schedule: {c['p']}-retention
security_measures: ISO 27001 ISMS; encryption at rest; MFA for staff.
security: {{encryption_in_transit: true, encryption_at_rest: true, access_control: true, multi_factor_authentication: true, testing_cycle: P1Y}}
children: {{directed_to_children: false, actual_knowledge: false}}

purposes:
  - id: service
    name: Providing the service
    kind: service_delivery
    lawful_basis: contract
    data_categories: [account-profile]
    necessity: Without an account there is no service; nothing else is collected.
    subjects: [customers, users]
    recipients: [{{name: CloudHost GmbH, kind: processor, dpa_signed: true}}]
    transfers: []
    retention: P60D
{PLAIN_PURPOSE}
    automated_decision: {service}
    dpia: {service_dpia}

  - id: invoicing
    name: Issuing invoices and keeping them as the tax law requires
    kind: legal_compliance
    lawful_basis: legal_obligation
    lawful_basis_citation: "UStG §14, §14b; HGB §257"
    data_categories: [invoices]
    necessity: Name, address and amounts are mandatory invoice contents.
    subjects: [customers]
    recipients: [{{name: Tax authorities, kind: authority}}]
    transfers: []
    retention: P8Y
{PLAIN_PURPOSE}
    automated_decision: {NO_AUTOMATION}
    dpia: {{required: false}}

  - id: support
    name: Answering support requests
    kind: customer_support
    lawful_basis: legitimate_interests{interest}
    data_categories: [support-tickets]
    necessity: The conversation itself and nothing more.
    subjects: [customers, users]
    recipients: [{{name: HelpDesk Inc., kind: processor, dpa_signed: true}}]
    transfers: []
    retention: P2Y
{PLAIN_PURPOSE}
    automated_decision: {support}
    dpia: {{required: false}}

dsar:
  response_time: {response}           # GDPR Art. 12(3)
  extension_max: P45D
  channels: [in_account, web_form, email, toll_free_phone]
  contents: [copy, purposes, categories, recipients, retention_per_category, source, transfers_safeguards, automated_decision_logic, rights]
  rights_supported: [access, rectification, erasure, restriction, portability, objection, withdraw_consent, human_review, opt_out_of_sale_or_share]
  requires_account: false
  free_of_charge: true
  acknowledge_within_business_days: {c['dsar_ack']}
  verification: {{id_document_required: false, opt_out_verification_required: false}}   # the account's e-mail is enough

notice:
  url: https://{c['domain']}/privacy
  last_updated: {c['reviewed']}
  contents: [controller_identity, dpo_contact, purposes, legal_bases, legitimate_interests, recipients, transfers, retention, rights, withdraw_consent,
             complaint_to_authority, statutory_or_contractual, automated_decisions, data_categories, sources, sold_or_shared, retention_per_category]
honours_gpc: true
sensitive_use_beyond_permitted: false
"""


def cancellation(c: dict, L: set[str]) -> str:
    label, confirm = ("Verträge hier kündigen", "jetzt kündigen") if c["de"] else ("Cancel subscription", "Cancel now")
    steps = "8" if "many_steps" in L else "2"
    agent = "true" if "agent_only" in L else "false"
    offers, mandatory = ("3", "true") if "forced_offer" in L else ("1", "false")
    notice = "P3M" if "long_notice" in L else "P0D"
    export = "false" if "no_export" in L else "true"
    return f"""# {c['company']}: how customers leave. Leaving is as easy as joining: two steps
# online or in the app, no login wall, no agent, no reason required.
{header(c, 'cancellation', 'Cancelling a ' + c['company'] + ' subscription', 'Head of Customer Experience', L)}
covers: [{c['p']}-pricing]
channels: [online, in_app, email]

online:
  available: true
  url: https://{c['domain']}/cancel
  button_label: {label}
  confirm_label: {confirm}
  requires_login: false
  always_available: true
  intermediate_pages: 0
  requires_account_creation: false
  confirmation_page: {{fields_requested: [email, contract_id, end_date], confirm_visible_without_input: true}}

steps: {steps}
screens: 2
clicks: 2
requires_agent: {agent}
requires_reason: false
authorized_cancellers: [account_owner, billing_admin]
channels_honoured: true          # a request by e-mail is processed and confirmed like the button
charges_after_cancellation: none
acceptance: {{accepted_by: any_channel, in_person_only: false, form_required: none}}

retention:
  offers_count: {offers}
  offers_mandatory: {mandatory}
  cancel_shown_with_offer: true
  labels_unambiguous: true
  offer_exits_flow: false
  script_refuses_first_request: false

notice_period: {notice}
cutoff_before_billing: {c['cutoff']}
early_termination_fee: {{amount: 0, currency: {c['currency']}}}
effective: end_of_period
billing_stops_at: cancellation_date
confirmation: {{sent: true, within: PT5M, durable_medium: true, includes_timestamp: true, includes_end_date: true}}
refund: {{policy: prorated, within: P5D}}
withdrawal:
  period: P14D
  online_function: true
  label: withdraw from contract here
  confirm_step: true
  confirm_label: Confirm withdrawal
  available_throughout_period: true
  acknowledgment_durable_medium: true
  refund_within: P14D
data_export: {{available: {export}, self_service: true, formats: [csv, json], window_after_exit: P60D}}
switching: {{transitional_period: P7D, retrieval_period: P60D, charges: {{amount: {{amount: 0, currency: {c['currency']}}}, cost_based: true}}}}
exit_survey: {c['p']}-feedback
"""


def compensation(c: dict, L: set[str]) -> str:
    clawback = ("clawback: {exists: false}" if "no_clawback" in L else
                "clawback: {exists: true, window: P1Y, triggers: [cancellation, refund, chargeback, mis_sale], proportion: 1}")
    save_bonus = "true" if "save_bonus" in L else "false"
    return f"""# {c['company']}: how the people who sell to and look after customers are paid.
# Commission follows the money collected and a quarter of variable pay
# depends on how customers fare.
{header(c, 'compensation', c['company'] + ' variable pay plans', 'VP People', L)}
sector: [other]                   # software, not a regulated financial service
plans:
  - id: account-executives
    name: Account Executive plan
    roles: [sales]
    pays_on: [{c['p']}-pricing]
    commission: {{basis: acv, rate: 0.08, paid: as_collected}}
    {clawback}
    customer_outcome_components:
      - {{metric: retention, weight: 0.15, description: Share of the rep's customers active after 12 months.}}
      - {{metric: nps, weight: 0.10, description: Relationship NPS six months after the sale.}}
    targets: {{penalties: [performance_plan], fully_variable: false, variable_share: 0.3, metrics: [revenue, customer_outcome],
              product_specific: false, attainment_rate_last_period: {c['attainment']}}}
    retention_incentives: {{per_save_bonus: false, save_rate_target: false}}
    quality_controls: {{unauthorised_sale_audit: true, audit_cycle: P3M, complaint_metric: true}}

  - id: customer-success
    name: Customer Success and Support plan
    roles: [customer_success, support, retention]
    pays_on: [{c['p']}-pricing]
    commission: {{basis: retained_revenue, rate: 0.03, paid: as_collected}}
    clawback: {{exists: true, window: P1Y, triggers: [cancellation, refund, chargeback, downgrade], proportion: 1}}
    customer_outcome_components:
      - {{metric: csat, weight: 0.30, description: CSAT after support cases handled by the person.}}
    targets: {{penalties: [], fully_variable: false, variable_share: 0.15, metrics: [customer_outcome], product_specific: false}}
    retention_incentives: {{per_save_bonus: {save_bonus}, save_rate_target: false}}
    quality_controls: {{unauthorised_sale_audit: true, audit_cycle: P3M, complaint_metric: true}}
"""


def marketing(c: dict, L: set[str]) -> str:
    mechanism = "pre_ticked" if "pre_ticked_marketing" in L else "double_opt_in"
    login, one_click = ("true", "false") if "unsubscribe_login" in L else ("false", "true")
    reject = "4" if "hard_reject" in L else "1"
    return f"""# {c['company']}: marketing only to people who asked for it. Double opt-in,
# one-click unsubscribe, and "Reject all" is one click.
{header(c, 'marketing', c['company'] + ' marketing and consent policy', 'Head of Marketing', L)}
processing_record: {c['p']}-processing

channels:
  - id: newsletter-email
    kind: email
    audience: both
    consent: {{mechanism: {mechanism}, records_retained: true, records_retained_for: P3Y}}
    identifies_sender: true
    identified_as_advertising: true
    postal_address_included: true
    unsubscribe:
      in_every_message: true
      one_click: {one_click}
      requires_login: {login}
      processed_within_business_days: 1
      mechanism_valid_for: P1Y
      suppression_list_kept: true
      opted_out_addresses_transferred: false
    frequency_cap: {{max_messages: 2, per: P1M}}
    list_sources: [signup-form]

list_sources:
  - {{id: signup-form, kind: own, description: Unticked newsletter box at sign-up, consent_provenance: Double opt-in records, verified: true}}

cookie_banner:
  reject_first_layer: true
  clicks_to_accept: 1
  clicks_to_reject: {reject}
  equal_prominence: true
  pre_ticked_categories: false
  trackers_before_consent: false
  withdrawal_always_available: true
  consent_valid_for: P6M
  cookie_wall: false

claims:
  - id: cancel-anytime-ad
    kind: cancel_anytime
    text: "No lock-in: cancel any time online in two clicks."
    verifiable: true
    pricing_policy: {c['p']}-pricing
    cancellation_policy: {c['p']}-cancellation

targeting: {{uses_special_categories: false, lookalike_from_sensitive_data: false, minors_profiled: false, profiling_opt_out: true}}
subject_lines_match_content: true
"""


TEMPLATES: dict[str, Callable[[dict, set[str]], str]] = {
    "pricing": pricing, "retention": retention, "feedback": feedback, "incidents": incidents, "support": support,
    "processing": processing, "cancellation": cancellation, "compensation": compensation, "marketing": marketing,
}
COMMON_LAPSES = ("stale_review", "long_cycle")
LAPSES: dict[str, tuple[str, ...]] = {
    "pricing": ("pre_ticked", "terms_late", "short_price_notice", "drip_fee"),
    "retention": ("keep_forever", "no_per_record"),
    "feedback": ("survey_gate", "hide_reviews", "review_gating"),
    "incidents": ("late_breach", "credits_on_claim"),
    "support": ("premium_hotline", "private_kb", "bot_only"),
    "processing": ("no_lia", "slow_dsar"),
    "cancellation": ("many_steps", "agent_only", "forced_offer", "long_notice", "no_export"),
    "compensation": ("no_clawback", "save_bonus"),
    "marketing": ("pre_ticked_marketing", "unsubscribe_login", "hard_reject"),
}


def documents(count: int, seed: int = 7, lapse_rate: float = 0.25):
    """(file name, text) for `count` documents, in groups of nine."""
    rng = random.Random(seed)
    for number in range(count):
        group, position = divmod(number, len(KINDS))
        if position == 0:
            context = group_context(rng, group)
        kind = KINDS[position]
        lapses: set[str] = set()
        if rng.random() < lapse_rate:
            choices = LAPSES[kind] + COMMON_LAPSES
            lapses = set(rng.sample(choices, rng.choice((1, 1, 2))))
        yield f"g{group:06d}/{kind}.yaml", TEMPLATES[kind](context, lapses)


def changed(text: str, rng: random.Random) -> str:
    """A plausible edit for the diff head: a lock-in change or a harmless one."""
    for old, new in (("steps: 2\n", "steps: 5\n"), ("notice_period: P0D", "notice_period: P1M"),
                     ("notice_period: P60D", "notice_period: P14D"), ("period: P60D", "period: P90D"),
                     ("detractor_threshold: 6", "detractor_threshold: 5"), ("PT72H", "PT48H"),
                     ("first_response_target: PT2M", "first_response_target: PT10M"),
                     ("rate: 0.08", "rate: 0.09"), ("response_time: P1M", "response_time: P2M"),
                     ("max_messages: 2", "max_messages: 4")):
        if old in text and rng.random() < 0.7:
            return text.replace(old, new, 1)
    return text.replace("\n", "\n# reviewed again, no change\n", 1)


def write(out: str, count: int, seed: int = 7, lapse_rate: float = 0.25, changed_share: float = 0.0) -> int:
    """Write the documents under `out`; with changed_share, that share of them edited. Returns bytes written."""
    total = 0
    edit_rng = random.Random(seed + 1)
    for name, text in documents(count, seed, lapse_rate):
        if changed_share and edit_rng.random() < changed_share:
            text = changed(text, edit_rng)
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode()
        with open(path, "wb") as handle:
            handle.write(data)
        total += len(data)
    return total


SPECTRAL_RULESET = """\
# Spectral ruleset equivalent to a handful of codecheck rules, for the benchmark
# (bench/run.py). Each rule applies to one kind: the filter selects the document's
# `kind` key and `^` climbs back to the document.
rules:
  cc0804-express-consent:
    description: Consent to recurring charges must be express (CC0804).
    severity: error
    given: "$[?(@property == 'kind' && @ == 'pricing')]^.plans[*].signup.consent.method"
    then:
      function: enumeration
      functionOptions: {values: [unticked_checkbox, express_click, signature, double_opt_in]}
  cc0805-terms-before-billing:
    description: Terms must be shown before billing details (CC0805).
    severity: error
    given: "$[?(@property == 'kind' && @ == 'pricing')]^.plans[*].signup.terms_disclosed_before_billing_info"
    then: {function: truthy}
  cc0807-price-notice:
    description: Price increases need at least 30 days' notice (CC0807).
    severity: warn
    given: "$[?(@property == 'kind' && @ == 'pricing')]^.price_changes.notice_period"
    then:
      function: pattern
      functionOptions: {notMatch: "^P([0-9]|[12][0-9])D$|^P[0-3]W$"}
  cc0902-steps:
    description: Cancelling takes no more steps than signing up (CC0902).
    severity: warn
    given: "$[?(@property == 'kind' && @ == 'cancellation')]^"
    then:
      field: steps
      function: schema
      functionOptions: {schema: {type: integer, maximum: 3}}
  cc0903-no-agent:
    description: Cancelling must not require an agent (CC0903).
    severity: error
    given: "$[?(@property == 'kind' && @ == 'cancellation')]^.requires_agent"
    then: {function: falsy}
  cc0701-data-export:
    description: Customers who leave can take their data (CC0701).
    severity: error
    given: "$[?(@property == 'kind' && @ == 'cancellation')]^.data_export.available"
    then: {function: truthy}
  cc0101-marketing-consent:
    description: Marketing consent is a prior, active opt-in (CC0101).
    severity: error
    given: "$[?(@property == 'kind' && @ == 'marketing')]^.channels[*].consent.mechanism"
    then:
      function: enumeration
      functionOptions: {values: [opt_in, double_opt_in, express_written]}
  cc0601-breach-72h:
    description: Breaches reach the authority within 72 hours (CC0601).
    severity: error
    given: "$[?(@property == 'kind' && @ == 'incidents')]^.breach.authority_within"
    then:
      function: pattern
      functionOptions: {match: "^PT([1-9]|[1-6][0-9]|7[0-2])H$|^P[1-3]D$"}
  cc1001-review-cycle:
    description: Every policy is reviewed at least once a year (CC1001).
    severity: warn
    given: "$.governance.review_cycle"
    then:
      function: pattern
      functionOptions: {notMatch: "^P([2-9]|[1-9][0-9]+)Y$"}
  cc0301-clawback:
    description: Commission is clawed back when the customer leaves (CC0301).
    severity: warn
    given: "$[?(@property == 'kind' && @ == 'compensation')]^.plans[*].clawback.exists"
    then: {function: truthy}
"""


def write_spectral(path: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(SPECTRAL_RULESET)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write into (created)")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lapse-rate", type=float, default=0.25, help="share of documents with one or two lapses")
    parser.add_argument("--changed-from", type=float, default=0.0, metavar="SHARE",
                        help="edit this share of the documents (a diff head for the same seed)")
    parser.add_argument("--repo", action="store_true", help="write into OUT/policies/ (the pre-commit layout)")
    parser.add_argument("--spectral", action="store_true", help="write only OUT/spectral.yaml, the Spectral ruleset")
    args = parser.parse_args(argv)
    if args.spectral:
        write_spectral(os.path.join(args.out, "spectral.yaml"))
        return 0
    out = os.path.join(args.out, "policies") if args.repo else args.out
    size = write(out, args.documents, args.seed, args.lapse_rate, args.changed_from)
    print(f"{args.documents} documents, {size} bytes ({size / max(args.documents, 1):.0f} per document) in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
