"""Admin commands on the knowledge file: /them, /sua, /xoa (with ✅/❌), /hoantac, /xuat.

Every handler first checks that an admin sent it (admin_common.admin_user). Every write goes
through KnowledgeStore in a worker thread (it may wait for the file lock), so it is validated,
backed up and audited, and the running engine serves the new knowledge at once (Services.engine
follows store.current).

Shared helpers are in admin_common, article imports in admin_import, uploads in admin_upload,
unanswered questions in admin_unanswered; what admins type is read by admin_forms.
"""

from __future__ import annotations

import asyncio
import re
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.admin.common import (
    admin_user,
    command_text,
    edit,
    fact_html,
    form_errors,
    send_blocks,
    who,
    write,
)
from handlers.callbacks import DELETE, KEEP, UNDO
from handlers.services import Context
from knowledge.ingest.fields import (
    FIELDS,
    REQUIRED,
    FormError,
    changes_for,
    new_fact,
    read_assignments,
    read_form,
    template,
)
from knowledge.model import Fact
from knowledge.store.history import AuditEntry
from knowledge.store.knowledge_file import StoreError
from knowledge.store.snapshot import InvalidKnowledge
from knowledge.store.tables import TABLE_NAMES

ACTIONS = {
    "add_fact": "thêm dữ kiện",
    "update_fact": "sửa dữ kiện",
    "remove_fact": "xoá dữ kiện",
    "add_source": "thêm nguồn",
    "add_metric": "thêm chỉ tiêu",
    "add_alias": "thêm bí danh",
    "import": "nhập bài báo",
    "replace_all": "thay toàn bộ tệp tri thức",
}


def _fact_id(text: str) -> tuple[int, str] | None:
    match = re.match(r"\s*#?(\d+)\b(.*)", text, re.DOTALL)
    return (int(match.group(1)), match.group(2)) if match else None


# -- /them -----------------------------------------------------------------------------------


async def add_fact(update: Update, context: Context) -> None:
    """/them alone: a template to fill in; /them with 'key: value' lines: add that fact."""
    message = update.effective_message
    if message is None or (user := await admin_user(update, context)) is None:
        return
    services = context.bot_data
    knowledge, today = services.store.current, services.engine.today()
    text = command_text(message)
    if not text.strip():
        fields = "\n".join(
            f"• <code>{name}</code>{' (bắt buộc)' if name in REQUIRED else ''}: {escape(meaning)}"
            for name, meaning in FIELDS.items()
        )
        metrics = ", ".join(f"<code>{escape(m)}</code>" for m in list(knowledge.metrics)[:40])
        await send_blocks(
            context,
            message.chat_id,
            [
                "Sao chép mẫu dưới đây, sửa rồi gửi lại (mỗi dòng một trường):",
                f"<pre>{escape(template(knowledge, today))}</pre>",
                f"Các trường:\n{fields}",
                f"Mã chỉ tiêu: {metrics}",
            ],
        )
        return
    try:
        fact = new_fact(read_form(text), knowledge, services.settings.default_region, today)
    except FormError as error:
        await message.reply_text(form_errors(error.problems))
        return
    fact_id = await write(
        context, message.chat_id, lambda: services.store.add_fact(fact, who(user))
    )
    if fact_id is None:
        return
    knowledge = services.store.current
    question = services.engine.question_for(
        knowledge.metrics[fact.metric], fact.period.label, fact.region
    )
    await message.reply_text(
        f"✅ Đã thêm dữ kiện:\n{fact_html(fact_id, fact, knowledge)}\n"
        f"Thử hỏi: <i>{escape(question)}</i> · /hoantac để bỏ"
    )


# -- /sua ------------------------------------------------------------------------------------


async def edit_fact(update: Update, context: Context) -> None:
    """/sua ID field=value …: change one fact, showing each field before → after."""
    message = update.effective_message
    if message is None or (user := await admin_user(update, context)) is None:
        return
    services = context.bot_data
    knowledge = services.store.current
    parsed = _fact_id(command_text(message))
    if parsed is None:
        await message.reply_text(
            "Cách dùng: <code>/sua ID trường=giá trị …</code>, vd. "
            "<code>/sua 22 value=87,01</code> hoặc <code>/sua 22 period=năm 2022</code>"
        )
        return
    fact_id, rest = parsed
    before = knowledge.facts.get(fact_id)
    if before is None:
        await message.reply_text(f"❌ Không có dữ kiện #{fact_id}.")
        return
    try:
        changes = changes_for(read_assignments(rest), before, knowledge, services.engine.today())
    except FormError as error:
        await message.reply_text(form_errors(error.problems))
        return
    after = await write(
        context,
        message.chat_id,
        lambda: services.store.update_fact(fact_id, changes, who(user)),
    )
    if after is None:
        return
    old, new = _flat(before), _flat(after)
    lines = [
        f"• <b>{escape(key)}</b>: {escape(str(old.get(key)))} → {escape(str(new.get(key)))}"
        for key in new
        if old.get(key) != new.get(key)
    ]
    await message.reply_text(
        f"✏️ Đã sửa dữ kiện #{fact_id}:\n"
        + ("\n".join(lines) or "(không có gì khác trước)")
        + "\n/hoantac để quay lại"
    )


def _flat(fact: Fact) -> dict[str, object]:
    record = fact.model_dump(mode="json")
    period = record.pop("period")
    return record | {f"period.{key}": value for key, value in period.items()}


# -- /xoa ------------------------------------------------------------------------------------


async def remove_fact(update: Update, context: Context) -> None:
    """/xoa ID: show the fact with ✅ Xoá / ❌ Huỷ; only ✅ removes it."""
    message = update.effective_message
    if message is None or await admin_user(update, context) is None:
        return
    knowledge = context.bot_data.store.current
    parsed = _fact_id(command_text(message))
    if parsed is None:
        await message.reply_text("Cách dùng: <code>/xoa ID</code>, vd. <code>/xoa 22</code>")
        return
    fact_id = parsed[0]
    fact = knowledge.facts.get(fact_id)
    if fact is None:
        await message.reply_text(f"❌ Không có dữ kiện #{fact_id}.")
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("✅ Xoá", callback_data=DELETE.data(fact_id)),
                InlineKeyboardButton("❌ Huỷ", callback_data=KEEP.data(fact_id)),
            ]
        ]
    )
    await message.reply_text(
        f"Xoá dữ kiện này?\n{fact_html(fact_id, fact, knowledge)}", reply_markup=keyboard
    )


async def press_remove(update: Update, context: Context) -> None:
    """✅ Xoá under /xoa (adm:del:<id>): remove the fact — for an admin only."""
    query = update.callback_query
    if query is None or query.data is None or (user := await admin_user(update, context)) is None:
        return
    services = context.bot_data
    fact_id = int(DELETE.payload(query.data))
    knowledge = services.store.current
    try:
        fact = await asyncio.to_thread(services.store.remove_fact, fact_id, who(user))
    except (StoreError, InvalidKnowledge) as error:
        await query.answer("Không xoá được", show_alert=False)
        await edit(query, f"❌ {escape(str(error))}")
        return
    await query.answer("Đã xoá")
    await edit(query, f"🗑 Đã xoá:\n{fact_html(fact_id, fact, knowledge)}\n/hoantac để lấy lại")


async def press_keep(update: Update, context: Context) -> None:
    """❌ Huỷ under /xoa (adm:keep:<id>): nothing is removed."""
    query = update.callback_query
    if query is None or query.data is None or await admin_user(update, context) is None:
        return
    fact_id = int(KEEP.payload(query.data))
    knowledge = context.bot_data.store.current
    fact = knowledge.facts.get(fact_id)
    await query.answer("Đã huỷ")
    shown = f"{fact_html(fact_id, fact, knowledge)}\n" if fact else ""
    await edit(query, f"{shown}↩️ Không xoá dữ kiện #{fact_id}.")


# -- /hoantac, /xuat -------------------------------------------------------------------------


async def undo(update: Update, context: Context) -> None:
    """/hoantac: undo the last change not undone yet, and say what it was. A whole import (every
    figure of an article at once) is shown first, with ✅ Hoàn tác / ❌ Giữ nguyên."""
    message = update.effective_message
    if message is None or (user := await admin_user(update, context)) is None:
        return
    store = context.bot_data.store
    try:
        target = await asyncio.to_thread(store.undo_target)
    except StoreError as error:
        await message.reply_text(f"❌ {escape(str(error))}")
        return
    if target is not None and target.is_whole_import:
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("✅ Hoàn tác", callback_data=UNDO.data(target.id)),
                    InlineKeyboardButton("❌ Giữ nguyên", callback_data=UNDO.data("keep")),
                ]
            ]
        )
        await message.reply_text(
            f"Thay đổi gần nhất là cả một lần nhập bài: {_described(target)}\n"
            "Hoàn tác sẽ bỏ tất cả các bản ghi đó. Hoàn tác?",
            reply_markup=keyboard,
        )
        return
    await message.reply_text(await _undo(context, who(user), None))


async def press_undo(update: Update, context: Context) -> None:
    """✅ Hoàn tác / ❌ Giữ nguyên under /hoantac (adm:undo:<entry id>|keep): for an admin only;
    refused if another change has become the last one since the question."""
    query = update.callback_query
    if query is None or query.data is None or (user := await admin_user(update, context)) is None:
        return
    payload = UNDO.payload(query.data)
    if payload == "keep":
        await query.answer("Đã huỷ")
        await edit(query, "↩️ Không hoàn tác gì.")
        return
    await query.answer()
    await edit(query, await _undo(context, who(user), payload))


async def _undo(context: Context, author: str, expected: str | None) -> str:
    """Undo (the change `expected`, when given) and say what happened, as HTML."""
    try:
        entry = await asyncio.to_thread(context.bot_data.store.undo, author, expected)
    except InvalidKnowledge as error:  # the file as it would be after the undo is not valid
        shown = "\n".join(f"• {escape(str(p))}" for p in error.problems[:5])
        more = f"\n… và {len(error.problems) - 5} lỗi khác" if len(error.problems) > 5 else ""
        return f"❌ Không hoàn tác được, tệp tri thức không đổi:\n{shown}{more}"
    except StoreError as error:
        return f"❌ {escape(str(error))}"
    if entry is None:
        return "Không có thay đổi nào để hoàn tác."
    return f"↩️ Đã hoàn tác: {_described(entry)}"


def _described(entry: AuditEntry) -> str:
    """'nhập bài (12 bản ghi) «…» — do tg:1 Hoa lúc …', escaped."""
    action = ACTIONS.get(entry.action, entry.action)
    if entry.record and entry.action.endswith("_fact"):
        target = f" #{entry.record}"
    elif entry.record:
        target = f" ({TABLE_NAMES.get(entry.table, entry.table)} #{entry.record})"
    else:
        target = f" ({len(entry.changes())} bản ghi)"
    label = f" «{entry.label}»" if entry.label else ""
    return (
        f"{escape(action)}{escape(target)}{escape(label)}\n"
        f"<i>do {escape(entry.who)} lúc {escape(entry.ts)}</i>"
    )


async def export(update: Update, context: Context) -> None:
    """/xuat: the knowledge file as it is on disk, as a document."""
    message = update.effective_message
    if message is None or await admin_user(update, context) is None:
        return
    store = context.bot_data.store
    data = await asyncio.to_thread(store.path.read_bytes)
    knowledge = store.current
    await message.reply_document(
        document=data,
        filename=store.path.name,
        caption=f"📦 <code>{escape(store.path.name)}</code>: {len(knowledge.facts)} dữ kiện, "
        f"{len(knowledge.metrics)} chỉ tiêu, {len(knowledge.sources)} nguồn",
    )
