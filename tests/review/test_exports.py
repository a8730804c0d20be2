"""Paper copies: the incident report (Markdown and PDF, uploaded or written by the command line), the logbook
as CSV and the plan for printing, in the plan's language. PDF text is read back with pypdf."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from bot.cli import main
from bot.core import Notice
from bot.domain.review_sections import SECTIONS
from bot.ports import UnitOfWorkFactory
from bot.usecases.command import run_command
from tests.core.harness import IRP_MANAGER
from tests.core.harness import REPO
from tests.core.harness import RESPONDER
from tests.core.harness import Harness
from tests.core.harness import make_harness
from tests.review.flow import answers_for
from tests.review.flow import closed_incident
from tests.review.flow import fill_all


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squeezed(text: str) -> str:
    """Without whitespace: a PDF wraps long cells wherever it must."""
    return re.sub(r"\s+", "", text)


def plan_in(language: str, tmp_path: Path) -> Path:
    data = yaml.safe_load((REPO / "plan.example.yaml").read_text(encoding="utf-8"))
    data["language"] = language
    path = tmp_path / f"plan-{language}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def h(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> Harness:
    return make_harness(uow_factory, plan_in("en", tmp_path))


def expected_answers(h: Harness, number: str) -> list[str]:
    from bot.core import OpenForm
    from bot.usecases.review import open_review

    found = []
    for section in SECTIONS:
        form = open_review(h.core, h.actor(IRP_MANAGER), number, section.id)
        assert isinstance(form, OpenForm)
        found += [v for v in answers_for(form.form).values() if isinstance(v, str) and "/" in v]
    return found


def test_the_report_holds_every_section_and_answer_and_is_posted_in_the_channel(h: Harness) -> None:
    number, channel_id = closed_incident(h)
    due = h.clock.now() + timedelta(days=14)
    export = run_command(h.core, h.actor(RESPONDER, channel_id), "export")
    assert isinstance(export, Notice) and "Preparing the report" in export.spec.summary
    h.run_jobs()
    assert [name for channel, name, _, _ in h.chat.files] == [f"{number}-report.md", f"{number}-report.pdf"]
    fill_all(h, number, follow_up=("Add disk alerts to the monitoring", RESPONDER, due))
    h.run_jobs()
    files = {name: content for channel, name, content, _ in h.chat.files[2:] if channel == channel_id}
    text = squeezed(pdf_text(files[f"{number}-report.pdf"]))
    markdown = files[f"{number}-report.md"].decode("utf-8")
    titles = ["Summary", "Severity history", "Timeline", "Logbook", "Deactivation approvals", "Post Incident Review",
              "Follow-up actions", *(h.core.team_translator().t(f"pir.{s.id}.title") for s in SECTIONS)]
    for title in titles:
        assert squeezed(title) in text, title
        assert title in markdown.replace("\\", ""), title
    for answer in expected_answers(h, number):
        assert squeezed(answer) in text, answer
    assert squeezed("Add disk alerts to the monitoring") in text
    assert squeezed("Solved within the target for all activities") in text  # a choice, by its words
    assert squeezed("hash chain is intact") in text
    assert squeezed("Mail server down") in text


def test_exports_speak_the_plans_language(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> None:
    h = make_harness(uow_factory, plan_in("fr", tmp_path))
    number, _ = closed_incident(h)
    fill_all(h, number)
    h.run_jobs()
    pdf = next(content for _, name, content, _ in h.chat.files if name.endswith(".pdf"))
    text = squeezed(pdf_text(pdf))
    for words in ("Revue post-incident", "Journal de bord", "Analyse de la cause", "Demandes d'indemnisation"):
        assert squeezed(words) in text, words


def configure(monkeypatch: pytest.MonkeyPatch, url: str, plan: Path, folder: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SIRENE_PLAN", str(plan))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.chdir(folder)


def test_the_command_line_exports_the_report_and_the_logbook(h: Harness, migrated_url: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    number, _ = closed_incident(h)
    configure(monkeypatch, migrated_url, plan_in("en", tmp_path), tmp_path)
    assert main(["export", number, "--output", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / f"{number}-report.md").read_text(encoding="utf-8").startswith("# Incident report")
    assert "Summary" in pdf_text((tmp_path / "out" / f"{number}-report.pdf").read_bytes())
    capsys.readouterr()
    assert main(["logbook", "export", number, "--csv"]) == 0
    assert capsys.readouterr().out.startswith("#,Date and time,")
    assert main(["logbook", "export", number, "--csv", "--output", str(tmp_path / "log.csv")]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8"))))
    assert rows[0][:7] == ["#", "Date and time", "Incident type", "Short description", "Following team", "Impact",
                           "Duration"]
    assert rows[1][0] == "1" and "Mail server down" in rows[1]
    assert all(len(row[-1]) == 64 for row in rows[1:])  # every entry's hash
    assert main(["export", "INC-2026-9999"]) == 2


def test_the_plan_prints_roles_contacts_procedures_arrows_and_rtos(tmp_path: Path, migrated_url: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    configure(monkeypatch, migrated_url, plan_in("nl", tmp_path), tmp_path)
    assert main(["plan", "print", "--output", str(tmp_path / "paper")]) == 0
    markdown = (tmp_path / "paper" / "plan.md").read_text(encoding="utf-8").replace("\\", "")
    text = squeezed(pdf_text((tmp_path / "paper" / "plan.pdf").read_bytes()))
    for words in ("Beheerder incident management team", "Hugo Peeters", "Ellen Vermeulen", "hugo@example.be",
                  "Telenet Business support", "Production line", "30 minuten",
                  "Wie verwittigt wie", "Zwak", "Crisis Management Plan", "Hoofdcontact", "Andere"):
        assert squeezed(words) in text, words
        assert words in markdown, words
    assert markdown.count("→") == 7  # the seven arrows of the template
