"""The legal notifications on paper: the incident report's section, a draft per step (uploaded to the channel
on request), and the breach register from the command line (CSV and PDF), every breach notified or not."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot import actions
from bot.cli import main
from bot.core import FormDone
from bot.core import Notice
from bot.domain.regulation import Step
from bot.ports import UnitOfWorkFactory
from bot.usecases.exports import report_files
from bot.usecases.interaction import press
from bot.usecases.notification_files import draft_files
from bot.usecases.notification_files import register_files
from tests.core.harness import EMPLOYEE
from tests.core.harness import IRP_MANAGER
from tests.core.harness import Harness
from tests.core.scheduling import english_harness
from tests.core.scheduling import new_incident
from tests.core.test_notifications import REGULATION
from tests.core.test_notifications import mark
from tests.core.test_notifications import record
from tests.review.test_exports import configure
from tests.review.test_exports import pdf_text
from tests.review.test_exports import squeezed


@pytest.fixture
def h(sqlite_uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return english_harness(sqlite_uow_factory, tmp_path, regulation=REGULATION)


@pytest.fixture
def both(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    """The register's query on SQLite and PostgreSQL."""
    return english_harness(uow_factory, tmp_path, regulation=REGULATION)


def breach(h: Harness, title: str, notified: bool) -> str:
    number = new_incident(h, "major", title=title)
    assert isinstance(mark(h, number, "gdpr", aware_at=h.clock.now() - timedelta(hours=1), high_risk="yes",
                           facts="Customer list e-mailed to a wrong address", effects="312 customers",
                           remedy="Recipient asked to delete it"), FormDone)
    if notified:
        assert isinstance(record(h, number, "gdpr_authority", "APD-2026-0042"), FormDone)
    return number


def test_the_report_shows_the_notifications_and_a_draft_is_prefilled_and_uploaded(h: Harness) -> None:
    number = breach(h, "Customer list leaked", notified=True)
    files = report_files(h.core, number, ("md", "pdf"))
    assert files is not None
    markdown = files[0][1].decode("utf-8")
    assert "Notifications to the authorities" in markdown
    assert "GDPR notification to the GBA/APD" in markdown and "APD-2026-0042" in markdown
    assert "Customer list e-mailed to a wrong address" in markdown and "Recipient asked to delete it" in markdown
    assert squeezed("Notifications to the authorities") in squeezed(pdf_text(files[1][1]))

    draft = dict(draft_files(h.core, number, Step.GDPR_DATA_SUBJECTS))
    text = draft[f"{number}-gdpr_data_subjects-draft.md"].decode("utf-8")
    for words in ("DRAFT", "Customer list leaked", "312 customers", "Recipient asked to delete it",
                  "GDPR art. 34(1)", "Cross-border effect", "dataprotectionauthority.be",
                  "What this notification must contain (GDPR art. 34(1))", "In clear and plain language"):
        assert words in text, words
    assert pdf_text(draft[f"{number}-gdpr_data_subjects-draft.pdf"]).startswith("GDPR message")

    refused = press(h.core, h.actor(EMPLOYEE), actions.NOTIFY_DRAFT, actions.value(number, "gdpr_authority"))
    assert isinstance(refused, Notice)
    assert isinstance(press(h.core, h.actor(IRP_MANAGER), actions.NOTIFY_DRAFT,
                            actions.value(number, "gdpr_data_subjects")), Notice)
    h.run_jobs()
    names = [name for _, name, _, _ in h.chat.files]
    assert f"{number}-gdpr_data_subjects-draft.md" in names and f"{number}-gdpr_data_subjects-draft.pdf" in names


def test_the_breach_register_lists_every_breach_notified_or_not(both: Harness) -> None:
    h = both
    assert register_files(h.core, ("csv",))[0][1].decode("utf-8").count("\n") == 1  # only the header
    first = breach(h, "Customer list leaked", notified=True)
    second = breach(h, "Laptop stolen", notified=False)
    rows = list(csv.reader(io.StringIO(register_files(h.core, ("csv",))[0][1].decode("utf-8"))))
    assert rows[0][:3] == ["Incident", "Aware since", "Facts"]
    assert [row[0].split(" · ")[0] for row in rows[1:]] == [first, second]
    assert "APD-2026-0042" in rows[1][6] and rows[2][6] == "not notified"


def test_the_command_line_writes_the_register(migrated_url: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.core.harness import make_harness
    from tests.core.harness import plan_file_with

    plan = plan_file_with(tmp_path, {"language": "en", "regulation": REGULATION})
    configure(monkeypatch, migrated_url, plan, tmp_path)
    from storage.engine import make_engine
    from storage.unit_of_work import SqlUnitOfWorkFactory

    h = make_harness(SqlUnitOfWorkFactory(make_engine(migrated_url)), plan)
    number = breach(h, "Mailbox exported", notified=False)
    assert main(["register", "breaches", "--csv", "--pdf", "--output", str(tmp_path / "out")]) == 0
    assert number in (tmp_path / "out" / "breach-register.csv").read_text(encoding="utf-8")
    assert "Register of personal data breaches" in pdf_text((tmp_path / "out" / "breach-register.pdf").read_bytes())
