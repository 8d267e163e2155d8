"""Commands and everything that is not a question: /start, /help, /chiso, /nguon, stickers…

The texts are replies.pages (the offline chat shows them too); the handlers only send them.
"""

from __future__ import annotations

from telegram import BotCommand, Update

from handlers.keyboards import examples_keyboard
from handlers.questions import conversation_key
from handlers.services import Context
from replies.limits import split_blocks
from replies.pages import (
    TEXT_ONLY,
    UNKNOWN_COMMAND,
    examples,
    help_html,
    metrics_blocks,
    sources_blocks,
    welcome_html,
)

COMMANDS = (
    BotCommand("start", "Giới thiệu và câu hỏi mẫu"),
    BotCommand("help", "Cách hỏi và các lệnh"),
    BotCommand("chiso", "Các chỉ số và kỳ số liệu đang có"),
    BotCommand("nguon", "Các bài báo nguồn số liệu"),
    BotCommand("theodoi", "Theo dõi một chỉ số: nhắn khi có số liệu mới"),
    BotCommand("huytheodoi", "Các chỉ số đang theo dõi, bỏ theo dõi"),
)


async def start(update: Update, context: Context) -> None:
    """/start: what the bot knows, with example questions as buttons."""
    message = update.effective_message
    if message is None:
        return
    services = context.bot_data
    key = conversation_key(update)
    if key is not None:
        services.conversations.forget(key)  # a new start: no follow-up on what came before
    keyboard = examples_keyboard(examples(services.engine), services.buttons)
    await message.reply_text(welcome_html(services.engine), reply_markup=keyboard)


async def help_command(update: Update, context: Context) -> None:
    """/help: how to ask, the commands, groups and inline mode."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(help_html(context.bot_data.engine, context.bot.username))


async def metrics(update: Update, context: Context) -> None:
    """/chiso: every metric with the periods it has figures for."""
    message = update.effective_message
    if message is not None:
        for html in split_blocks(metrics_blocks(context.bot_data.engine)):
            await message.reply_text(html)


async def sources(update: Update, context: Context) -> None:
    """/nguon: the source articles: title (linked), publisher, date."""
    message = update.effective_message
    if message is not None:
        for html in split_blocks(sources_blocks(context.bot_data.engine)):
            await message.reply_text(html)


async def text_only(update: Update, context: Context) -> None:
    """Stickers, photos, voice, documents…: say politely that the bot reads text questions."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(TEXT_ONLY)


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: point to /help."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(UNKNOWN_COMMAND)
