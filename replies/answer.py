"""An Answer → Telegram HTML blocks (replies.limits splits them into messages); every dynamic
string is escaped."""

from __future__ import annotations

from html import escape

from knowledge.answer.engine import Answer, Comparison, Figure
from knowledge.numbers import format_number, format_value
from replies.conversation import framed, short_reply
from replies.figures import amount, figure_html, quote_html
from replies.limits import split_blocks
from replies.pages import EXAMPLES
from replies.places import place_blocks
from replies.several import several_blocks, trend_blocks
from replies.sources import source_line


def _source_block(figure: Figure) -> str:
    return f"{source_line(figure.source)}\n<blockquote>{quote_html(figure.fact)}</blockquote>"


def _context_line(figure: Figure, headline: Figure) -> str:
    text = figure_html(figure.fact)
    if figure.metric.id != headline.metric.id or figure.fact.kind == "value":
        return f"• {escape(figure.metric.name)}: {text}"
    return f"• {figure_html(figure.fact, capital=True)}"


def _answered(answer: Answer) -> list[str]:
    head = answer.headline
    assert head is not None and answer.metric is not None
    blocks = [
        f"📊 <b>{escape(answer.metric.name)}</b>\n"
        f"📍 {escape(answer.region or '')} · 🗓 {escape(head.fact.period.label)}",
        figure_html(head.fact, capital=True),
    ]
    if answer.note:
        blocks.append(f"<i>{escape(answer.note)}</i>")
    if answer.context:
        blocks.append(
            "Cùng kỳ báo cáo:\n" + "\n".join(_context_line(f, head) for f in answer.context)
        )
    blocks.append(_source_block(head))
    return blocks


def _change_words(comparison: Comparison) -> str:
    diff = comparison.difference
    if diff == 0:
        return "Không đổi"
    verb = "Tăng" if diff > 0 else "Giảm"
    text = f"{verb} <b>{escape(format_value(abs(diff), comparison.unit))}</b>"
    if comparison.relative is not None:
        text += f" ({escape(format_number(abs(comparison.relative)))}%)"
    return text


def _compared(answer: Answer) -> list[str]:
    c = answer.comparison
    assert c is not None and answer.metric is not None
    lines = [
        f"• {escape(f.fact.period.label)}: {figure_html(f.fact)}" for f in (c.earlier, c.later)
    ]
    blocks = [
        f"📊 <b>{escape(answer.metric.name)}</b> — so sánh\n📍 {escape(answer.region or '')}",
        "\n".join(lines),
        f"➡️ {_change_words(c)} ({escape(c.earlier.fact.period.label)} → "
        f"{escape(c.later.fact.period.label)})",
    ]
    if answer.note:
        blocks.append(f"<i>{escape(answer.note)}</i>")
    blocks.append(_source_block(c.earlier))
    if c.later.source.id != c.earlier.source.id:
        blocks.append(_source_block(c.later))
    return blocks


def _no_data(answer: Answer) -> list[str]:
    assert answer.metric is not None
    name = escape(answer.metric.name)
    asked = escape(answer.asked or "")
    if answer.asked == answer.region:
        have = ", ".join(escape(p) for p in answer.available)
        return [
            f"🔎 Chưa có số liệu <b>{name}</b> của <b>{asked}</b>.",
            f"Hiện có số liệu của: {have}." if have else "",
        ]
    have = "; ".join(escape(p) for p in answer.available)
    blocks = [
        f"🔎 Chưa có số liệu <b>{name}</b> cho <b>{asked}</b> ({escape(answer.region or '')}).",
        f"Các kỳ đang có: {have}. Chọn một kỳ bên dưới để xem.",
    ]
    related = [s.label for s in answer.suggestions if not s.label.startswith(answer.metric.name)]
    if related:
        blocks.append("Có số liệu liên quan: " + "; ".join(escape(r) for r in related) + ".")
    return blocks


def _ambiguous(answer: Answer) -> list[str]:
    lines = []
    for n, (metric, figure) in enumerate(answer.choices, 1):
        line = f"{n}. <b>{escape(metric.name)}</b>"
        if figure:
            line += f" — {escape(amount(figure.fact))} ({escape(figure.fact.period.label)})"
        lines.append(line)
    return [
        "🤔 Câu hỏi có thể hiểu theo vài cách. Bạn muốn hỏi:",
        "\n".join(lines),
        "Chọn một mục bên dưới để xem chi tiết và nguồn.",
    ]


def _not_found(answer: Answer) -> list[str]:
    examples = "\n".join(f"• {escape(e)}" for e in EXAMPLES)
    opening = {
        "greeting": "Xin chào! 👋 Mình tra cứu số liệu BHXH, BHYT, BHTN của tỉnh Lạng Sơn từ các "
        "bài báo đã đăng.",
        "how_to": "Xin lỗi, mình chỉ có các số liệu thống kê về BHXH, BHYT, BHTN (số người tham "
        "gia, tỷ lệ bao phủ, thu, nợ…), chưa trả lời được câu hỏi này.",
    }.get(answer.reason or "", "Xin lỗi, mình chưa tìm thấy thông tin phù hợp với câu hỏi này.")
    return [escape(opening), "Bạn có thể hỏi, ví dụ:\n" + examples]


def render_blocks(answer: Answer) -> list[str]:
    """The reply as HTML blocks, in order."""
    short = short_reply(answer)
    if short is not None:
        return short
    placed = place_blocks(answer)
    if placed is not None:
        blocks = placed
    elif answer.parts:
        blocks = several_blocks(answer)
    elif answer.steps:
        blocks = trend_blocks(answer)
    elif answer.status == "answered":
        blocks = _compared(answer) if answer.comparison else _answered(answer)
    elif answer.status == "no_data":
        blocks = _no_data(answer)
    elif answer.status == "ambiguous":
        blocks = _ambiguous(answer)
    else:
        blocks = _not_found(answer)
    return framed(answer, [b for b in blocks if b])


def render_html(answer: Answer) -> str:
    """The first message the bot sends for an answer (the whole reply when it fits)."""
    return split_blocks(render_blocks(answer))[0]
