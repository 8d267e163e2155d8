"""The Bot API stand-in, exercised through the real python-telegram-bot HTTP stack."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from typing import Any

import httpx
import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from tests.standin.ptb import TOKEN, build_application, polling
from tests.standin.server import (
    DEFAULT_BOT_USERNAME,
    DEFAULT_GROUP_ID,
    DEFAULT_USER_ID,
    BotApiStandIn,
    make_png,
)

CHAT = DEFAULT_USER_ID


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def post(api: BotApiStandIn, method: str, token: str = TOKEN, **kwargs: Any) -> Any:
    """A raw HTTP call, for what PTB cannot be made to send."""
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{token}/{method}", **kwargs)
        return response.status_code, response.json()


# -- sending through PTB --------------------------------------------------------------------


async def test_get_me_and_token(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    me = await ptb_bot.get_me()
    assert (me.id, me.username, me.is_bot) == (999000, DEFAULT_BOT_USERNAME, True)
    assert api.tokens == {TOKEN}


async def test_send_message_returns_parsed_message(
    api: BotApiStandIn, ptb_bot: telegram.Bot
) -> None:
    api.add_chat(CHAT)
    first = await ptb_bot.send_message(CHAT, "<b>Tỷ lệ</b> bao phủ", parse_mode=ParseMode.HTML)
    second = await ptb_bot.send_message(CHAT, "lần hai", reply_markup=keyboard("m:1", "m:2"))
    assert first.text == "Tỷ lệ bao phủ"  # Telegram returns the text with the markup parsed
    assert first.entities[0].type == "bold"
    assert first.from_user is not None and first.from_user.is_bot
    assert second.message_id == first.message_id + 1
    assert second.reply_markup == keyboard("m:1", "m:2")
    [request] = api.wait_for(lambda r: r.params.get("text") == "lần hai")
    assert request.params["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "m:2"
    assert api.texts(CHAT) == ["Tỷ lệ bao phủ", "lần hai"]
    assert not api.rejected


async def test_bad_html_is_rejected_and_recorded(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    with pytest.raises(BadRequest, match="Can't parse entities: can't find end tag"):
        await ptb_bot.send_message(CHAT, "<b>x", parse_mode=ParseMode.HTML)
    [rejected] = api.take_rejected()
    assert rejected.method == "sendMessage" and rejected.status == 400
    assert rejected.error == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b"
    )
    assert api.messages() == []


async def test_text_limits_count_visible_utf16(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    with pytest.raises(BadRequest, match="Message is too long"):
        await ptb_bot.send_message(CHAT, "a" * 5000)
    await ptb_bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message is too long"):
        await ptb_bot.send_message(CHAT, "👍" * 2049)  # 2049 characters, 4098 UTF-16 units
    with pytest.raises(BadRequest, match="Message text is empty"):
        await ptb_bot.send_message(CHAT, "<b> </b>\n", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await ptb_bot.send_photo(CHAT, make_png(), caption="x" * 1025)
    assert [r.error for r in api.take_rejected()] == [
        "Bad Request: message is too long",
        "Bad Request: message is too long",
        "Bad Request: message text is empty",
        "Bad Request: message caption is too long",
    ]


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (InlineKeyboardButton("x", callback_data="a" * 65), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("x", callback_data="bảo hiểm xã hội " * 3), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("x", callback_data=""), "Text buttons are unallowed"),
        (InlineKeyboardButton("x", url="https://a.vn", callback_data="a"), "exactly one of"),
        (InlineKeyboardButton("x", url="not a url"), "is invalid: Wrong HTTP URL"),
    ],
)
async def test_inline_keyboard_validation(
    api: BotApiStandIn, ptb_bot: telegram.Bot, button: InlineKeyboardButton, error: str
) -> None:
    api.add_chat(CHAT)
    # PTB strips "Bad Request: " and capitalize()s the rest: compare without case.
    with pytest.raises(BadRequest, match=f"(?i){re.escape(error)}"):
        await ptb_bot.send_message(CHAT, "x", reply_markup=InlineKeyboardMarkup([[button]]))
    assert len(api.take_rejected()) == 1
    await ptb_bot.send_message(CHAT, "64 bytes ok", reply_markup=keyboard("a" * 64))


async def test_unknown_and_blocked_chats(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await ptb_bot.send_message(42, "ai đó")
    api.add_chat(42)
    api.block_user(42)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb_bot.send_message(42, "ai đó")
    assert [r.status for r in api.take_rejected()] == [400, 403]


async def test_photo_and_document_uploads(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    png = make_png(1600, 900)
    message = await ptb_bot.send_photo(CHAT, png, caption="<i>Biểu đồ</i>", parse_mode="HTML")
    assert (message.photo[-1].width, message.photo[-1].height) == (1600, 900)
    assert message.photo[0].width == 90  # a thumbnail first, like Telegram
    assert message.caption == "Biểu đồ"
    assert api.sent[-1].files["photo"].data == png
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await ptb_bot.send_photo(CHAT, b"GIF89a not a png")
    assert len(api.take_rejected()) == 1
    data = b"%PDF-1.4\r\n--boundary\r\n\x00\xff"  # bytes that could confuse a multipart parser
    document = await ptb_bot.send_document(CHAT, data, filename="bao-cao.pdf")
    assert document.document is not None and document.document.file_name == "bao-cao.pdf"
    assert api.sent[-1].files["document"].data == data
    again = await ptb_bot.send_photo(CHAT, message.photo[-1].file_id)  # re-send by file_id
    assert again.photo[-1].width == 1600
    downloaded = await (await ptb_bot.get_file(document.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == data


async def test_commands_webhook_and_what_the_bot_never_calls(
    api: BotApiStandIn, ptb_bot: telegram.Bot
) -> None:
    commands = [("start", "Bắt đầu"), ("hoi", "Hỏi về BHXH")]
    assert await ptb_bot.set_my_commands(commands, language_code="vi")
    assert api.commands == {
        ('{"type": "default"}', "vi"): [
            {"command": "start", "description": "Bắt đầu"},
            {"command": "hoi", "description": "Hỏi về BHXH"},
        ]
    }
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await ptb_bot.set_my_commands([("Hỏi", "x")])
    with pytest.raises(BadRequest, match=r"(?i)An HTTPS URL must be provided"):
        await ptb_bot.set_webhook("http://example.com/hook")
    assert await ptb_bot.set_webhook("https://example.com/hook", secret_token="s")
    assert api.webhook["url"] == "https://example.com/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await ptb_bot.get_updates()
    assert await ptb_bot.delete_webhook(drop_pending_updates=True)
    assert await ptb_bot.get_updates() == ()
    with pytest.raises(telegram.error.TelegramError, match="Not Found: method not found"):
        await ptb_bot.send_chat_action(CHAT, "typing")  # the bot does not use it: not served
    assert [r.status for r in api.take_rejected()] == [400, 400, 409, 404]


async def test_edits(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    sent = await ptb_bot.send_message(CHAT, "Đang tìm…", reply_markup=keyboard("a"))
    edited = await ptb_bot.edit_message_text(
        "<b>Kết quả</b>", CHAT, sent.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, telegram.Message)
    assert edited.text == "Kết quả" and edited.reply_markup is None  # no markup: keyboard removed
    with pytest.raises(BadRequest, match="Message is not modified"):
        await ptb_bot.edit_message_text("<b>Kết quả</b>", CHAT, sent.message_id, parse_mode="HTML")
    await ptb_bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard("b"))
    assert api.messages(CHAT)[0]["reply_markup"] == keyboard("b").to_dict()
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await ptb_bot.edit_message_text("x", CHAT, 999)
    user_message = api.push_message("tin của người dùng")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await ptb_bot.edit_message_text("x", CHAT, user_message["message"]["message_id"])
    assert api.texts(CHAT) == ["Kết quả"]
    assert len(api.take_rejected()) == 3


async def test_callback_and_inline_answers(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    await ptb_bot.send_message(CHAT, "Chọn:", reply_markup=keyboard("m:1"))
    with pytest.raises(ValueError, match="no button"):
        api.push_callback("m:2")
    callback = api.push_callback("m:1")["callback_query"]
    assert await ptb_bot.answer_callback_query(callback["id"], "Đã chọn")
    with pytest.raises(BadRequest, match="Query is too old"):
        await ptb_bot.answer_callback_query(callback["id"])  # twice

    def article(n: int, text: str = "x") -> InlineQueryResultArticle:
        return InlineQueryResultArticle(str(n), f"t{n}", InputTextMessageContent(text, "HTML"))

    query_ids = [api.push_inline_query(q)["inline_query"]["id"] for q in ("a", "b", "c", "d")]
    with pytest.raises(BadRequest, match="Results_too_much"):
        await ptb_bot.answer_inline_query(query_ids[0], [article(n) for n in range(51)])
    with pytest.raises(BadRequest, match="Result_id_duplicate"):
        await ptb_bot.answer_inline_query(query_ids[1], [article(1), article(1)])
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await ptb_bot.answer_inline_query(query_ids[2], [article(1, "<b>x")])
    assert await ptb_bot.answer_inline_query(query_ids[3], [article(n) for n in range(50)])
    with pytest.raises(BadRequest, match="Query is too old"):
        await ptb_bot.answer_inline_query("123", [article(1)])
    assert len(api.take_rejected()) == 5


# -- receiving updates ----------------------------------------------------------------------


async def test_get_updates_parses_every_kind(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    await ptb_bot.send_message(CHAT, "Chọn:", reply_markup=keyboard("m:1"))
    api.push_message("Tỷ lệ bao phủ BHXH năm 2022?")
    api.push_command("start")
    api.push_callback("m:1")
    api.push_inline_query("bhxh")
    api.push_sticker("👍")
    api.push_photo(caption="ảnh")
    api.push_voice()
    api.push_document("ds.xlsx", b"PK\x03\x04", mime_type="application/vnd.ms-excel")
    api.push_message(f"@{DEFAULT_BOT_USERNAME} hỏi", chat_type="supergroup", user_id=7)
    api.push_message("chào cả nhóm", chat_type="supergroup", user_id=7)  # privacy mode drops it
    updates = await ptb_bot.get_updates(timeout=1)
    assert len(updates) == 9
    message, command, callback, inline, sticker, photo, voice, document, group = updates
    assert message.message is not None and message.message.text == "Tỷ lệ bao phủ BHXH năm 2022?"
    assert command.message is not None
    assert command.message.entities[0].type == "bot_command"
    assert callback.callback_query is not None and callback.callback_query.data == "m:1"
    assert callback.callback_query.message is not None
    assert inline.inline_query is not None and inline.inline_query.query == "bhxh"
    assert sticker.message is not None and sticker.message.sticker is not None
    assert photo.message is not None and photo.message.photo[-1].width == 64
    assert voice.message is not None and voice.message.voice is not None
    assert document.message is not None and document.message.document is not None
    assert group.message is not None and group.message.chat.id == DEFAULT_GROUP_ID
    assert group.message.entities[0].type == "mention"
    [(dropped, reason)] = api.dropped_updates
    assert dropped["message"]["text"] == "chào cả nhóm" and "privacy" in reason
    file = await ptb_bot.get_file(document.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"PK\x03\x04"


async def test_offset_limit_and_allowed_updates(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    first = api.push_message("một")["update_id"]
    api.push_message("hai")
    api.push_inline_query("ba")
    assert [u.update_id for u in await ptb_bot.get_updates(limit=1)] == [first]
    updates = await ptb_bot.get_updates(offset=first + 1, allowed_updates=["message"])
    assert [u.message.text for u in updates if u.message] == ["hai"]
    assert len(updates) == 1  # the inline query is not an allowed type: dropped
    assert await ptb_bot.get_updates(offset=updates[-1].update_id + 1) == ()
    assert api.pending_updates == []


async def test_second_poller_gets_conflict(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    first = asyncio.create_task(ptb_bot.get_updates(timeout=5))
    await asyncio.to_thread(api.wait_until_polling)
    # A second instance of the bot (one Bot queues its own getUpdates calls on one connection).
    async with telegram.Bot(TOKEN, base_url=api.base_url) as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first
    [conflict] = api.take_rejected()
    assert conflict.status == 409


async def test_raw_http_details(api: BotApiStandIn) -> None:
    api.add_chat(CHAT)
    status, body = await post(api, "sendMessage", json={"chat_id": CHAT, "text": "json body"})
    assert status == 200 and body["result"]["text"] == "json body"
    status, body = await post(api, "SENDMESSAGE", data={"chat_id": str(CHAT), "text": "hoa"})
    assert status == 200  # method names are case-insensitive
    assert await post(api, "getMe", token="") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert await post(api, "sendSticker") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert [r.method for r in api.take_rejected()] == ["getMe", "sendSticker"]


# -- faults ---------------------------------------------------------------------------------


# PTB's RetryAfter.__init__ reads its own deprecated int retry_after (unless PTB_TIMEDELTA=1).
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_raises_retry_after(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    api.fail_next("sendMessage", kind="429", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await ptb_bot.send_message(CHAT, "x")
    assert "Retry in 3 seconds" in str(caught.value)
    await ptb_bot.send_message(CHAT, "x")  # only the next call failed; PTB did not retry by itself
    assert [f.kind for f in api.faults_served] == ["429"]
    assert len(api.messages(CHAT)) == 1 and not api.rejected


async def test_500_drop_and_slow(api: BotApiStandIn, ptb_bot: telegram.Bot) -> None:
    api.add_chat(CHAT)
    api.fail_next("sendMessage", kind="500")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await ptb_bot.send_message(CHAT, "x")
    api.fail_next("sendMessage", kind="drop")
    with pytest.raises(NetworkError):
        await ptb_bot.send_message(CHAT, "x")
    assert api.messages() == []  # neither reached the chat
    api.fail_next("sendMessage", kind="drop_after")
    with pytest.raises(NetworkError):
        await ptb_bot.send_message(CHAT, "x")
    assert len(api.messages(CHAT)) == 1  # ... but this one did: the bot cannot know
    api.fail_next("*", kind="slow", delay=0.5)
    with pytest.raises(TimedOut):
        await ptb_bot.send_message(CHAT, "x", read_timeout=0.1)
    api.fail_next("getMe", kind="slow", delay=0.2)
    assert (await ptb_bot.get_me()).id == 999000
    assert [f.kind for f in api.faults_served] == ["500", "drop", "drop_after", "slow", "slow"]


# -- lifecycle ------------------------------------------------------------------------------


async def test_stop_ends_pending_long_poll_quickly() -> None:
    standin = BotApiStandIn().start()
    async with telegram.Bot(TOKEN, base_url=standin.base_url) as ptb_bot:
        poll = asyncio.create_task(ptb_bot.get_updates(timeout=30))
        await asyncio.to_thread(standin.wait_until_polling)
        started = time.monotonic()
        await asyncio.to_thread(standin.stop)
        assert time.monotonic() - started < 2
        assert await asyncio.wait_for(poll, 2) == ()
        with pytest.raises(NetworkError):
            await ptb_bot.get_me()


def test_wait_for_timeout_lists_what_arrived(api: BotApiStandIn) -> None:
    api.push_message("x")
    with pytest.raises(AssertionError, match=r"(?s)timed out after 0.2s.*1 update\(s\) pending"):
        api.wait_for(1, timeout=0.2)


def test_concurrent_pushes_are_consistent(api: BotApiStandIn) -> None:
    def push_many() -> None:
        for n in range(50):
            api.push_message(f"tin {n}")

    threads = [threading.Thread(target=push_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    updates = api.pending_updates
    assert len({u["update_id"] for u in updates}) == 200
    assert sorted(u["message"]["message_id"] for u in updates) == list(range(1, 201))


# -- a whole Application --------------------------------------------------------------------


async def test_application_echoes_and_handles_buttons(api: BotApiStandIn) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(
            f"<b>{update.message.text}</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard("ok")
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"Đã chọn {query.data}")

    app = build_application(api)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    async with polling(app):
        api.push_message("xin chào")
        [reply] = await api.wait_for_messages_async(1)
        assert reply["text"] == "xin chào"
        assert "reply_to_message" not in reply  # reply_text quotes only in groups by default
        api.push_callback("ok")
        await api.wait_for_async(lambda r: r.method == "editMessageText")
        await api.wait_for_async(1, method="answerCallbackQuery")
        api.push_message(f"@{DEFAULT_BOT_USERNAME} có ai không?", chat_type="supergroup")
        [_, in_group] = await api.wait_for_messages_async(2)
        assert in_group["chat"]["id"] == DEFAULT_GROUP_ID
        assert in_group["reply_to_message"]["text"].endswith("có ai không?")
    assert api.texts(CHAT) == ["Đã chọn ok"]
    assert api.pending_updates == []  # the updater confirmed everything on stop
    assert not api.rejected  # and its cancelled long poll did not count as a second instance
