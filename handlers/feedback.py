"""👍/👎 under answers: one tap records the vote (changeable, one per user per answer); a 👎 asks
for an optional short reason, taken from the user's next message.

A vote is keyed by the answer's message and the voter's Telegram id (knowledge.store.feedback);
the buttons then show the counts ("👍 2", "👎 1"). The next message after a 👎 is its reason unless
it is a question the bot can answer (then it is answered, and the reason is not asked again), a
command, or "Bỏ qua" is pressed; the offer lapses after REASON_SECONDS.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from handlers import callbacks
from handlers.services import Context, Services
from knowledge.store.feedback import Vote
from replies import notices
from replies.buttons import DOWN, UP

log = logging.getLogger(__name__)

REASON_SECONDS = 600.0
MAX_WAITING = 1_000  # reasons awaited at once before lapsed offers are swept


def answer_key(message: Message) -> str:
    return f"{message.chat.id}:{message.message_id}"


def _answered(message: Message) -> str:
    """What the bot said, as the user saw it: the answer's first two lines."""
    return " / ".join((message.text or "").splitlines()[:2])


def _with_counts(markup: InlineKeyboardMarkup | None, up: int, down: int) -> InlineKeyboardMarkup:
    """The answer's keyboard with the vote buttons showing their counts."""
    counted = {callbacks.UP.prefix: (UP, up), callbacks.DOWN.prefix: (DOWN, down)}
    rows = []
    for row in markup.inline_keyboard if markup else ():
        new_row = []
        for button in row:
            kind = (
                (button.callback_data or "").partition(":")[0]
                if isinstance(button.callback_data, str)
                else ""
            )
            if kind in counted:
                face, count = counted[kind]
                button = InlineKeyboardButton(
                    f"{face} {count}" if count else face, callback_data=button.callback_data
                )
            new_row.append(button)
        rows.append(new_row)
    return InlineKeyboardMarkup(rows)


def with_votes(
    services: Services, key: str, markup: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """An answer's keyboard showing the votes it has so far."""
    if markup is None or services.feedback is None:
        return markup
    return _with_counts(markup, *services.feedback.counts(key))


async def press_up(update: Update, context: Context) -> None:
    await _vote(update, context, "up")


async def press_down(update: Update, context: Context) -> None:
    await _vote(update, context, "down")


async def _vote(update: Update, context: Context, vote: Vote) -> None:
    query, services = update.callback_query, context.bot_data
    if query is None or query.data is None:
        return
    message = query.message
    if services.feedback is None or not isinstance(message, Message):
        await query.answer()
        return
    asked = message.reply_to_message.text if message.reply_to_message else None
    question = services.buttons.get(query.data) or asked or ""
    key, user = answer_key(message), query.from_user.id
    up, down = await asyncio.to_thread(
        services.feedback.vote, key, user, vote, question, _answered(message)
    )
    await query.answer(notices.THANKS_UP if vote == "up" else notices.THANKS_DOWN)
    counted = _with_counts(message.reply_markup, up, down)
    try:
        if counted != message.reply_markup:  # the same tap again changes nothing
            await query.edit_message_reply_markup(counted)
    except BadRequest as error:  # the same counts again, or a message too old to edit
        log.debug("vote counts not shown: %s", error)
    chat = message.chat.id
    if vote == "up":
        services.reasons.pop((chat, user), None)
        return
    now = services.clock()
    if len(services.reasons) > MAX_WAITING:  # offers nobody took up: forget the lapsed ones
        services.reasons = {k: v for k, v in services.reasons.items() if v[1] >= now}
    services.reasons[(chat, user)] = (key, now + REASON_SECONDS)
    skip = InlineKeyboardButton(
        notices.REASON_SKIP, callback_data=callbacks.NO_REASON.data(message.message_id)
    )
    await context.bot.send_message(
        chat, notices.ASK_REASON, reply_markup=InlineKeyboardMarkup([[skip]])
    )


def waiting_reason(services: Services, chat_id: int, user_id: int) -> str | None:
    """The answer whose 👎 waits for this user's reason in this chat, if the offer stands."""
    pending = services.reasons.get((chat_id, user_id))
    if pending is None:
        return None
    key, deadline = pending
    if services.clock() > deadline:
        del services.reasons[(chat_id, user_id)]
        return None
    return key


async def take_reason(update: Update, context: Context, key: str, text: str) -> None:
    """The user's message after a 👎: keep it as the reason."""
    services, message, user = context.bot_data, update.effective_message, update.effective_user
    if message is None or user is None or services.feedback is None:
        return
    services.reasons.pop((message.chat_id, user.id), None)
    saved = await asyncio.to_thread(services.feedback.add_reason, key, user.id, text)
    await message.reply_text(notices.REASON_SAVED if saved else notices.REASON_SKIPPED)


async def press_no_reason(update: Update, context: Context) -> None:
    """'Bỏ qua' under the request for a reason."""
    query = update.callback_query
    if query is None:
        return
    chat = update.effective_chat
    if chat is not None:
        context.bot_data.reasons.pop((chat.id, query.from_user.id), None)
    await query.answer(notices.REASON_SKIPPED)
    try:
        await query.edit_message_text(notices.REASON_SKIPPED)
    except BadRequest as error:
        log.debug("reason request not edited: %s", error)
