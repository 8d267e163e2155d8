"""Subscriptions: /theodoi (or 🔔 under an answer) follows a metric in a place, /huytheodoi lists
and removes them, and `announce_new_figures` tells each follower about a newer period.

Kept in the data folder (knowledge.store.subscriptions), not in PTB's persistence: one small
owner-only JSON file written like the knowledge (temp file + rename), holding chat ids and what
they follow and nothing else, readable by an admin and by `announce_new_figures` without PTB.

Announcing runs in the background (handlers.watch), through the bot's rate limiter, one message
per follower per new period: a subscription remembers the newest period it was told about, so a
figure is announced once, and never one of an older period. A chat that blocked the bot is
dropped.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from handlers import callbacks
from handlers.admin.common import command_text
from handlers.keyboards import EXPIRED, answer_keyboard
from handlers.services import Context, Services
from knowledge.model import Metric, Period
from knowledge.store.snapshot import Knowledge
from knowledge.store.subscriptions import MAX_PER_CHAT, Subscription
from replies import notices
from replies.buttons import label
from replies.limits import split_blocks

log = logging.getLogger(__name__)

SAVE_EVERY = 25  # announcements between two writes of the subscriptions file


def newest_period(knowledge: Knowledge, metric: str, region: str) -> Period | None:
    """The newest period with a result (not a target) for the metric in the place."""
    periods = [
        sf.fact.period for sf in knowledge.facts_of(metric, region) if sf.fact.kind != "target"
    ]
    return max(periods, key=lambda p: (p.end, p.start)) if periods else None


async def _subscribe(context: Context, chat_id: int, metric: Metric, region: str) -> str:
    services = context.bot_data
    if services.subscriptions is None:
        return "Bot không lưu đăng ký theo dõi."
    latest = newest_period(services.store.current, metric.id, region)
    seen = latest.end if latest else None
    added = await asyncio.to_thread(services.subscriptions.add, chat_id, metric.id, region, seen)
    if added:
        return notices.subscribed(metric, region, latest.label if latest else None)
    if len(services.subscriptions.of_chat(chat_id)) >= MAX_PER_CHAT:
        return notices.TOO_MANY.format(MAX_PER_CHAT)
    return notices.already_subscribed(metric, region)


async def subscribe_command(update: Update, context: Context) -> None:
    """/theodoi TÊN CHỈ SỐ [địa bàn]: follow the metric the text names."""
    message = update.effective_message
    if message is None:
        return
    text = command_text(message).strip()
    if not text:
        await message.reply_text(notices.SUBSCRIBE_HOW)
        return
    answer = context.bot_data.engine.answer(text)
    if answer.metric is None or not answer.region or answer.status == "not_found":
        await message.reply_text(notices.SUBSCRIBE_UNKNOWN.format(escape(text)))
        return
    await message.reply_text(
        await _subscribe(context, message.chat_id, answer.metric, answer.region)
    )


async def press_subscribe(update: Update, context: Context) -> None:
    """🔔 under an answer."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None or chat is None:
        return
    services = context.bot_data
    payload = services.buttons.get(query.data)
    metric_id, _, region = (payload or "").partition("\n")
    metric = services.store.current.metrics.get(metric_id)
    if metric is None or not region:
        await query.answer(EXPIRED, show_alert=True)
        return
    text = await _subscribe(context, chat.id, metric, region)
    await query.answer("🔔 Đã theo dõi")
    await context.bot.send_message(chat.id, text)


def _followed(services: Services, chat_id: int) -> list[tuple[Subscription, Metric]]:
    metrics = services.store.current.metrics
    subscriptions = services.subscriptions.of_chat(chat_id) if services.subscriptions else []
    return [(s, metrics.get(s.metric) or Metric(id=s.metric, name=s.metric)) for s in subscriptions]


def _list_markup(followed: list[tuple[Subscription, Metric]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label(f"🔕 {n}. {metric.name} · {s.region}"),
                    callback_data=callbacks.UNSUBSCRIBE.data(n),
                )
            ]
            for n, (s, metric) in enumerate(followed, 1)
        ]
    )


async def unsubscribe_command(update: Update, context: Context) -> None:
    """/huytheodoi: what the chat follows, a 🔕 button for each."""
    message = update.effective_message
    if message is None:
        return
    followed = _followed(context.bot_data, message.chat_id)
    if not followed:
        await message.reply_text(notices.NO_SUBSCRIPTIONS)
        return
    await message.reply_text(
        notices.subscriptions_list([(m, s.region) for s, m in followed]),
        reply_markup=_list_markup(followed),
    )


async def press_unsubscribe(update: Update, context: Context) -> None:
    """🔕 n in the /huytheodoi list: stop following it; the list is shown again."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None or chat is None:
        return
    services = context.bot_data
    followed = _followed(services, chat.id)
    n = int(callbacks.UNSUBSCRIBE.payload(query.data))
    if not 1 <= n <= len(followed) or services.subscriptions is None:
        await query.answer(EXPIRED, show_alert=True)
        return
    sub, metric = followed[n - 1]
    await asyncio.to_thread(services.subscriptions.remove, chat.id, sub.metric, sub.region)
    await query.answer("🔕 Đã bỏ theo dõi")
    rest = _followed(services, chat.id)
    text = notices.unsubscribed(metric, sub.region)
    if rest:
        text += "\n\n" + notices.subscriptions_list([(m, s.region) for s, m in rest])
    try:
        await query.edit_message_text(text, reply_markup=_list_markup(rest) if rest else None)
    except BadRequest as error:
        log.debug("subscription list not edited: %s", error)


# -- announcing new figures -------------------------------------------------------------------


async def announce_new_figures(services: Services, bot: Bot) -> int:
    """Tell every follower of a metric and place about a period newer than the one it knows;
    the number of messages sent. Safe to call often: it does nothing when the knowledge has not
    changed since its last complete run."""
    subscriptions = services.subscriptions
    knowledge = services.store.current
    if subscriptions is None or knowledge is services.announced:
        return 0
    async with services.announcing:
        complete, sent, marked = True, 0, []
        engine = services.engine
        for sub in subscriptions.all():
            metric = knowledge.metrics.get(sub.metric)
            latest = newest_period(knowledge, sub.metric, sub.region)
            if metric is None or latest is None or (sub.seen and latest.end <= sub.seen):
                continue
            answer = engine.answer(engine.question_for(metric, latest.label, sub.region))
            shown = answer.headline.fact.period if answer.headline else None
            if answer.status != "answered" or shown != latest:
                log.warning("no answer to announce %s in %s (%s)", metric.id, sub.region, latest)
                continue
            try:
                for html in split_blocks(notices.new_figure_blocks(answer)):
                    await bot.send_message(
                        sub.chat_id,
                        html,
                        reply_markup=answer_keyboard(answer, services.buttons),
                    )
            except Forbidden:  # blocked the bot, or left the group
                log.info("chat %s blocked the bot: its subscriptions are dropped", sub.chat_id)
                await asyncio.to_thread(subscriptions.drop_chat, sub.chat_id)
                continue
            except BadRequest as error:
                if "chat not found" in str(error).lower():
                    await asyncio.to_thread(subscriptions.drop_chat, sub.chat_id)
                else:
                    log.warning("could not announce to %s: %s", sub.chat_id, error)
                continue
            except (RetryAfter, TelegramError) as error:  # try again on the next round
                log.warning("could not announce to %s yet: %s", sub.chat_id, error)
                complete = False
                continue
            sent += 1
            marked.append((sub, latest.end))
            if len(marked) >= SAVE_EVERY:
                await asyncio.to_thread(subscriptions.mark_seen, marked)
                marked = []
        if marked:
            await asyncio.to_thread(subscriptions.mark_seen, marked)
        if complete:
            services.announced = knowledge
        if sent:
            log.info("announced new figures in %d messages", sent)
        return sent
