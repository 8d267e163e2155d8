"""Ranking questions: "tỉnh nào cao nhất", "nơi nào ít người tham gia BHTN nhất", "xếp hạng các
tỉnh", "năm nào thấp nhất", "Lạng Sơn đứng thứ mấy". Read on folded text with the periods and
places blanked out (so "Cao Bằng" is no "cao")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

_HIGH = r"nhieu|cao|lon"
_LOW = r"it|thap|nho|kem|yeu"
# "nhiều … nhất": the adjective may stand a few words before "nhất"
_MOST = re.compile(
    rf"\b(?P<high>{_HIGH})\b(?:\s+\w+){{0,8}}?\s+nhat\b|\b(?P<low>{_LOW})\b(?:\s+\w+){{0,8}}?\s+nhat\b"
)
_ENGLISH_HIGH = re.compile(
    r"\b(?:highest|largest|most|biggest|greatest|top|leading|best|dan dau|dung dau|quan quan)\b"
)
_ENGLISH_LOW = re.compile(
    r"\b(?:lowest|smallest|least|fewest|worst|bottom|doi so|cuoi bang|bet bang|dung cuoi)\b"
)
# a superlative standing alone, not "at least" before a figure: "ít nhất?", "cao nhất thì sao"
_BARE = re.compile(rf"\b(?:{_HIGH}|{_LOW})\s+nhat\b(?!\s*\d)")
_LIST = re.compile(
    r"\b(?:xep hang|thu hang|bang xep hang|sap xep|dung thu may|xep thu may|hang may|"
    r"thu tu|rank|ranking|ranked)\b"
)
_OVER_PERIODS = re.compile(
    r"\b(?:nam nao|ky nao|luc nao|khi nao|thoi diem nao|giai doan nao|thang nao|quy nao|"
    r"which year|what year|when)\b"
)
_OVER_PLACES = re.compile(
    r"\b(?:tinh nao|noi nao|dia phuong nao|tinh thanh|cac tinh|tinh thanh pho|province|"
    r"provinces|which province|region|huyen nao|xa nao|cac huyen|cac xa|dia ban nao|"
    r"thanh pho nao|o dau|where|dau la tinh|nhung tinh|tinh dan dau|tinh dung dau)\b"
    r"|(?<!cua )(?<!toan )(?<!trong )\btinh co\b"
)
_DISTRICTS = re.compile(
    r"\b(?:huyen nao|xa nao|cac huyen|cac xa|quan nao|(?<!dia )phuong nao|district)"
)


@dataclass(frozen=True)
class RankAsk:
    order: Literal["highest", "lowest", "list"]
    over: Literal["places", "periods"] | None  # None ("xếp hạng"): periods of a place named
    districts: bool = False  # "huyện nào": among districts and communes, not provinces
    bare: bool = False  # "còn ít nhất?": a superlative alone, a ranking only after one


def rank_asked(rest: str) -> RankAsk | None:
    """The ranking a question asks for, if any (`rest`: folded, periods and places blanked)."""
    order: Literal["highest", "lowest", "list"] | None = None
    most = _MOST.search(rest)
    if most is not None:
        order = "highest" if most.group("high") else "lowest"
    elif _ENGLISH_HIGH.search(rest):
        order = "highest"
    elif _ENGLISH_LOW.search(rest):
        order = "lowest"
    elif _LIST.search(rest):
        order = "list"
    if order is None:
        return None
    over: Literal["places", "periods"] | None = None
    if _OVER_PERIODS.search(rest):
        over = "periods"
    elif _OVER_PLACES.search(rest) or _LIST.search(rest):
        over = "places"
    districts = bool(_DISTRICTS.search(rest))
    if over is None and order != "list":
        # "ít nhất 90%" is "at least"; "còn thấp nhất?" may follow a ranking
        bare = _BARE.search(rest)
        return RankAsk(order, None, districts, bare=True) if bare else None
    return RankAsk(order, over, districts)


def follow_ranking(new: RankAsk | None, old: RankAsk | None, place_named: bool) -> RankAsk | None:
    """The ranking a follow-up asks for: 'còn thấp nhất?' turns the ranking before around,
    'thế BHTN?' ranks another metric the same way; a place named asks about that place."""
    if old is None or old.bare:
        return new
    if new is None:
        return None if place_named else old
    if new.bare:
        return replace(old, order=new.order)
    return new


# "thứ mấy", "thứ hạng": "thứ" typed without marks folds onto "thu" (revenue)
_RANK_WORDS = re.compile(r"\b(?:(?:dung|xep|dang|o vi tri)\s+)?thu\s+(?:may|hang|bao nhieu|tu)\b")


def rank_word_spans(rest: str) -> list[tuple[int, int]]:
    """Spans of rank words that would otherwise be read as what is measured ('thu' in 'thứ
    mấy') or as an unknown subject ('ít nhất')."""
    return [m.span() for m in (*_RANK_WORDS.finditer(rest), *_BARE.finditer(rest))]
