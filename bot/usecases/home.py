"""``/incident home``: one person's overview — the open incidents with their SLA deadline, the pages waiting for
their answer, their open follow-up actions and this quarter's key figures (Mattermost, the sandbox, Slack)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.figures.period import current_quarter
from bot.usecases.figures import load_figures
from bot.views.home import HomeData
from bot.views.home import home_message
from bot.views.queries import LIST_LIMIT

FOLLOW_UPS_READ = 500


def show_home(core: Core, actor: Actor) -> Outcome:
    me = actor.user_id
    with core.uow(read_only=True) as uow:
        incidents = uow.incidents.open_incidents(LIST_LIMIT)
        total = uow.incidents.count_open() if len(incidents) == LIST_LIMIT else len(incidents)
        waiting = [(incident, page) for incident in incidents if incident.id is not None
                   for page in uow.pages.of_incident(incident.id)
                   if not page.acknowledged and not page.decided and me in (*page.paged, *page.also)]
        mine = [f for f in uow.reviews.follow_ups(None, open_only=True, limit=FOLLOW_UPS_READ) if f.owner_id == me]
        theirs = uow.incidents.get_many([f.incident_id for f in mine]).values()
        numbers = {i.id: i.number for i in theirs}
    drills = frozenset(i.number for i in (*incidents, *theirs) if i.exercise)
    figures = load_figures(core, current_quarter(core.now(), core.plan.zone))
    tr = core.translator(actor.platform, me)
    data = HomeData(incidents, total, waiting, [(numbers.get(f.incident_id, "?"), f) for f in mine], figures, drills)
    return Notice(home_message(tr, data, core.now()))
