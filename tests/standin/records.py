"""What the stand-in knows about requests: Telegram's limits and defaults, the error shape, and the
record of every call the bot made (``RecordedRequest``), which tests read back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

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


class ApiError(Exception):
    """A Telegram-shaped failure; ``code`` is both the HTTP status and ``error_code``."""

    def __init__(self, description: str, code: int = 400, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
        self.parameters = parameters

    def body(self) -> JSON:
        """The JSON Telegram answers with."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(message: str) -> ApiError:
    return ApiError(f"Bad Request: {message}", 400)


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
class Log:
    """The stand-in's record lists (guarded by its lock; tests get copies)."""

    requests: list[RecordedRequest] = field(default_factory=list)  # all, polls and faults too
    sent: list[RecordedRequest] = field(default_factory=list)  # successful, except getUpdates
    rejected: list[RecordedRequest] = field(default_factory=list)  # answered 4xx
    faults_served: list[ServedFault] = field(default_factory=list)
    dropped: list[tuple[JSON, str]] = field(default_factory=list)  # undeliverable updates, why

    def clear(self) -> None:
        for records in (self.requests, self.sent, self.rejected, self.faults_served, self.dropped):
            records.clear()


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


class Reply(TypedDict, total=False):
    """How the HTTP layer answers one call: a status and JSON body, or ``drop`` the connection."""

    status: int
    body: JSON
    drop: bool


def as_int(value: Any) -> int | None:
    """A form or JSON value as Telegram reads an integer field; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    return None
