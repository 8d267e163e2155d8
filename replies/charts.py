"""Charts of a metric over time: a PNG drawn headless (matplotlib's Agg canvas, no pyplot).

The figure is built with matplotlib.figure.Figure and FigureCanvasAgg directly, so no GUI backend,
no global pyplot state, and rendering can run in a worker thread. matplotlib is imported on the
first chart, not with this module.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from knowledge.answer.engine import Figure
from knowledge.numbers import format_number, money_in_dong
from replies.limits import MAX_CAPTION, visible_length
from replies.sources import source_date, source_link

if TYPE_CHECKING:
    from matplotlib.figure import Figure as PlotFigure

LINE_COLOR, EDGE_COLOR, TARGET_COLOR = "#2b6cb0", "#1a4971", "#c53030"


def _series(history: Sequence[Figure]) -> tuple[list[Figure], str, list[float]]:
    """The figures in period order, one unit for all of them, and their values in that unit."""
    ordered = sorted(history, key=lambda f: (f.fact.period.end, f.fact.period.start))
    units = Counter(f.fact.unit for f in ordered).most_common(1)
    unit = units[0][0] if units else ""
    target = money_in_dong(1, unit)
    kept: list[Figure] = []
    values: list[float] = []
    for figure in ordered:
        fact = figure.fact
        in_dong = money_in_dong(fact.value, fact.unit)
        if fact.unit == unit:
            kept.append(figure)
            values.append(fact.value)
        elif target and in_dong is not None:  # 900 triệu đồng next to 1,2 tỷ đồng
            kept.append(figure)
            values.append(in_dong / target)
    return kept, unit, values


def _value_label(value: float, unit: str, hedge: str | None) -> str:
    text = format_number(value) + ("%" if unit == "%" else "")
    return f"{hedge} {text}" if hedge else text


def _source_note(figures: Sequence[Figure]) -> str:
    """The sources, printed in the image so a forwarded chart keeps them."""
    seen = {f.source.id: f.source for f in figures}
    names = [f"{s.publisher} ({source_date(s)})" for s in seen.values()]
    return textwrap.fill("Nguồn: " + "; ".join(names), 110)


def chart_figure(
    history: Sequence[Figure], region: str, targets: Sequence[Figure] = ()
) -> PlotFigure:
    """The chart as a matplotlib Figure: the values over a time axis spaced by date (2019 →
    2022 → 2023 are not evenly apart), each labelled the Vietnamese way; a dashed line for a
    stored target; a percent axis that stops at 100% when every value is below it; the sources
    printed under it."""
    # Imported on the first chart, not at start: matplotlib adds ~40 MB the bot may never need.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MatplotlibFigure
    from matplotlib.ticker import FuncFormatter

    figures, unit, values = _series(history)
    goals = [t for t in targets if t.fact.unit == unit]
    dates = [float(f.fact.period.end.toordinal()) for f in figures]  # in days: spaced by date
    plot = MatplotlibFigure(figsize=(8, 5), dpi=110, layout="constrained")
    FigureCanvasAgg(plot)
    axes = plot.add_subplot()
    axes.plot(dates, values, color=LINE_COLOR, marker="o", markersize=7, linewidth=2.2)
    axes.fill_between(dates, values, color=LINE_COLOR, alpha=0.08)
    top = max([*values, *(g.fact.value for g in goals)], default=1.0)
    ceiling = 100.0 if unit == "%" and top <= 100 else top * 1.18
    for when, value, figure in zip(dates, values, figures, strict=True):
        below = value > ceiling * 0.9  # near the top: the label goes under the point
        axes.annotate(
            _value_label(value, unit, figure.fact.hedge),
            (when, value),
            xytext=(0, -16 if below else 9),
            textcoords="offset points",
            ha="center",
            fontsize=10,
            fontweight="bold",
            color=EDGE_COLOR,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    for goal in goals[-1:]:  # the newest target
        axes.axhline(goal.fact.value, color=TARGET_COLOR, linestyle="--", linewidth=1.5)
        axes.annotate(
            f"Chỉ tiêu {_value_label(goal.fact.value, unit, goal.fact.hedge)}"
            f" ({goal.fact.period.label})",
            (0.99, goal.fact.value),
            xycoords=("axes fraction", "data"),
            xytext=(0, 4),
            textcoords="offset points",
            ha="right",
            fontsize=9,
            color=TARGET_COLOR,
        )
    width = max(10, 60 // max(1, len(figures)))
    if len(figures) <= 6:
        axes.set_xticks(dates, [textwrap.fill(f.fact.period.label, width) for f in figures])
    else:  # too many to name each: the years
        years = range(figures[0].fact.period.end.year, figures[-1].fact.period.end.year + 1)
        axes.set_xticks([date(y, 1, 1).toordinal() for y in years], [str(y) for y in years])
    axes.tick_params(axis="x", labelsize=9)
    if dates:
        pad = max((max(dates) - min(dates)) / 12, 45.0)
        axes.set_xlim(min(dates) - pad, max(dates) + pad)
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: format_number(y) + ("%" if unit == "%" else ""))
    )
    axes.set_ylabel("%" if unit == "%" else unit)
    axes.set_ylim(0, ceiling if ceiling > 0 else 1)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    metric = figures[0].metric.name if figures else ""
    axes.set_title(textwrap.fill(f"{metric} — {region}", 70), fontsize=12, fontweight="bold")
    plot.supxlabel(
        _source_note([*figures, *goals[-1:]]), fontsize=8, color="#555555", x=0.01, ha="left"
    )
    return plot


def render_chart(history: Sequence[Figure], region: str, targets: Sequence[Figure] = ()) -> bytes:
    """chart_figure as PNG bytes."""
    buffer = io.BytesIO()
    chart_figure(history, region, targets).savefig(buffer, format="png")
    return buffer.getvalue()


def chart_caption(history: Sequence[Figure], region: str) -> str:
    """HTML caption: the metric, then each distinct source (escaped), within 1024 characters."""
    figures, _, _ = _series(history)
    name = escape(figures[0].metric.name) if figures else ""
    caption = f"📈 <b>{name}</b> — {escape(region)}"
    seen: list[str] = []
    for figure in figures:
        source = figure.source
        if source.id in seen:
            continue
        seen.append(source.id)
        line = f"\n📰 {source_link(source)}"
        if visible_length(caption + line) > MAX_CAPTION - 30:
            caption += "\n… và các nguồn khác"
            break
        caption += line
    return caption
