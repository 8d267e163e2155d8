"""The users' side: tests play users who write, press buttons, type inline queries, send files.

Each ``push_*`` adds the update Telegram would deliver to the bot (or drops it, as privacy mode
does in groups) and returns it. A new kind of update is one more ``push_*`` here.
"""

from __future__ import annotations

import copy
import re
import time
from typing import Literal, Unpack

from tests.standin.markup import utf16_len
from tests.standin.media import make_png
from tests.standin.records import DEFAULT_GROUP_ID, DEFAULT_USER_ID, JSON, MAX_TEXT_UTF16, Sender
from tests.standin.state import World, user_json, without_reply


class UserSide:
    """What users do, applied to ``self.world`` under its lock."""

    world: World

    def add_chat(
        self,
        chat_id: int,
        chat_type: Literal["private", "group", "supergroup"] = "private",
        *,
        title: str = "Nhóm thử nghiệm",
        first_name: str = "Lan",
    ) -> JSON:
        """Make a chat known without pushing an update (so the bot may send to it)."""
        with self.world.lock:
            if chat_type == "private":
                chat: JSON = {"id": chat_id, "type": "private", "first_name": first_name}
            else:
                chat = {"id": chat_id, "type": chat_type, "title": title}
            self.world.chats.setdefault(chat_id, chat)
            return copy.deepcopy(self.world.chats[chat_id])

    def block_user(self, user_id: int) -> None:
        """From now on sending to this private chat fails with 403 as if the user blocked us."""
        with self.world.lock:
            self.world.blocked.add(user_id)

    def push_message(
        self, text: str, *, entities: list[JSON] | None = None, **sender: Unpack[Sender]
    ) -> JSON:
        """Queue a text message from a user; bot commands and @mentions get their entities."""
        if not text or utf16_len(text) > MAX_TEXT_UTF16:
            raise ValueError("a user's text message has 1-4096 characters")
        content: JSON = {"text": text}
        found = entities if entities is not None else detect_entities(text)
        if found:
            content["entities"] = found
        return self._push_user_message(content, sender)

    def push_command(
        self, command: str, args: str = "", *, mention: bool = False, **sender: Unpack[Sender]
    ) -> JSON:
        """Queue "/command args"; ``mention`` writes "/command@bot" as group users often do."""
        name = command.lstrip("/")
        head = f"/{name}@{self.world.bot_user['username']}" if mention else f"/{name}"
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
        world = self.world
        with world.lock:
            target = world.find_bot_message(message, chat_id if chat_id is not None else user_id)
            buttons = [
                b.get("callback_data")
                for row in target.get("reply_markup", {}).get("inline_keyboard", [])
                for b in row
            ]
            if check_button and data not in buttons:
                raise ValueError(f"no button with callback_data {data!r}; there are {buttons}")
            query_id = world.new_query_id()
            world.callback_queries[query_id] = False
            callback = {
                "id": query_id,
                "from": user_json(user_id, first_name=first_name),
                "message": copy.deepcopy(target),
                "chat_instance": str(abs(hash(target["chat"]["id"])) % 10**12),
                "data": data,
            }
            return world.queue({"callback_query": callback})

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
        world = self.world
        with world.lock:
            query_id = world.new_query_id()
            world.inline_queries[query_id] = False
            inline = {
                "id": query_id,
                "from": user_json(user_id, first_name=first_name),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            return world.queue({"inline_query": inline})

    def push_sticker(
        self, emoji: str = "👍", *, set_name: str = "VietnamFun", **sender: Unpack[Sender]
    ) -> JSON:
        with self.world.lock:
            stored = self.world.store_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers", ".webp")
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
        self, content: bytes | None = None, *, caption: str | None = None, **sender: Unpack[Sender]
    ) -> JSON:
        """Queue a photo (a generated PNG unless ``content`` is given); bytes downloadable."""
        data = content if content is not None else make_png(64, 48)
        with self.world.lock:
            photo = self.world.photo_sizes(data)
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
        with self.world.lock:
            stored = self.world.store_file(content, "voice", ".oga", mime_type="audio/ogg")
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
        with self.world.lock:
            suffix = filename[filename.rfind(".") :] if "." in filename else ""
            stored = self.world.store_file(
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

    def _push_user_message(self, content: JSON, sender: Sender) -> JSON:
        world = self.world
        user_id = sender.get("user_id", DEFAULT_USER_ID)
        chat_type = sender.get("chat_type", "private")
        chat_id = sender.get("chat_id", user_id if chat_type == "private" else DEFAULT_GROUP_ID)
        user = user_json(
            user_id,
            first_name=sender.get("first_name", "Lan"),
            last_name=sender.get("last_name", "Nguyễn"),
            username=sender.get("username"),
            language_code=sender.get("language_code", "vi"),
        )
        with world.lock:
            chat = world.chats.get(chat_id)
            if chat is None or chat["type"] != chat_type:
                if chat_type == "private":
                    names = ("first_name", "last_name", "username")
                    chat = {"id": chat_id, "type": "private"}
                    chat |= {k: v for k, v in user.items() if k in names}
                else:
                    title = sender.get("title", "Nhóm thử nghiệm")
                    chat = {"id": chat_id, "type": chat_type, "title": title}
                world.chats[chat_id] = chat
            message: JSON = {
                "message_id": world.new_message_id(chat_id),
                "from": user,
                "chat": copy.deepcopy(chat),
                "date": int(time.time()),
                **content,
            }
            reply_to: JSON | int | None = sender.get("reply_to")
            if sender.get("reply_to_bot"):
                reply_to = world.find_bot_message(None, chat_id)
            if reply_to is not None:
                reply_id = reply_to if isinstance(reply_to, int) else reply_to["message_id"]
                target = world.chat_messages.get(chat_id, {}).get(reply_id)
                if target is None:
                    raise ValueError(f"no message {reply_id} in chat {chat_id} to reply to")
                message["reply_to_message"] = without_reply(target)
            world.chat_messages.setdefault(chat_id, {})[message["message_id"]] = message
            update: JSON = {"message": copy.deepcopy(message)}
            if (
                world.privacy_mode
                and chat_type != "private"
                and not world.addressed_to_bot(message)
            ):
                update["update_id"] = world.new_update_id()
                world.log.dropped.append((update, "privacy mode: not a command, mention or reply"))
                return update
            return world.queue(update)


_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")


def detect_entities(text: str) -> list[JSON]:
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
