"""Every message and form of the scheduler renders to Block Kit that Slack accepts (the fake's checks)."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from bot.directory import Directory
from bot.domain.incident import Incident
from bot.domain.page import Page
from bot.domain.page import PageDecision
from bot.domain.page import PageKind
from bot.domain.page import PageLevel
from bot.domain.roles import ContinuityPlan
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.domain.timer import Timer
from bot.domain.timer import TimerKind
from bot.i18n import LANGUAGES
from bot.i18n import Translator
from bot.plan_loader import load_plan
from bot.specs import FormSpec
from bot.specs import MessageSpec
from bot.views import pages
from bot.views import schedule
from handlers.slack.render import render_message
from handlers.slack.render import render_modal
from tests.fakes.slack.blockkit import check_blocks
from tests.fakes.slack.blockkit import check_view
from tests.storage.builders import new_incident

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def incident() -> Incident:
    return new_incident(1, id=1, severity=Severity.MAJOR, owner_id="U0DRIES", channel_id="C0INC",
                        sla_due=NOW + timedelta(hours=4), eta=NOW + timedelta(hours=6), activities=("email",),
                        activated_plans=frozenset({ContinuityPlan.CMP}))


def messages(tr: Translator) -> list[MessageSpec]:
    plan = load_plan(REPO / "plan.example.yaml")
    directory = Directory(plan)
    found = [schedule.reminder_message(tr, incident(), "sla", "80", NOW, NOW, "3600", NOW),
             schedule.status_prompt_message(tr, incident(), None, NOW),
             schedule.status_update_message(tr, incident(), "U0DRIES", "Mail flows again *partly*", "growing", NOW),
             schedule.inform_message(tr, incident(), "bcp", "U0MARC")]
    timers = [Timer(TimerKind.REMINDER, "k1", NOW, 1, {"clock": "rto", "percent": "50", "due": "x"}),
              Timer(TimerKind.BREACH, "k2", NOW, 1, {"clock": "sla", "severity": "major", "due": "x"}),
              Timer(TimerKind.STATUS_PROMPT, "k3", NOW, 1, {"due": "x"}),
              Timer(TimerKind.ACK_WAIT, "k4", NOW, 1, {"page": "7", "level": "0"}),
              Timer(TimerKind.LESSONS, "k5", NOW, 1)]
    for kind, plan_activated in ((PageKind.RAISE_TO_MAJOR, None), (PageKind.MAJOR_OVERDUE, None),
                                 (PageKind.RTO_EXCEEDED, None), (PageKind.PLAN_ACTIVATED, ContinuityPlan.CMP),
                                 (PageKind.PLAN_ACTIVATED, ContinuityPlan.BCP), (PageKind.LESSONS, None)):
        page = Page(kind, "slack", NOW, 1, Role.IRP_MANAGER, plan=plan_activated, cause="eta", id=7,
                    level=PageLevel.BACKUP, paged=("U0HUGO", "U0ELLEN"))
        found += [pages.page_message(tr, plan, directory, page, incident(), NOW, "backup", "120", NOW),
                  pages.page_message(tr, plan, directory, page, incident(), NOW, "unanswered")]
        page.acknowledged_by, page.acknowledged_at = "U0ELLEN", NOW
        page.decision, page.decided_by, page.decided_at, page.reason = PageDecision.KEPT, "U0HUGO", NOW, "ok"
        found.append(pages.page_message(tr, plan, directory, page, incident(), NOW))
        found.append(schedule.unanswered_message(tr, directory, incident(), page))
        found.append(schedule.timers_message(tr, directory, plan, incident(), timers, [page], NOW))
    review = Page(PageKind.PLAN_REVIEW, "slack", NOW, None, person="U0HUGO", id=8, paged=("U0HUGO",))
    found.append(pages.page_message(tr, plan, directory, review, None, NOW))
    return found


def forms(tr: Translator) -> list[FormSpec]:
    page = Page(PageKind.RAISE_TO_MAJOR, "slack", NOW, 1, Role.IRP_MANAGER, id=7)
    return [schedule.eta_form(tr, incident(), NOW), schedule.status_form(tr, incident()),
            *(schedule.decision_form(tr, page, decision)
              for decision in (PageDecision.RAISED, PageDecision.KEPT, PageDecision.NOT_NEEDED)),
            schedule.lessons_form(tr, page, incident())]


def test_every_scheduler_message_and_form_is_valid_block_kit_in_every_language() -> None:
    for language in LANGUAGES:
        tr = Translator(language, load_plan(REPO / "plan.example.yaml").zone)
        for spec in messages(tr):
            assert check_blocks(render_message(spec)["blocks"], "message") == [], (language, spec.summary)
        for form in forms(tr):
            assert check_view(render_modal(form, form.state)) == [], (language, form.form_id)
