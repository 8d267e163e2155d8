"""A loopback stand-in for the Telegram Bot API, for end-to-end tests of the bot.

The bot under test talks to it through the real python-telegram-bot HTTP stack (httpx), exactly as
it talks to api.telegram.org: only ``base_url``/``base_file_url`` differ. The stand-in answers the
methods this bot uses, keeps a record of every request, lets tests play the user's side (push
messages, button presses, inline queries, files) and validates replies the way Telegram does, with
Telegram's wording, so a malformed reply fails a test instead of failing in production.

    async def test_echo(api: BotApiStandIn) -> None:  # fixtures: tests/standin/fixtures.py
        app = build_application(api)  # ApplicationBuilder().base_url(api.base_url)...
        app.add_handler(...)
        async with polling(app):  # app.start() + updater.start_polling(), never run_polling
            api.push_message("xin chào")
            [reply] = await api.wait_for_messages_async(1)
        assert reply["text"] == "..." and not api.rejected

Markup parsing (HTML, MarkdownV2) lives in tests/standin/markup.py. Here: request records -> the
server class (test-facing API, then one ``_api_<method>`` per Bot API method) -> the HTTP handler.
Import as ``tests.standin.server``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import json
import re
import select
import socket
import struct
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, TypedDict, TypeVar, Unpack

from tests.standin.markup import (
    EntityParseError,
    ParsedText,
    parse_html,
    parse_markdown_v2,
    strip_whitespace,
    utf16_len,
)

JSON = dict[str, Any]

MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile refuses bigger files
DEFAULT_BOT_ID = 999000
DEFAULT_BOT_USERNAME = "bhxh_test_bot"
DEFAULT_USER_ID = 111222333
DEFAULT_GROUP_ID = -1001234567890
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

FaultKind = Literal["429", "500", "drop", "drop_after", "slow"]
_Record = TypeVar("_Record")  # an entry of one of the stand-in's record lists


class ApiError(Exception):
    """A Telegram-shaped failure; ``code`` is both the HTTP status and ``error_code``."""

    def __init__(self, description: str, code: int = 400, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.parameters = parameters


def bad_request(message: str) -> ApiError:
    return ApiError(f"Bad Request: {message}", 400)


# ---------------------------------------------------------------------------------------------
# Records of what the bot did
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part: its form field, client file name, content type and bytes."""

    field: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One Bot API call as the stand-in received and answered it."""

    method: str
    params: JSON
    files: dict[str, UploadedFile]
    token: str
    time: float
    status: int = 200
    result: Any = None  # what ``result`` held in the answer (a Message dict for send/edit calls)
    error: str | None = None  # the description when status != 200

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def message(self) -> JSON | None:
        """The Message returned to the bot, for calls that return one."""
        if isinstance(self.result, dict) and "message_id" in self.result:
            return self.result
        return None

    def summary(self) -> str:
        text = self.params.get("text", self.params.get("caption", ""))
        shown = f" {str(text)[:70]!r}" if text else ""
        chat = f" chat={self.params['chat_id']}" if "chat_id" in self.params else ""
        outcome = "" if self.ok else f" -> {self.status} {self.error}"
        return f"{self.method}{chat}{shown}{outcome}"


@dataclass(frozen=True)
class ServedFault:
    method: str
    kind: str
    time: float


@dataclass
class _Fault:
    method: str
    kind: FaultKind
    remaining: int
    retry_after: int
    delay: float


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None


class Sender(TypedDict, total=False):
    """Who sends a pushed update and where (keyword arguments of every ``push_*``).

    ``chat_id`` defaults to ``user_id`` in private chats and to DEFAULT_GROUP_ID otherwise.
    ``reply_to`` is a message dict or id in that chat; ``reply_to_bot`` replies to the bot's
    latest message there.
    """

    user_id: int
    chat_id: int
    chat_type: Literal["private", "group", "supergroup"]
    first_name: str
    last_name: str
    username: str
    language_code: str
    title: str
    reply_to: JSON | int
    reply_to_bot: bool


class _Reply(TypedDict, total=False):
    status: int
    body: JSON
    drop: bool


class _ClientGone(Exception):
    """The client closed the connection while its long poll was waiting."""


# fmt: off
# Form values arrive as strings; these field names are JSON documents, numbers or flags.
_JSON_FIELDS = frozenset({
    "reply_markup", "results", "commands", "allowed_updates", "entities", "caption_entities",
    "reply_parameters", "link_preview_options", "scope", "menu_button", "button", "media",
    "reaction",
})
_INT_FIELDS = frozenset({
    "chat_id", "message_id", "from_chat_id", "user_id", "limit", "timeout", "offset",
    "cache_time", "message_thread_id", "reply_to_message_id", "max_connections", "duration",
    "width", "height",
})
_BOOL_FIELDS = frozenset({
    "disable_notification", "protect_content", "show_alert", "is_personal",
    "drop_pending_updates", "allow_sending_without_reply", "disable_web_page_preview",
    "has_spoiler", "allow_paid_broadcast", "disable_content_type_detection",
    "show_caption_above_media", "revoke_messages",
})
_METHODS = (
    "getMe", "getUpdates", "sendMessage", "sendPhoto", "sendDocument", "sendChatAction",
    "answerCallbackQuery", "answerInlineQuery", "editMessageText", "editMessageReplyMarkup",
    "deleteMessage", "getFile", "deleteWebhook", "setWebhook", "getWebhookInfo",
    "setMyCommands", "getMyCommands", "deleteMyCommands", "setChatMenuButton",
    "getChatMenuButton", "close", "logOut",
)
_CANONICAL = {name.lower(): name for name in _METHODS}  # Telegram method names ignore case
# Requests that are plumbing rather than something a user would see; wait_for(N) skips them.
_HOUSEKEEPING = frozenset({
    "getMe", "getUpdates", "deleteWebhook", "setWebhook", "getWebhookInfo", "getMyCommands",
    "close", "logOut",
})
_MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
_CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
# Telegram's default: every update type except chat_member and the reaction updates.
_DEFAULT_UPDATE_TYPES = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
    "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
    "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_join_request",
    "chat_boost", "removed_chat_boost",
})
_INLINE_RESULT_TYPES = frozenset({
    "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location",
    "venue", "contact", "game", "sticker",
})
# fmt: on


def _coerce(name: str, value: str) -> Any:
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value  # validation reports it in Telegram's words
    if name in _INT_FIELDS and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    if name in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


def parse_body(
    content_type: str, body: bytes, query: str = ""
) -> tuple[JSON, dict[str, UploadedFile]]:
    """Decode a Bot API request body (form, multipart or JSON) into typed params and files."""
    params: JSON = {}
    files: dict[str, UploadedFile] = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        params[name] = _coerce(name, value)
    mime = content_type.split(";")[0].strip().lower()
    if mime == "application/json" and body:
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("the JSON body must be an object")
        params.update(decoded)
    elif mime == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        if not message.is_multipart():
            raise ValueError("malformed multipart body")
        for part in message.iter_parts():
            field_name = part.get_param("name", header="content-disposition")
            if not isinstance(field_name, str):
                continue
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            filename = part.get_filename()
            if filename is None and part.get_content_type() == "text/plain":
                params[field_name] = _coerce(field_name, data.decode("utf-8"))
            else:
                files[field_name] = UploadedFile(
                    field_name, filename, part.get_content_type(), data
                )
    elif body:  # application/x-www-form-urlencoded, PTB's default
        for name, value in urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[name] = _coerce(name, value)
    return params, files


# ---------------------------------------------------------------------------------------------
# Image helpers
# ---------------------------------------------------------------------------------------------


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or baseline/progressive JPEG, or None if it isn't one."""
    if data.startswith(PNG_MAGIC) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(JPEG_MAGIC):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
                continue
            (segment_length,) = struct.unpack(">H", data[i + 2 : i + 4])
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + segment_length
    return None


def make_png(width: int = 1, height: int = 1) -> bytes:
    """A valid greyscale PNG of the given size, for tests that need an image."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        PNG_MAGIC
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------------------------------------
# The stand-in
# ---------------------------------------------------------------------------------------------


class BotApiStandIn:
    """A fake Telegram Bot API server on 127.0.0.1 for one bot, safe to use from any thread.

    Test-facing state (all reads return copies):
      ``sent``      successful requests except getUpdates, in arrival order
      ``rejected``  requests answered 4xx by validation (tests assert it stays empty)
      ``requests``  every request that reached a method, including polls and injected faults
      ``faults_served``  injected faults as they were served
      ``dropped_updates``  pushed updates Telegram would not deliver (privacy mode,
                    allowed_updates), with the reason
    """

    def __init__(
        self,
        *,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = "BHXH Test Bot",
        privacy_mode: bool = True,
        strict_chats: bool = True,
        strict_ampersand: bool = True,
    ) -> None:
        """``privacy_mode``: in groups only commands, @mentions of the bot and replies to it are
        delivered (BotFather's default). ``strict_chats``: sending to a chat no pushed update came
        from is "chat not found", as for a user who never opened the bot."""
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.privacy_mode = privacy_mode
        self.strict_chats = strict_chats
        self.strict_ampersand = strict_ampersand

        self._cond = threading.Condition()
        self._stop_event = threading.Event()
        self._stopping = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._active = 0  # requests being answered right now

        self._requests: list[RecordedRequest] = []
        self._sent: list[RecordedRequest] = []
        self._rejected: list[RecordedRequest] = []
        self._faults: list[_Fault] = []
        self._faults_served: list[ServedFault] = []
        self._dropped: list[tuple[JSON, str]] = []
        self.tokens: set[str] = set()
        self.poll_count = 0
        self._polls_waiting = 0

        self._updates: list[JSON] = []
        self._next_update_id = 1000
        self._poll_generation = 0
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._chats: dict[int, JSON] = {}
        self._messages: dict[int, dict[int, JSON]] = {}  # chat id -> message id -> message
        self._next_message_id: dict[int, int] = {}
        self._bot_messages: list[tuple[int, int]] = []  # (chat id, message id), send order
        self._blocked: set[int] = set()
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._next_file = 1
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._inline_queries: dict[str, bool] = {}
        self._next_query_id = 4_000_000_000_000_000_001
        self.webhook: JSON = {"url": ""}
        self.commands: dict[tuple[str, str], list[JSON]] = {}  # (scope json, language) -> list
        self.menu_buttons: dict[int | None, JSON] = {}

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> BotApiStandIn:
        if self._server is not None:
            raise RuntimeError("BotApiStandIn is single-use; create a new one")
        server = _Server(("127.0.0.1", 0), _Handler)
        server.standin = self
        self._server = server
        # A short poll interval keeps shutdown() (and so stop()) well under a second.
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="tests.standin.server-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Answer pending long polls, stop serving and cut kept-alive connections (< ~1 s)."""
        server = self._server
        if server is None or self._stop_event.is_set():
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._stop_event.set()  # wakes "slow" faults
        server.shutdown()
        with self._cond:  # let answers already being written go out
            self._cond.wait_for(lambda: self._active == 0, timeout=0.5)
            connections = list(self._connections)
        for connection in connections:  # idle keep-alive handlers block in readline otherwise
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    def __enter__(self) -> BotApiStandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)``/``ApplicationBuilder().base_url(...)``; PTB adds the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- records -----------------------------------------------------------------------------

    def _snapshot(self, records: list[_Record]) -> list[_Record]:
        """A copy of one of the record lists, taken under the lock."""
        with self._cond:
            return list(records)

    @property
    def sent(self) -> list[RecordedRequest]:
        return self._snapshot(self._sent)

    @property
    def rejected(self) -> list[RecordedRequest]:
        return self._snapshot(self._rejected)

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._snapshot(self._requests)

    @property
    def faults_served(self) -> list[ServedFault]:
        return self._snapshot(self._faults_served)

    @property
    def dropped_updates(self) -> list[tuple[JSON, str]]:
        return self._snapshot(self._dropped)

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates pushed but not yet confirmed by the bot (an offset past them)."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def clear(self) -> None:
        """Forget recorded requests, rejections and served faults (chats and messages stay)."""
        with self._cond:
            self._requests.clear()
            self._sent.clear()
            self._rejected.clear()
            self._faults_served.clear()
            self._dropped.clear()

    def messages(self, chat_id: int | None = None) -> list[JSON]:
        """The bot's messages as users see them now (edits applied, deleted ones gone)."""
        with self._cond:
            found = []
            for chat, message_id in self._bot_messages:
                message = self._messages.get(chat, {}).get(message_id)
                if message is not None and (chat_id is None or chat == chat_id):
                    found.append(copy.deepcopy(message))
            return found

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Text (or caption) of ``messages(chat_id)``, as displayed: markup already parsed."""
        return [str(m.get("text") or m.get("caption") or "") for m in self.messages(chat_id)]

    def wait_for(
        self,
        predicate_or_count: Callable[[RecordedRequest], bool] | int = 1,
        timeout: float = 10.0,
        *,
        method: str | None = None,
        fail_on_reject: bool = True,
    ) -> list[RecordedRequest]:
        """Block until recorded successful requests satisfy the condition; return the matches.

        An int N waits for N requests that are not housekeeping (getMe, getUpdates, webhook and
        command queries); a predicate waits for at least one request it accepts. ``method``
        narrows either form. With ``fail_on_reject`` a validation rejection ends the wait at once,
        since the reply the test waits for will never arrive. On timeout an AssertionError lists
        everything received.
        """

        def matches() -> list[RecordedRequest]:
            found = [r for r in self._sent if method is None or r.method == method]
            if isinstance(predicate_or_count, int):
                found = [r for r in found if method is not None or r.method not in _HOUSEKEEPING]
                return found if len(found) >= predicate_or_count else []
            return [r for r in found if predicate_or_count(r)]

        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = matches()
                if found:
                    return found
                if fail_on_reject and self._rejected:
                    raise AssertionError(
                        "the stand-in rejected a request while waiting:\n" + self._describe()
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out after {timeout:g}s waiting for {predicate_or_count!r}"
                        f"{f' ({method})' if method else ''}:\n{self._describe()}"
                    )
                self._cond.wait(remaining)

    def wait_for_messages(
        self, count: int = 1, *, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[JSON]:
        """Wait until the bot has sent ``count`` messages (to ``chat_id``); return them as sent."""

        def enough(request: RecordedRequest) -> bool:
            return len(messages_in(self._sent)) >= count

        def messages_in(requests: list[RecordedRequest]) -> list[JSON]:
            return [
                r.result
                for r in requests
                if r.method in _MESSAGE_METHODS
                and r.message
                and (chat_id is None or r.result["chat"]["id"] == chat_id)
            ]

        self.wait_for(enough, timeout)
        with self._cond:
            return copy.deepcopy(messages_in(self._sent))

    async def wait_for_async(
        self,
        predicate_or_count: Callable[[RecordedRequest], bool] | int = 1,
        timeout: float = 10.0,
        *,
        method: str | None = None,
        fail_on_reject: bool = True,
    ) -> list[RecordedRequest]:
        """``wait_for`` for async tests: blocking there would freeze the bot's own event loop."""
        return await asyncio.to_thread(
            self.wait_for, predicate_or_count, timeout, method=method, fail_on_reject=fail_on_reject
        )

    async def wait_for_messages_async(
        self, count: int = 1, *, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[JSON]:
        """``wait_for_messages`` for async tests."""
        return await asyncio.to_thread(
            self.wait_for_messages, count, chat_id=chat_id, timeout=timeout
        )

    @property
    def polls_waiting(self) -> int:
        """How many getUpdates calls are parked in a long poll right now."""
        with self._cond:
            return self._polls_waiting

    def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Block until some getUpdates call is parked waiting for updates."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._polls_waiting > 0, timeout):
                raise AssertionError(f"no getUpdates long poll started within {timeout:g}s")

    def _describe(self) -> str:
        lines = [f"  sent: {r.summary()}" for r in self._sent if r.method not in _HOUSEKEEPING]
        lines += [f"  REJECTED: {r.summary()}" for r in self._rejected]
        lines += [f"  fault served: {f.kind} on {f.method}" for f in self._faults_served]
        lines += [f"  not delivered ({why}): {json.dumps(u)[:120]}" for u, why in self._dropped]
        lines.append(
            f"  {len(self._updates)} update(s) pending; {self.poll_count} poll(s) answered"
        )
        return "\n".join(lines)

    # -- fault injection ---------------------------------------------------------------------

    def fail_next(
        self,
        method: str = "*",
        times: int = 1,
        kind: FaultKind = "429",
        retry_after: int = 1,
        delay: float = 1.0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*": any, getUpdates included) fail.

        "429": flood control with ``retry_after``; "500": Telegram-shaped Internal Server Error;
        "drop": close the connection without answering (nothing is executed); "drop_after":
        execute the call, then close without answering (the bot cannot know it succeeded);
        "slow": wait ``delay`` seconds, then answer normally.
        """
        with self._cond:
            self._faults.append(_Fault(method, kind, times, retry_after, delay))

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method in ("*", method):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                self._faults_served.append(ServedFault(method, fault.kind, time.time()))
                return fault
        return None

    # -- the user's side ---------------------------------------------------------------------

    def add_chat(
        self,
        chat_id: int,
        chat_type: Literal["private", "group", "supergroup"] = "private",
        *,
        title: str = "Nhóm thử nghiệm",
        first_name: str = "Lan",
    ) -> JSON:
        """Make a chat known without pushing an update (so the bot may send to it)."""
        with self._cond:
            if chat_type == "private":
                chat: JSON = {"id": chat_id, "type": "private", "first_name": first_name}
            else:
                chat = {"id": chat_id, "type": chat_type, "title": title}
            self._chats.setdefault(chat_id, chat)
            return copy.deepcopy(self._chats[chat_id])

    def block_user(self, user_id: int) -> None:
        """From now on sending to this private chat fails with 403 as if the user blocked us."""
        with self._cond:
            self._blocked.add(user_id)

    def push_message(
        self, text: str, *, entities: list[JSON] | None = None, **sender: Unpack[Sender]
    ) -> JSON:
        """Queue a text message from a user; bot commands and @mentions get their entities."""
        if not text or utf16_len(text) > MAX_TEXT_UTF16:
            raise ValueError("a user's text message has 1-4096 characters")
        content: JSON = {"text": text}
        found = entities if entities is not None else _detect_entities(text)
        if found:
            content["entities"] = found
        return self._push_user_message(content, sender)

    def push_command(
        self, command: str, args: str = "", *, mention: bool = False, **sender: Unpack[Sender]
    ) -> JSON:
        """Queue "/command args"; ``mention`` writes "/command@bot" as group users often do."""
        name = command.lstrip("/")
        head = f"/{name}@{self.bot_user['username']}" if mention else f"/{name}"
        return self.push_message(f"{head} {args}".strip(), **sender)

    def push_callback(
        self,
        data: str,
        message: JSON | int | None = None,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        first_name: str = "Lan",
        check_button: bool = True,
    ) -> JSON:
        """Queue a press of an inline button of a message the bot sent.

        ``message``: a message dict (e.g. from ``messages()``), a message id in ``chat_id``, or
        None for the bot's latest message in that chat. With ``check_button`` the data must be
        one of the message's current buttons, as a user can press nothing else.
        """
        with self._cond:
            target = self._find_bot_message(message, chat_id if chat_id is not None else user_id)
            buttons = [
                b.get("callback_data")
                for row in target.get("reply_markup", {}).get("inline_keyboard", [])
                for b in row
            ]
            if check_button and data not in buttons:
                raise ValueError(f"no button with callback_data {data!r}; there are {buttons}")
            query_id = self._new_query_id()
            self._callback_queries[query_id] = False
            callback = {
                "id": query_id,
                "from": self._user(user_id, first_name=first_name),
                "message": copy.deepcopy(target),
                "chat_instance": str(abs(hash(target["chat"]["id"])) % 10**12),
                "data": data,
            }
            return self._queue({"callback_query": callback})

    def push_inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        offset: str = "",
        chat_type: str = "sender",
        first_name: str = "Lan",
    ) -> JSON:
        """Queue an inline query ("@bot query" typed in any chat)."""
        if len(query) > 256:
            raise ValueError("Telegram caps inline queries at 256 characters")
        with self._cond:
            query_id = self._new_query_id()
            self._inline_queries[query_id] = False
            inline = {
                "id": query_id,
                "from": self._user(user_id, first_name=first_name),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            return self._queue({"inline_query": inline})

    def push_sticker(
        self, emoji: str = "👍", *, set_name: str = "VietnamFun", **sender: Unpack[Sender]
    ) -> JSON:
        with self._cond:
            stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers", ".webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": set_name,
            "file_size": len(stored.data),
        }
        return self._push_user_message({"sticker": sticker}, sender)

    def push_photo(
        self,
        content: bytes | None = None,
        *,
        caption: str | None = None,
        **sender: Unpack[Sender],
    ) -> JSON:
        """Queue a photo (a generated PNG unless ``content`` is given); bytes downloadable."""
        data = content if content is not None else make_png(64, 48)
        with self._cond:
            photo = self._photo_sizes(data)
        body: JSON = {"photo": photo}
        if caption:
            body["caption"] = caption
        return self._push_user_message(body, sender)

    def push_voice(
        self,
        content: bytes = b"OggS\x00\x02fake-opus",
        *,
        duration: int = 3,
        **sender: Unpack[Sender],
    ) -> JSON:
        with self._cond:
            stored = self._store_file(content, "voice", ".oga", mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._push_user_message({"voice": voice}, sender)

    def push_document(
        self,
        filename: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        **sender: Unpack[Sender],
    ) -> JSON:
        """Queue a file sent by a user; the bot can getFile and download ``content``."""
        with self._cond:
            suffix = filename[filename.rfind(".") :] if "." in filename else ""
            stored = self._store_file(
                content, "documents", suffix, mime_type=mime_type, file_name=filename
            )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        body: JSON = {"document": document}
        if caption:
            body["caption"] = caption
        return self._push_user_message(body, sender)

    def register_file(self, content: bytes, *, kind: str = "documents", suffix: str = "") -> str:
        """Store bytes under a new file_id (for getFile and download) and return the id."""
        with self._cond:
            return self._store_file(content, kind, suffix).file_id

    # -- internals: users, chats, messages, files, updates -------------------------------------

    def _user(self, user_id: int, **fields: Any) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": fields.get("first_name", "Lan")}
        for key in ("last_name", "username", "language_code"):
            if fields.get(key):
                user[key] = fields[key]
        return user

    def _push_user_message(self, content: JSON, sender: Sender) -> JSON:
        user_id = sender.get("user_id", DEFAULT_USER_ID)
        chat_type = sender.get("chat_type", "private")
        default_chat = user_id if chat_type == "private" else DEFAULT_GROUP_ID
        chat_id = sender.get("chat_id", default_chat)
        user = self._user(
            user_id,
            first_name=sender.get("first_name", "Lan"),
            last_name=sender.get("last_name", "Nguyễn"),
            username=sender.get("username"),
            language_code=sender.get("language_code", "vi"),
        )
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None or chat["type"] != chat_type:
                if chat_type == "private":
                    chat = {
                        k: v
                        for k, v in user.items()
                        if k in ("first_name", "last_name", "username")
                    }
                    chat = {"id": chat_id, "type": "private", **chat}
                else:
                    chat = {
                        "id": chat_id,
                        "type": chat_type,
                        "title": sender.get("title", "Nhóm thử nghiệm"),
                    }
                self._chats[chat_id] = chat
            message: JSON = {
                "message_id": self._new_message_id(chat_id),
                "from": user,
                "chat": copy.deepcopy(chat),
                "date": int(time.time()),
                **content,
            }
            reply_to: JSON | int | None = sender.get("reply_to")
            if sender.get("reply_to_bot"):
                reply_to = self._find_bot_message(None, chat_id)
            if reply_to is not None:
                reply_id = reply_to if isinstance(reply_to, int) else reply_to["message_id"]
                target = self._messages.get(chat_id, {}).get(reply_id)
                if target is None:
                    raise ValueError(f"no message {reply_id} in chat {chat_id} to reply to")
                message["reply_to_message"] = _without_reply(target)
            self._messages.setdefault(chat_id, {})[message["message_id"]] = message
            update: JSON = {"message": copy.deepcopy(message)}
            if self.privacy_mode and chat_type != "private" and not self._addressed_to_bot(message):
                update["update_id"] = self._new_update_id()
                self._dropped.append((update, "privacy mode: not a command, mention or reply"))
                return update
            return self._queue(update)

    def _addressed_to_bot(self, message: JSON) -> bool:
        """Privacy mode lets through commands, @mentions of the bot and replies to the bot."""
        text = str(message.get("text") or message.get("caption") or "")
        mention = f"@{self.bot_user['username']}".lower()
        replied = message.get("reply_to_message", {}).get("from", {}).get("id")
        return text.startswith("/") or mention in text.lower() or replied == self.bot_user["id"]

    def _queue(self, update: JSON) -> JSON:
        """Add an update (lock held) and wake long polls."""
        update = {"update_id": self._new_update_id(), **update}
        self._updates.append(update)
        self._cond.notify_all()
        return copy.deepcopy(update)

    def _new_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id

    def _new_query_id(self) -> str:
        self._next_query_id += 1
        return str(self._next_query_id)

    def _new_message_id(self, chat_id: int) -> int:
        # One counter per chat, shared by users and the bot, like private chats and groups.
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    def _find_bot_message(self, message: JSON | int | None, chat_id: int) -> JSON:
        if isinstance(message, dict):
            chat_id, message_id = message["chat"]["id"], int(message["message_id"])
        elif message is None:
            ids = [m for c, m in self._bot_messages if c == chat_id and m in self._messages[c]]
            if not ids:
                raise ValueError(f"the bot has no message in chat {chat_id}")
            message_id = ids[-1]
        else:
            message_id = message
        found = self._messages.get(chat_id, {}).get(message_id)
        if found is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        return found

    def _store_file(
        self,
        data: bytes,
        kind: str,
        suffix: str,
        *,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> _StoredFile:
        number = self._next_file
        self._next_file += 1
        stored = _StoredFile(
            file_id=f"AgAC{kind[:3].upper()}{number:08d}",
            file_unique_id=f"AQAD{number:08d}",
            data=data,
            file_path=f"{kind}/file_{number}{suffix}",
            mime_type=mime_type,
            file_name=file_name,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    def _photo_sizes(self, data: bytes) -> list[JSON]:
        """PhotoSize list as Telegram makes it: scaled copies up to the original, smallest first."""
        size = image_size(data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10000 or max(width, height) > 20 * min(width, height):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        sizes = []
        for limit in (90, 320, 800, 1280):
            if max(width, height) > limit:
                scale = limit / max(width, height)
                sizes.append((max(1, round(width * scale)), max(1, round(height * scale))))
        sizes.append((width, height))
        photo = []
        for w, h in sizes:  # each size is its own file; all download as the original bytes
            mime = "image/png" if data.startswith(PNG_MAGIC) else "image/jpeg"
            stored = self._store_file(data, "photos", ".jpg", mime_type=mime)
            photo.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": w,
                    "height": h,
                    "file_size": len(data),
                }
            )
        return photo

    # -- request dispatch (called by the HTTP handler) -------------------------------------------

    def handle(
        self,
        token: str,
        method_name: str,
        params: JSON,
        files: dict[str, UploadedFile],
        alive: Callable[[], bool],
    ) -> _Reply:
        """Answer one Bot API call: faults first, then the method, recording everything."""
        with self._cond:
            self._active += 1
        try:
            return self._handle(token, method_name, params, files, alive)
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    def _handle(
        self,
        token: str,
        method_name: str,
        params: JSON,
        files: dict[str, UploadedFile],
        alive: Callable[[], bool],
    ) -> _Reply:
        method = _CANONICAL.get(method_name.lower(), method_name)
        record = RecordedRequest(method, params, files, token, time.time())
        with self._cond:
            if token:
                self.tokens.add(token)
            fault = self._take_fault(method) if token else None
            if fault is not None and fault.kind in ("429", "500", "drop"):
                record.status = {"429": 429, "500": 500, "drop": 0}[fault.kind]
                self._requests.append(record)
                self._cond.notify_all()
        if fault is not None and fault.kind == "429":
            retry_after = {"retry_after": fault.retry_after}
            message = f"Too Many Requests: retry after {fault.retry_after}"
            return _error_reply(ApiError(message, 429, retry_after))
        if fault is not None and fault.kind == "500":
            return _error_reply(ApiError("Internal Server Error", 500))
        if fault is not None and fault.kind == "drop":
            return {"drop": True}
        if fault is not None and fault.kind == "slow":
            self._stop_event.wait(fault.delay)

        with self._cond:
            try:
                if not token:  # "/bot/getMe": Telegram answers an empty token like a bad path
                    raise ApiError("Not Found", 404)
                handler = getattr(self, f"_api_{method}", None) if method in _METHODS else None
                if handler is None:
                    raise ApiError("Not Found: method not found", 404)
                result = copy.deepcopy(handler(record, alive))
            except _ClientGone:
                return {"drop": True}
            except ApiError as error:
                record.status, record.error = error.code, error.description
                self._requests.append(record)
                if 400 <= error.code < 500:
                    self._rejected.append(record)
                self._cond.notify_all()
                return _error_reply(error)
            record.result = result
            self._requests.append(record)
            if method == "getUpdates":
                self.poll_count += 1
            else:
                self._sent.append(record)
            self._cond.notify_all()
        if fault is not None and fault.kind == "drop_after":
            return {"drop": True}
        return {"status": 200, "body": {"ok": True, "result": result}}

    def file_for_path(self, path: str) -> bytes | None:
        with self._cond:
            stored = self._file_paths.get(path)
            return stored.data if stored else None

    # -- validation shared by methods ------------------------------------------------------------

    def _formatted(self, params: JSON, key: Literal["text", "caption"]) -> ParsedText | None:
        """Parse text/caption with its parse_mode, enforcing Telegram's emptiness and limits."""
        raw = params.get(key)
        if raw is None or raw == "":
            if key == "text":
                raise bad_request("message text is empty")
            return None
        raw = str(raw)
        entities_key = "entities" if key == "text" else "caption_entities"
        explicit = params.get(entities_key)
        parse_mode = str(params.get("parse_mode") or "")
        try:
            if isinstance(explicit, list):  # explicit entities win over parse_mode
                parsed = ParsedText(raw, [dict(e) for e in explicit if isinstance(e, dict)])
            elif parse_mode.lower() == "html":
                parsed = parse_html(raw, strict_ampersand=self.strict_ampersand)
            elif parse_mode.lower() == "markdownv2":
                parsed = parse_markdown_v2(raw)
            elif parse_mode.lower() == "markdown":  # legacy; deprecated by Telegram
                raise bad_request("stand-in: parse_mode Markdown is not checked; use HTML")
            elif parse_mode:
                raise bad_request(f"unsupported parse_mode: {parse_mode}")
            else:
                parsed = ParsedText(raw, [])
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        parsed = strip_whitespace(parsed)
        if key == "text":
            if not parsed.text:
                raise bad_request("message text is empty")
            if utf16_len(parsed.text) > MAX_TEXT_UTF16:
                raise bad_request("message is too long")
        elif utf16_len(parsed.text) > MAX_CAPTION_UTF16:
            raise bad_request("message caption is too long")
        return parsed

    def _reply_markup(self, params: JSON, *, inline_only: bool = False) -> JSON | None:
        """Validate reply_markup; return the inline keyboard Telegram echoes in the Message."""
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request(
                    'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of '
                    "Arrays"
                )
            return {"inline_keyboard": [[_check_button(b) for b in row] for row in rows]}
        if inline_only:
            raise bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(
                isinstance(r, list)
                and all(isinstance(b, str) or (isinstance(b, dict) and "text" in b) for b in r)
                for r in rows
            ):
                raise bad_request("can't parse reply keyboard markup JSON object")
            return None
        if markup.get("remove_keyboard") or markup.get("force_reply"):
            return None
        raise bad_request("can't parse reply keyboard markup JSON object")

    def _chat(self, params: JSON) -> JSON:
        """The target chat of a send, refusing unknown and blocked chats like Telegram."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        numeric_id = _as_int(chat_id)  # "@channel" names never match a pushed chat
        chat = self._chats.get(numeric_id) if numeric_id is not None else None
        if chat is None:
            if self.strict_chats or numeric_id is None:
                raise bad_request("chat not found")
            chat = {"id": numeric_id, "type": "private", "first_name": "Lan"}
            self._chats[numeric_id] = chat
        if chat["type"] == "private" and chat["id"] in self._blocked:
            raise ApiError("Forbidden: bot was blocked by the user", 403)
        return chat

    def _new_bot_message(self, chat: JSON, params: JSON, content: JSON) -> JSON:
        """Store and return a message the bot sent, honouring reply_parameters."""
        chat_messages = self._messages.setdefault(chat["id"], {})
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict) and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply"),
            }
        target = None
        if isinstance(reply, dict):
            target = chat_messages.get(_as_int(reply.get("message_id")) or 0)
            if target is None and not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        message: JSON = {
            "message_id": self._new_message_id(chat["id"]),
            "from": dict(self.bot_user),
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
            **content,
        }
        if target is not None:
            message["reply_to_message"] = _without_reply(target)
        chat_messages[message["message_id"]] = message
        self._bot_messages.append((chat["id"], message["message_id"]))
        return message

    def _edit_target(self, params: JSON) -> JSON | None:
        """The bot message an edit refers to, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat = self._chat(params)
        message_id = _as_int(params.get("message_id"))
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self._messages.get(chat["id"], {}).get(message_id)
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    # -- Bot API methods (called with the lock held) ---------------------------------------------
    # Each takes the RecordedRequest and a liveness probe for the client; returns ``result``.

    def _api_getMe(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_getUpdates(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
                409,
            )
        params = req.params
        offset = _as_int(params.get("offset")) or 0
        limit = min(max(_as_int(params.get("limit")) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):  # remembered until changed, like Telegram
            self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        if offset > 0:  # confirms every update before it
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

        # A newer getUpdates ends this one with 409, as Telegram does with two bot instances.
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            ready = self._deliverable()
            if ready or self._stopping:
                return ready[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            # Wake at least every 0.1 s to notice a client that gave up (PTB cancels its poll
            # on stop): answering it later would look like a second bot instance.
            self._polls_waiting += 1
            self._cond.notify_all()
            try:
                self._cond.wait(min(remaining, 0.1))
            finally:
                self._polls_waiting -= 1
            if not alive():
                raise _ClientGone
            if generation != self._poll_generation:
                raise ApiError(
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                    409,
                )

    def _deliverable(self) -> list[JSON]:
        """Pending updates of allowed types; others are dropped, as Telegram never sends them."""
        keep = []
        for update in self._updates:
            kind = next(k for k in update if k != "update_id")
            if kind in self._allowed_updates:
                keep.append(update)
            else:
                self._dropped.append((update, f"allowed_updates excludes {kind}"))
        self._updates = keep
        return list(keep)

    def _api_sendMessage(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        chat = self._chat(req.params)
        parsed = self._formatted(req.params, "text")
        assert parsed is not None
        markup = self._reply_markup(req.params)
        content: JSON = {"text": parsed.text}
        if parsed.entities:
            content["entities"] = parsed.entities
        if markup:
            content["reply_markup"] = markup
        return self._new_bot_message(chat, req.params, content)

    def _uploaded(
        self, req: RecordedRequest, name: str
    ) -> tuple[bytes | None, _StoredFile | None, UploadedFile | None]:
        """The file of field ``name``: new upload bytes, or a known file_id, or a URL (None)."""
        value = req.params.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = req.files.get(value[len("attach://") :])
        else:
            upload = req.files.get(name)
        if upload is not None:
            return upload.data, None, upload
        if isinstance(value, str) and value in self._files:
            return None, self._files[value], None
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return None, None, None  # Telegram would fetch it; accepted as is
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _media_message(self, req: RecordedRequest, content: JSON) -> JSON:
        chat = self._chat(req.params)
        parsed = self._formatted(req.params, "caption")
        markup = self._reply_markup(req.params)
        if parsed is not None and parsed.text:
            content["caption"] = parsed.text
            if parsed.entities:
                content["caption_entities"] = parsed.entities
        if markup:
            content["reply_markup"] = markup
        return self._new_bot_message(chat, req.params, content)

    def _api_sendPhoto(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        self._chat(req.params)
        data, known, _ = self._uploaded(req, "photo")
        if data is not None:
            if not data.startswith((PNG_MAGIC, JPEG_MAGIC)):
                raise bad_request("IMAGE_PROCESS_FAILED")
            photo = self._photo_sizes(data)
        elif known is not None:
            photo = self._photo_sizes(known.data)
        else:
            photo = self._photo_sizes(make_png(1, 1))
        return self._media_message(req, {"photo": photo})

    def _api_sendDocument(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        self._chat(req.params)
        data, known, upload = self._uploaded(req, "document")
        if data is not None and upload is not None:
            if not data:
                raise bad_request("file must be non-empty")
            name = upload.filename or "document"
            suffix = name[name.rfind(".") :] if "." in name else ""
            known = self._store_file(
                data, "documents", suffix, mime_type=upload.content_type, file_name=name
            )
        document: JSON = {}
        if known is not None:
            document = {
                "file_id": known.file_id,
                "file_unique_id": known.file_unique_id,
                "file_name": known.file_name,
                "mime_type": known.mime_type,
                "file_size": len(known.data),
            }
        else:
            stored = self._store_file(b"", "documents", "")
            document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        return self._media_message(req, {"document": {k: v for k, v in document.items() if v}})

    def _api_sendChatAction(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        self._chat(req.params)
        if req.params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _api_answerCallbackQuery(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        query_id = str(req.params.get("callback_query_id", ""))
        if self._callback_queries.get(query_id, True):  # unknown, or answered already
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._callback_queries[query_id] = True
        return True

    def _api_answerInlineQuery(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        query_id = str(req.params.get("inline_query_id", ""))
        if self._inline_queries.get(query_id, True):
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        results = req.params.get("results")
        if not isinstance(results, list):
            raise bad_request("can't parse JSON encoded inline query results")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict):
                raise bad_request("can't parse inline query result: expected an Object")
            result_id = result.get("id")
            if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            kind = result.get("type")
            if kind not in _INLINE_RESULT_TYPES:
                raise bad_request(f'can\'t parse inline query result: unsupported type "{kind}"')
            required = ("title", "input_message_content") if kind == "article" else ()
            for key in required:
                if not result.get(key):
                    raise bad_request(f"can't parse inline query result: Can't find field {key!r}")
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._formatted(
                    {
                        "text": content["message_text"],
                        "parse_mode": content.get("parse_mode"),
                        "entities": content.get("entities"),
                    },
                    "text",
                )
            if "caption" in result:
                self._formatted(
                    {"caption": result["caption"], "parse_mode": result.get("parse_mode")},
                    "caption",
                )
            self._reply_markup(result, inline_only=True)
        self._inline_queries[query_id] = True
        return True

    def _api_editMessageText(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        message = self._edit_target(req.params)
        parsed = self._formatted(req.params, "text")
        assert parsed is not None
        markup = self._reply_markup(req.params, inline_only=True)
        if message is None:
            return True
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        if (message["text"], message.get("entities", []), message.get("reply_markup")) == (
            parsed.text,
            parsed.entities,
            markup,
        ):
            raise bad_request(_NOT_MODIFIED)
        message["text"] = parsed.text
        _set_or_drop(message, "entities", parsed.entities or None)
        _set_or_drop(message, "reply_markup", markup)  # no markup in an edit removes the keyboard
        message["edit_date"] = int(time.time())
        return message

    def _api_editMessageReplyMarkup(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        message = self._edit_target(req.params)
        markup = self._reply_markup(req.params, inline_only=True)
        if message is None:
            return True
        if message.get("reply_markup") == markup:
            raise bad_request(_NOT_MODIFIED)
        _set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return message

    def _api_deleteMessage(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        chat = self._chat(req.params)
        message_id = _as_int(req.params.get("message_id"))
        if self._messages.get(chat["id"], {}).pop(message_id or 0, None) is None:
            raise bad_request("message to delete not found")
        return True

    def _api_getFile(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        stored = self._files.get(str(req.params.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def _api_deleteWebhook(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        self.webhook = {"url": ""}
        if req.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_setWebhook(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        url = str(req.params.get("url") or "")
        if url:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme != "https":
                raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
            if (parts.port or 443) not in (80, 88, 443, 8443):
                raise bad_request(
                    "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
                )
        self.webhook = {k: v for k, v in req.params.items() if k != "certificate"}
        self.webhook["url"] = url
        if req.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_getWebhookInfo(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        info: JSON = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info["max_connections"] = _as_int(self.webhook.get("max_connections")) or 40
            if isinstance(self.webhook.get("allowed_updates"), list):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def _commands_key(self, params: JSON) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _api_setMyCommands(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        commands = req.params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(req.params)] = commands
        return True

    def _api_getMyCommands(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        return self.commands.get(self._commands_key(req.params), [])

    def _api_deleteMyCommands(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        self.commands.pop(self._commands_key(req.params), None)
        return True

    def _api_setChatMenuButton(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        button = req.params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise bad_request("can't parse menu button JSON object")
        chat_id = _as_int(req.params.get("chat_id"))
        if chat_id is not None:
            self._chat(req.params)
        self.menu_buttons[chat_id] = button
        return True

    def _api_getChatMenuButton(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        chat_id = _as_int(req.params.get("chat_id"))
        return self.menu_buttons.get(chat_id, self.menu_buttons.get(None, {"type": "commands"}))

    def _api_close(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        return True

    def _api_logOut(self, req: RecordedRequest, alive: Callable[[], bool]) -> Any:
        return True


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


_BUTTON_ERROR = "can't parse inline keyboard button: "


def _check_button(button: Any) -> JSON:
    """One InlineKeyboardButton, checked as the Bot API server checks it."""
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: expected an Object")
    text = button.get("text")
    if text is None:
        raise bad_request(f'{_BUTTON_ERROR}Can\'t find field "text"')
    if not isinstance(text, str):
        raise bad_request(f'{_BUTTON_ERROR}Field "text" must be of type String')
    # Telegram treats an empty url/callback_data as absent (and then finds no action at all).
    actions = [
        key
        for key in _BUTTON_ACTIONS
        if button.get(key) is not None and not (key in ("url", "callback_data") and not button[key])
    ]
    if not actions:
        raise bad_request(f"{_BUTTON_ERROR}Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        # Telegram silently uses the first one; a button with two actions is always a bug.
        raise bad_request(f"{_BUTTON_ERROR}stand-in: exactly one of {actions} may be set")
    if actions == ["callback_data"]:
        data = button["callback_data"]
        if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if actions == ["url"]:
        url = button["url"]
        parts = urllib.parse.urlsplit(url) if isinstance(url, str) else None
        if (
            parts is None
            or parts.scheme not in ("http", "https", "tg")
            or (parts.scheme != "tg" and not parts.hostname)
            or re.search(r"\s", url)
        ):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return {k: v for k, v in button.items() if v is not None}


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    return None


def _set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)


def _without_reply(message: JSON) -> JSON:
    """A message as embedded in reply_to_message: Telegram does not nest replies further."""
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


def _error_reply(error: ApiError) -> _Reply:
    body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return {"status": error.code, "body": body}


_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")


def _detect_entities(text: str) -> list[JSON]:
    """bot_command and mention entities, found the way Telegram clients mark them."""
    entities = []
    for pattern, kind in ((_COMMAND, "bot_command"), (_MENTION, "mention")):
        for match in pattern.finditer(text):
            entities.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(entities, key=lambda e: e["offset"])


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler stuck on a dead client must not block interpreter exit
    # socketserver's default listen backlog is 5: a bot opening many connections at once (one
    # per concurrently handled chat) would see resets no real Bot API server gives.
    request_queue_size = 512
    standin: BotApiStandIn


_BOT_PATH = re.compile(r"/bot([^/]*)/([A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)")


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so httpx can keep connections alive, like it does with api.telegram.org.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without TCP_NODELAY the body waits for the client's
    # delayed ACK (~40 ms per request on Linux loopback).
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.standin._cond:
            self.server.standin._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.standin._cond:
            self.server.standin._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; the stand-in's records say more."""

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        file_match = _FILE_PATH.fullmatch(path)
        if file_match:
            data = self.server.standin.file_for_path(urllib.parse.unquote(file_match.group(2)))
            if data is None:
                self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            else:
                self._send(200, data, "application/octet-stream")
            return
        self._serve_api()

    def do_POST(self) -> None:
        self._serve_api()

    def _serve_api(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        match = _BOT_PATH.fullmatch(url.path)
        if match is None:
            self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = urllib.parse.unquote(match.group(1)), match.group(2)
        try:
            params, files = parse_body(self.headers.get("Content-Type", ""), body, url.query)
        except (ValueError, UnicodeDecodeError) as error:
            self._send_json(400, _error_reply(bad_request(f"can't parse request: {error}"))["body"])
            return
        reply = self.server.standin.handle(token, method, params, files, self._client_alive)
        if reply.get("drop"):
            self.close_connection = True  # no response at all; the client sees a dead peer
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send_json(reply["status"], reply["body"])

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _client_alive(self) -> bool:
        """False once the client closed its end (readable with nothing to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return not readable or bool(self.connection.recv(1, socket.MSG_PEEK))
        except OSError:
            return False

    def _send_json(self, status: int, body: JSON) -> None:
        self._send(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client went away; nothing to tell it
            self.close_connection = True


__all__ = [
    "DEFAULT_BOT_ID",
    "DEFAULT_BOT_USERNAME",
    "DEFAULT_GROUP_ID",
    "DEFAULT_USER_ID",
    "JPEG_MAGIC",
    "PNG_MAGIC",
    "ApiError",
    "BotApiStandIn",
    "EntityParseError",
    "ParsedText",
    "RecordedRequest",
    "Sender",
    "ServedFault",
    "UploadedFile",
    "image_size",
    "make_png",
    "parse_body",
    "parse_html",
    "parse_markdown_v2",
    "utf16_len",
]
