from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from bot.domain.incident import Approval
from bot.domain.incident import ChecklistItem
from bot.domain.incident import Decision
from bot.domain.incident import SeverityChange
from bot.domain.phase import Phase
from bot.domain.severity import Severity
from bot.ports import ConcurrentUpdate
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.storage.builders import T0
from tests.storage.builders import full_incident
from tests.storage.builders import new_incident


def test_an_incident_with_every_field_comes_back_equal(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident = full_incident()
    with uow_factory() as uow:
        stored = uow.incidents.add(incident, idempotency_key="form-123")
        uow.commit()
    assert stored is incident and incident.id is not None

    with uow_factory() as uow:
        loaded = uow.incidents.get(incident.id)
    assert loaded == incident
    assert loaded is not None
    for moment in (loaded.detected_at, loaded.reported_at, loaded.sla_due, loaded.closed_at):
        assert moment is not None and moment.utcoffset() == timedelta(0)
    assert loaded.sla_due == datetime(2026, 6, 1, 10, 30, tzinfo=UTC)
    assert loaded.detected_at.microsecond == 123456


def test_defaults_round_trip_too(uow_factory: SqlUnitOfWorkFactory) -> None:
    incident = new_incident()
    with uow_factory() as uow:
        uow.incidents.add(incident)
        uow.commit()
    with uow_factory() as uow:
        assert incident.number and uow.incidents.by_number(incident.number) == incident


def test_lookups(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        first = uow.incidents.add(new_incident(1, channel_id="C1", channel_name="inc-1"), "key-1")
        second = uow.incidents.add(new_incident(2, phase=Phase.CLOSED))
        third = uow.incidents.add(new_incident(3, platform="mattermost", channel_id="C1"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.incidents.by_idempotency_key("key-1") == first
        assert uow.incidents.by_idempotency_key("key-2") is None
        assert uow.incidents.by_number("INC-2026-0002") == second
        assert uow.incidents.by_number("INC-2026-0099") is None
        assert uow.incidents.get(12345) is None
        assert uow.incidents.by_channel("slack", "C1") == first
        assert uow.incidents.by_channel("mattermost", "C1") == third
        assert uow.incidents.by_channel("slack", "C2") is None
        assert uow.incidents.channel_name_taken("slack", "inc-1")
        assert not uow.incidents.channel_name_taken("mattermost", "inc-1")
        assert [i.number for i in uow.incidents.open_incidents(10)] == ["INC-2026-0001", "INC-2026-0003"]
        assert [i.number for i in uow.incidents.open_incidents(1, offset=1)] == ["INC-2026-0003"]


def test_save_writes_changes_and_bumps_the_version(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        incident = uow.incidents.add(new_incident())
        uow.commit()
    assert incident.version == 0 and incident.id is not None
    incident.severity = Severity.MAJOR
    incident.invited = frozenset({"U9"})
    with uow_factory() as uow:
        uow.incidents.save(incident)
        uow.commit()
    assert incident.version == 1
    with uow_factory() as uow:
        assert uow.incidents.get(incident.id) == incident


def test_a_stale_save_raises_concurrent_update(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        incident_id = uow.incidents.add(new_incident()).id
        uow.commit()
    assert incident_id is not None
    with uow_factory() as uow:
        mine = uow.incidents.get(incident_id)
    with uow_factory() as uow:
        theirs = uow.incidents.get(incident_id)
    assert mine is not None and theirs is not None

    theirs.owner_id = "U-THEM"
    with uow_factory() as uow:
        uow.incidents.save(theirs)
        uow.commit()
    mine.owner_id = "U-ME"
    with uow_factory() as uow, pytest.raises(ConcurrentUpdate):
        uow.incidents.save(mine)
    assert mine.version == 0

    with uow_factory() as uow:
        stored = uow.incidents.get(incident_id)
        assert stored is not None and stored.owner_id == "U-THEM" and stored.version == 1
        # Reload and decide again: works.
        stored.owner_id = "U-ME"
        uow.incidents.save(stored)
        uow.commit()
    with uow_factory() as uow:
        reloaded = uow.incidents.get(incident_id)
        assert reloaded is not None and reloaded.owner_id == "U-ME" and reloaded.version == 2


def test_saving_a_new_incident_is_a_mistake(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(ValueError):
        uow.incidents.save(new_incident())


def test_a_taken_idempotency_key_raises_concurrent_update_and_keeps_the_transaction(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.incidents.add(new_incident(1), "same-form")
        uow.commit()
    with uow_factory() as uow:
        with pytest.raises(ConcurrentUpdate):
            uow.incidents.add(new_incident(2), "same-form")
        with pytest.raises(ConcurrentUpdate):
            uow.incidents.add(new_incident(1), "other-form")
        uow.incidents.add(new_incident(3), "third-form")
        uow.commit()
    with uow_factory() as uow:
        assert [i.number for i in uow.incidents.open_incidents(10)] == ["INC-2026-0001", "INC-2026-0003"]


def test_naive_datetimes_are_refused(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(Exception, match="naive"):
        uow.incidents.add(new_incident(detected_at=datetime(2026, 1, 1, 12, 0)))


def test_severity_history_checklist_and_approvals(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        incident_id = uow.incidents.add(new_incident()).id
        assert incident_id is not None
        changes = [
            SeverityChange(incident_id, None, Severity.MINOR, "first look", "U1", T0),
            SeverityChange(incident_id, Severity.MINOR, Severity.MAJOR, "spreads", "U2", T0 + timedelta(hours=1)),
        ]
        for change in changes:
            uow.incidents.add_severity_change(change)
        items = [ChecklistItem(incident_id, Severity.MAJOR, position, f"step {position}") for position in (1, 2, 3)]
        uow.incidents.add_checklist(items)
        approvals = [
            Approval(incident_id, 1, "irp_manager", "U3", Decision.REJECT, "not yet", T0),
            Approval(incident_id, 2, "irp_manager", "U3", Decision.APPROVE, "", T0 + timedelta(days=1)),
            Approval(incident_id, 2, "bcp_manager", "U4", Decision.APPROVE, "ok", T0 + timedelta(days=2)),
        ]
        for approval in approvals:
            uow.incidents.add_approval(approval)
        uow.commit()
    assert all(item.id is not None for item in items)

    items[1].done_by, items[1].done_at = "U5", T0 + timedelta(minutes=5)
    with uow_factory() as uow:
        uow.incidents.save_checklist_item(items[1])
        uow.commit()

    with uow_factory() as uow:
        assert uow.incidents.severity_changes(incident_id) == changes
        checklist = uow.incidents.checklist(incident_id)
        assert checklist == items and [item.done for item in checklist] == [False, True, False]
        assert uow.incidents.approvals(incident_id, 2) == approvals[1:]
        assert uow.incidents.approvals(incident_id, 1) == approvals[:1]
        assert uow.incidents.approvals(incident_id, 3) == []
