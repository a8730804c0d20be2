"""``/incident list --all [filters]`` and ``sirene register incidents``: the incident register."""

from __future__ import annotations

import csv
import io

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.i18n import Translator
from bot.register import FilterError
from bot.register import RegisterFilter
from bot.register import RegisterRow
from bot.register import parse_filter
from bot.register import reported_day
from bot.usecases.common import refuse
from bot.views.register import register_message
from bot.views.register import row_title

REGISTER_MAX = 10_000
"""Incidents read for the register at most (an SME has far fewer)."""


def incidents_in(core: Core, wanted: RegisterFilter) -> list[Incident]:
    with core.uow(read_only=True) as uow:
        everything = uow.incidents.register(REGISTER_MAX)
    zone = core.plan.zone
    return [i for i in everything if wanted.matches(i, reported_day(i, zone))]


def register_rows(core: Core, tr: Translator, wanted: RegisterFilter) -> list[RegisterRow]:
    rows: list[RegisterRow] = []
    incidents = incidents_in(core, wanted)
    with core.uow(read_only=True) as uow:
        for incident in incidents:
            assert incident.id is not None
            changes = uow.incidents.severity_changes(incident.id)
            history = [tr.t(f"severity.{c.to_severity.value}.name") for c in changes]
            review = uow.reviews.get(incident.id)
            state = "none" if review is None else "complete" if review.complete else "open"
            names = [a.name for a in (core.plan.activity(x) for x in incident.activities) if a]
            owner = core.directory.display_name(incident.platform, incident.owner_id) if incident.owner_id else ""
            rows.append(RegisterRow(
                incident.number, incident.title, tr.when(incident.reported_at),
                tr.when(incident.closed_at) if incident.closed_at else "", " → ".join(history),
                incident.incident_type or "", ", ".join(names), owner, tr.t(f"register.review.{state}"),
                incident.is_open, incident.exercise))
    return rows


def show_register(core: Core, actor: Actor, words: list[str]) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    try:
        wanted = parse_filter(words)
    except FilterError as exc:
        return refuse(core, actor, f"register.error.{exc.key}", word=exc.word)
    return Notice(register_message(tr, register_rows(core, tr, wanted)))


def register_csv(core: Core, tr: Translator, wanted: RegisterFilter) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*(tr.t(f"register.column.{c}") for c in COLUMNS), tr.t("exercise.column")])
    for row in register_rows(core, tr, wanted):
        writer.writerow([row.number, row.title, row.reported, row.closed, row.severities, row.incident_type,
                         row.activities, row.owner, row.review, tr.t("exercise.flag") if row.exercise else ""])
    return out.getvalue()


COLUMNS = ("number", "title", "reported", "closed", "severities", "type", "activities", "owner", "review")


def register_pdf(core: Core, tr: Translator, wanted: RegisterFilter) -> bytes:
    from bot.exports.document import Document
    from bot.exports.document import Table
    from bot.exports.pdf import render_pdf

    rows = tuple((r.number, row_title(tr, r), r.reported, r.closed or "—", r.severities or "—", r.activities or "—",
                  r.owner or "—", r.review) for r in register_rows(core, tr, wanted))
    columns = ("number", "title", "reported", "closed", "severities", "activities", "owner", "review")
    table = Table(tuple(tr.t(f"register.column.{c}") for c in columns), rows, (11, 17, 13, 13, 12, 12, 11, 11))
    now = tr.when(core.now())
    return render_pdf(Document(tr.t("register.pdf_title", organisation=core.plan.organisation),
                               tr.t("register.pdf_subtitle", when=now, count=len(rows)), (table,),
                               tr.t("register.pdf_title", organisation=core.plan.organisation), tr.t("export.page")))
