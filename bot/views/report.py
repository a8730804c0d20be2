"""The report form (``/incident``) and the reporter's confirmation."""

from __future__ import annotations

from datetime import datetime

from bot import actions
from bot.domain.incident import ReporterKind
from bot.domain.severity import Severity
from bot.i18n import Translator
from bot.plan import Plan
from bot.specs import ChannelLink
from bot.specs import Choice
from bot.specs import DateTimeInput
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.specs import RadioInput
from bot.specs import Section
from bot.specs import SelectInput
from bot.specs import TextInput
from bot.specs import Tone
from bot.views.common import rich
from bot.views.common import severity_label

TITLE_MAX = 150
DESCRIPTION_MAX = 3000
NAME_MAX = 150


def report_form(tr: Translator, plan: Plan, title: str, now: datetime) -> FormSpec:
    activities = tuple(Choice(a.id, a.name) for a in plan.activities)
    inputs: list[TextInput | SelectInput | RadioInput | DateTimeInput] = [
        TextInput("title", tr.t("report.form.title"), max_length=TITLE_MAX, initial=title[:TITLE_MAX],
                  placeholder=tr.t("report.form.title_placeholder")),
        TextInput("description", tr.t("report.form.description"), multiline=True,
                  max_length=DESCRIPTION_MAX, hint=tr.t("report.form.description_hint")),
        DateTimeInput("detected_at", tr.t("report.form.detected_at"), initial=now),
    ]
    if activities:
        inputs.append(SelectInput("activities", tr.t("report.form.activities"), activities, multiple=True,
                                  optional=True, hint=tr.t("report.form.activities_hint")))
    inputs += [
        RadioInput("reporter_kind", tr.t("report.form.reporter_kind"),
                   tuple(Choice(k.value, tr.t(f"reporter.{k.value}")) for k in ReporterKind),
                   initial=ReporterKind.EMPLOYEE.value),
        TextInput("reporter_name", tr.t("report.form.reporter_name"), optional=True, max_length=NAME_MAX,
                  hint=tr.t("report.form.reporter_name_hint")),
        SelectInput("suggested_severity", tr.t("report.form.suggested_severity"),
                    tuple(Choice(s.value, severity_label(tr, s)) for s in Severity), optional=True),
    ]
    return FormSpec(actions.FORM_REPORT, tr.t("report.form.heading"), tr.t("report.form.submit"),
                    tr.t("form.cancel"), tuple(inputs))


def report_received(tr: Translator, number: str, helpdesk_channel: str) -> MessageSpec:
    text = rich(tr, "report.received", number=number, channel=ChannelLink(helpdesk_channel))
    return MessageSpec(tr.t("report.received_summary", number=number), (Section(text),), Tone.GOOD,
                       marker=f"{number}:received")
