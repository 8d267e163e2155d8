"""The one way the bot names a source article: linked title, publisher, date."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from knowledge.answer.results import Figure
from knowledge.model import Source
from replies.figures import quote_html

QUOTE_WIDTH = 160  # characters either side of the figure in a phone-sized quote


def source_date(source: Source) -> str:
    return source.published.strftime("%d/%m/%Y")


def source_link(source: Source) -> str:
    """'<a href=…>title</a> — publisher, 13/07/2022', escaped."""
    return (
        f'<a href="{escape(source.url, quote=True)}">{escape(source.title)}</a>'
        f" — {escape(source.publisher)}, {source_date(source)}"
    )


def source_line(source: Source) -> str:
    """The source line under an answer: '📰 Nguồn: <a …>title</a> — publisher, date'."""
    return f"📰 Nguồn: {source_link(source)}"


def source_text(source: Source) -> str:
    """The source in plain text (terminal, chart image): 'title — publisher, date · url'."""
    return f"{source.title} — {source.publisher}, {source_date(source)} · {source.url}"


def source_short(source: Source) -> str:
    """The source in a phone-sized answer: '<a href=…>publisher</a>, 13/07/2022' (the title is
    in "Chi tiết")."""
    return (
        f'<a href="{escape(source.url, quote=True)}">{escape(source.publisher)}</a>, '
        f"{source_date(source)}"
    )


def sources_and_quotes(figures: Sequence[Figure], full: bool = False) -> str:
    """The articles the figures come from and their sentences, as every answer ends: phone-sized,
    one line of linked publishers and dates, then the sentences in one expandable blockquote
    (collapsed until tapped), each cut around its figure; `full`, a source line with the
    article's title per article and the whole sentences."""
    distinct = list({f.source.id: f.source for f in figures}.values())
    if full:
        lines = "\n".join(source_line(s) for s in distinct)
    else:
        lines = "📰 " + " · ".join(source_short(s) for s in distinct)
    quotes = "\n".join(quote_html(f.fact, None if full else QUOTE_WIDTH) for f in figures)
    return f"{lines}\n<blockquote expandable>{quotes}</blockquote>"
