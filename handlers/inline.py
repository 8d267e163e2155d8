"""Inline mode: "@bot tỷ lệ bao phủ" in any chat → up to 10 figures to insert, with their source."""

from __future__ import annotations

import unicodedata

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from handlers.services import Context
from knowledge.answer.engine import Answer
from knowledge.understand.folding import well_formed
from replies.answer import render_blocks
from replies.figures import amount
from replies.limits import split_blocks
from replies.pages import examples

MAX_RESULTS = 10
CACHE_SECONDS = 30
MAX_DESCRIPTION = 200


def _title(answer: Answer) -> str:
    name = answer.metric.name if answer.metric else answer.question
    return f"{name} — so sánh" if answer.comparison else name


def describe(answer: Answer) -> str:
    """One line for the result list: '86,96% dân số · 6 tháng đầu năm 2022'."""
    if answer.comparison is not None:
        c = answer.comparison
        text = (
            f"{amount(c.earlier.fact)} ({c.earlier.fact.period.label}) → "
            f"{amount(c.later.fact)} ({c.later.fact.period.label})"
        )
    elif answer.headline is not None:
        text = f"{amount(answer.headline.fact)} · {answer.headline.fact.period.label}"
    elif answer.status == "no_data":
        text = f"Chưa có số liệu cho {answer.asked}; có: {', '.join(answer.available)}"
    else:
        text = answer.question
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def results(options: list[Answer]) -> list[InlineQueryResultArticle]:
    """One article per answer; the message inserted is the bot's full first reply (HTML)."""
    return [
        InlineQueryResultArticle(
            id=f"r{n}",
            title=_title(answer),
            description=describe(answer),
            input_message_content=InputTextMessageContent(
                split_blocks(render_blocks(answer))[0], parse_mode=ParseMode.HTML
            ),
        )
        for n, answer in enumerate(options[:MAX_RESULTS])
    ]


async def inline_query(update: Update, context: Context) -> None:
    """An inline query: figures matching it, or answered examples when it is empty or unknown."""
    query = update.inline_query
    if query is None:
        return
    engine = context.bot_data.engine
    text = unicodedata.normalize("NFC", well_formed(query.query)).strip()
    options = engine.answer_options(text, limit=MAX_RESULTS) if text else []
    if not options:
        options = [engine.answer(q) for q in examples(engine, limit=MAX_RESULTS)]
        options = [a for a in options if a.status == "answered"]
    await query.answer(results(options), cache_time=CACHE_SECONDS)
