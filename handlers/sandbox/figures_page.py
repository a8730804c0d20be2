"""The sandbox's *Figures* page (``GET /sandbox/figures?period=2026-Q4&as=…``): the key numbers and the charts of a
period, as ``sirene report`` draws them, in the language of the person you are."""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

from bot.figures.charts import all_charts
from bot.figures.period import current_quarter
from bot.figures.period import parse_period
from bot.figures.report import key_numbers
from bot.usecases.figures import load_figures
from handlers.sandbox.people import EMPLOYEE
from handlers.sandbox.render import attr
from handlers.sandbox.render import document_head

if TYPE_CHECKING:
    from handlers.sandbox.api import SandboxApp

PERIOD_MAX = 20
"""Characters of the period field kept (a period is at most ``2026-W43``)."""


def figures_html(app: SandboxApp, as_user: str | None, period_text: str | None) -> str:
    user_id = as_user if as_user and app.people.get(as_user) else EMPLOYEE
    tr = app.tr(user_id)
    zone = app.core.plan.zone
    typed = (period_text or "").strip()[:PERIOD_MAX]
    period = parse_period(typed, zone) if typed else current_quarter(app.core.now(), zone)
    error = ""
    if period is None:
        error = f'<p class="field-error" role="alert">{escape(tr.t("stats.period_invalid", period=typed))}</p>'
        period = current_quarter(app.core.now(), zone)
    figures = load_figures(app.core, period)
    rows = "".join(f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"
                   for label, value in key_numbers(tr, figures).pairs)
    charts = "".join(
        f'<figure><img alt="{attr(chart.title)}" src="data:image/png;base64,{base64.b64encode(chart.png).decode()}">'
        f"<figcaption>{escape(chart.title)}</figcaption></figure>"
        for chart in all_charts(figures, tr, app.core.plan))
    title = escape(tr.t("figures.title", period=period.label))
    return f"""{document_head(tr.language, title)}
<body class="figures">
<header class="top">
  <div class="brand"><strong>Sirene</strong> <span>{title}</span></div>
  <a href="/?as={attr(user_id)}">{escape(tr.t("sandbox_figures.back"))}</a>
</header>
<main class="figures-page">
  <form method="get" action="/sandbox/figures">
    <input type="hidden" name="as" value="{attr(user_id)}">
    <label>{escape(tr.t("sandbox_figures.period"))}
      <input name="period" value="{attr(typed or period.label)}" maxlength="{PERIOD_MAX}"></label>
    <button type="submit" class="button primary">{escape(tr.t("sandbox_figures.show"))}</button>
  </form>
  {error}
  <h2>{escape(tr.t("figures.key_numbers"))}</h2>
  <table class="key-numbers">{rows}</table>
  <h2>{escape(tr.t("figures.charts_heading"))}</h2>
  {charts}
</main>
</body>
</html>
"""
