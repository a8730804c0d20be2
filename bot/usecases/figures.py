"""Figures for managers: ``sirene report`` (the management report) and the numbers behind ``/incident stats``."""

from __future__ import annotations

from bot.core import Core
from bot.exports.markdown import render_markdown
from bot.exports.pdf import render_pdf
from bot.figures.charts import all_charts
from bot.figures.figures import Figures
from bot.figures.figures import compute
from bot.figures.period import Period
from bot.figures.report import management_report

FORMATS = ("md", "pdf")


def load_figures(core: Core, period: Period) -> Figures:
    """The figures of ``period`` from the register (one read-only transaction)."""
    with core.uow(read_only=True) as uow:
        facts = uow.figures.facts(period.start, period.end)
    return compute(core.plan, facts, period, core.now())


def report_files(core: Core, period: Period, formats: tuple[str, ...] = FORMATS) -> list[tuple[str, bytes]]:
    """The management report as ``(file name, content)``: the PDF, and the Markdown with its charts' PNGs."""
    figures = load_figures(core, period)
    tr = core.team_translator()
    charts = all_charts(figures, tr, core.plan)
    document = management_report(tr, core.plan, core.directory, figures, charts, core.now())
    stem = f"sirene-report-{period.label}"
    files: list[tuple[str, bytes]] = []
    if "pdf" in formats:
        files.append((f"{stem}.pdf", render_pdf(document)))
    if "md" in formats:
        files.append((f"{stem}.md", render_markdown(document).encode("utf-8")))
        files += [(chart.name, chart.png) for chart in charts]
    return files
