"""Several figures in one reply: several metrics asked at once, a place's overview, a trend.
Each figure on one line with its period; the sources once each, below."""

from __future__ import annotations

from html import escape

from knowledge.answer.results import Answer, Comparison, Figure
from knowledge.numbers import format_number, format_value
from replies.figures import figure_html
from replies.sources import sources_and_quotes

MAX_SOURCES = 4


def several_blocks(answer: Answer) -> list[str]:
    """'BHXH tự nguyện và BHTN': one line a metric, what is missing said plainly."""
    lines = []
    for part in answer.parts:
        if part.steps and part.metric is not None:  # each metric's trend on one line
            points = " → ".join(
                f"{escape(f.fact.period.label)}: {figure_html(f.fact)}" for f in part.history
            )
            lines.append(f"• <b>{escape(part.metric.name)}</b>: {points}")
        elif part.status == "answered" and part.headline is not None and part.metric is not None:
            head = part.headline
            lines.append(
                f"• <b>{escape(part.metric.name)}</b> ({escape(head.fact.period.label)}): "
                f"{figure_html(head.fact)}"
            )
        elif part.metric is not None:
            missing = part.asked or ""
            lines.append(
                f"• <b>{escape(part.metric.name)}</b>: chưa có số liệu"
                + (f" cho {escape(missing)}" if missing and missing != part.region else "")
            )
    title = "📊 Số liệu" if answer.overview else "📊 Các số liệu được hỏi"
    heads = [p.headline for p in answer.parts if p.headline is not None]
    heads += [f for p in answer.parts if p.steps for f in p.history]
    return [
        f"{title}\n📍 {escape(answer.region or '')}",
        "\n".join(lines),
        *sources_blocks(heads),
    ]


def _step_words(step: Comparison) -> str:
    diff = step.difference
    if diff == 0:
        return "không đổi"
    sign = "+" if diff > 0 else "−"
    text = f"{sign}{format_value(abs(diff), step.unit)}"
    if step.relative is not None:
        text += f" ({sign}{format_number(abs(step.relative))}%)"
    return text


def trend_blocks(answer: Answer) -> list[str]:
    """Every stored figure in time order, the change from the one before, the extreme asked."""
    assert answer.metric is not None and answer.history
    figures = answer.history
    lines = [f"• {escape(figures[0].fact.period.label)}: {figure_html(figures[0].fact)}"]
    for step in answer.steps:
        fact = step.later.fact
        lines.append(
            f"• {escape(fact.period.label)}: {figure_html(fact)} ({escape(_step_words(step))})"
        )
    blocks = [
        f"📈 <b>{escape(answer.metric.name)}</b> — qua các kỳ\n📍 {escape(answer.region or '')}",
        "\n".join(lines),
    ]
    if answer.headline is not None:
        fact = answer.headline.fact
        blocks.append(f"➡️ {escape(fact.period.label)}: {figure_html(fact)}")
    if answer.note:
        blocks.append(f"<i>{escape(answer.note)}</i>")
    blocks += sources_blocks(list(figures))
    return blocks


def sources_blocks(figures: list[Figure]) -> list[str]:
    """The sources (newest kept), each with the sentence of its first figure, phone-sized
    (replies.sources.sources_and_quotes)."""
    seen: dict[str, Figure] = {}
    for figure in figures:
        seen.setdefault(figure.source.id, figure)
    return [sources_and_quotes(list(seen.values())[-MAX_SOURCES:])]
