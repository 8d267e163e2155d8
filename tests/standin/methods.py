"""The Bot API methods the bot calls (directly or through PTB's polling and webhook setup), each
checked the way Telegram checks it. Each takes the world (lock held), the request and a probe
that says whether the client is still connected, and returns the call's ``result``.

Anything else is "method not found" (404), which the ``api`` fixture reports: a bot that starts
calling a new method fails its tests until the method is added here, to ``METHODS``.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from collections.abc import Callable
from typing import Any, Literal

from tests.standin.checks import formatted, inline_keyboard
from tests.standin.media import JPEG_MAGIC, PNG_MAGIC, make_png
from tests.standin.records import (
    JSON,
    MAX_DOWNLOAD_BYTES,
    MAX_INLINE_RESULTS,
    ApiError,
    RecordedRequest,
    UploadedFile,
    as_int,
    bad_request,
)
from tests.standin.state import DEFAULT_UPDATE_TYPES, StoredFile, World

Alive = Callable[[], bool]
Method = Callable[[World, RecordedRequest, Alive], Any]
_INLINE_RESULT_TYPES = frozenset(
    {"article", "photo", "document"}  # the kinds a bot like this one could answer with
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


class ClientGone(Exception):
    """The client closed the connection while its long poll was waiting."""


def get_me(world: World, req: RecordedRequest, alive: Alive) -> Any:
    return {
        **world.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": not world.privacy_mode,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def get_updates(world: World, req: RecordedRequest, alive: Alive) -> Any:
    if world.webhook.get("url"):
        raise ApiError(
            "Conflict: can't use getUpdates method while webhook is active; use "
            "deleteWebhook to delete the webhook first",
            409,
        )
    params = req.params
    offset = as_int(params.get("offset")) or 0
    limit = min(max(as_int(params.get("limit")) or 100, 1), 100)
    timeout = max(float(params.get("timeout") or 0), 0.0)
    allowed = params.get("allowed_updates")
    if isinstance(allowed, list):  # remembered until changed, like Telegram
        world.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
    if offset > 0:  # confirms every update before it
        world.updates = [u for u in world.updates if u["update_id"] >= offset]
    elif offset < 0:
        world.updates = world.updates[offset:]

    # A newer getUpdates ends this one with 409, as Telegram does with two bot instances.
    world.poll_generation += 1
    generation = world.poll_generation
    world.lock.notify_all()
    deadline = time.monotonic() + timeout
    while True:
        ready = world.deliverable()
        if ready or world.stopping:
            return ready[:limit]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return []
        # Wake at least every 0.1 s to notice a client that gave up (PTB cancels its poll on
        # stop): answering it later would look like a second bot instance.
        world.polls_waiting += 1
        world.lock.notify_all()
        try:
            world.lock.wait(min(remaining, 0.1))
        finally:
            world.polls_waiting -= 1
        if not alive():
            raise ClientGone
        if generation != world.poll_generation:
            raise ApiError(
                "Conflict: terminated by other getUpdates request; make sure that only one "
                "bot instance is running",
                409,
            )


def send_message(world: World, req: RecordedRequest, alive: Alive) -> Any:
    return _new_message(world, req, {}, "text")


def send_photo(world: World, req: RecordedRequest, alive: Alive) -> Any:
    world.chat_for_send(req.params)
    data, known, _ = _uploaded(world, req, "photo")
    if data is not None:
        if not data.startswith((PNG_MAGIC, JPEG_MAGIC)):
            raise bad_request("IMAGE_PROCESS_FAILED")
        photo = world.photo_sizes(data)
    else:  # a file_id sent before, or a URL Telegram would fetch
        photo = world.photo_sizes(known.data if known is not None else make_png(1, 1))
    return _new_message(world, req, {"photo": photo}, "caption")


def send_document(world: World, req: RecordedRequest, alive: Alive) -> Any:
    world.chat_for_send(req.params)
    data, known, upload = _uploaded(world, req, "document")
    if data is not None and upload is not None:
        if not data:
            raise bad_request("file must be non-empty")
        name = upload.filename or "document"
        suffix = name[name.rfind(".") :] if "." in name else ""
        known = world.store_file(
            data, "documents", suffix, mime_type=upload.content_type, file_name=name
        )
    if known is None:  # a URL
        known = world.store_file(b"", "documents", "")
    document = {
        "file_id": known.file_id,
        "file_unique_id": known.file_unique_id,
        "file_name": known.file_name,
        "mime_type": known.mime_type,
        "file_size": len(known.data),
    }
    content = {"document": {k: v for k, v in document.items() if v}}
    return _new_message(world, req, content, "caption")


def _uploaded(
    world: World, req: RecordedRequest, name: str
) -> tuple[bytes | None, StoredFile | None, UploadedFile | None]:
    """The file of field ``name``: new upload bytes, or a known file_id, or a URL (None)."""
    value = req.params.get(name)
    if isinstance(value, str) and value.startswith("attach://"):
        upload = req.files.get(value[len("attach://") :])
    else:
        upload = req.files.get(name)
    if upload is not None:
        return upload.data, None, upload
    if isinstance(value, str) and value in world.files:
        return None, world.files[value], None
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return None, None, None
    raise bad_request("wrong file identifier/HTTP URL specified")


def _new_message(
    world: World, req: RecordedRequest, content: JSON, key: Literal["text", "caption"]
) -> JSON:
    """The bot's new message: ``content`` plus its text or caption and inline keyboard."""
    chat = world.chat_for_send(req.params)
    parsed = formatted(req.params, key, strict_ampersand=world.strict_ampersand)
    if parsed is not None and parsed.text:
        content[key] = parsed.text
        if parsed.entities:
            content["entities" if key == "text" else "caption_entities"] = parsed.entities
    markup = inline_keyboard(req.params)
    if markup:
        content["reply_markup"] = markup
    return world.new_bot_message(chat, req.params, content)


def answer_callback_query(world: World, req: RecordedRequest, alive: Alive) -> Any:
    query_id = str(req.params.get("callback_query_id", ""))
    if world.callback_queries.get(query_id, True):  # unknown, or answered already
        raise bad_request(_QUERY_TOO_OLD)
    world.callback_queries[query_id] = True
    return True


def answer_inline_query(world: World, req: RecordedRequest, alive: Alive) -> Any:
    query_id = str(req.params.get("inline_query_id", ""))
    if world.inline_queries.get(query_id, True):
        raise bad_request(_QUERY_TOO_OLD)
    results = req.params.get("results")
    if not isinstance(results, list):
        raise bad_request("can't parse JSON encoded inline query results")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    strict = world.strict_ampersand
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
        for key in ("title", "input_message_content") if kind == "article" else ():
            if not result.get(key):
                raise bad_request(f"can't parse inline query result: Can't find field {key!r}")
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            text = {k: content.get(k) for k in ("parse_mode", "entities")}
            formatted({"text": content["message_text"], **text}, "text", strict_ampersand=strict)
        if "caption" in result:
            caption = {"caption": result["caption"], "parse_mode": result.get("parse_mode")}
            formatted(caption, "caption", strict_ampersand=strict)
        inline_keyboard(result)
    world.inline_queries[query_id] = True
    return True


def edit_message_text(world: World, req: RecordedRequest, alive: Alive) -> Any:
    message = world.edit_target(req.params)
    parsed = formatted(req.params, "text", strict_ampersand=world.strict_ampersand)
    assert parsed is not None
    markup = inline_keyboard(req.params)
    if message is None:
        return True
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    current = (message["text"], message.get("entities", []), message.get("reply_markup"))
    if current == (parsed.text, parsed.entities, markup):
        raise bad_request(_NOT_MODIFIED)
    message["text"] = parsed.text
    _set_or_drop(message, "entities", parsed.entities or None)
    _set_or_drop(message, "reply_markup", markup)  # no markup in an edit removes the keyboard
    message["edit_date"] = int(time.time())
    return message


def edit_message_reply_markup(world: World, req: RecordedRequest, alive: Alive) -> Any:
    message = world.edit_target(req.params)
    markup = inline_keyboard(req.params)
    if message is None:
        return True
    if message.get("reply_markup") == markup:
        raise bad_request(_NOT_MODIFIED)
    _set_or_drop(message, "reply_markup", markup)
    message["edit_date"] = int(time.time())
    return message


def get_file(world: World, req: RecordedRequest, alive: Alive) -> Any:
    stored = world.files.get(str(req.params.get("file_id", "")))
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


def delete_webhook(world: World, req: RecordedRequest, alive: Alive) -> Any:
    world.webhook = {"url": ""}
    if req.params.get("drop_pending_updates"):
        world.updates.clear()
    return True


def set_webhook(world: World, req: RecordedRequest, alive: Alive) -> Any:
    url = str(req.params.get("url") or "")
    if url:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https":
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if (parts.port or 443) not in (80, 88, 443, 8443):
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
    world.webhook = {k: v for k, v in req.params.items() if k != "certificate"}
    world.webhook["url"] = url
    if req.params.get("drop_pending_updates"):
        world.updates.clear()
    return True


def set_my_commands(world: World, req: RecordedRequest, alive: Alive) -> Any:
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
    scope = req.params.get("scope") or {"type": "default"}
    language = str(req.params.get("language_code") or "")
    world.commands[(json.dumps(scope, sort_keys=True), language)] = commands
    return True


def _set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)


METHODS: dict[str, Method] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "getFile": get_file,
    "deleteWebhook": delete_webhook,
    "setWebhook": set_webhook,
    "setMyCommands": set_my_commands,
}
# Requests that are plumbing rather than something a user would see; wait_for(N) skips them.
HOUSEKEEPING = frozenset({"getMe", "getUpdates", "deleteWebhook", "setWebhook"})
MESSAGE_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
