"""``sirene report``: the management report as PDF (text and charts read back with pypdf) and Markdown with its
chart PNGs, in the plan's language, from the database."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine

from bot.cli import main
from bot.domain.page import Page
from bot.domain.page import PageKind
from bot.domain.phase import Phase
from bot.domain.roles import Role
from bot.domain.severity import Severity
from bot.figures.charts import all_charts
from bot.figures.figures import compute
from bot.figures.period import parse_period
from bot.i18n import Translator
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.figures.builders import BRUSSELS
from tests.figures.builders import SLA
from tests.figures.builders import example_plan
from tests.figures.builders import utc
from tests.review.test_exports import plan_in
from tests.review.test_exports import squeezed
from tests.storage.builders import new_incident

PNG = b"\x89PNG\r\n\x1a\n"


def seed(url: str) -> None:
    """Six incidents of 2026-Q4 (one open), one of Q3."""
    factory = SqlUnitOfWorkFactory(create_engine(url))
    cases = [  # reported, severity, classified after, closed after detection, activities
        (utc(2026, 10, 3, 8, 0), Severity.MAJOR, 10, 3, ("email",)),
        (utc(2026, 10, 20, 14, 0), Severity.MINOR, 25, 12, ("invoicing",)),
        (utc(2026, 11, 5, 9, 30), Severity.CRISIS, 5, 1, ("webshop", "email")),
        (utc(2026, 11, 28, 7, 0), Severity.WEAK, 120, 30, ()),
        (utc(2026, 12, 2, 16, 0), Severity.MAJOR, 15, 6, ("production",)),
        (utc(2026, 12, 10, 10, 0), Severity.MINOR, 40, None, ("email",)),
        (utc(2026, 9, 12, 10, 0), Severity.CRISIS, 5, 1, ("email",)),
    ]
    with factory() as uow:
        for number, (reported, severity, ack, hours, activities) in enumerate(cases, start=1):
            classified = reported + timedelta(minutes=ack)
            incident = uow.incidents.add(new_incident(
                number, detected_at=reported, reported_at=reported, severity=severity, classified_at=classified,
                sla_due=classified + SLA[severity], activities=activities, incident_type="outage",
                closed_at=reported + timedelta(hours=hours) if hours is not None else None,
                phase=Phase.CLOSED if hours is not None else Phase.ACTIVATION))
            if severity is Severity.CRISIS:
                uow.pages.add(Page(PageKind.RTO_EXCEEDED, "slack", reported, incident.id, Role.BCP_MANAGER,
                                   key=f"rto-{number}", acknowledged_by="U0IRIS", acknowledged_at=reported))
        uow.commit()
    factory.engine.dispose()


def test_sirene_report_writes_the_pdf_and_the_markdown_with_charts(migrated_url: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seed(migrated_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("SIRENE_PLAN", str(plan_in("nl", tmp_path)))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report"
    assert main(["report", "--period", "2026-Q4", "--output", str(out)]) == 0

    reader = PdfReader(io.BytesIO((out / "sirene-report-2026-Q4.pdf").read_bytes()))
    text = squeezed("".join(page.extract_text() for page in reader.pages))
    for words in ("Incidentcijfers 2026-Q4", "Samenvatting",
                  "In 2026-Q4 werden 6 incidenten gemeld (3 groot of crisis)", "Kerncijfers", "SLA gehaald",
                  "Per ernst", "Per getroffen activiteit", "E-mail",
                  "Hoe de cijfers geteld worden", "Bevestigd door", "Iris"):
        assert squeezed(words) in text, words
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 4
    assert all(image.image is not None and image.image.width > 300 for image in images)

    markdown = (out / "sirene-report-2026-Q4.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Incidentcijfers 2026")
    for name in ("incidents-per-month.png", "resolution-vs-sla.png", "sla-rto-kept.png", "top-activities.png"):
        assert f"]({name})" in markdown
        content = (out / name).read_bytes()
        assert content.startswith(PNG) and len(content) > 5_000


def test_a_wrong_period_is_refused_with_the_formats_to_use(migrated_url: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("SIRENE_PLAN", str(plan_in("en", tmp_path)))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--period", "Q4-2026", "--output", str(tmp_path / "x")]) == 2
    assert "2026-Q4" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_charts_of_an_empty_period_still_render() -> None:
    period = parse_period("2026-11", BRUSSELS)
    assert period is not None
    charts = all_charts(compute(example_plan(), [], period, utc(2026, 12, 1, 0, 0)), Translator("fr", BRUSSELS),
                        example_plan())
    assert charts[0].title == "Incidents par mois et par gravité"
    assert all(chart.png.startswith(PNG) for chart in charts)
