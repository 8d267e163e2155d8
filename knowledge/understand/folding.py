"""Vietnamese text folding and tokenising.

Questions arrive in NFC or NFD (some phones), with or without diacritics, with tỷ/tỉ and old/new
tone placement. Folding to lowercase ASCII letters makes all of those the same string; it maps
one character to one character, so a span found in the folded text is the same span in the
NFC text.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = {
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "æ": "a",
    "œ": "o",
    "ß": "s",
    "ǣ": "a",
    "ǽ": "a",
    "ǿ": "o",
}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def well_formed(text: str) -> str:
    """Text that can be encoded: lone surrogates (a Telegram message or a JSON line may carry
    "\\ud800") become U+FFFD, so logging, hashing or replying never fails on them."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def nfc(text: str) -> str:
    """Compose the text (NFD → NFC) and make every kind of white space a plain space; a lone
    surrogate (undecodable bytes read with surrogateescape) becomes U+FFFD, so the text can
    always be encoded again."""
    text = unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", text))
    return re.sub(r"\s+", " ", text).strip()


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    folded = base.lower()
    if len(folded) != 1:
        folded = base
    # 'Æ' → 'æ' → 'a': special letters are looked up after lowercasing, so folding is idempotent
    return _SPECIAL.get(folded, folded)


def fold(text: str) -> str:
    """'Tỷ lệ bao phủ BHYT' → 'ty le bao phu bhyt'; input must already be NFC for 1:1 spans."""
    return "".join(_fold_char(c) for c in text)


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


# A token: a word, or a number as Vietnamese write them (741.213 · 86,96 · 8/2019 · 31/12/2021).
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*%?|[a-z]+|%")


def tokens(folded: str) -> list[str]:
    """Split folded text into words and numbers; glued forms like 'bhyt2022' are split too."""
    return _TOKEN.findall(folded)


def token_spans(folded: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
