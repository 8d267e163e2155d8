"""Documents from admins: a .json replaces the knowledge file, a .txt is an article to import.

The size is checked against settings.max_upload_bytes before anything is downloaded. A .json is
validated as a whole before it replaces anything (store.replace_all): if it is invalid the admin
gets every problem (file, table, record, field), nothing changes, and the bot keeps answering from
the file it had. The old file is kept as a backup and /hoantac brings it back.
"""

from __future__ import annotations

import asyncio
import dataclasses
from html import escape

from telegram import Document, Message, Update

from handlers.admin import importing as admin_import
from handlers.admin.common import admin_user, problem_blocks, send_blocks, who
from handlers.services import Context
from knowledge.ingest.importing import source_key_values
from knowledge.store.knowledge_file import StoreError, check_upload_size
from knowledge.store.snapshot import InvalidKnowledge

WHAT_FILES = (
    "Gửi tệp <b>.json</b> để thay toàn bộ tệp tri thức (lấy mẫu bằng /xuat), hoặc tệp "
    "<b>.txt</b> (nội dung bài báo) để nhập số liệu."
)


def _kind(document: Document) -> str:
    name = (document.file_name or "").lower()
    mime = (document.mime_type or "").lower()
    if name.endswith(".json") or mime == "application/json":
        return "json"
    if name.endswith(".txt") or mime == "text/plain":
        return "txt"
    return "other"


async def document(update: Update, context: Context) -> None:
    """An admin's document in private: a knowledge file, an article, or neither."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    if (user := await admin_user(update, context)) is None:
        return
    kind = _kind(message.document)
    if kind == "other":
        await message.reply_text(WHAT_FILES)
        return
    data = await _download(message, message.document, context.bot_data.settings.max_upload_bytes)
    if data is None:
        return
    if kind == "txt":
        try:
            article = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            await message.reply_text(
                f"❌ Tệp không phải UTF-8 (byte {error.start}). Hãy lưu lại dưới dạng UTF-8."
            )
            return
        caption = source_key_values(message.caption or "")
        await admin_import.take_article(update, context, article, caption)
        return
    await _replace(message, context, data, who(user))


async def _download(message: Message, document: Document, limit: int) -> bytes | None:
    """The document's bytes, or None after saying it is too big (checked before downloading)."""
    try:
        if document.file_size is not None:
            check_upload_size(document.file_size, limit)
        data = bytes(await (await document.get_file()).download_as_bytearray())
        check_upload_size(len(data), limit)
    except StoreError as error:
        await message.reply_text(f"❌ {escape(str(error))}. Không có gì thay đổi.")
        return None
    return data


async def _replace(message: Message, context: Context, data: bytes, author: str) -> None:
    store = context.bot_data.store
    name = message.document.file_name if message.document else None
    before = await asyncio.to_thread(store.history, 1)  # the audit log: file I/O
    try:
        knowledge = await asyncio.to_thread(store.replace_all, data, author)
    except InvalidKnowledge as error:
        problems = [dataclasses.replace(p, file=name or p.file) for p in error.problems]
        header = (
            f"❌ Tệp <code>{escape(name or 'tải lên')}</code> không hợp lệ ({len(problems)} lỗi)."
            " Tệp tri thức không thay đổi, bot vẫn trả lời như cũ."
        )
        await send_blocks(context, message.chat_id, problem_blocks(header, problems))
        return
    except StoreError as error:
        await message.reply_text(f"❌ {escape(str(error))}")
        return
    counts = (
        f"{len(knowledge.facts)} dữ kiện, {len(knowledge.metrics)} chỉ tiêu, "
        f"{len(knowledge.sources)} nguồn"
    )
    if await asyncio.to_thread(store.history, 1) == before:
        await message.reply_text(f"Tệp tải lên giống hệt tệp đang dùng ({counts}): không đổi gì.")
        return
    backups = await asyncio.to_thread(store.backups)
    kept = (
        f" Tệp cũ được giữ làm bản sao lưu <code>{escape(backups[-1].name)}</code>;"
        if backups
        else ""
    )
    await message.reply_text(
        f"✅ Đã thay tệp tri thức: {counts}.{kept} /hoantac để quay lại tệp cũ."
    )
