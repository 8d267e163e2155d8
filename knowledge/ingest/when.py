"""The periods an article's sentence reports figures for, as reports write them.

The question reader's `find_periods` knows how people ask; reports also write cumulative
part-year periods ("10 tháng năm 2019", "lũy kế 10 tháng", "9 tháng qua"), dates without a year
("tính đến hết ngày 30-9", "hết tháng 9"), "năm qua" for the year just ended, and years that are
not the period at all: the population a rate is computed on ("dân số năm 2016"), the plan a share
is of ("kế hoạch … của năm 2017"), the horizon of a target ("từ nay đến cuối năm 2021"). The
rules here run first and claim their spans; `find_periods` reads the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from knowledge.understand.periods import PeriodAsk, find_periods

_YEAR = r"((?:19|20)\d\d)"
_MONTHS = r"(\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi mot|muoi hai|muoi)"
_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8}
_WORDS |= {"chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12}

Rule = Callable[[re.Match[str], date], PeriodAsk | None]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def _rule(pattern: str) -> Callable[[Rule], Rule]:
    def register(rule: Rule) -> Rule:
        _RULES.append((re.compile(pattern), rule))
        return rule

    return register


def _months(text: str) -> int:
    return int(text) if text.isdigit() else _WORDS[text]


@_rule(r"\btu nay (?:den|toi)(?: het)? (?:cuoi )?(?:nam )?(?:" + _YEAR + r")?")
def _horizon(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'từ nay đến cuối năm 2021': when a goal is due, not the period of a figure."""
    return None


@_rule(
    r"\b(?:dan so|luc luong lao dong|ke hoach|chi tieu|du toan)\b[^,;.()\d]{0,40}?"
    r"\b(?:cua )?nam " + _YEAR + r"\b"
)
def _qualifier(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'80,98% dân số năm 2016', 'kế hoạch BHXH Việt Nam giao của năm 2017': the year of the
    denominator or of the plan; the figure itself is for the article's period."""
    return None


@_rule(
    r"\b(?:luy ke |trong |qua )?" + _MONTHS + r" thang (?:dau nam|nam|(?:vua )?qua)"
    r"(?: (?:nam )?" + _YEAR + r")?\b"
)
def _part_year(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'10 tháng năm 2019', 'lũy kế 10 tháng năm 2021', 'trong 9 tháng qua': January to the
    n-th month, cumulative."""
    months = _months(match.group(1))
    if not 1 <= months <= 12:
        return None
    year = int(match.group(2)) if match.group(2) else None
    label = f"{months} tháng {'đầu ' if 'dau' in match.group() or not year else ''}năm"
    label += f" {year}" if year else ""
    return PeriodAsk(label=label, year=year, first_month=1, last_month=months)


@_rule(
    r"(?:(?<=bhxh )|(?<=bhyt )|(?<=bhtn )|(?<=thu )|(?<=chi )|(?<=ket qua ))(\d{1,2}) thang\b"
    r"(?! (?:dau|nam|qua|vua|tro|cuoi))"
)
def _months_after_measure(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'Tổng số thu BHXH, BHYT, BHTN 9 tháng ước đạt …': the first n months of the year."""
    months = int(match.group(1))
    if not 1 <= months <= 12:
        return None
    return PeriodAsk(label=f"{months} tháng đầu năm", first_month=1, last_month=months)


@_rule(r"\b(?:ngay )?(\d{1,2})-(\d{1,2})-" + _YEAR + r"\b")
def _dashed_date(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'30-9-2025' as '30/9/2025'."""
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    return _day(day, month, year)


@_rule(r"\b(?:(?:tinh )?den (?:het )?|het |toi )(?:ngay )?(\d{1,2})[/-](\d{1,2})\b(?![/-]\d)")
def _day_no_year(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'tính đến hết ngày 30-9', 'đến 30/6': a day of the article's year."""
    return _day(int(match.group(1)), int(match.group(2)), None)


@_rule(r"\b(?:(?:tinh )?den (?:het )?|het |toi (?:het )?)thang (\d{1,2})\b(?![/-]\d)(?! nam \d)")
def _month_no_year(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'tính đến hết tháng 9': the end of September of the article's year, cumulative."""
    month = int(match.group(1))
    if not 1 <= month <= 12:
        return None
    return PeriodAsk(label=f"hết tháng {month}", last_month=month)


@_rule(r"(?<!nhung )(?<!cac )(?<!nhieu )(?<!\d )\bnam (?:vua )?qua\b")
def _past_year(match: re.Match[str], published: date) -> PeriodAsk | None:
    """'Năm qua', 'năm vừa qua': the year just ended when written in the first half of the
    next, else the year of publication."""
    year = published.year - 1 if published.month <= 6 else published.year
    return PeriodAsk(label=f"năm {year}", year=year)


def _day(day: int, month: int, year: int | None) -> PeriodAsk | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    label = f"ngày {day}/{month}" + (f"/{year}" if year else "")
    return PeriodAsk(label=label, year=year, last_month=month, day=day)


_BASELINE_CUE = re.compile(r"(?:so voi|tu)\s+(?:(?:cung ky|thoi diem|het|cuoi)\s+)?$")


_RESULTS_OF = re.compile(r"\b(?:ket qua|tinh hinh)\s+(?:thuc hien\s+)?(?:cac\s+)?chi tieu\b")


def article_periods(folded: str, published: date) -> list[PeriodAsk]:
    """Every period named in a folded sentence, left to right; qualifiers and horizons leave
    nothing but still keep `find_periods` from reading their years."""
    found: list[PeriodAsk] = []
    claimed: list[tuple[int, int]] = []
    for pattern, rule in _RULES:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(s < end and start < e for s, e in claimed):
                continue
            claimed.append((start, end))
            ask = rule(match, published)
            if ask is not None:
                baseline = bool(_BASELINE_CUE.search(folded[max(0, start - 30) : start]))
                found.append(replace(ask, start=start, end=end, baseline=baseline))
    # 'kết quả thực hiện các chỉ tiêu đến ngày 30/6/2023': results as of a date, not a goal's
    # horizon, so find_periods must not read 'chỉ tiêu' as the goal cue before the date
    masked = _RESULTS_OF.sub(lambda m: " " * len(m.group()), folded)
    for ask in find_periods(masked, published):
        if not any(s < ask.end and ask.start < e for s, e in claimed):
            found.append(ask)
    return sorted(found, key=lambda a: a.start)
