"""The messages of a plan's activation to its team: why a member is mobilised, and the proposal to raise
a major incident to crisis when the CMP is activated for it (template 3.3, 3.4, 4.2.4)."""

from __future__ import annotations

from bot import actions
from bot.domain.incident import Incident
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.i18n import Translator
from bot.specs import Button
from bot.specs import ButtonStyle
from bot.specs import ChannelLink
from bot.specs import Inline
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.views.common import person
from bot.views.common import rich
from bot.views.common import tone_of


def mobilise_message(tr: Translator, incident: Incident, plan: ContinuityPlan, team: Role, by: str) -> MessageSpec:
    """The direct message to a member of the plan's team: the plan was activated, join the channel."""
    name = plan.value.upper()
    where: Inline = ChannelLink(incident.channel_id) if incident.channel_id else Plain("—")
    text = rich(tr, f"mobilise.why.{plan.value}", plan=name, number=incident.number, title=incident.title,
                by=person(by or None), team=tr.t(f"role.{team.value}"), channel=where)
    return MessageSpec(tr.t("mobilise.summary", team=tr.t(f"role.{team.value}"), number=incident.number),
                       (Section(text),), tone_of(incident.severity), marker=f"{incident.number}:mobilise:{name}")


def crisis_button(tr: Translator, incident: Incident) -> Button:
    """Opens the reclassification form with *crisis* chosen (the reason is still asked)."""
    return Button(actions.RECLASSIFY, tr.t("mobilise.raise_button"), actions.value(incident.number, "crisis"),
                  ButtonStyle.DANGER)


def crisis_proposal(tr: Translator, incident: Incident, by: str) -> MessageSpec:
    """Posted in the incident's channel when the CMP is activated for a major incident."""
    text = rich(tr, "mobilise.crisis", by=person(by or None), number=incident.number)
    summary = tr.t("mobilise.crisis_summary", number=incident.number)
    return MessageSpec(summary, (Section(text, crisis_button(tr, incident)),), tone_of(incident.severity),
                       marker=f"{incident.number}:crisis_proposal")
