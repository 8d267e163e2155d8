"""The words around a place name in a question: what decides when the name alone cannot.

- "dien bien so nguoi tham gia": typed without marks, "diễn biến" (how it went) and the province
  Điện Biên are one string; the words around it tell which.
- "BHXH Việt Nam giao": the agency; "BHYT Việt Nam 2022", "số người tham gia BHXH Việt Nam":
  the country.
- "huyện Mộc Châu", "xã Tân Lập": a district or commune the tables do not know is still a place
  (no data for it), never its province.
"""

from __future__ import annotations

import re
from typing import Literal

from knowledge.understand.folding import fold

UnitKind = Literal["city", "district", "commune"]

# A place name that is also an ordinary phrase → words after it that make it the phrase.
_WORD_BEFORE: dict[tuple[str, ...], frozenset[str]] = {
    # "diễn biến số người / tỷ lệ / của / thế nào / ra sao / qua các năm"
    ("dien", "bien"): frozenset(
        "so ty ti tl cua muc tong nguoi thu no bhxh bhyt bhtn bao tinh the ra nhu qua cac "
        "nhung ve tang giam lao dan".split()
    ),
    # "đóng thấp nhất", "đóng thấp hơn"
    ("dong", "thap"): frozenset("nhat hon qua nhu the vay".split()),
    # "cao bằng cả nước", "cao bằng nhau", "cao bằng với"
    ("cao", "bang"): frozenset("ca toan voi nhau muc so viet vn nuoc tinh".split()),
}
# "so sánh", "so với" already say the question compares: "cao bằng" (as high as) then is the
# place compared
_COMPARING = frozenset({("cao", "bang")})
_COMPARED = (["so", "sanh"], ["so", "voi"])
_PHRASE_ENDS = frozenset({"nhau", "khong", "ko", "k"})  # "có cao bằng nhau / không": the phrase


def _compared_before(words: list[str]) -> bool:
    return any(words[i : i + 2] == ["so", "sanh"] for i in range(len(words))) or "compare" in words


_STARTS_AS_WORD = frozenset({("dien", "bien")})  # "diễn biến …" opening a question
# Words before a name that make it a place: "tỉnh Điện Biên", "ở Đồng Tháp", "và Cao Bằng".
_PLACE_CUES = frozenset("tinh o tai cua va voi vs sanh giua thuoc".split())


def reads_as_word(words: list[str], first: int, size: int, typed: str) -> bool:
    """Is the name at words[first:first+size] the ordinary phrase it folds onto?"""
    key = tuple(words[first : first + size])
    after = _WORD_BEFORE.get(key)
    if after is None:
        return False
    if first > 0 and words[first - 1] in _PLACE_CUES:
        return False
    if typed[:1].isupper():
        return False  # "Điện Biên", "Dien Bien": written as a name
    following = words[first + size] if first + size < len(words) else None
    if (
        key in _COMPARING
        and following not in _PHRASE_ENDS
        and (_compared_before(words[:first]) or words[first + size : first + size + 2] in _COMPARED)
    ):
        return False  # "so sánh bhyt cao bằng với …", "cao bằng so với …": the place compared
    if following in after:
        return True
    return first == 0 and key in _STARTS_AS_WORD and following is not None


# The agency is named "BHXH Việt Nam"; it gives plans, issues rules, reports.
_AGENCY_NAME = re.compile(r"(?:\bbhxh|\bbao hiem xa hoi)\s*$")
_AGENCY_AFTER = re.compile(
    r"^\s*(?:da\s+|vua\s+|se\s+)?(?:giao|de ra|dat ra|ban hanh|chi dao|yeu cau|cong bo|cho biet|"
    r"thong bao|thong tin|huong dan|quy dinh|to chuc|phoi hop|trien khai|ky|gui|lam viec|"
    r"tra loi|khuyen cao|de nghi)\b"
)
_AGENCY_BEFORE = re.compile(
    r"\b(?:giam doc|lanh dao|co quan|tru so|website|trang web|cong van|quyet dinh|"
    r"van ban|nganh|ke hoach|chi tieu)\s+(?:cua\s+)?(?:bhxh|bao hiem xa hoi)\s*$"
)


def agency_named(folded: str, start: int, end: int) -> bool:
    """Is 'Việt Nam' at folded[start:end] part of the agency's name, not the country?"""
    if not _AGENCY_NAME.search(folded[:start]):
        return False
    return bool(_AGENCY_AFTER.search(folded[end:]) or _AGENCY_BEFORE.search(folded[:start]))


_UNIT_WORDS: dict[str, UnitKind] = {
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "thành phố": "city",
    "tp": "city",
    "tp.": "city",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
}
_UNIT = re.compile(
    r"(?<!\w)(?i:("
    + "|".join(re.escape(w) for w in sorted(_UNIT_WORDS, key=len, reverse=True))
    + r"))((?:\s+[^\W\d_]+){1,3})"
)


def unnamed_units(text: str) -> list[tuple[str, UnitKind, int, int]]:
    """'huyện Mộc Châu': (name, kind, start, end) for a unit word followed by capitalised words.

    Lower-case words after the unit word ('huyện nào', 'các xã') name no place."""
    out: list[tuple[str, UnitKind, int, int]] = []
    for m in _UNIT.finditer(text):
        kind = _UNIT_WORDS.get(m.group(1).lower())
        if kind is None or fold(m.group(0).lower()).startswith("xa hoi"):
            continue  # "Bảo hiểm Xã hội" is social insurance, not a commune
        names = []
        for word in m.group(2).split():
            if not word[0].isupper():
                break
            names.append(word)
        if not names:
            continue
        end = m.start(2) + m.group(2).index(names[-1]) + len(names[-1])
        label = "thành phố" if kind == "city" else m.group(1).lower()
        out.append((f"{label} {' '.join(names)}", kind, m.start(), end))
    return out
