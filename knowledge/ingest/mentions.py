"""Figures in a sentence: the number with its hedge, scale word and unit, as written.

All patterns run on the folded sentence (see normalize.fold: one character for one, so a span
found there is the same span in the sentence as written). Numbers that are not figures are left
out: dates and years (the period finder claims them), decree numbers ("08/2022/QĐ-TTg"), numbers
followed by a word that is not a unit ("6 tháng", "2 lần"). A bare number ("tăng 3.860 (7%)") is
kept with family "bare"; whether it is a figure depends on its context, decided by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.numbers import MONEY_UNITS, SCALE_WORDS, apply_scale, parse_number
from knowledge.understand.folding import fold

Family = str  # "percent" · "people" · "units" · "money" · "scaled" (triệu/nghìn alone) · "bare"

# Written unit → (unit stored on the fact, family). Longer phrases are tried first.
UNITS: dict[str, tuple[str, Family]] = {
    "người lao động": ("người lao động", "people"),
    "lượt người": ("lượt người", "people"),
    "người": ("người", "people"),
    "lao động": ("lao động", "people"),
    "đối tượng": ("đối tượng", "people"),
    "học sinh": ("học sinh", "people"),
    "sinh viên": ("sinh viên", "people"),
    "hộ gia đình": ("hộ gia đình", "people"),
    "hộ": ("hộ", "people"),
    "thẻ": ("thẻ", "people"),
    "lượt": ("lượt", "people"),
    "trường hợp": ("trường hợp", "people"),
    "hồ sơ": ("hồ sơ", "units"),
    "đơn vị, doanh nghiệp": ("đơn vị, doanh nghiệp", "units"),
    "đơn vị": ("đơn vị", "units"),
    "doanh nghiệp": ("doanh nghiệp", "units"),
    "cơ sở": ("cơ sở", "units"),
    "tổ chức": ("tổ chức", "units"),
    "đại lý": ("đại lý", "units"),
    "điểm thu": ("điểm thu", "units"),
    "huyện": ("huyện", "units"),
    "xã": ("xã", "units"),
    "đồng": ("đồng", "money"),
}
# A money unit by the factor of its scale word (1 000 → 'nghìn đồng'), and by the word itself.
MONEY_UNIT_OF_SCALE: dict[float, str] = {
    factor: unit for unit, factor in MONEY_UNITS.items() if factor > 1
}
_MONEY_SCALES = {word: MONEY_UNIT_OF_SCALE[factor] for word, factor in SCALE_WORDS.items()}
_CANONICAL_SCALE = {fold(word): word for word in SCALE_WORDS}  # "ty" → "tỷ", "trieu" → "triệu"

_HEDGES = (
    "gần như",
    "ước đạt",
    "ước tính",
    "ước khoảng",
    "xấp xỉ",
    "chưa đến",
    "chưa tới",
    "khoảng",
    "gần",
    "hơn",
    "trên",
    "dưới",
    "ước",
    "ngót",
    "chừng",
)
_NOT_HEDGE_BEFORE = re.compile(r"\b(?:cao|thap|nhieu|it|lon|nho)\s+$")  # "cao hơn 0,4%"
_UNIT_AHEAD = r"(?=\s*(?:%|phan tram|nguoi|lao dong|the|ty|ti|trieu|nghin|ngan|dong|don vi)\b|\s*%)"
_NUMBER = re.compile(
    r"(?<![\w.,/])("
    r"\d{1,3}(?:[ \u00a0]\d{3})+"
    + _UNIT_AHEAD  # '7 312 817 người'
    + r"|\d{1,3}(?:,\d{3}){2,}(?![\d,])"  # '1,234,567': English thousands, never a decimal
    + r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+"
    + r"|\d+\.\d{1,2}"
    + _UNIT_AHEAD  # '92.5%', '45.6 nghìn': an English decimal
    + r"|\d+)(?![\d])"
)
_RATIO_OF = re.compile(r"/(\d+)")
_POINTS = re.compile(r"\s*diem (?:%|phan tram\b)")  # "tăng 1,2 điểm phần trăm"
_PERCENT = re.compile(r"\s*(?:%|phan tram\b)")
_YEAR = re.compile(r"(?:19|20)\d\d$")


@dataclass(frozen=True)
class Mention:
    """One figure as written: 'gần 909 tỷ đồng', '8/11 đơn vị', '15,67 triệu người'."""

    start: int  # where value_text starts (the hedge, if any)
    end: int  # where value_text ends (after the unit)
    value: float  # people counts scaled ('15,67 triệu' → 15 670 000); money as written
    text: str
    hedge: str | None
    unit: str | None  # None for a bare number or a scale word alone
    family: Family
    scale: float = 1.0  # for family 'scaled': the factor the caller applies for people
    ratio_of: str | None = None  # '11 đơn vị' for '8/11 đơn vị'


_UNIT_PATTERNS = [
    (re.compile(r"\s*" + re.escape(fold(written)) + r"\b"), unit, family)
    for written, (unit, family) in sorted(UNITS.items(), key=lambda kv: -len(kv[0]))
]
_SCALE = re.compile(
    r"\s+(" + "|".join(sorted({fold(w) for w in SCALE_WORDS}, key=len, reverse=True)) + r")\b"
)
_HEDGE_PATTERNS = [
    (re.compile(r"(?:^|[\s(])(" + re.escape(fold(h)) + r")\s+$"), h) for h in _HEDGES
]


def _hedge(folded: str, start: int, original: str) -> tuple[int, str | None]:
    """Where the hedge before a number starts, and the hedge word ('gần')."""
    window = max(0, start - 24)  # the longest hedge is a few words: never scan the sentence
    for pattern, hedge in _HEDGE_PATTERNS:
        match = pattern.search(folded, window, start)
        if match and not _NOT_HEDGE_BEFORE.search(folded, max(0, window - 8), match.start(1)):
            word = original[match.start(1) : match.end(1)]
            return match.start(1), ("ước" if hedge.startswith("ước") else word.lower())
    return start, None


def _unit_after(folded: str, pos: int) -> tuple[int, str, Family] | None:
    for pattern, unit, family in _UNIT_PATTERNS:
        match = pattern.match(folded, pos)
        if match:
            return match.end(), unit, family
    return None


def _scale(folded: str, original: str, pos: int) -> tuple[int, float, str | None]:
    """A scale word after the number ('triệu', 'nghìn tỷ'): (end, factor, last scale word)."""
    factor, word = 1.0, None
    for _ in range(2):  # "2,5 nghìn tỷ đồng"
        match = _SCALE.match(folded, pos)
        if not match or (word and factor != 1_000):
            break
        # the canonical spelling, so "5 ty dong" typed without marks reads like "5 tỷ đồng"
        word = _CANONICAL_SCALE.get(match.group(1), original[match.start(1) : match.end(1)].lower())
        factor, pos = factor * apply_scale(1.0, word), match.end()
    return pos, factor, word


def _scale_and_unit(folded: str, original: str, pos: int) -> tuple[int, float, str | None, Family]:
    """After the number: '%', or [scale word] [unit]; returns (end, factor, unit, family).

    Money keeps the unit it was written in ('909 tỷ đồng' → 909 'tỷ đồng'), so its factor is
    what is left after that unit ('2,5 nghìn tỷ đồng' → 2 500 'tỷ đồng').
    """
    points = _POINTS.match(folded, pos)
    if points:
        return points.end(), 1.0, "điểm %", "percent"
    percent = _PERCENT.match(folded, pos)
    if percent:
        return percent.end(), 1.0, "%", "percent"
    pos, factor, word = _scale(folded, original, pos)
    unit = _unit_after(folded, pos)
    if word is None:
        return (unit[0], 1.0, unit[1], unit[2]) if unit else (pos, 1.0, None, "bare")
    if (unit and unit[2] == "money") or (not unit and word in ("tỷ", "tỉ")):
        end = unit[0] if unit else pos
        return end, factor / apply_scale(1.0, word), _MONEY_SCALES[word], "money"
    if unit:
        return unit[0], factor, unit[1], unit[2]
    return pos, factor, None, "scaled"


def _inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _followed_by_word(folded: str, pos: int) -> bool:
    """A number followed by a word that is not a unit ('6 tháng', '2 lần') is not a figure."""
    return bool(re.match(r"\s*[a-z]", folded[pos:]))


def find_mentions(
    original: str, folded: str, skip: Iterable[tuple[int, int]] = ()
) -> list[Mention]:
    """Every figure in a sentence, left to right; `skip` are spans taken by periods."""
    skip = list(skip)
    mentions: list[Mention] = []
    for match in _NUMBER.finditer(folded):
        start, end = match.span(1)
        ratio = _RATIO_OF.match(folded, end)
        after = ratio.end() if ratio else end
        # dates and years belong to periods; '5/QĐ', '28-NQ/TW', '2019-2020' are not figures
        if _inside(skip, start, after) or re.match(r"-\w|/[a-z]", folded[end : end + 2]):
            continue
        mention = _mention(original, folded, start, end, after, ratio)
        if mention:
            mentions.append(mention)
    return mentions


def _as_vietnamese(written: str) -> str:
    """'7 312 817' → '7312817', '1,234,567' → '1234567'; the rest as written."""
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0]\d{3})+", written):
        return re.sub(r"[ \u00a0]", "", written)
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", written):
        return written.replace(",", "")
    return written


def _mention(
    original: str, folded: str, start: int, end: int, after: int, ratio: re.Match[str] | None
) -> Mention | None:
    number = parse_number(_as_vietnamese(original[start:end]))
    if number is None:
        return None
    stop, factor, unit, family = _scale_and_unit(folded, original, after)
    if ratio and family not in ("people", "units"):
        return None  # '20/9' without a unit is a date, not a share of units
    if family == "bare" and (_followed_by_word(folded, stop) or _YEAR.match(folded, start, end)):
        return None  # '6 tháng', '2 lần'; a year ('mục tiêu đến năm 2025') is not a count
    hedge_start, hedge = _hedge(folded, start, original)
    value = number if family == "scaled" else number * factor
    ratio_of = f"{ratio.group(1)} {unit}" if ratio else None
    return Mention(
        start=hedge_start,
        end=stop,
        value=value,
        text=original[hedge_start:stop].strip(),
        hedge=hedge,
        unit=unit,
        family=family,
        scale=factor,
        ratio_of=ratio_of,
    )
