"""``/incident stats [period]``: the key figures in the chat, and the chart of incidents per month uploaded to the
channel the command was typed in (a job: the upload goes through the platform's file upload)."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.figures.period import current_quarter
from bot.figures.period import parse_period
from bot.jobs.kind import JobKind
from bot.jobs.kind import queue
from bot.usecases.common import refuse
from bot.usecases.figures import load_figures
from bot.views.figures import stats_message

PERIOD_SHOWN_MAX = 40
"""Characters of a wrong period repeated in the answer."""


def show_stats(core: Core, actor: Actor, text: str) -> Outcome:
    if not core.directory.roles_of(actor.platform, actor.user_id):
        return refuse(core, actor, "stats.not_allowed")
    zone = core.plan.zone
    period = parse_period(text, zone) if text.strip() else current_quarter(core.now(), zone)
    if period is None:
        return refuse(core, actor, "stats.period_invalid", period=text.strip()[:PERIOD_SHOWN_MAX])
    figures = load_figures(core, period)
    if actor.channel_id is not None:
        with core.uow() as uow:
            queue(uow, JobKind.STATS_CHART, None,
                  {"platform": actor.platform, "channel": actor.channel_id, "period": period.label}, core.now())
            uow.commit()
        core.wake_jobs()
    tr = core.translator(actor.platform, actor.user_id)
    return Notice(stats_message(tr, figures, chart_follows=actor.channel_id is not None))
