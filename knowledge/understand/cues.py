"""Cues in a question's wording that are not about what is measured: a follow-up ("còn năm 2019
thì sao?"), a "why" question, small talk, a span of years ("từ 2017 đến 2021"), and the words
of a subject the lexicon does not know ("hộ nghèo"). All patterns run on folded text.
"""

from __future__ import annotations

import re

from knowledge.understand.folding import fold, token_spans, tokens
from knowledge.understand.lexicon import FILLER_SPELLINGS, FILLERS, SMALL_TALK

# A question that leans on the one before: "còn …", "thế …", "… thì sao", "so với …", "ở …",
# or one that opens with what is said of a subject it leaves out ("chiếm bao nhiêu %").
_FOLLOW_UP = re.compile(
    r"^(?:(?:ok|oke|uh|u|vang|da|the|vay|va|nhung)\s+)*(?:con|the|vay|va con|the con|vay con)\b"
    r"|\bthi (?:sao|the nao|nhu the nao|bao nhieu|ra sao)\b|\b(?:nua|cung vay|thi)$"
    r"|^(?:so voi|so vs|o|tai|cua|voi|con o|chiem|dat|tang|giam|con thieu|thieu|vuot|rieng)\b"
    r"|^(?:what about|how about|and|and in|versus|vs)\b"
)
_WHY = re.compile(r"\b(?:vi sao|tai sao|why|nguyen nhan|ly do|vi dau|do dau|sao lai)\b")
_YEAR = r"((?:19|20)\d\d)"
_SPAN = re.compile(
    r"\b(?:tu|from|between|giai doan|trong giai doan|period)\s+(?:nam\s+)?"
    + _YEAR
    + r"\s*(?:den|toi|cho den|-|–|to|until|and|va)\s*(?:nam\s+)?"
    + _YEAR
    + r"\b"
)


def follows_on(folded: str) -> bool:
    """Does the wording lean on an earlier question?"""
    return bool(_FOLLOW_UP.search(folded.strip(" ?.!,;:")))


def asks_why(folded: str) -> bool:
    return bool(_WHY.search(folded))


_SINCE = re.compile(
    r"\b(?:tu|since|from)\s+(?:nam\s+)?" + _YEAR + r"\s*(?:(?:den|toi|cho den|to|until)\s+"
    r"(?:nay|hien nay|bay gio|hien tai|now|today)|$|\s*\?)"
)
OPEN_END = 9999  # "từ 2017 đến nay": up to the latest figure


def year_span(folded: str) -> tuple[int, int] | None:
    """'từ 2017 đến 2021', 'giai đoạn 2017-2021' → (2017, 2021); 'từ 2017 tới nay' →
    (2017, OPEN_END)."""
    m = _SPAN.search(folded)
    if m is None:
        since = _SINCE.search(folded.strip(" ?.!"))
        return (int(since.group(1)), OPEN_END) if since else None
    first, last = sorted((int(m.group(1)), int(m.group(2))))
    return (first, last) if first < last else None


_SMALL_TALK = {
    kind: [tuple(tokens(fold(p))) for p in phrases] for kind, phrases in SMALL_TALK.items()
}


def small_talk(words: list[str]) -> str | None:
    """The kind of small talk in the words (bye · thanks · ack · hello), if any."""
    for kind, phrases in _SMALL_TALK.items():
        for phrase in phrases:
            n = len(phrase)
            if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
                return kind
    return None


def subject_words(marked: str, folded: str, unknown: frozenset[str], covered: set[int]) -> str:
    """The run of words around the first unknown word, as typed ('hộ nghèo', 'học sinh sinh
    viên'): neighbours that are neither fillers nor part of a known phrase (`covered`: token
    positions of tokens(folded) the lexicon read) belong to it. Empty when nothing is unknown."""
    spans = token_spans(folded)
    hits = [i for i, (w, _, _) in enumerate(spans) if w in unknown]
    if not hits:
        return ""

    def part(i: int) -> bool:
        word, start, end = spans[i]
        typed = marked[start:end].lower()
        filler = word in FILLERS and (typed == word or typed in FILLER_SPELLINGS[word])
        return i not in covered and word.isalpha() and (word in unknown or not filler)

    first = last = hits[0]
    while first > 0 and part(first - 1):
        first -= 1
    while last + 1 < len(spans) and part(last + 1):
        last += 1
    return marked[spans[first][1] : spans[last][2]]


_EXTREME = re.compile(
    r"\b(?:(?P<max>cao nhat|nhieu nhat|lon nhat|dong nhat|tot nhat|highest|most|largest|biggest"
    r"|maximum|max)|(?P<min>thap nhat|it nhat|nho nhat|kem nhat|lowest|least|smallest|fewest"
    r"|minimum|min))\b"
)
_WHICH_PERIOD = re.compile(
    r"\b(?:nam nao|ky nao|luc nao|thoi diem nao|which year|what year|when)\b"
)
_MET = re.compile(
    r"\b(?:dat|hoan thanh|vuot|meet|met|reach|reached|achieve|achieved)\b.*"
    r"\b(?:chi tieu|muc tieu|ke hoach|target|goal)\b.*"
    r"\b(?:chua|khong|ko|k|hay khong|or not|yet)\b"
    r"|\bco (?:dat|hoan thanh|vuot)\b.*\b(?:chi tieu|muc tieu|ke hoach)\b"
    r"|\b(?:dat|hoan thanh|vuot) (?:duoc )?(?:chua|khong|ko|hay chua|hay khong)\b"
    r"|\b(?:did|does|has)\b.*\b(?:meet|reach|achieve)\b"
)


def superlative(folded: str) -> str | None:
    """'cao nhất', 'nhiều nhất' → "max"; 'thấp nhất', 'ít nhất' → "min"."""
    m = _EXTREME.search(folded)
    if m is None:
        return None
    return "max" if m.group("max") else "min"


def asks_which_period(folded: str) -> bool:
    """'năm nào … thấp nhất': the period is what is asked."""
    return bool(_WHICH_PERIOD.search(folded))


def asks_if_met(folded: str) -> bool:
    """'có đạt chỉ tiêu không', 'đạt kế hoạch chưa': the result against the target."""
    return bool(_MET.search(folded))
