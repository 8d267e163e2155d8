"""Validation shared by the Bot API methods: formatted text (HTML, UTF-16 limits) and inline
keyboards (the 64-byte callback limit), refused with Telegram's own wording."""

from __future__ import annotations

import re
import urllib.parse
from typing import Any, Literal

from tests.standin.markup import (
    EntityParseError,
    ParsedText,
    parse_html,
    strip_whitespace,
    utf16_len,
)
from tests.standin.records import (
    JSON,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_UTF16,
    MAX_TEXT_UTF16,
    bad_request,
)

# fmt: off
_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
# fmt: on
_BUTTON_ERROR = "can't parse inline keyboard button: "


def formatted(
    params: JSON, key: Literal["text", "caption"], *, strict_ampersand: bool = True
) -> ParsedText | None:
    """Parse text/caption with its parse_mode, enforcing Telegram's emptiness and limits."""
    raw = params.get(key)
    if raw is None or raw == "":
        if key == "text":
            raise bad_request("message text is empty")
        return None
    raw = str(raw)
    explicit = params.get("entities" if key == "text" else "caption_entities")
    parse_mode = str(params.get("parse_mode") or "").lower()
    try:
        if isinstance(explicit, list):  # explicit entities win over parse_mode
            parsed = ParsedText(raw, [dict(e) for e in explicit if isinstance(e, dict)])
        elif parse_mode == "html":
            parsed = parse_html(raw, strict_ampersand=strict_ampersand)
        elif parse_mode:  # the bot writes HTML only; other modes are not checked here
            raise bad_request(f"stand-in: parse_mode {parse_mode} is not checked; use HTML")
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


def inline_keyboard(params: JSON) -> JSON | None:
    """Validate reply_markup; return the inline keyboard Telegram echoes in the Message.

    The bot uses inline keyboards only; any other markup is refused so that a change to it
    shows up here first (add its checks when the bot starts to use it)."""
    markup = params.get("reply_markup")
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        raise bad_request("stand-in: only inline keyboards are checked")
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    return {"inline_keyboard": [[_check_button(b) for b in row] for row in rows]}


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
