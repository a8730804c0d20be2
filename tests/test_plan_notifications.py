"""The plan's regulation and communication settings: what they offer, and every mistake with its path."""

from __future__ import annotations

from typing import Any

from bot.domain.regulation import Regime
from bot.domain.roles import Role
from bot.plan_loader import parse_plan
from tests.test_plan import example
from tests.test_plan import problems


def with_(**changes: Any) -> dict[str, Any]:
    data = example()
    data.update(changes)
    return data


def test_nis2_and_dora_are_offered_only_when_the_plan_says_so() -> None:
    assert parse_plan(example()).regulation.regimes() == (Regime.GDPR,)
    plan = parse_plan(with_(regulation={"nis2_entity": "essential", "financial_entity": True,
                                        "responsible": {"gdpr": "hugo", "dora": "bcp_manager"}}))
    assert plan.regulation.regimes() == (Regime.NIS2, Regime.GDPR, Regime.DORA)
    assert plan.regulation.responsible_person(Regime.GDPR) == "hugo"
    assert plan.regulation.responsible_role(Regime.DORA) is Role.BCP_MANAGER
    assert plan.regulation.responsible_role(Regime.NIS2) is Role.IRP_MANAGER


def test_mistakes_are_explained_with_their_path() -> None:
    found = problems(with_(
        regulation={"nis2_entity": "maybe"},
    ))
    assert ("regulation.nis2_entity", "one_of") in found
    found = problems(with_(regulation={"responsible": {"gdpr": "nobody"}}))
    assert found == [("regulation.responsible.gdpr", "unknown_person")]
    found = problems(with_(communication={"audiences": {"neighbours": {"on_bcp": True}}}))
    assert found == [("communication.audiences.neighbours.[key]", "one_of")]
    found = problems(with_(communication={"audiences": {
        "customers": {"from_severity": "major", "contacts": ["Nobody Ltd"],
                      "templates": {"en": {"subject": "{number}", "body": "Dear {customer_name}"}}}}}))
    assert sorted(found) == [("communication.audiences.customers.contacts.0", "one_of"),
                             ("communication.audiences.customers.templates.en.body", "one_of")]


def test_external_contacts_have_a_primary_and_a_backup() -> None:
    plan = parse_plan(with_(external_contacts=[
        {"name": "Brouwerij De Klok", "kind": "customer", "primary": {"name": "An", "phone": "+32 9 000 00 00"},
         "backup": {"name": "Bert", "email": "bert@deklok.example", "mobile": "+32 470 00 00 02"}},
        {"name": "Verzekeraar NV", "kind": "insurer", "email": "claims@verzekeraar.example"}]))
    assert plan.external_contacts[0].emails() == ("bert@deklok.example",)  # the primary has no address
    assert plan.external_contacts[1].emails() == ("claims@verzekeraar.example",)


def test_the_printed_plan_shows_the_primary_and_backup_of_external_contacts() -> None:
    from datetime import UTC
    from datetime import datetime

    from bot.exports.markdown import render_markdown
    from bot.exports.plan_print import plan_document
    from bot.i18n import Translator

    plan = parse_plan(with_(language="en", external_contacts=[
        {"name": "Brouwerij De Klok", "kind": "customer", "primary": {"name": "An", "email": "an@deklok.example"},
         "backup": {"name": "Bert", "mobile": "+32 470 00 00 02"}},
        {"name": "Verzekeraar NV", "kind": "insurer", "phone": "+32 2 000 00 00"}]))
    paper = render_markdown(plan_document(Translator("en", plan.zone), plan, datetime(2026, 12, 4, tzinfo=UTC)))
    assert "Primary: An, an@deklok.example" in paper and "Backup: Bert, +32 470 00 00 02" in paper
    assert "Insurer" in paper
