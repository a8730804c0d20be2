"""The incident's clocks and their reminders, moved by a FixedClock: SLA (restarted or kept on
reclassification), RTO (smallest of the affected activities, from detection), expected resolution time,
daylight saving time, and lateness after downtime."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import FieldErrors
from bot.core import Notice
from bot.core import OpenForm
from bot.domain.page import PageKind
from bot.domain.timer import TimerKind
from bot.ports import UnitOfWorkFactory
from bot.specs import FormValues
from bot.usecases.command import run_command
from bot.usecases.interaction import submit
from tests.core.harness import BCP_MANAGER
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import OPERATOR
from tests.core.harness import Harness
from tests.core.harness import text_of
from tests.core.scheduling import channel
from tests.core.scheduling import english_harness
from tests.core.scheduling import marked
from tests.core.scheduling import new_incident
from tests.core.scheduling import pages_to
from tests.core.scheduling import shown
from tests.core.scheduling import text


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(uow_factory, tmp_path)


def reminders(h: Harness, number: str, clock: str) -> list[str]:
    return [text(spec) for spec in marked(h, channel(h, number), f"{number}:reminder:{clock}")]


def test_sla_reminders_fire_at_their_shares_once_each_and_mention_the_owner(h: Harness) -> None:
    number = new_incident(h, "minor")  # SLA 8h: reminders at 4h, 6h24m, 8h
    assert reminders(h, number, "sla") == []
    h.advance(hours=3, minutes=59)
    assert reminders(h, number, "sla") == []
    h.advance(minutes=1)
    found = reminders(h, number, "sla")
    assert len(found) == 1 and "50%" in found[0] and f"<@{OPERATOR}>" in found[0]
    assert h.tick() == 0 and h.advance(seconds=30) == 0
    assert len(reminders(h, number, "sla")) == 1
    h.advance(hours=2, minutes=24)
    assert [("80%" in t) for t in reminders(h, number, "sla")] == [False, True]
    h.advance(hours=1, minutes=36)
    last = reminders(h, number, "sla")[-1]
    assert "is reached" in last
    assert h.tick() == 0
    assert len(reminders(h, number, "sla")) == 3


def test_reclassification_restarts_the_sla_and_its_reminders(h: Harness) -> None:
    number = new_incident(h, "minor")
    h.advance(hours=2)
    channel_id = channel(h, number)
    assert run_command(h.core, h.actor(OPERATOR, channel_id), "severity major the impact grows") is None
    incident = h.incident(number)
    assert incident.sla_started_at == h.clock.now()
    assert incident.sla_due == h.clock.now() + timedelta(hours=4)
    with h.core.uow() as uow:
        pending = uow.timers.pending(incident.id)
    sla_reminders = [t for t in pending if t.kind is TimerKind.REMINDER and t.payload["clock"] == "sla"]
    assert sorted(t.due_at - h.clock.now() for t in sla_reminders) == [
        timedelta(hours=2), timedelta(hours=3, minutes=12), timedelta(hours=4)]
    h.advance(hours=2)  # the old 50% (4h after classifying) is cancelled; the new 50% fires
    found = reminders(h, number, "sla")
    assert len(found) == 1 and "50%" in found[0]


def test_the_plan_may_keep_the_sla_running_from_the_first_classification(
        uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path, **{"timers.sla_on_reclassification": "keep"})
    number = new_incident(h, "minor")
    classified = h.clock.now()
    h.advance(hours=2)
    run_command(h.core, h.actor(OPERATOR, channel(h, number)), "severity major it spreads")
    incident = h.incident(number)
    assert (incident.sla_started_at, incident.sla_due) == (classified, classified + timedelta(hours=4))


def test_the_rto_is_the_smallest_of_the_affected_activities_from_detection(h: Harness) -> None:
    detected = h.clock.now() - timedelta(minutes=30)
    number = new_incident(h, "minor", activities=("email", "webshop"), detected_at=detected)  # RTO 4h and 2h
    status = shown(run_command(h.core, h.actor(EMPLOYEE, channel(h, number)), "status"))
    assert "webshop" in status.lower()
    assert h.core.translator("slack", EMPLOYEE).t("clocks.field.rto") in status
    h.advance(minutes=30)  # 50% of the 2h RTO: 1h after detection
    assert len(reminders(h, number, "rto")) == 1
    h.advance(minutes=36)
    assert len(reminders(h, number, "rto")) == 2
    assert h.chat.direct_to(BCP_MANAGER) == []
    h.advance(minutes=24)  # the RTO is reached: the BCP manager is paged (arrow 7)
    assert len(reminders(h, number, "rto")) == 3
    assert not any("late" in t for t in reminders(h, number, "rto"))
    assert len(h.chat.direct_to(BCP_MANAGER)) == 1
    with h.core.uow() as uow:
        pages = uow.pages.of_incident(h.incident(number).id or 0)
    assert [(p.kind, p.cause) for p in pages] == [(PageKind.RTO_EXCEEDED, "rto")]


def test_an_expected_resolution_time_reads_like_people_say_it(h: Harness) -> None:
    number = new_incident(h, "minor")
    owner = h.actor(OPERATOR, channel(h, number))
    assert run_command(h.core, owner, "eta 2h") is None
    assert h.incident(number).eta == h.clock.now() + timedelta(hours=2)
    assert run_command(h.core, owner, "eta 17:30") is None  # 17:30 in Brussels (CET) on 27 Nov 2026
    assert h.incident(number).eta == datetime(2026, 11, 27, 16, 30, tzinfo=UTC)
    assert run_command(h.core, owner, "eta 08:00") is None  # passed today: tomorrow
    assert h.incident(number).eta == datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    tr = h.core.translator("slack", OPERATOR)
    assert text_of(run_command(h.core, owner, "eta soon")) == tr.t("eta.usage")
    assert text_of(run_command(h.core, owner, "eta 2026-01-01 10:00")) == tr.t("eta.past")
    employee = h.actor(EMPLOYEE, channel(h, number))
    assert text_of(run_command(h.core, employee, "eta 3h")) == tr.t("eta.not_allowed", number=number)
    assert isinstance(run_command(h.core, owner, "eta"), OpenForm)
    h.tick()
    topic = str(h.chat.channels[channel(h, number)]["topic"])
    assert "ETA 28 Nov 08:00 CET" in topic, topic


def test_the_eta_form_refuses_a_moment_in_the_past(h: Harness) -> None:
    number = new_incident(h, "minor")
    past = submit(h.core, h.actor(OPERATOR), "eta", FormValues({"eta": h.clock.now() - timedelta(hours=1)}), number)
    assert isinstance(past, FieldErrors) and set(past.errors) == {"eta"}
    future = h.clock.now() + timedelta(hours=3)
    submit(h.core, h.actor(OPERATOR), "eta", FormValues({"eta": future}), number)
    assert h.incident(number).eta == future


def test_an_eta_beyond_the_rto_escalates_to_the_bcp_manager_once(h: Harness) -> None:
    number = new_incident(h, "major", activities=("webshop",))  # RTO 2h from detection
    owner = h.actor(OPERATOR, channel(h, number))
    assert run_command(h.core, owner, "eta 1h") is None
    h.tick()
    assert h.chat.direct_to(BCP_MANAGER) == []
    assert run_command(h.core, owner, "eta 3h") is None
    h.tick()
    assert run_command(h.core, owner, "eta 4h") is None
    h.advance(hours=2)  # the RTO itself passes: the same escalation, not a second one
    pages = h.chat.direct_to(BCP_MANAGER)
    assert len(pages) == 1
    assert "RTO" in text(pages[0])


def test_ack_and_status_show_the_clocks_in_the_plans_zone_across_daylight_saving(
        uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = english_harness(uow_factory, tmp_path)
    h.clock.set(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))  # 00:30 CET, the night clocks go forward
    number = new_incident(h, "major")  # 4h: 03:30 UTC is 05:30 CEST, not 04:30
    incident = h.incident(number)
    assert incident.sla_due == datetime(2026, 3, 29, 3, 30, tzinfo=UTC)
    topic = str(h.chat.channels[channel(h, number)]["topic"])
    assert "SLA 29 Mar 05:30 CEST" in topic, topic
    status = shown(run_command(h.core, h.actor(EMPLOYEE, channel(h, number)), "status"))
    assert "29 Mar 2026, 05:30 CEST · in 4 hours" in status, status
    owner = h.actor(OPERATOR, channel(h, number))
    assert run_command(h.core, owner, "eta 17:30") is None  # 17:30 CEST that Sunday
    assert h.incident(number).eta == datetime(2026, 3, 29, 15, 30, tzinfo=UTC)
    assert run_command(h.core, owner, "eta 02:30") is None  # skipped by the change: read as 03:30 CEST
    assert h.incident(number).eta == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    h.advance(hours=2)  # 50% of the SLA: 01:30 UTC = 03:30 CEST
    reminder = text(marked(h, channel(h, number), f"{number}:reminder:sla:50")[0])
    assert "29 Mar 2026, 05:30 CEST" in reminder, reminder


def test_what_fell_due_during_downtime_fires_once_and_says_how_late(h: Harness) -> None:
    number = new_incident(h, "minor")
    h.clock.advance(hours=9)  # Sirene was down: 50%, 80%, 100% and the escalation are all overdue
    assert h.tick() >= 4
    found = reminders(h, number, "sla")
    assert len(found) == 3
    assert all("late" in t for t in found), found
    assert "Sent 5 hours late (planned for 27 Nov 2026, 14:00 CET)" in found[0], found[0]
    assert "Sent 60 minutes late (planned for 27 Nov 2026, 18:00 CET)" in found[2], found[2]
    escalation = text(pages_to(h, IRP_MANAGER)[0])
    assert "Sent 60 minutes late (planned for 27 Nov 2026, 18:00 CET)" in escalation, escalation
    prompt = [text(s) for s in h.chat.direct_to(OPERATOR) if (s.marker or "").startswith(f"{number}:status")]
    assert len(prompt) == 1 and "Sent 5 hours late (planned for 27 Nov 2026, 14:00 CET)" in prompt[0], prompt
    assert h.tick() == 0
    assert len(reminders(h, number, "sla")) == 3


def test_closing_stops_every_timer_of_the_incident(h: Harness) -> None:
    number = new_incident(h, "minor", activities=("email",))
    channel_id = channel(h, number)
    run_command(h.core, h.actor(OPERATOR, channel_id), "deactivate")
    from bot import actions
    from bot.usecases.interaction import press

    assert press(h.core, h.actor("U0HUGO", channel_id), actions.APPROVE, actions.value(number, 1)) is None
    with h.core.uow() as uow:
        pending = uow.timers.pending(h.incident(number).id)
    assert [t.kind for t in pending] == [TimerKind.LESSONS]
    h.advance(hours=10)
    assert reminders(h, number, "sla") == []


def test_timers_lists_what_is_pending(h: Harness) -> None:
    number = new_incident(h, "major", activities=("email",))
    answer = run_command(h.core, h.actor(EMPLOYEE, channel(h, number)), "timers")
    assert isinstance(answer, Notice)
    shown = text(answer.spec)
    tr = h.core.translator("slack", EMPLOYEE)
    assert tr.t("timers.reminder", clock="SLA", percent="50") in shown
    assert tr.t("timers.breach.sla.major") in shown
    assert tr.t("timers.breach.rto.major") in shown
    assert "in 60 minutes · " + tr.t("timers.status_prompt", owner="Dries Maes") in shown
