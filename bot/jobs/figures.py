"""Uploading the chart of ``/incident stats`` (drawn when the job runs, from the register as it is then)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core import Core
from bot.figures.charts import per_month
from bot.figures.period import parse_period
from bot.ports import ChatPort
from bot.usecases.figures import load_figures


def upload_stats_chart(core: Core, chat: ChatPort, payload: Mapping[str, str]) -> None:
    period = parse_period(payload["period"], core.plan.zone)
    if period is None:
        return
    tr = core.team_translator()
    chart = per_month(load_figures(core, period), tr)
    chat.upload_file(payload["channel"], f"incidents-{period.label}.png", chart.png,
                     tr.t("stats.chart_title", period=period.label))
