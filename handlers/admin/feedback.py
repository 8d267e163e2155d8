"""/phanhoi: the answers users marked 👎, most recent first, with the question, what was
answered and the reasons given; one tap turns a question into an alias of the right metric (the
same flow as /chuatraloi: handlers.admin.unanswered)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.admin.common import admin_user, send_blocks
from handlers.callbacks import ALIAS_QUESTION
from handlers.services import Context
from replies.buttons import label
from replies.notices import wrong_answers_blocks

LIMIT = 10


async def list_wrong(update: Update, context: Context) -> None:
    """/phanhoi: answers marked wrong, newest first."""
    message = update.effective_message
    if message is None or await admin_user(update, context) is None:
        return
    services = context.bot_data
    if services.feedback is None:
        await message.reply_text("Bot không ghi phản hồi của người dùng.")
        return
    wrong = await asyncio.to_thread(services.feedback.wrong, LIMIT)
    rows = [
        [
            InlineKeyboardButton(
                label(f"➕ {n}. Thêm làm bí danh… «{item.question}»", 60),
                callback_data=services.buttons.put(ALIAS_QUESTION, item.question),
            )
        ]
        for n, item in enumerate(wrong, 1)
        if item.question
    ]
    await send_blocks(
        context,
        message.chat_id,
        wrong_answers_blocks(wrong),
        markup=InlineKeyboardMarkup(rows) if rows else None,
    )
