"""The one way the bot names a source article: linked title, publisher, date."""

from __future__ import annotations

from html import escape

from knowledge.model import Source


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
