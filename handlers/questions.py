"""Questions: text messages and suggestion buttons → the engine → an HTML reply with buttons.

In private chats every text message is a question. In groups the bot answers only messages
addressed to it: an @mention (removed from the question) or a reply to one of its messages.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Hashable
from html import escape

from telegram import Bot, Chat, Message, MessageEntity, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import filters

from handlers.feedback import answer_key, take_reason, waiting_reason, with_votes
from handlers.keyboards import EXPIRED, answer_keyboard, without_details
from handlers.services import Context, Services
from knowledge.answer.engine import Answer
from knowledge.store.snapshot import Problem
from knowledge.understand.folding import well_formed
from replies.answer import render_blocks
from replies.buttons import details_blocks
from replies.limits import split_blocks

log = logging.getLogger(__name__)

MAX_QUESTION = 500  # characters of a question passed to the engine
PROBLEMS_SHOWN = 30


class AddressedToBot(filters.MessageFilter):
    """Private chats, or in a group: a message that mentions the bot or replies to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == Chat.PRIVATE:
            return True
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        return bool(_mentions(message, bot.username))


ADDRESSED = AddressedToBot(name="AddressedToBot")


def _mentions(message: Message, username: str | None) -> list[str]:
    """The @mentions of this bot in the message, as written."""
    if not username:
        return []
    found = message.parse_entities([MessageEntity.MENTION]).values()
    return [text for text in found if text.lower() == f"@{username.lower()}"]


def question_text(message: Message) -> str:
    """The question: NFC (phones may send NFD), without the bot's @mention, at most 500 chars."""
    text = well_formed(message.text or "")  # a lone surrogate would fail every later encode
    for mention in _mentions(message, message.get_bot().username):
        text = text.replace(mention, " ")
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"^[\s,:;.!-]+", "", " ".join(text.split()))
    return text[:MAX_QUESTION]


SMALL_TALK = ("greeting", "thanks", "bye", "ack")


def conversation_key(update: Update) -> Hashable | None:
    """Whose conversation an update continues: the chat, or in a group the member who wrote
    (two people asking in one group never continue each other's questions)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    if chat.type == Chat.PRIVATE or user is None:
        return chat.id
    return (chat.id, user.id)


def answer_question(services: Services, question: str, chat: Hashable | None = None) -> Answer:
    """Ask the engine, following on from the chat's last question; remember what it could not
    answer (not small talk) for the admins."""
    topic = services.conversations.get(chat) if chat is not None else None
    answer = services.engine.answer(question, topic)
    if chat is not None:
        services.conversations.remember(chat, answer.topic)
    if answer.status in ("not_found", "no_data") and answer.reason not in SMALL_TALK:
        services.record_unanswered(question, answer.status)
    return answer


async def send_answer(
    context: Context, chat_id: int, answer: Answer, reply_to: Message | None = None
) -> None:
    """The phone-sized answer (≤ 4096 characters a message); the buttons under the last one."""
    messages = split_blocks(render_blocks(answer))
    keyboard = answer_keyboard(answer, context.bot_data.buttons)
    for n, html in enumerate(messages):
        markup = keyboard if n == len(messages) - 1 else None
        if n == 0 and reply_to is not None:
            await reply_to.reply_text(html, reply_markup=markup)
        else:
            await context.bot.send_message(chat_id, html, reply_markup=markup)


async def ask(update: Update, context: Context) -> None:
    """A text question (in a group: addressed to the bot): reply with the answer. After a 👎,
    the next message is its reason, unless it is a question the bot can answer."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    question = question_text(message) or "xin chào"  # a bare mention is a greeting
    services = context.bot_data
    if user is not None and (waiting := waiting_reason(services, message.chat_id, user.id)):
        services.reasons.pop((message.chat_id, user.id), None)
        if services.engine.answer(question).status != "answered":
            await take_reason(update, context, waiting, question)
            return
    answer = answer_question(services, question, conversation_key(update))
    await send_answer(context, message.chat_id, answer, reply_to=message)


async def press_details(update: Update, context: Context) -> None:
    """ℹ️ Chi tiết: the whole answer in place of the phone-sized one (its votes kept); what does
    not fit one message follows it."""
    query, services = update.callback_query, context.bot_data
    if query is None or query.data is None:
        return
    shown = services.buttons.get(query.data)
    message = query.message
    await query.answer()
    if shown is None or not isinstance(message, Message):
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, EXPIRED)
        return
    first, *rest = split_blocks(details_blocks(shown))
    keyboard = with_votes(services, answer_key(message), without_details(message.reply_markup))
    try:
        await query.edit_message_text(first, reply_markup=None if rest else keyboard)
    except BadRequest as error:  # pressed twice: already shown
        log.debug("details not shown: %s", error)
        return
    for n, html in enumerate(rest, 1):
        markup = keyboard if n == len(rest) else None
        await context.bot.send_message(message.chat.id, html, reply_markup=markup)


async def pressed_question(update: Update, context: Context) -> tuple[int, str] | None:
    """The chat and the question behind a pressed button (its spinner stopped); None when
    there is none, after telling the user an expired button should be asked again."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or query.data is None:
        return None
    question = context.bot_data.buttons.get(query.data)
    await query.answer()
    if chat is None:
        return None
    if question is None:
        await context.bot.send_message(chat.id, EXPIRED)
        return None
    return chat.id, question


async def press_question(update: Update, context: Context) -> None:
    """A suggestion or example button: answer the question it stands for."""
    pressed = await pressed_question(update, context)
    if pressed is not None:
        chat_id, question = pressed
        answer = answer_question(context.bot_data, question, conversation_key(update))
        await send_answer(context, chat_id, answer)


async def press_unknown(update: Update, context: Context) -> None:
    """A button this version of the bot does not know: stop the spinner, ask to ask again."""
    query = update.callback_query
    if query is not None:
        await query.answer(EXPIRED)


async def refresh_knowledge(update: Update, context: Context) -> None:
    """Before each update: pick up an edited knowledge file; tell the admins if it is invalid."""
    problems = await context.bot_data.refresh()
    if problems:
        await notify_admins(context, problems)


async def notify_admins(context: Context, problems: list[Problem]) -> None:
    """Send each admin the problems of an invalid knowledge file (file, record, field)."""
    await tell_admins(context.bot_data, context.bot, problems)


async def tell_admins(services: Services, bot: Bot, problems: list[Problem]) -> None:
    """notify_admins, outside a handler (the background watcher)."""
    lines = [f"• {escape(str(p))}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… và {len(problems) - PROBLEMS_SHOWN} lỗi khác")
    header = (
        f"⚠️ Tệp tri thức <code>{escape(str(services.store.path))}</code> vừa sửa không hợp "
        f"lệ ({len(problems)} lỗi). Bot vẫn trả lời theo bản hợp lệ trước đó."
    )
    blocks = [header] + ["\n".join(lines[i : i + 10]) for i in range(0, len(lines), 10)]
    for admin in sorted(services.settings.admin_ids):
        try:
            for html in split_blocks(blocks):
                await bot.send_message(admin, html)
        except TelegramError as error:  # e.g. the admin never started a chat with the bot
            log.warning(
                "could not tell admin %s about the invalid knowledge file: %s", admin, error
            )
