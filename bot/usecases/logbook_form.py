"""``/incident log add`` and the *Complete* button on an entry: the plan's columns of the logbook.

Adding records a new entry (source: command) with its columns; completing appends a revision to the
entry's history (the entry itself is never rewritten, see :mod:`bot.domain.logbook_chain`).
"""

from __future__ import annotations

from dataclasses import replace

from bot import actions
from bot.core import Actor
from bot.core import Core
from bot.core import FieldErrors
from bot.core import FormDone
from bot.core import Notice
from bot.core import OpenForm
from bot.core import Outcome
from bot.domain.columns import entry_context
from bot.domain.logbook import EntryDetails
from bot.domain.logbook import EntryRevision
from bot.domain.logbook import EntrySource
from bot.domain.logbook import LogbookEntry
from bot.domain.logbook import RevisionKind
from bot.policy import may_complete_entry
from bot.specs import FormValues
from bot.specs import MessageSpec
from bot.specs import Plain
from bot.specs import Section
from bot.specs import Tone
from bot.usecases.common import check_text
from bot.usecases.common import find_incident
from bot.usecases.common import not_found
from bot.usecases.common import open_incident
from bot.usecases.common import refuse
from bot.usecases.incident_type import apply_type_or_refuse
from bot.views.logbook_form import ACTION_MAX
from bot.views.logbook_form import DETAIL_MAX
from bot.views.logbook_form import add_form
from bot.views.logbook_form import complete_form
from bot.views.logbook_form import incident_type_choices


def open_add(core: Core, actor: Actor, number: str | None, text: str) -> Outcome:
    with core.uow() as uow:
        incident = find_incident(uow, actor, number)
    if incident is None:
        return not_found(core, actor, number)
    if not incident.is_open:
        return refuse(core, actor, "entry_form.closed", number=incident.number)
    tr = core.translator(actor.platform, actor.user_id)
    return OpenForm(add_form(tr, core.plan, incident, text))


def open_complete(core: Core, actor: Actor, number: str, sequence: int) -> Outcome:
    with core.uow() as uow:
        incident = uow.incidents.by_number(number)
        entry = uow.logbook.by_sequence(incident.id, sequence) if incident and incident.id else None
    if incident is None:
        return refuse(core, actor, "error.unknown_incident", number=number)
    if entry is None:
        return refuse(core, actor, "entry_form.unknown_entry", number=number, sequence=str(sequence))
    if not may_complete_entry(core.directory, actor, incident, entry):
        return refuse(core, actor, "entry_form.not_allowed", number=number)
    return OpenForm(complete_form(core.translator(actor.platform, actor.user_id), core.plan, incident, entry))


def _details(core: Core, actor: Actor, values: FormValues) -> tuple[dict[str, str | tuple[str, ...]], dict[str, str]]:
    tr = core.translator(actor.platform, actor.user_id)
    errors: dict[str, str] = {}
    found: dict[str, str | tuple[str, ...]] = {}
    for name in ("impact", "duration", "resources"):
        text = values.text(name)
        if len(text) > DETAIL_MAX:
            errors[name] = tr.t("error.too_long", limit=DETAIL_MAX)
        found[name] = text
    chosen = values.choices("activities")
    if any(core.plan.activity(a) is None for a in chosen):
        errors["activities"] = tr.t("error.unknown_choice")
    found["activities"] = chosen
    kind = values.choice("incident_type") or ""
    if kind and kind not in {c.value for c in incident_type_choices(tr, core.plan)}:
        errors["incident_type"] = tr.t("error.unknown_choice")
    found["incident_type"] = kind
    return found, errors


def _done(core: Core, actor: Actor, key: str, **params: str) -> FormDone:
    tr = core.translator(actor.platform, actor.user_id)
    text = tr.t(key, **params)
    return FormDone(MessageSpec(text, (Section((Plain(text),)),), Tone.GOOD), tr.t("entry_form.done_title"),
                    tr.t("form.close"))


def submit_add(core: Core, actor: Actor, values: FormValues, number: str, idempotency_key: str | None) -> Outcome:
    tr = core.translator(actor.platform, actor.user_id)
    details, errors = _details(core, actor, values)
    text = values.text("text")
    check_text(tr, errors, "text", text, ACTION_MAX)
    if errors:
        return FieldErrors(errors)
    with core.uow() as uow:
        incident = open_incident(core, uow, actor, number, "entry_form.closed")
        if isinstance(incident, Notice):
            return incident
        assert incident.id is not None  # a stored incident
        if idempotency_key and not uow.events.first_time(actor.platform, idempotency_key):
            return _done(core, actor, "entry_form.added_before", number=number)
        if (refusal := apply_type_or_refuse(core, uow, incident, str(details["incident_type"]), actor)) is not None:
            return refusal
        sequence = uow.logbook.next_sequence(incident.id)
        uow.logbook.add(LogbookEntry(incident.id, sequence, core.now(), actor.user_id, EntrySource.COMMAND, text,
                                     details=entry_context(incident, **details)))
        uow.commit()
    core.wake_jobs()  # a new incident type posts its procedure
    return _done(core, actor, "entry_form.added", number=number, sequence=str(sequence))


def submit_complete(core: Core, actor: Actor, values: FormValues, state: str) -> Outcome:
    number, _, sequence_text = state.partition("|")
    details, errors = _details(core, actor, values)
    if errors:
        return FieldErrors(errors)
    if not sequence_text.isdigit():
        return refuse(core, actor, "error.stale_form")
    with core.uow() as uow:
        incident = uow.incidents.by_number(number)
        entry = uow.logbook.by_sequence(incident.id, int(sequence_text)) if incident and incident.id else None
        if incident is None or entry is None:
            return refuse(core, actor, "error.stale_form")
        if not may_complete_entry(core.directory, actor, incident, entry):
            return refuse(core, actor, "entry_form.not_allowed", number=number)
        kind = str(details["incident_type"]) or entry.details.incident_type
        completed: EntryDetails = replace(entry.details, incident_type=kind, impact=str(details["impact"]),
                                          duration=str(details["duration"]), resources=str(details["resources"]),
                                          activities=tuple(details["activities"]))
        if (refusal := apply_type_or_refuse(core, uow, incident, str(details["incident_type"]), actor)) is not None:
            return refusal
        if completed != entry.details:
            entry.details = completed
            uow.logbook.revise(entry, EntryRevision(entry.text, RevisionKind.COMPLETED, core.now(), actor.user_id))
        uow.commit()
    core.wake_jobs()
    return _done(core, actor, "entry_form.completed", number=number, sequence=sequence_text)


def press_complete(core: Core, actor: Actor, value: str) -> Outcome:
    parts = actions.parts(value)
    if len(parts) != 2 or not parts[1].isdigit():
        return refuse(core, actor, "error.stale_button")
    return open_complete(core, actor, parts[0], int(parts[1]))
