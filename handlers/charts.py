"""The chart button: draw the metric's history (replies.charts) in a worker thread and send it."""

from __future__ import annotations

import asyncio

from telegram import Update

from handlers.questions import pressed_question
from handlers.services import Context
from replies.charts import chart_caption, render_chart


async def send_chart(update: Update, context: Context) -> None:
    """Chart button pressed: draw the metric's history and send it as a photo."""
    pressed = await pressed_question(update, context)
    if pressed is None:
        return
    chat_id, question = pressed
    engine = context.bot_data.engine
    answer = engine.answer(question)
    if len(answer.history) < 2 or answer.metric is None:
        await context.bot.send_message(chat_id, "Chỉ tiêu này chưa đủ số liệu để vẽ biểu đồ.")
        return
    region = answer.region or context.bot_data.settings.default_region
    targets = engine.targets(answer.metric.id, region)
    png = await asyncio.to_thread(render_chart, answer.history, region, targets)
    await context.bot.send_photo(chat_id, png, caption=chart_caption(answer.history, region))
