"""Periods as people write them, in questions and in articles.

"2022", "năm 2022", "tháng 8/2019", "hết tháng 8/2019", "6 tháng đầu năm 2022", "quý I/2022",
"ngày 31/12/2021", "năm nay", "năm ngoái", "hiện nay", "mới nhất", "first half of 2022" …
All patterns run on folded text (see normalize.fold), so diacritics do not matter.
A year written after "so với" is a baseline ("tăng so với năm 2021"), not the period asked.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from knowledge.model import Period

_YEAR = r"((?:19|20)\d\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_NUMBERS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
}


@dataclass(frozen=True)
class PeriodAsk:
    """A period named in text. Unset parts match anything; `year` None means 'any year'."""

    label: str
    year: int | None = None
    first_month: int | None = None
    last_month: int | None = None
    day: int | None = None
    latest: bool = False
    years_back: int | None = None  # "năm trước" in a baseline: relative to the asked period
    start: int = 0  # span in the folded text
    end: int = 0
    baseline: bool = False  # written after "so với" / "compared to"
    this_year: bool = False  # "năm nay": no figure yet means the latest, labelled as such
    target: bool = False  # written after "chỉ tiêu", "mục tiêu", "kế hoạch": what a goal is for

    def matches(self, period: Period) -> bool:
        if self.latest:
            return True
        if self.year is not None and period.end.year != self.year:
            return False
        if self.last_month is not None and period.end.month != self.last_month:
            return False
        if self.first_month is not None and period.start.month != self.first_month:
            return False
        return self.day is None or period.end.day == self.day

    def for_year(self, year: int) -> PeriodAsk:
        """The same kind of period in another year: '6 tháng đầu năm' → '… năm 2021'."""
        label = re.sub(r"(19|20)\d\d", str(year), self.label)
        if str(year) not in label:
            label = (
                f"{label} {year}".strip() if self.first_month or self.last_month else f"năm {year}"
            )
        return replace(self, year=year, label=label, years_back=None)

    def to_period(self, default_year: int) -> Period:
        """The dates this mention covers (for articles); the year falls back to default_year."""
        year = self.year or default_year
        last = self.last_month or 12
        first = self.first_month or 1
        day = self.day or calendar.monthrange(year, last)[1]
        label = self.label if self.year else f"{self.label} {year}"
        return Period(label=label, start=date(year, first, 1), end=date(year, last, day))


def _month_end(match: re.Match[str], month_group: int, year_group: int, prefix: str) -> PeriodAsk:
    month, year = int(match.group(month_group)), int(match.group(year_group))
    return PeriodAsk(label=f"{prefix}tháng {month}/{year}", year=year, last_month=month)


def _first_months(n: int, year: int | None, last: bool = False) -> PeriodAsk:
    where = "cuối" if last else "đầu"
    label = f"{n} tháng {where} năm" + (f" {year}" if year else "")
    first, last_month = (13 - n, 12) if last else (1, n)
    return PeriodAsk(label=label, year=year, first_month=first, last_month=last_month)


def _quarter(q: int, year: int | None) -> PeriodAsk:
    label = f"quý {q}" + (f"/{year}" if year else "")
    return PeriodAsk(label=label, year=year, first_month=3 * q - 2, last_month=3 * q)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _WORD_NUMBERS[text]


_NUM = r"(\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi mot|muoi hai|muoi)"

Builder = Callable[[re.Match[str], date], "PeriodAsk | None"]

# (pattern, builder(match, today)); tried in order, earlier patterns claim their span first.
_RULES: list[tuple[re.Pattern[str], Builder]] = []


def _rule(pattern: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        _RULES.append((re.compile(pattern), builder))
        return builder

    return register


@_rule(r"\b(?:ngay )?(\d{1,2})/(\d{1,2})/" + _YEAR)
def _date(m: re.Match[str], today: date) -> PeriodAsk | None:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PeriodAsk(label=f"ngày {day}/{month}/{year}", year=year, last_month=month, day=day)


@_rule(_NUM + r" thang (dau|cuoi) (?:nam|năm)(?: (?:nam )?" + _YEAR + r")?")
def _n_months(m: re.Match[str], today: date) -> PeriodAsk | None:
    n = _number(m.group(1))
    if not 1 <= n <= 12:
        return None
    return _first_months(n, int(m.group(3)) if m.group(3) else None, last=m.group(2) == "cuoi")


@_rule(r"\b(?:nua|sau thang) (dau|cuoi) nam(?: (?:nam )?" + _YEAR + r")?")
def _half(m: re.Match[str], today: date) -> PeriodAsk:
    return _first_months(6, int(m.group(2)) if m.group(2) else None, last=m.group(1) == "cuoi")


@_rule(
    r"\b(?:first|second) half(?: of)?(?: the year)?(?: (?:in )?" + _YEAR + r")?|\bh([12]) " + _YEAR
)
def _half_en(m: re.Match[str], today: date) -> PeriodAsk:
    text = m.group(0)
    year = m.group(1) or m.group(3)
    return _first_months(
        6, int(year) if year else None, last=text.startswith("second") or m.group(2) == "2"
    )


@_rule(r"\b(?:quy|q) ?(iv|iii|ii|i|[1-4])\b(?:[/ -](?:nam )?" + _YEAR + r")?")
def _quarter_rule(m: re.Match[str], today: date) -> PeriodAsk:
    q = m.group(1)
    return _quarter(_ROMAN.get(q) or int(q), int(m.group(2)) if m.group(2) else None)


@_rule(r"\b(?:tinh )?(?:den )?(het )?thang (\d{1,2})(?:/| nam | năm |-)" + _YEAR)
def _month(m: re.Match[str], today: date) -> PeriodAsk | None:
    if not 1 <= int(m.group(2)) <= 12:
        return None
    return _month_end(m, 2, 3, "hết " if m.group(1) else "")


@_rule(r"\bt(\d{1,2})/" + _YEAR + r"|\b(\d{1,2})/" + _YEAR)
def _month_short(m: re.Match[str], today: date) -> PeriodAsk | None:
    month = int(m.group(1) or m.group(3))
    year = int(m.group(2) or m.group(4))
    if not 1 <= month <= 12:
        return None
    return PeriodAsk(label=f"tháng {month}/{year}", year=year, last_month=month)


@_rule(r"\b(cuoi|het|end of|ca|whole) (?:nam )?" + _YEAR)
def _year_end(m: re.Match[str], today: date) -> PeriodAsk:
    year = int(m.group(2))
    label = f"cả năm {year}" if m.group(1) in ("ca", "whole") else f"cuối năm {year}"
    return PeriodAsk(label=label, year=year, last_month=12)


@_rule(r"\b(?:nam |in |year )?" + _YEAR + r"\b")
def _year(m: re.Match[str], today: date) -> PeriodAsk:
    year = int(m.group(1))
    return PeriodAsk(label=f"năm {year}", year=year)


@_rule(r"\bnam ([1-3]\d)\b(?![/.,]\d)")
def _short_year(m: re.Match[str], today: date) -> PeriodAsk:
    year = 2000 + int(m.group(1))
    return PeriodAsk(label=f"năm {year}", year=year)


# "mấy năm nay", "những năm nay": several years up to now (a trend), not this year
_SEVERAL = r"(?<!\bmay )(?<!\bnhung )(?<!\bcac )(?<!\bmay nam )(?<!\bnhung nam )(?<!\bcac nam )"


@_rule(_SEVERAL + r"\b(?:nam nay|this year|nam hien tai)\b")
def _this_year(m: re.Match[str], today: date) -> PeriodAsk:
    return PeriodAsk(label=f"năm nay ({today.year})", year=today.year, this_year=True)


@_rule(r"\b(?:nam ngoai|nam truoc|nam roi|last year|previous year)\b")
def _last_year(m: re.Match[str], today: date) -> PeriodAsk:
    return PeriodAsk(label=f"năm ngoái ({today.year - 1})", year=today.year - 1, years_back=1)


@_rule(
    r"\b(?:hien nay|hien tai|hien gio|bay gio|moi nhat|gan day nhat|gan nhat|gan day|"
    r"latest|most recent|currently|current|right now|now|today|hom nay|" + _SEVERAL + r"nay)\b"
)
def _latest(m: re.Match[str], today: date) -> PeriodAsk:
    return PeriodAsk(label="mới nhất", latest=True)


_BASELINE_CUE = re.compile(
    r"(?:so voi|so vs|compared (?:to|with)|than|since|tu|hon)\s+"
    r"(?:(?:cung ky|the same period(?: of| in)?)\s+)?(?:(?:nam|in|year)\s+)?$"
)


_TARGET_CUE = re.compile(
    r"(?:muc tieu|chi tieu|ke hoach|target|goal)\s+(?:giai doan\s+)?"
    r"(?:(?:den|toi|for|by)\s+)?(?:(?:nam|in|year)\s+)?$"
)


def find_periods(folded: str, today: date, keep_targets: bool = False) -> list[PeriodAsk]:
    """Every period mention in folded text, left to right, each with its span.

    A year right after "mục tiêu", "chỉ tiêu", "kế hoạch" says what a goal is for; such
    mentions are left out, or with keep_targets kept and marked `target` (a question asking
    for the target of 2021, or for % of the plan of 2019, means that year).
    """
    found: list[PeriodAsk] = []
    taken = [False] * (len(folded) + 1)
    for pattern, builder in _RULES:
        for m in pattern.finditer(folded):
            if any(taken[m.start() : m.end()]):
                continue
            ask = builder(m, today)
            if ask is None:
                continue
            before = folded[max(0, m.start() - 40) : m.start()]
            target = bool(_TARGET_CUE.search(before))
            if target and not keep_targets:
                continue  # "mục tiêu đến năm 2025": what a target is for, not the period asked
            baseline = not target and bool(_BASELINE_CUE.search(before))
            found.append(
                replace(ask, start=m.start(), end=m.end(), baseline=baseline, target=target)
            )
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(found, key=lambda a: a.start)
