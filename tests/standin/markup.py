"""Telegram HTML, parsed the way the Bot API server parses it (the bot writes HTML only).

A port in spirit of tdlib's ``parse_html`` (td/telegram/MessageEntity.cpp, which the Bot API server
runs): the same accepted syntax, the same error texts (Telegram prefixes them with "Bad Request:
can't parse entities: "), offsets in UTF-16 code units as Telegram counts them. Used by
tests/standin/checks.py; importable on its own to check rendered text in unit tests:

    parse_html("<b>741.213</b> người").text == "741.213 người"
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]


class EntityParseError(ValueError):
    """Telegram's "can't parse entities: <this message>"."""


@dataclass
class ParsedText:
    """Text as the user sees it plus Bot API MessageEntity dicts (offsets in UTF-16 units)."""

    text: str
    entities: list[JSON]


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    """tdlib reports error positions as byte offsets into the UTF-8 source."""
    return len(text[:index].encode("utf-8"))


_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7})|(lt|gt|amp|quot));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_HTML_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_SPACES = " \t\r\n\v\f"


def _decode_html_entity(match: re.Match[str]) -> str | None:
    """The character an entity stands for, or None if Telegram would not treat it as one."""
    decimal, hexadecimal, name = match.groups()
    if name:
        return _NAMED_ENTITIES[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code == 0 or code >= 0x10FFFF:
        return None
    return chr(code)


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset where the tag's content starts
    out_index: int  # index into the output pieces, to recover the content (for <a> without href)
    expandable: bool = False


def parse_html(source: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram HTML; raise EntityParseError with Telegram's message on bad markup.

    ``strict_ampersand``: the Bot API documentation requires every ``&`` outside a tag to be an
    entity; Telegram itself lets a lone ``&`` through as text. Being stricter here catches
    forgotten ``html.escape`` calls before they meet a ``<`` in user-supplied text.
    """
    out: list[str] = []
    entities: list[JSON] = []
    stack: list[_OpenTag] = []
    utf16 = 0
    n = len(source)

    def at(k: int) -> str:
        return source[k] if k < n else "\0"

    def err(message: str) -> EntityParseError:
        return EntityParseError(message)

    i = 0
    while i < n:
        c = source[i]
        if c == "&":
            match = _HTML_ENTITY.match(source, i)
            decoded = _decode_html_entity(match) if match else None
            if match and decoded is not None:
                if 0xD800 <= ord(decoded) <= 0xDFFF:
                    raise err(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                out.append(decoded)
                utf16 += utf16_len(decoded)
                i = match.end()
                continue
            if strict_ampersand:
                raise err(
                    f"Unsupported HTML entity at byte offset {_byte_offset(source, i)} "
                    "(stand-in: a bare '&' must be written &amp;)"
                )
        if c != "<":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":  # a start tag
            while i < n and at(i) not in _SPACES and at(i) != ">":
                i += 1
            if i >= n:
                raise err(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
            tag = source[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise err(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, begin)}'
                )
            attributes: dict[str, str] = {}
            while at(i) != ">":
                while i < n and at(i) in _SPACES:
                    i += 1
                if at(i) == ">":
                    break
                if i >= n:
                    raise err(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
                name_begin = i
                while i < n and at(i) not in _SPACES and at(i) not in "=>":
                    i += 1
                name = source[name_begin:i]
                if not name:
                    raise err(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{_byte_offset(source, begin)}"
                    )
                while i < n and at(i) in _SPACES:
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and name == "expandable":  # a valueless attribute
                        attributes[name] = ""
                        continue
                    raise err(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {_byte_offset(source, begin)}'
                    )
                i += 1
                while i < n and at(i) in _SPACES:
                    i += 1
                if i >= n:
                    raise err(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(source, begin)}'
                    )
                if at(i) not in "'\"":  # an unquoted name token
                    token_begin = i
                    while i < n and ((at(i).isascii() and at(i).isalnum()) or at(i) in ".-"):
                        i += 1
                    value = source[token_begin:i].lower()
                    if at(i) not in _SPACES and at(i) != ">":
                        raise err(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(source, token_begin)}"
                        )
                else:  # a quoted string; entities are decoded, a bare '&' is kept (it's a tag)
                    quote = at(i)
                    i += 1
                    pieces: list[str] = []
                    while i < n and at(i) != quote:
                        match = _HTML_ENTITY.match(source, i) if at(i) == "&" else None
                        decoded = _decode_html_entity(match) if match else None
                        if match and decoded is not None:
                            pieces.append(decoded)
                            i = match.end()
                            continue
                        pieces.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(pieces)
                if i >= n:
                    raise err(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
                attributes[name] = value

            argument = ""
            if tag == "a":
                argument = attributes.get("href", "")
            elif tag == "code" and attributes.get("class", "").startswith("language-"):
                argument = attributes["class"][len("language-") :]
            elif tag == "span" and attributes.get("class", "").startswith("tg-"):
                argument = attributes["class"][len("tg-") :]
            elif tag == "tg-emoji":
                argument = attributes.get("emoji-id", "")
            if tag == "span" and argument != "spoiler":
                raise err(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(source, begin)}"
                )
            stack.append(_OpenTag(tag, argument, utf16, len(out), "expandable" in attributes))
            i += 1  # past '>'
            continue

        # an end tag
        if not stack:
            raise err(f"Unexpected end tag at byte offset {_byte_offset(source, begin)}")
        while i < n and at(i) not in _SPACES and at(i) != ">":
            i += 1
        end_name = source[begin + 2 : i].lower()
        while i < n and at(i) in _SPACES:
            i += 1
        if at(i) != ">":
            raise err(f"Unclosed end tag at byte offset {_byte_offset(source, begin)}")
        top = stack[-1]
        if end_name and end_name != top.name:  # tdlib lets "</>" close whatever is open
            raise err(
                f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                f'expected "</{top.name}>", found "</{end_name}>"'
            )
        length = utf16 - top.offset
        if length > 0:
            _add_html_entity(entities, top, length, "".join(out[top.out_index :]))
        stack.pop()
        i += 1

    if stack:
        raise err(f"Can't find end tag corresponding to start tag {stack[-1].name}")
    return ParsedText("".join(out), _sorted_entities(entities))


def _add_html_entity(entities: list[JSON], tag: _OpenTag, length: int, content: str) -> None:
    base: JSON = {"offset": tag.offset, "length": length}
    if tag.name in _SIMPLE_HTML_TYPES:
        entities.append({"type": _SIMPLE_HTML_TYPES[tag.name], **base})
    elif tag.name == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", **base, "custom_emoji_id": tag.argument})
    elif tag.name == "a":
        url = checked_link(tag.argument or content)
        if url:  # Telegram silently drops links it cannot use
            entities.append({"type": "text_link", **base, "url": url})
    elif tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.expandable else "blockquote"
        entities.append({"type": kind, **base})
    elif tag.name == "code":
        pre = _just_closed(entities, "pre", tag.offset, length)
        if pre is not None:  # <code class> directly around <pre> content gives the pre a language
            if tag.argument:
                pre["language"] = tag.argument
        else:
            entities.append({"type": "code", **base, "_language": tag.argument})
    elif tag.name == "pre":
        code = _just_closed(entities, "code", tag.offset, length)
        if code is not None:  # <pre><code class="language-x">…</code></pre>
            language = code.pop("_language")
            entities[-1] = {"type": "pre", **base, **({"language": language} if language else {})}
        else:
            entities.append({"type": "pre", **base})


def _just_closed(entities: list[JSON], kind: str, offset: int, length: int) -> JSON | None:
    """The entity closed last, if it is a `kind` over the same span."""
    last = entities[-1] if entities else None
    if last and last["type"] == kind and (last["offset"], last["length"]) == (offset, length):
        return last
    return None


def _sorted_entities(entities: list[JSON]) -> list[JSON]:
    for entity in entities:
        entity.pop("_language", None)
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def checked_link(url: str) -> str:
    """A usable link target, or "" when Telegram would drop the link."""
    url = url.strip()
    if not url or any(ch in url for ch in _SPACES):
        return ""
    if "://" not in url and not url.startswith(("tg:", "mailto:")):
        url = "http://" + url
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("http", "https") and not parts.hostname:
        return ""
    return url


def strip_whitespace(parsed: ParsedText) -> ParsedText:
    """Telegram trims leading and trailing whitespace and clips entities to what is left."""
    text = parsed.text
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    stripped = text.strip()
    total = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)
