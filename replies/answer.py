"""Answer → Telegram HTML. The only module that knows markup; every dynamic string is escaped.

A reply is built as blocks, each valid HTML on its own, so a long reply can be cut or split at a
block boundary and never exceeds Telegram's 4096 characters.
"""

from __future__ import annotations

import re
from html import escape, unescape

from knowledge.answer.engine import Answer, Comparison, Figure
from knowledge.model import Fact, Source
from knowledge.numbers import format_number, format_value

MAX_MESSAGE = 4096

EXAMPLES = (
    "tỷ lệ bao phủ BHYT 2022",
    "số người tham gia BHXH tự nguyện 2019",
    "so sánh số người tham gia BHYT 2019 và 2022",
    "tổng thu BHXH, BHYT, BHTN",
)


def visible_length(html: str) -> int:
    """What Telegram counts: the text without tags, entities decoded, in UTF-16 code units
    (an emoji such as 📰 counts two)."""
    return _utf16(unescape(re.sub(r"<[^>]+>", "", html)))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` UTF-16 units."""
    while _utf16(text) > limit:
        text = text[: max(0, len(text) - (_utf16(text) - limit + 1) // 2 - 1)]
    return text


def _date(source: Source) -> str:
    return source.published.strftime("%d/%m/%Y")


def amount(fact: Fact) -> str:
    """The figure as written ('gần 97,5%'), or formatted when it is a gap in points."""
    if fact.unit == "điểm %":
        hedge = f"{fact.hedge} " if fact.hedge else ""
        return hedge + format_value(abs(fact.value), fact.unit)
    text = fact.value_text
    if fact.unit == "%" and fact.of and fact.kind in ("value", "plan"):
        text += f" {fact.of}"
    return text


def describe(fact: Fact, capital: bool = False) -> str:
    """One figure in words, without the metric name: 'đạt 94,1% kế hoạch', 'tăng 11% so với …'."""
    figure = f"<b>{escape(amount(fact))}</b>"
    reference = escape(fact.compared_to or "")
    verb = {"plan": "đạt", "target": "chỉ tiêu", "value": ""}.get(fact.kind, "")
    if fact.kind == "change":
        verb = "tăng" if fact.value >= 0 else "giảm"
    elif fact.kind == "gap":
        verb = "còn thiếu" if fact.value < 0 else "cao hơn"
    if capital:
        verb = verb[:1].upper() + verb[1:]
    text = f"{verb} {figure}".strip()
    return f"{text} so với {reference}" if fact.kind in ("change", "gap") else text


def _quote(fact: Fact) -> str:
    """The source sentence, with the figure in bold where it stands."""
    quote = escape(fact.quote)
    number = escape(fact.value_text.split(" ")[-2] if fact.hedge else fact.value_text.split(" ")[0])
    if number and number in quote:
        quote = quote.replace(number, f"<b>{number}</b>", 1)
    return f"<blockquote>{quote}</blockquote>"


def source_link(source: Source) -> str:
    """'<a href=…>title</a> — publisher, 13/07/2022', escaped."""
    return (
        f'<a href="{escape(source.url, quote=True)}">{escape(source.title)}</a>'
        f" — {escape(source.publisher)}, {_date(source)}"
    )


def _source_block(figure: Figure) -> str:
    return f"📰 Nguồn: {source_link(figure.source)}\n{_quote(figure.fact)}"


def _context_line(figure: Figure, headline: Figure) -> str:
    text = describe(figure.fact)
    if figure.metric.id != headline.metric.id or figure.fact.kind == "value":
        return f"• {escape(figure.metric.name)}: {text}"
    return f"• {describe(figure.fact, capital=True)}"


def _answered(answer: Answer) -> list[str]:
    head = answer.headline
    assert head is not None and answer.metric is not None
    blocks = [
        f"📊 <b>{escape(answer.metric.name)}</b>\n"
        f"📍 {escape(answer.region or '')} · 🗓 {escape(head.fact.period.label)}",
        describe(head.fact, capital=True),
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
    lines = [f"• {escape(f.fact.period.label)}: {describe(f.fact)}" for f in (c.earlier, c.later)]
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
    if answer.status == "answered":
        blocks = _compared(answer) if answer.comparison else _answered(answer)
    elif answer.status == "no_data":
        blocks = _no_data(answer)
    elif answer.status == "ambiguous":
        blocks = _ambiguous(answer)
    else:
        blocks = _not_found(answer)
    return [b for b in blocks if b]


def split_blocks(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Messages of whole blocks, each within Telegram's limit (an oversized block is cut)."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if visible_length(block) > limit:
            block = escape(_cut(unescape(re.sub(r"<[^>]+>", "", block)), limit - 1)) + "…"
        candidate = f"{current}\n\n{block}" if current else block
        if visible_length(candidate) > limit:
            messages.append(current)
            candidate = block
        current = candidate
    if current:
        messages.append(current)
    return messages


def render_html(answer: Answer) -> str:
    """The first message the bot sends for an answer (the whole reply when it fits)."""
    return split_blocks(render_blocks(answer))[0]
