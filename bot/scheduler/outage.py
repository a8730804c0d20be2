"""What the scheduler does about a chat platform that is down (``bot.platform_health``): every page still
waiting for an acknowledgement goes at once every way the plan gives its people (e-mail, SMS: each once),
instead of waiting for the chat; when the platform is back, each incident's channel gets one line listing
what was sent outside the chat meanwhile (``outreach.summary``, queued behind the channel's kept posts)."""

from __future__ import annotations

from bot.core import Core
from bot.jobs.kind import JobKind
from bot.scheduler import reach
from bot.scheduler.deadlines import stamp
from bot.usecases.common import enqueue

OPEN_INCIDENTS = 500


def during_outage(core: Core) -> int:
    """Run with each tick; how many jobs it queued."""
    down = [platform for platform in core.platforms if core.platform_down(platform)]
    returns = core.health.take_returns()
    if not down and not returns:
        return 0
    queued = 0
    with core.uow() as uow:
        incidents = uow.incidents.open_incidents(OPEN_INCIDENTS)
        for incident in incidents:
            if incident.platform not in down or incident.id is None:
                continue
            for page in uow.pages.of_incident(incident.id):
                if page.acknowledged or page.decided or not page.kind.escalates:
                    continue
                for user in page.paged:
                    media = reach.outside_media(core, page, user)
                    reach.send_outside(core, uow, page, user, incident, media)
                    queued += len(media)
        for outage in returns:
            for incident in incidents:
                if incident.platform != outage.platform or incident.id is None:
                    continue
                if uow.sent.since(outage.since, incident.id):
                    enqueue(core, uow, JobKind.OUTREACH_SUMMARY, incident, since=stamp(outage.since),
                            until=stamp(outage.until))
                    queued += 1
        uow.commit()
    if queued:
        core.wake_jobs()
    return queued
