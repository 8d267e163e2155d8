"""Inline keyboards: suggestion buttons and the chart button, with short callback ids.

Button texts are Vietnamese labels; callback data is only ever an id from the ButtonCache
("q:3f2a9c1b" for a question, "c:…" for a chart), well under Telegram's 64 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.callbacks import CHART, QUESTION
from handlers.services import ButtonCache
from knowledge.answer.engine import Answer

MAX_SUGGESTIONS = 6
MAX_LABEL = 60  # characters of a button text; longer labels are cut with "…"
CHART_LABEL = "📈 Biểu đồ"
EXPIRED = "⌛ Nút này đã hết hạn, bạn hãy hỏi lại nhé."


def label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def has_chart(answer: Answer) -> bool:
    """A chart is worth drawing when the metric has at least two periods."""
    return len(answer.history) >= 2


def question_rows(
    buttons: ButtonCache, items: Iterable[tuple[str, str]]
) -> list[list[InlineKeyboardButton]]:
    """One row per (label, question); pressing it asks the question."""
    return [
        [InlineKeyboardButton(label(text), callback_data=buttons.put(QUESTION, question))]
        for text, question in items
    ]


def answer_keyboard(answer: Answer, buttons: ButtonCache) -> InlineKeyboardMarkup | None:
    """The answer's suggestions (at most six) and, when there is a history, the chart button."""
    rows = question_rows(
        buttons, ((s.label, s.question) for s in answer.suggestions[:MAX_SUGGESTIONS])
    )
    if has_chart(answer):
        rows.append(
            [
                InlineKeyboardButton(
                    CHART_LABEL, callback_data=buttons.put(CHART, answer.chart or answer.question)
                )
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def examples_keyboard(questions: Iterable[str], buttons: ButtonCache) -> InlineKeyboardMarkup:
    """Example questions as buttons (for /start and /help)."""
    return InlineKeyboardMarkup(question_rows(buttons, ((q, q) for q in questions)))
