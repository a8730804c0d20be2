"""The charts of the figures, drawn with matplotlib (Agg, no display, no global pyplot state) in Open Sans from
the ``ttf-opensans`` package: nothing is fetched. matplotlib is imported when the first chart is drawn, never at
import time."""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from bot.domain.severity import Severity
from bot.figures.figures import UNCLASSIFIED
from bot.figures.figures import Figures
from bot.i18n import Translator
from bot.plan import Plan

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

COLOURS = {Severity.WEAK.value: "#9e9e9e", Severity.MINOR.value: "#f2c200", Severity.MAJOR.value: "#f07f1a",
           Severity.CRISIS.value: "#d32f2f", UNCLASSIFIED: "#90b4d8"}
SLA_COLOUR, RTO_COLOUR = "#1f5f99", "#6aa84f"
TOP_ACTIVITIES = 8
SIZE = (7.2, 3.6)
DPI = 110
FONT = "Open Sans"


@dataclass(frozen=True)
class Chart:
    name: str
    """The PNG's file name (``incidents-per-month.png``)."""
    title: str
    png: bytes


def severity_label(tr: Translator, key: str) -> str:
    return tr.t("figures.unclassified") if key == UNCLASSIFIED else tr.t(f"severity.{key}.name")


def _figure(title: str) -> tuple[Figure, Axes]:
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    folder = resources.files("ttf_opensans").joinpath("ttf")
    if FONT not in {entry.name for entry in font_manager.fontManager.ttflist}:
        for style in ("Regular", "Bold"):
            font_manager.fontManager.addfont(str(folder.joinpath(f"OpenSans-{style}.ttf")))
    figure = Figure(figsize=SIZE, dpi=DPI)
    figure.subplots_adjust(left=0.1, right=0.84, top=0.9, bottom=0.14)  # fixed: a layout engine costs a third
    axes = figure.add_subplot()
    axes.set_title(title, fontfamily=FONT, fontsize=11, fontweight="bold")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _png(figure: Figure, axes: Axes) -> bytes:
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontfamily(FONT)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _whole_numbers() -> MaxNLocator:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _empty(axes: Axes, tr: Translator) -> None:
    axes.text(0.5, 0.5, tr.t("figures.chart.empty"), ha="center", va="center", transform=axes.transAxes,
              fontfamily=FONT, color="#777777")
    axes.set_xticks([])
    axes.set_yticks([])


def _legend(axes: Axes) -> None:
    """The legend, right of the plot."""
    axes.legend(prop={"family": FONT, "size": 8}, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _chart(name: str, title: str, figure: Figure, axes: Axes, tr: Translator, shown: bool) -> Chart:
    """The drawn chart as a PNG named ``name``; when nothing was ``shown``, it says that there is nothing."""
    if not shown:
        _empty(axes, tr)
    return Chart(name, title, _png(figure, axes))


def per_month(figures: Figures, tr: Translator) -> Chart:
    title = tr.t("figures.chart.per_month")
    figure, axes = _figure(title)
    labels = [f"{year}-{month:02d}" for (year, month), _ in figures.per_month]
    positions = list(range(len(labels)))
    bottoms = [0] * len(labels)
    keys = [key for key in COLOURS if any(counts.get(key) for _, counts in figures.per_month)]
    for key in keys:
        values = [counts.get(key, 0) for _, counts in figures.per_month]
        axes.bar(positions, values, bottom=bottoms, color=COLOURS[key], label=severity_label(tr, key))
        bottoms = [a + b for a, b in zip(bottoms, values, strict=True)]
    if keys:
        axes.set_xticks(positions, labels)
        _legend(axes)
        axes.yaxis.set_major_locator(_whole_numbers())
    return _chart("incidents-per-month.png", title, figure, axes, tr, bool(keys))


def resolution(figures: Figures, tr: Translator) -> Chart:
    title = tr.t("figures.chart.resolution")
    figure, axes = _figure(title)
    keys = [key for key in COLOURS if key != UNCLASSIFIED]
    shown = False
    for position, key in enumerate(keys):
        hours = [r.hours for r in figures.resolutions if r.severity == key]
        terms = {r.sla_hours for r in figures.resolutions if r.severity == key and r.sla_hours is not None}
        if hours:
            shown = True
            # A box from the first to the third quartile, the median across it, whiskers at 5% and 95%: readable
            # for five incidents and for fifty thousand alike.
            boxes = axes.boxplot([hours], positions=[position], widths=0.5, whis=(5, 95), showfliers=False,
                                 patch_artist=True, medianprops={"color": "#222222"})
            for box in boxes["boxes"]:
                box.set_facecolor(COLOURS[key])
                box.set_alpha(0.8)
        for term in terms:
            axes.hlines(term, position - 0.35, position + 0.35, colors="#333333", linestyles="dashed")
            axes.text(position + 0.37, term, tr.t("figures.chart.sla_line"), va="center", fontsize=7, fontfamily=FONT)
    if shown:
        axes.set_xticks(range(len(keys)), [severity_label(tr, key) for key in keys])
        axes.set_yscale("log")
        axes.set_ylabel(tr.t("figures.chart.resolution_axis"), fontfamily=FONT, fontsize=8)
    return _chart("resolution-vs-sla.png", title, figure, axes, tr, shown)


def compliance(figures: Figures, tr: Translator) -> Chart:
    title = tr.t("figures.chart.compliance")
    figure, axes = _figure(title)
    keys = [key for key, line in figures.by_severity.items()
            if key != UNCLASSIFIED and (line.sla_decided or line.rto_decided)]
    if keys:
        positions = list(range(len(keys)))
        sla = [figures.by_severity[key].sla_percent for key in keys]
        rto = [figures.by_severity[key].rto_percent for key in keys]
        for offset, values, colour, name in ((-0.2, sla, SLA_COLOUR, "SLA"), (0.2, rto, RTO_COLOUR, "RTO")):
            bars = axes.bar([p + offset for p in positions], [v or 0.0 for v in values], width=0.4, color=colour,
                            label=name)
            axes.bar_label(bars, labels=[f"{v:.0f}" if v is not None else tr.t("figures.none") for v in values],
                           fontsize=7, fontfamily=FONT)
        axes.set_xticks(positions, [severity_label(tr, key) for key in keys])
        axes.set_ylim(0, 112)
        axes.set_ylabel(tr.t("figures.chart.compliance_axis"), fontfamily=FONT, fontsize=8)
        _legend(axes)
    return _chart("sla-rto-kept.png", title, figure, axes, tr, bool(keys))


def activities(figures: Figures, tr: Translator, plan: Plan) -> Chart:
    title = tr.t("figures.chart.activities")
    figure, axes = _figure(title)
    top = list(figures.by_activity.items())[:TOP_ACTIVITIES]
    if top:
        names = [activity.name if (activity := plan.activity(key)) else key for key, _ in top]
        figure.subplots_adjust(left=0.26)
        axes.barh(range(len(top)), [line.incidents for _, line in top][::-1], color=SLA_COLOUR)
        axes.set_yticks(range(len(top)), names[::-1])
        axes.set_xlabel(tr.t("figures.chart.activities_axis"), fontfamily=FONT, fontsize=8)
        axes.xaxis.set_major_locator(_whole_numbers())
    return _chart("top-activities.png", title, figure, axes, tr, bool(top))


def all_charts(figures: Figures, tr: Translator, plan: Plan) -> list[Chart]:
    return [per_month(figures, tr), resolution(figures, tr), compliance(figures, tr), activities(figures, tr, plan)]


__all__ = ["Chart", "all_charts"]
