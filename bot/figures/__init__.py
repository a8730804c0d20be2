"""Figures from the incident register for the managers (issue #19): what happened in a period, how fast it was
acknowledged and solved, how often the SLA and the RTO were kept. Rules only; charts are drawn by
:mod:`bot.figures.charts` (matplotlib, imported when a chart is drawn)."""
