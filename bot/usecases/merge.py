"""``/incident merge INC-A INC-B``: two open incidents are one event, so B is merged into A (A stays).

A's logbook receives B's entries, each at its own time and with its own author, marked with B's number and the
entry's number there (``[INC-B #3] …``): A's logbook, read in time order, interleaves both. The copies are new
links at the end of A's hash chain (the chain follows the order written, not the times shown), and B's own
logbook is left as written, so both chains stay valid. A heading and who merged are logged at the merge.
B is closed as joined to A (``duplicate_of``), its timers stop, its channel gets a pointer
to A's channel and is archived; A's channel is told; B's reporters (and the reporters of extra reports that had
joined B, which now join A) are told where to follow it, and invited when A's channel is public."""

from __future__ import annotations

from bot.core import Actor
from bot.core import Core
from bot.core import Notice
from bot.core import Outcome
from bot.domain.incident import Incident
from bot.domain.logbook import LogbookEntry
from bot.domain.phase import Phase
from bot.jobs.kind import JobKind
from bot.policy import may_merge
from bot.ports import ConcurrentUpdate
from bot.ports import UnitOfWork
from bot.scheduler.paging import refresh_pages
from bot.scheduler.schedule import stop_incident_timers
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.usecases.common import enqueue
from bot.usecases.common import log_bot_action
from bot.usecases.common import not_found
from bot.usecases.common import refuse
from bot.usecases.common import who
from bot.views.common import rich

MERGED_ENTRIES = 10_000
"""The most entries of B's logbook copied into A's (a logbook is far shorter)."""
JOINED_AMONG = 1_000
"""The most recent incidents searched for extra reports that had joined B."""


def _refusal(kept: Incident, merged: Incident) -> str | None:
    """Why ``merged`` cannot be merged into ``kept`` (a catalog key), or None."""
    if kept.id == merged.id:
        return "merge.same"
    if not kept.is_open or kept.duplicate_of:
        return "merge.closed"
    if not merged.is_open or merged.duplicate_of:
        return "merge.closed"
    return None


def _copy_logbook(core: Core, uow: UnitOfWork, kept: Incident, merged: Incident, actor_id: str) -> int:
    """B's entries (as they read now, deleted ones left out) into A's logbook, each at the time it was recorded in
    B, by its author, marked as coming from B; A's logbook reads them among its own, in time order."""
    assert merged.id is not None and kept.id is not None
    entries = [e for e in uow.logbook.entries(merged.id, MERGED_ENTRIES) if not e.deleted]
    entries.sort(key=lambda e: (e.recorded_at, e.sequence))
    tr = core.team_translator()
    log_bot_action(core, uow, kept, actor_id, "merge.log_section", number=merged.number, title=merged.title,
                   count=str(len(entries)))
    same_platform = kept.platform == merged.platform
    for entry in entries:
        marked = (tr.t("merge.log_entry", number=merged.number, sequence=str(entry.sequence), text=entry.text)
                  if same_platform else
                  tr.t("merge.log_entry_by", number=merged.number, sequence=str(entry.sequence), text=entry.text,
                       author=_author(core, merged, entry)))
        uow.logbook.add(LogbookEntry(kept.id, uow.logbook.next_sequence(kept.id), entry.recorded_at,
                                     entry.author_id if same_platform else "", entry.source, marked,
                                     permalink=entry.permalink, details=entry.details))
    return len(entries)


def _author(core: Core, incident: Incident, entry: LogbookEntry) -> str:
    return who(core, incident.platform, entry.author_id) if entry.author_id else "Sirene"


def merge_incidents(core: Core, actor: Actor, kept_number: str | None, merged_number: str | None) -> Outcome:
    """Merge ``merged_number`` (B) into ``kept_number`` (A)."""
    if not may_merge(core.directory, actor):
        return refuse(core, actor, "merge.not_allowed")
    if not kept_number or not merged_number:
        return refuse(core, actor, "merge.usage")
    with core.uow() as uow:
        kept = uow.incidents.by_number(kept_number.upper())
        if kept is None:
            return not_found(core, actor, kept_number)
        merged = uow.incidents.by_number(merged_number.upper())
        if merged is None:
            return not_found(core, actor, merged_number)
        reason = _refusal(kept, merged)
        if reason is not None:
            closed = merged if kept.is_open and not kept.duplicate_of else kept
            return refuse(core, actor, reason, number=closed.number, kept=kept.number, merged=merged.number)
        now = core.now()
        merged.duplicate_of = kept.number
        merged.phase = Phase.CLOSED
        merged.closed_at = now
        joined = [i for i in uow.incidents.register(JOINED_AMONG) if i.duplicate_of == merged.number]
        try:
            uow.incidents.save(merged)
            for extra in joined:
                extra.duplicate_of = kept.number
                uow.incidents.save(extra)
        except ConcurrentUpdate:
            return refuse(core, actor, "error.changed_meanwhile", number=merged.number)
        assert merged.id is not None
        by = who(core, actor.platform, actor.user_id)
        count = _copy_logbook(core, uow, kept, merged, actor.user_id)
        log_bot_action(core, uow, kept, actor.user_id, "merge.log_kept", number=merged.number, who=by)
        log_bot_action(core, uow, merged, actor.user_id, "merge.log_merged", target=kept.number, who=by)
        stop_incident_timers(core, uow, merged)
        refresh_pages(core, uow, merged, uow.pages.of_incident(merged.id))
        enqueue(core, uow, JobKind.MERGE_CLOSE, merged)
        enqueue(core, uow, JobKind.TRIAGE_REFRESH, merged)
        reporters = [merged.reporter_id] + [extra.reporter_id for extra in joined]
        for reporter_id in dict.fromkeys(r for r in reporters if r):
            enqueue(core, uow, JobKind.MERGE_TELL, merged, reporter=reporter_id)
        enqueue(core, uow, JobKind.NOTICE_POST, kept, key="merge.notice", number=merged.number,
                title=merged.title, count=str(count), who=by)
        uow.commit()
    core.wake_jobs()
    tr = core.translator(actor.platform, actor.user_id)
    text = rich(tr, "merge.done", merged=merged.number, kept=kept.number)
    return Notice(MessageSpec("".join(p.text for p in text if isinstance(p, Plain)), (Section(text),)))
