"""The overview of ``/incident home``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.review import FollowUp
from bot.figures.figures import Figures
from bot.figures.report import percent
from bot.i18n import Translator
from bot.specs import Block
from bot.specs import Context
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Strong
from bot.views.common import deadline
from bot.views.common import severity_label
from bot.views.exercise import label


@dataclass(frozen=True)
class HomeData:
    incidents: list[Incident]
    total: int
    waiting: list[tuple[Incident, Page]]
    follow_ups: list[tuple[str, FollowUp]]
    figures: Figures
    exercises: frozenset[str] = frozenset()
    """The numbers of the drills among these incidents: their lines say EXERCISE."""


def home_message(tr: Translator, data: HomeData, now: datetime) -> MessageSpec:
    blocks: list[Block] = [Section((Strong(tr.t("home.heading")),)),
                           Section((Strong(tr.t("home.open", count=data.total)),))]
    blocks += [Section((Plain(marked(tr, data, i.number, tr.t(
                   "home.open_line", number=i.number, title=i.title, severity=severity_label(tr, i.severity),
                   deadline=deadline(tr, i.sla_due, now)))),))
               for i in data.incidents] or [Context((Plain(tr.t("home.open_none")),))]
    blocks.append(Section((Strong(tr.t("home.pages")),)))
    blocks += [Section((Plain(marked(tr, data, incident.number, tr.t(
                   "home.page_line", number=incident.number,
                   what=tr.t(f"page.what.{page.kind.value}", plan=page.plan.value.upper() if page.plan else "")))),))
               for incident, page in data.waiting] or [Context((Plain(tr.t("home.pages_none")),))]
    blocks.append(Section((Strong(tr.t("home.follow_ups")),)))
    blocks += [Section((Plain(marked(tr, data, number, tr.t("home.follow_up_line", number=number, text=f.text,
                                                            due=tr.when(f.due_at)))),))
               for number, f in data.follow_ups] or [Context((Plain(tr.t("home.follow_ups_none")),))]
    total = data.figures.total
    blocks.append(Context((Plain(tr.t("home.figures", period=data.figures.period.label, count=total.incidents,
                                      sla=percent(tr, total.sla_percent), rto=percent(tr, total.rto_percent))),)))
    return MessageSpec(tr.t("home.heading"), tuple(blocks))


def marked(tr: Translator, data: HomeData, number: str, line: str) -> str:
    """A drill's line with the EXERCISE label in front."""
    return f"{label(tr)} · {line}" if number in data.exercises else line
