"""How much of a phone screen a message takes, measured on what the stand-in parsed."""

from __future__ import annotations

import textwrap
from typing import Any

PHONE_WIDTH = 36  # characters per line of a message bubble on a phone in portrait
COLLAPSED_QUOTE = 3  # lines an expandable blockquote shows until it is opened
# A phone in portrait shows about 26 such lines between the chat's header and its input bar;
# up to four rows of buttons take about 8 of them.
SCREEN = 18  # lines of text an answer may take, leaving room for its buttons


def _utf16_slice(text: str, offset: int, length: int) -> tuple[str, str, str]:
    data = text.encode("utf-16-le")
    cut = (offset * 2, (offset + length) * 2)
    return (
        data[: cut[0]].decode("utf-16-le"),
        data[cut[0] : cut[1]].decode("utf-16-le"),
        data[cut[1] :].decode("utf-16-le"),
    )


def _lines(text: str) -> int:
    return sum(max(1, len(textwrap.wrap(line, PHONE_WIDTH))) for line in text.split("\n"))


def screen_lines(message: dict[str, Any]) -> int:
    """Lines on a phone: wrapped text, an expandable quote counted as its collapsed lines."""
    text = str(message.get("text", ""))
    quotes = [e for e in message.get("entities", []) if e["type"] == "expandable_blockquote"]
    total, rest = 0, text
    for quote in sorted(quotes, key=lambda e: -e["offset"]):  # from the end: offsets hold
        before, inside, after = _utf16_slice(rest, quote["offset"], quote["length"])
        total += min(COLLAPSED_QUOTE, _lines(inside)) + (_lines(after) if after.strip() else 0)
        rest = before.rstrip("\n")
    return total + _lines(rest)


def keyboard_rows(message: dict[str, Any]) -> int:
    return len(message.get("reply_markup", {}).get("inline_keyboard", []))
