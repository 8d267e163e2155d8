"""/chuatraloi: what users asked that the bot could not answer, and a tap to teach it.

Each question gets "➕ Thêm làm bí danh…"; that offers the metrics the question comes closest to;
one tap adds the question as an alias of that metric (store.add_alias) and forgets it in the
unanswered log, and the bot answers it from then on. Questions can be longer than the 64 bytes of
callback data, so buttons carry ButtonCache ids: "adm:al:<id>" (a question), "adm:am:<id>" (a
metric and a question).
"""

from __future__ import annotations

import asyncio
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.admin.common import admin_user, edit, reply_chat, send_blocks, who, write
from handlers.callbacks import ALIAS_METRIC, ALIAS_QUESTION
from handlers.keyboards import EXPIRED
from handlers.questions import send_answer
from handlers.services import Context
from replies.buttons import label

LIMIT = 10
METRIC_CHOICES = 6


async def list_unanswered(update: Update, context: Context) -> None:
    """/chuatraloi: the most asked unanswered questions, with their counts."""
    message = update.effective_message
    if message is None or await admin_user(update, context) is None:
        return
    services = context.bot_data
    if services.unanswered is None:
        await message.reply_text("Bot không ghi câu hỏi chưa trả lời được.")
        return
    top = await asyncio.to_thread(services.unanswered.top, LIMIT)
    if not top:
        await message.reply_text("Chưa có câu hỏi nào mà bot không trả lời được. 🎉")
        return
    lines = [
        f"{n}. «{escape(text)}» — <b>{count}</b> lần (gần nhất {escape(last[:10])})"
        for n, (text, count, last) in enumerate(top, 1)
    ]
    rows = [
        [
            InlineKeyboardButton(
                label(f"➕ {n}. Thêm làm bí danh… «{text}»", 60),
                callback_data=services.buttons.put(ALIAS_QUESTION, text),
            )
        ]
        for n, (text, _, _) in enumerate(top, 1)
    ]
    await send_blocks(
        context,
        message.chat_id,
        ["❓ <b>Câu hỏi chưa trả lời được</b> (hỏi nhiều nhất trước):\n" + "\n".join(lines)],
    )
    await context.bot.send_message(
        message.chat_id,
        "Bấm một câu để dạy bot: chọn chỉ tiêu mà câu đó hỏi, câu sẽ thành bí danh của chỉ tiêu.",
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def press_question(update: Update, context: Context) -> None:
    """➕ under a question: offer the metrics it comes closest to."""
    query = update.callback_query
    if query is None or query.data is None or (user := await admin_user(update, context)) is None:
        return
    services = context.bot_data
    question = services.buttons.get(query.data)
    if question is None:
        await query.answer(EXPIRED, show_alert=True)
        return
    rows = [
        [
            InlineKeyboardButton(
                label(metric.name),
                callback_data=services.buttons.put(ALIAS_METRIC, f"{metric.id}\n{question}"),
            )
        ]
        for metric in services.engine.closest_metrics(question, METRIC_CHOICES)
    ]
    await query.answer()
    chat_id = reply_chat(update, user)
    await context.bot.send_message(
        chat_id,
        f"«{escape(question)}» hỏi về chỉ tiêu nào? "
        "Câu này sẽ thành bí danh của chỉ tiêu bạn chọn.",
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def press_metric(update: Update, context: Context) -> None:
    """A metric under a question: add the alias; once the question is answered, forget it in
    the log and show the answer (a question too vague for the matcher stays listed)."""
    query = update.callback_query
    if query is None or query.data is None or (user := await admin_user(update, context)) is None:
        return
    services = context.bot_data
    payload = services.buttons.get(query.data)
    if payload is None:
        await query.answer(EXPIRED, show_alert=True)
        return
    metric_id, _, question = payload.partition("\n")
    await query.answer()
    chat_id = reply_chat(update, user)
    metric = await write(
        context, chat_id, lambda: services.store.add_alias(metric_id, question, who(user))
    )
    if metric is None:
        return
    await edit(query)
    answer = services.engine.answer(question)
    if answer.status != "answered":
        await context.bot.send_message(
            chat_id,
            f"⚠️ Đã thêm «{escape(question)}» làm bí danh của <b>{escape(metric.name)}</b>, "
            "nhưng bot vẫn chưa trả lời được câu này (câu quá chung để so khớp), nên câu vẫn ở "
            "trong /chuatraloi. /hoantac để bỏ bí danh.",
        )
        return
    if services.unanswered is not None:
        await asyncio.to_thread(services.unanswered.forget, question)
    await context.bot.send_message(
        chat_id,
        f"✅ «{escape(question)}» giờ là bí danh của <b>{escape(metric.name)}</b>. "
        "Bot trả lời câu này như sau:",
    )
    await send_answer(context, chat_id, answer)
