"""Telegram's length limits: what Telegram counts, and a reply split into messages that fit.

A reply is built as blocks, each valid HTML on its own, so a long reply can be cut or split at a
block boundary and never exceeds Telegram's 4096 characters (1024 for a photo caption).
"""

from __future__ import annotations

import re
from html import escape, unescape

MAX_MESSAGE = 4096
MAX_CAPTION = 1024


def visible_length(html: str) -> int:
    """What Telegram counts: the text without tags, entities decoded, in UTF-16 code units
    (an emoji such as 📰 counts two)."""
    return _utf16(unescape(re.sub(r"<[^>]+>", "", html)))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int) -> str:
    """The longest start of plain `text` within `limit` UTF-16 units."""
    while _utf16(text) > limit:
        text = text[: max(0, len(text) - (_utf16(text) - limit + 1) // 2 - 1)]
    return text


def split_blocks(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Messages of whole blocks, each within Telegram's limit (an oversized block is cut)."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if visible_length(block) > limit:
            block = escape(cut(unescape(re.sub(r"<[^>]+>", "", block)), limit - 1)) + "…"
        candidate = f"{current}\n\n{block}" if current else block
        if visible_length(candidate) > limit:
            messages.append(current)
            candidate = block
        current = candidate
    if current:
        messages.append(current)
    return messages
