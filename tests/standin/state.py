"""What Telegram keeps for one bot: chats, messages, files, pending updates, open queries, the
webhook and command menus, and the log of requests — with the one lock that guards it all.

Every method here expects ``World.lock`` to be held by the caller (the server and the user side
take it); tests read the world through ``BotApiStandIn``, which hands out copies.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass
from typing import Any

from tests.standin.faults import FaultPlan
from tests.standin.media import PNG_MAGIC, image_size, photo_dimensions
from tests.standin.records import JSON, ApiError, Log, as_int, bad_request

# Telegram's default: every update type except chat_member and the reaction updates.
# fmt: off
DEFAULT_UPDATE_TYPES = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
    "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
    "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_join_request",
    "chat_boost", "removed_chat_boost",
})
# fmt: on


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None


class World:
    """The server-side state of one bot (see the module docstring for the locking rule)."""

    def __init__(self, bot_user: JSON, *, privacy_mode: bool, strict_ampersand: bool) -> None:
        self.bot_user = bot_user
        # In groups only commands, @mentions of the bot and replies to it are delivered.
        self.privacy_mode = privacy_mode
        self.strict_ampersand = strict_ampersand  # a bare "&" in HTML is an error (see markup)
        self.lock = threading.Condition()
        self.log = Log()
        self.faults = FaultPlan()
        self.tokens: set[str] = set()
        self.poll_count = 0  # getUpdates calls answered
        self.polls_waiting = 0  # getUpdates calls parked in a long poll right now
        self.poll_generation = 0  # a newer getUpdates ends older ones with 409
        self.stopping = False

        self.updates: list[JSON] = []  # pushed, not yet confirmed by an offset past them
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.chats: dict[int, JSON] = {}
        self.chat_messages: dict[int, dict[int, JSON]] = {}  # chat id -> message id -> message
        self.bot_message_ids: list[tuple[int, int]] = []  # (chat id, message id), send order
        self.blocked: set[int] = set()
        self.files: dict[str, StoredFile] = {}  # by file_id
        self.file_paths: dict[str, StoredFile] = {}  # by file_path (downloads)
        self.callback_queries: dict[str, bool] = {}  # id -> answered
        self.inline_queries: dict[str, bool] = {}
        self.webhook: JSON = {"url": ""}
        self.commands: dict[tuple[str, str], list[JSON]] = {}  # (scope json, language) -> list
        self._next_update_id = 1000
        self._next_message_id: dict[int, int] = {}
        self._next_file = 1
        self._next_query_id = 4_000_000_000_000_000_001

    # -- ids -------------------------------------------------------------------------------

    def new_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id

    def new_query_id(self) -> str:
        self._next_query_id += 1
        return str(self._next_query_id)

    def new_message_id(self, chat_id: int) -> int:
        # One counter per chat, shared by users and the bot, like private chats and groups.
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    # -- updates ---------------------------------------------------------------------------

    def queue(self, update: JSON) -> JSON:
        """Add an update and wake long polls; returns a copy with its update_id."""
        update = {"update_id": self.new_update_id(), **update}
        self.updates.append(update)
        self.lock.notify_all()
        return copy.deepcopy(update)

    def deliverable(self) -> list[JSON]:
        """Pending updates of allowed types; others are dropped, as Telegram never sends them."""
        keep = []
        for update in self.updates:
            kind = next(k for k in update if k != "update_id")
            if kind in self.allowed_updates:
                keep.append(update)
            else:
                self.log.dropped.append((update, f"allowed_updates excludes {kind}"))
        self.updates = keep
        return list(keep)

    def addressed_to_bot(self, message: JSON) -> bool:
        """Privacy mode lets through commands, @mentions of the bot and replies to the bot."""
        text = str(message.get("text") or message.get("caption") or "")
        mention = f"@{self.bot_user['username']}".lower()
        replied = message.get("reply_to_message", {}).get("from", {}).get("id")
        return text.startswith("/") or mention in text.lower() or replied == self.bot_user["id"]

    # -- chats and messages ----------------------------------------------------------------

    def chat_for_send(self, params: JSON) -> JSON:
        """The target chat of a send, refusing unknown and blocked chats like Telegram."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        numeric_id = as_int(chat_id)  # "@channel" names never match a pushed chat
        chat = self.chats.get(numeric_id) if numeric_id is not None else None
        if chat is None:  # as for a user who never opened the bot
            raise bad_request("chat not found")
        if chat["type"] == "private" and chat["id"] in self.blocked:
            raise ApiError("Forbidden: bot was blocked by the user", 403)
        return chat

    def new_bot_message(self, chat: JSON, params: JSON, content: JSON) -> JSON:
        """Store and return a message the bot sent, honouring reply_parameters."""
        chat_messages = self.chat_messages.setdefault(chat["id"], {})
        reply = params.get("reply_parameters")
        target = None
        if isinstance(reply, dict):
            target = chat_messages.get(as_int(reply.get("message_id")) or 0)
            if target is None and not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        message: JSON = {
            "message_id": self.new_message_id(chat["id"]),
            "from": dict(self.bot_user),
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
            **content,
        }
        if target is not None:
            message["reply_to_message"] = without_reply(target)
        chat_messages[message["message_id"]] = message
        self.bot_message_ids.append((chat["id"], message["message_id"]))
        return message

    def bot_messages(self, chat_id: int | None = None) -> list[JSON]:
        """The bot's messages as users see them now (edits applied), copied."""
        found = []
        for chat, message_id in self.bot_message_ids:
            message = self.chat_messages.get(chat, {}).get(message_id)
            if message is not None and (chat_id is None or chat == chat_id):
                found.append(copy.deepcopy(message))
        return found

    def find_bot_message(self, message: JSON | int | None, chat_id: int) -> JSON:
        """A message by dict or id in ``chat_id``; None: the bot's latest message there."""
        if isinstance(message, dict):
            chat_id, message_id = message["chat"]["id"], int(message["message_id"])
        elif message is None:
            ids = [m for c, m in self.bot_message_ids if c == chat_id]
            if not ids:
                raise ValueError(f"the bot has no message in chat {chat_id}")
            message_id = ids[-1]
        else:
            message_id = message
        found = self.chat_messages.get(chat_id, {}).get(message_id)
        if found is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        return found

    def edit_target(self, params: JSON) -> JSON | None:
        """The bot message an edit refers to, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat = self.chat_for_send(params)
        message_id = as_int(params.get("message_id"))
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self.chat_messages.get(chat["id"], {}).get(message_id)
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    # -- files -----------------------------------------------------------------------------

    def store_file(
        self,
        data: bytes,
        kind: str,
        suffix: str,
        *,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> StoredFile:
        number = self._next_file
        self._next_file += 1
        stored = StoredFile(
            file_id=f"AgAC{kind[:3].upper()}{number:08d}",
            file_unique_id=f"AQAD{number:08d}",
            data=data,
            file_path=f"{kind}/file_{number}{suffix}",
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[stored.file_id] = stored
        self.file_paths[stored.file_path] = stored
        return stored

    def photo_sizes(self, data: bytes) -> list[JSON]:
        """The PhotoSize list of an image; each size is its own file of the original bytes."""
        size = image_size(data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10000 or max(width, height) > 20 * min(width, height):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        mime = "image/png" if data.startswith(PNG_MAGIC) else "image/jpeg"
        photo = []
        for w, h in photo_dimensions(width, height):
            stored = self.store_file(data, "photos", ".jpg", mime_type=mime)
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


def without_reply(message: JSON) -> JSON:
    """A message as embedded in reply_to_message: Telegram does not nest replies further."""
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


def user_json(user_id: int, **fields: Any) -> JSON:
    """A User object; empty optional fields are left out, as Telegram does."""
    user: JSON = {"id": user_id, "is_bot": False, "first_name": fields.get("first_name", "Lan")}
    for key in ("last_name", "username", "language_code"):
        if fields.get(key):
            user[key] = fields[key]
    return user
