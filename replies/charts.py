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
from html import escape

from knowledge.answer.engine import Figure
from knowledge.numbers import format_number, money_in_dong
from replies.limits import MAX_CAPTION, visible_length
from replies.sources import source_link

BAR_COLOR, EDGE_COLOR = "#2b6cb0", "#1a4971"


def _series(history: Sequence[Figure]) -> tuple[list[Figure], str, list[float]]:
    """The figures in period order, one unit for all of them, and their values in that unit."""
    ordered = sorted(history, key=lambda f: (f.fact.period.end, f.fact.period.start))
    unit = Counter(f.fact.unit for f in ordered).most_common(1)[0][0]
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


def _bar_label(value: float, unit: str, hedge: str | None) -> str:
    text = format_number(value) + ("%" if unit == "%" else "")
    return f"{hedge} {text}" if hedge else text


def render_chart(history: Sequence[Figure], region: str) -> bytes:
    """A bar chart of the figures' values by period, labelled the Vietnamese way, as PNG bytes."""
    # Imported on the first chart, not at start: matplotlib adds ~40 MB the bot may never need.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as PlotFigure
    from matplotlib.ticker import FuncFormatter

    figures, unit, values = _series(history)
    width = max(12, 48 // max(1, len(figures)))  # wrap period labels to fit under the bars
    labels = [textwrap.fill(f.fact.period.label, width) for f in figures]
    plot = PlotFigure(figsize=(8, 4.8), dpi=110, layout="constrained")
    FigureCanvasAgg(plot)
    axes = plot.add_subplot()
    positions = list(range(len(values)))
    bars = axes.bar(positions, values, color=BAR_COLOR, edgecolor=EDGE_COLOR, width=0.6)
    axes.bar_label(
        bars,
        labels=[_bar_label(v, unit, f.fact.hedge) for v, f in zip(values, figures, strict=True)],
        padding=3,
        fontsize=10,
    )
    axes.set_xticks(positions, labels)
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: format_number(y) + ("%" if unit == "%" else ""))
    )
    axes.set_ylabel("%" if unit == "%" else unit)
    axes.set_ylim(0, max(values) * 1.15 if values and max(values) > 0 else 1)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    metric = figures[0].metric.name if figures else ""
    axes.set_title(textwrap.fill(f"{metric} — {region}", 70), fontsize=12, fontweight="bold")
    buffer = io.BytesIO()
    plot.savefig(buffer, format="png")
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
