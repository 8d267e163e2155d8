"""What every admin handler shares: who may act, how the audit log names them, safe writes,
and replies (problems, form errors, a fact as an admin reviews it).

Admin handlers are registered for settings.admin_ids in private chats only (filters.User), and
every one of them calls `admin_user` first anyway: a button can be pressed, or its data forged,
by anyone who sees it. Anyone else gets DENIED and nothing changes.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TypeVar

from telegram import BotCommand, CallbackQuery, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest

from handlers.services import Context
from knowledge.model import Fact
from knowledge.store.knowledge_file import StoreError
from knowledge.store.snapshot import InvalidKnowledge, Knowledge, Problem
from replies.figures import excerpt, figure_words
from replies.limits import split_blocks

log = logging.getLogger(__name__)

_T = TypeVar("_T")

DENIED = "Bạn không có quyền quản trị."
PRIVATE_ONLY = "Lệnh quản trị chỉ dùng trong tin nhắn riêng với bot."
PROBLEMS_SHOWN = 30

COMMANDS = (
    BotCommand("them", "Thêm một dữ kiện"),
    BotCommand("sua", "Sửa một dữ kiện: /sua ID trường=giá trị"),
    BotCommand("xoa", "Xoá một dữ kiện: /xoa ID"),
    BotCommand("hoantac", "Hoàn tác thay đổi gần nhất"),
    BotCommand("nhap", "Nhập số liệu từ một bài báo"),
    BotCommand("xuat", "Xuất tệp tri thức"),
    BotCommand("chuatraloi", "Câu hỏi chưa trả lời được"),
    BotCommand("phanhoi", "Câu trả lời bị người dùng đánh dấu 👎"),
    BotCommand("huy", "Huỷ việc nhập đang làm dở"),
)
"""The admin command menu (for BotCommandScopeChat of each admin)."""
COMMAND_NAMES = tuple(c.command for c in COMMANDS)


# -- who may do what ------------------------------------------------------------------------


async def admin_user(update: Update, context: Context) -> User | None:
    """The admin behind this update, or None after telling anyone else DENIED."""
    user = update.effective_user
    if user is not None and context.bot_data.settings.is_admin(user.id):
        return user
    log.warning("admin action refused for user %s", user.id if user else None)
    if update.callback_query is not None:
        await update.callback_query.answer(DENIED, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(DENIED)
    return None


def reply_chat(update: Update, user: User) -> int:
    """Where to answer a button press: the chat of its message, else the admin's own chat."""
    return update.effective_chat.id if update.effective_chat else user.id


def who(user: User) -> str:
    """How the audit log names a Telegram admin."""
    return f"telegram:{user.id} ({user.full_name})"


async def deny(update: Update, context: Context) -> None:
    """An admin command from anyone else, or from an admin outside a private chat."""
    user, message = update.effective_user, update.effective_message
    if message is None:
        return
    admin = user is not None and context.bot_data.settings.is_admin(user.id)
    await message.reply_text(PRIVATE_ONLY if admin else DENIED)


# -- shared replies --------------------------------------------------------------------------


def command_text(message: Message) -> str:
    """The text after '/cmd' (or '/cmd@bot'), newlines kept."""
    text = message.text or message.caption or ""
    return re.sub(r"^/\S+[ \t]*\n?", "", text, count=1)


async def send_blocks(
    context: Context,
    chat_id: int,
    blocks: Sequence[str],
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """The blocks in as few messages as fit; `markup` goes under the last one."""
    messages = split_blocks(list(blocks))
    for n, html in enumerate(messages, 1):
        await context.bot.send_message(
            chat_id, html, reply_markup=markup if n == len(messages) else None
        )


def problem_blocks(header: str, problems: Sequence[Problem]) -> list[str]:
    """A header and the problems (file, table, record, field), escaped, ten per block."""
    lines = [f"• {escape(str(p))}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… và {len(problems) - PROBLEMS_SHOWN} lỗi khác")
    return [header] + ["\n".join(lines[i : i + 10]) for i in range(0, len(lines), 10)]


async def write(context: Context, chat_id: int, change: Callable[[], _T]) -> _T | None:
    """Run a store change off the event loop; None after telling the admin why it failed."""
    try:
        return await asyncio.to_thread(change)
    except InvalidKnowledge as error:
        header = "❌ Thay đổi bị từ chối, tệp tri thức không đổi:"
        await send_blocks(context, chat_id, problem_blocks(header, error.problems))
    except StoreError as error:
        await context.bot.send_message(chat_id, f"❌ {escape(str(error))}")
    return None


async def edit(
    query: CallbackQuery, html: str | None = None, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the message whose button was pressed: its text and buttons, or (html None) only its
    buttons. Two quick presses may ask for the same edit twice: 'not modified' is fine."""
    try:
        if html is None:
            await query.edit_message_reply_markup(markup)
        else:
            await query.edit_message_text(html, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


def form_errors(problems: Sequence[tuple[str, str]]) -> str:
    lines = [f"• <b>{escape(field)}</b>: {escape(message)}" for field, message in problems]
    return "❌ Dữ kiện chưa hợp lệ, chưa lưu gì:\n" + "\n".join(lines)


def fact_html(fact_id: int, fact: Fact, knowledge: Knowledge) -> str:
    """One fact as an admin reviews it: id, metric, figure, period, place, source, quote."""
    metric = knowledge.metrics.get(fact.metric)
    name = metric.name if metric else fact.metric
    return (
        f"<b>#{fact_id}</b> {escape(name)} (<code>{escape(fact.metric)}</code>)\n"
        f"<b>{escape(figure_words(fact))}</b> · {escape(fact.period.label)} · "
        f"{escape(fact.region)} · nguồn <code>{escape(fact.source)}</code>\n"
        f"<blockquote>{escape(excerpt(fact))}</blockquote>"
    )
