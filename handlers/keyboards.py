"""Inline keyboards: replies.buttons' specs → Telegram buttons with short callback data.

Button texts are Vietnamese labels; callback data is a kind from handlers.callbacks and a
ButtonCache id ("q:3f2a9c1b0d"), well under Telegram's 64 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import callbacks
from handlers.callbacks import Callback
from handlers.services import ButtonCache
from knowledge.answer.engine import Answer
from replies.buttons import Action, Button, answer_buttons, label

EXPIRED = "⌛ Nút này đã hết hạn, bạn hãy hỏi lại nhé."

KINDS: dict[Action, Callback] = {
    "ask": callbacks.QUESTION,
    "chart": callbacks.CHART,
    "details": callbacks.DETAILS,
    "up": callbacks.UP,
    "down": callbacks.DOWN,
    "subscribe": callbacks.SUBSCRIBE,
}


def telegram_rows(
    buttons: ButtonCache, rows: Iterable[Iterable[Button]]
) -> list[list[InlineKeyboardButton]]:
    return [
        [
            InlineKeyboardButton(b.label, callback_data=buttons.put(KINDS[b.action], b.payload))
            for b in row
        ]
        for row in rows
    ]


def question_rows(
    buttons: ButtonCache, items: Iterable[tuple[str, str]]
) -> list[list[InlineKeyboardButton]]:
    """One row per (label, question); pressing it asks the question."""
    return telegram_rows(buttons, ([Button(label(text), "ask", q)] for text, q in items))


def answer_keyboard(
    answer: Answer, buttons: ButtonCache, details: bool = True
) -> InlineKeyboardMarkup | None:
    """Suggestions, Chi tiết and the chart, 👍 👎 and 🔔 (see replies.buttons)."""
    rows = telegram_rows(buttons, answer_buttons(answer, details))
    return InlineKeyboardMarkup(rows) if rows else None


def without_details(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """An answer's keyboard once its details are shown: the same, less "Chi tiết"."""
    if markup is None:
        return None
    prefix = f"{callbacks.DETAILS.prefix}:"
    rows = [
        [b for b in row if not str(b.callback_data or "").startswith(prefix)]
        for row in markup.inline_keyboard
    ]
    return InlineKeyboardMarkup([row for row in rows if row])


def examples_keyboard(questions: Iterable[str], buttons: ButtonCache) -> InlineKeyboardMarkup:
    """Example questions as buttons (for /start and /help)."""
    return InlineKeyboardMarkup(question_rows(buttons, ((q, q) for q in questions)))
