"""A figure in words, and where it sits in its quote: one wording for the whole bot.

Answers, the admins' import review (Telegram and `kb import`), inline results and the bench all
write a fact through `figure_words` / `figure_html`, so a reviewer reads what a user will read.
"""

from __future__ import annotations

from html import escape

from knowledge.model import Fact
from knowledge.numbers import figure_span, format_value


def amount(fact: Fact) -> str:
    """The figure as written ('gần 97,5% dân số'), or formatted when it is a gap in points."""
    if fact.unit == "điểm %":
        hedge = f"{fact.hedge} " if fact.hedge else ""
        return hedge + format_value(abs(fact.value), fact.unit)
    text = fact.value_text
    if fact.unit == "%" and fact.kind == "plan":
        text += f" {fact.of or 'kế hoạch'}"
    elif fact.unit == "%" and fact.of and fact.kind in ("value", "target"):
        text += f" {fact.of}"
    return text


def figure_parts(fact: Fact) -> tuple[str, str, str]:
    """(verb, amount, reference): ('đạt', '94,1% kế hoạch', ''), ('tăng', '11%', 'so với …')."""
    if fact.kind == "change":
        verb = "tăng" if fact.value >= 0 else "giảm"
    elif fact.kind == "gap":
        verb = "còn thiếu" if fact.value < 0 else "cao hơn"
    else:
        verb = {"plan": "đạt", "target": "chỉ tiêu"}.get(fact.kind, "")
    reference = ""
    if fact.kind in ("change", "gap"):
        reference = f"so với {fact.compared_to or '?'}"
    return verb, amount(fact), reference


def _capitalised(text: str, capital: bool) -> str:
    return text[:1].upper() + text[1:] if capital else text


def figure_words(fact: Fact, capital: bool = False) -> str:
    """The figure in words, without the metric name: 'đạt 94,1% kế hoạch',
    'tăng 506 người so với cùng kỳ năm 2021', 'còn thiếu 0,4 điểm % so với chỉ tiêu …'."""
    return _capitalised(" ".join(part for part in figure_parts(fact) if part), capital)


def figure_html(fact: Fact, capital: bool = False) -> str:
    """figure_words as HTML, the amount in bold."""
    verb, figure, reference = figure_parts(fact)
    parts = [escape(_capitalised(verb, capital)), f"<b>{escape(figure)}</b>", escape(reference)]
    return " ".join(part for part in parts if part)


def _window(quote: str, span: tuple[int, int] | None, width: int) -> tuple[int, int]:
    """About `width` characters either side of the figure, cut at word boundaries."""
    if len(quote) <= 2 * width:
        return 0, len(quote)
    at, end_at = span or (0, 0)
    start, end = max(0, at - width), min(len(quote), end_at + width)
    if start > 0:
        start = quote.find(" ", start) + 1 or start
    if end < len(quote) and (space := quote.rfind(" ", 0, end)) > end_at:
        end = space
    return start, end


def quote_html(fact: Fact, width: int | None = None) -> str:
    """The source sentence, escaped, with the figure as written in bold where it stands; with
    `width`, only the part around the figure ('… là <b>711,2 tỷ</b> …')."""
    quote = " ".join(fact.quote.split()) if width else fact.quote
    span = figure_span(fact.value_text, quote)
    start, end = _window(quote, span, width) if width else (0, len(quote))
    before, after = ("…" if start > 0 else ""), ("…" if end < len(quote) else "")
    if span is None:  # a quote that lacks the figure is shown as it is
        return before + escape(quote[start:end].strip()) + after
    at, end_at = span
    return (
        f"{before}{escape(quote[start:at].lstrip())}<b>{escape(quote[at:end_at])}</b>"
        f"{escape(quote[end_at:end].rstrip())}{after}"
    )


def excerpt(fact: Fact, width: int = 70) -> str:
    """The part of the quote around the figure, cut at word boundaries: '… là 711,2 tỷ …'."""
    quote = " ".join(fact.quote.split())
    start, end = _window(quote, figure_span(fact.value_text, quote), width)
    return ("…" if start > 0 else "") + quote[start:end].strip() + ("…" if end < len(quote) else "")
