"""An Answer → Telegram HTML blocks (replies.limits splits them into messages); every dynamic
string is escaped.

Two sizes of the same answer. The phone-sized one (the default) is what the bot sends: a headline
(figure, period, place), at most three context lines, a short source line and the quoted sentence
in an expandable blockquote, so it fits one screen. `full=True` is what "Chi tiết" shows: every
context line, the article's title, the whole sentence.
"""

from __future__ import annotations

from html import escape

from knowledge.answer.engine import Answer, Comparison, Figure
from knowledge.numbers import format_number, format_value
from replies.conversation import framed, short_reply
from replies.figures import amount, figure_html
from replies.limits import split_blocks
from replies.pages import EXAMPLES
from replies.places import place_blocks
from replies.several import several_blocks, trend_blocks
from replies.sources import sources_and_quotes

MAX_CONTEXT_LINES = 3  # in the phone-sized answer; "Chi tiết" shows them all


def _context_lines(answer: Answer, head: Figure) -> list[str]:
    """One line per figure of the headline's metric (without its name, already in the headline),
    one line per other metric with all its figures: '• Số người tham gia BHYT: 734.462 người,
    đạt 98,1% kế hoạch'."""
    lines: list[str] = []
    others: dict[str, list[Figure]] = {}
    for figure in answer.context:
        if figure.metric.id == head.metric.id:
            lines.append(f"• {figure_html(figure.fact, capital=True)}")
        else:
            others.setdefault(figure.metric.id, []).append(figure)
    for group in others.values():
        words = ", ".join(figure_html(f.fact) for f in group)
        lines.append(f"• {escape(group[0].metric.name)}: {words}")
    return lines


def _answered(answer: Answer, full: bool) -> list[str]:
    head = answer.headline
    assert head is not None and answer.metric is not None
    lines = [
        f"📊 <b>{escape(answer.metric.name)}</b> · 📍 {escape(answer.region or '')}",
        f"🗓 {escape(head.fact.period.label)}: {figure_html(head.fact)}",
    ]
    if answer.note:
        lines.append(f"<i>{escape(answer.note)}</i>")
    context = _context_lines(answer, head)
    lines += context if full else context[:MAX_CONTEXT_LINES]
    return ["\n".join(lines), sources_and_quotes([head], full)]


def _change_words(comparison: Comparison) -> str:
    diff = comparison.difference
    if diff == 0:
        return "Không đổi"
    verb = "Tăng" if diff > 0 else "Giảm"
    text = f"{verb} <b>{escape(format_value(abs(diff), comparison.unit))}</b>"
    if comparison.relative is not None:
        text += f" ({escape(format_number(abs(comparison.relative)))}%)"
    return text


def _compared(answer: Answer, full: bool) -> list[str]:
    c = answer.comparison
    assert c is not None and answer.metric is not None
    lines = [f"📊 <b>{escape(answer.metric.name)}</b> · 📍 {escape(answer.region or '')}"]
    lines += [
        f"• {escape(f.fact.period.label)}: {figure_html(f.fact)}" for f in (c.earlier, c.later)
    ]
    lines.append(f"➡️ {_change_words(c)}")
    if answer.note:
        lines.append(f"<i>{escape(answer.note)}</i>")
    return ["\n".join(lines), sources_and_quotes([c.earlier, c.later], full)]


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


def render_blocks(answer: Answer, full: bool = False) -> list[str]:
    """The reply as HTML blocks, in order: phone-sized, or with every detail (`full`)."""
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
        blocks = _compared(answer, full) if answer.comparison else _answered(answer, full)
    elif answer.status == "no_data":
        blocks = _no_data(answer)
    elif answer.status == "ambiguous":
        blocks = _ambiguous(answer)
    else:
        blocks = _not_found(answer)
    return framed(answer, [b for b in blocks if b])


def has_details(answer: Answer) -> bool:
    """Whether "Chi tiết" would show more than the phone-sized answer."""
    return render_blocks(answer, full=True) != render_blocks(answer)


def render_html(answer: Answer) -> str:
    """The first message the bot sends for an answer (the whole reply when it fits)."""
    return split_blocks(render_blocks(answer))[0]
