"""Where and when a figure is: the period and the region, from its sentence or its article.

Reports name the period once ("Tính đến hết tháng 8/2019 …") and the sentences after it
("Trong đó, …") share it, so the last period named before a figure holds until another is named.
A period without a year ("trong 3 tháng đầu năm") takes the year of the article's earlier period,
else of the publication date. Figures written before the article names any period (a lead) share
the first period it names. Places: see `where`.
"""

from __future__ import annotations

import re
from datetime import date

from knowledge.model import Period
from knowledge.understand.folding import fold
from knowledge.understand.periods import PeriodAsk, find_periods
from knowledge.understand.places import PlaceMention

_AGENCY = re.compile(
    r"\b(?:toan )?nganh (?:bhxh|bao hiem xa hoi)\b"  # 'toàn ngành BHXH thu 77.100 tỷ đồng'
    r"|\b(?:bhxh|bao hiem xa hoi)(?:\s+\(bhxh\))?\s+(?:viet nam|tinh|huyen|thanh pho|tp|quan|"
    r"thi xa|cac huyen|cap huyen)\b"
)


def agency_spans(folded: str, places: list[PlaceMention]) -> list[tuple[int, int]]:
    """'BHXH Việt Nam', 'BHXH tỉnh', 'BHXH TPHCM': the agency, not the scheme it runs."""
    spans = [m.span() for m in _AGENCY.finditer(folded)]
    for place in places:
        match = re.search(r"\b(?:bhxh|bao hiem xa hoi)\s+$", folded[: place.start])
        if match:
            spans.append((match.start(), place.end))
    return spans


_AS_OF_INSIDE = re.compile(r"(?:tinh )?(?:den|het|toi)\b")  # 'đến hết ngày 30-9' read whole
_AS_OF = re.compile(r"\b(?:den|toi|het|thoi diem|tai ngay|luc)\s+(?:het\s+)?(?:ngay\s+)?$")


def _reported(ask: PeriodAsk, folded: str) -> bool:
    """A period figures are for: not a baseline, 'năm trước', 'hiện nay', the year of a decree
    number ('146/2018/NĐ-CP') or an event's date ('Ngày 15/3/2023, tại hội nghị …'), which
    unlike 'tính đến ngày 31/12/2021' has no 'đến'/'hết' before it."""
    if ask.baseline or ask.years_back is not None or ask.latest:
        return False
    if folded[ask.start - 1 : ask.start] == "/" or folded[ask.end : ask.end + 1] == "/":
        return False
    if ask.day is None or _AS_OF_INSIDE.match(folded, ask.start):
        return True
    return bool(_AS_OF.search(folded[max(0, ask.start - 20) : ask.start]))


def sentence_periods(found: list[PeriodAsk], folded: str) -> list[PeriodAsk]:
    """The periods a sentence reports figures for, left to right, of those `found` in it."""
    return [p for p in found if _reported(p, folded)]


class PeriodTrail:
    """The article's current period, carried from sentence to sentence."""

    def __init__(self, published: date, first: PeriodAsk | None = None):
        self.published = published
        self.current: PeriodAsk | None = None
        self.why = ""
        self._first = first  # the first period the article reports: for figures before it

    def default_year(self) -> int:
        if self.current is not None and self.current.year is not None:
            return self.current.year
        return self.published.year

    def period(self, ask: PeriodAsk) -> Period | None:
        """The dates of a mention (None for an impossible date)."""
        try:
            return ask.to_period(self.default_year())
        except ValueError:
            return None

    def _dated(self, ask: PeriodAsk) -> PeriodAsk:
        """A yearless mention takes the article's year; one that would start after publication
        is last year's ('6 tháng đầu năm' in a January article)."""
        if ask.year is not None:
            return ask
        dated = ask.for_year(self.default_year())
        period = self.period(dated)
        if period is not None and period.start > self.published:
            dated = ask.for_year(self.default_year() - 1)
        return dated

    def for_figure(self, periods: list[PeriodAsk], position: int) -> PeriodAsk | None:
        """The period named nearest before the figure, else after it in the sentence, else the
        article's current one; the choice becomes the article's current period."""
        before = [p for p in periods if p.end <= position]
        chosen = before[-1] if before else (periods[0] if periods else None)
        if chosen is not None:
            self.current, self.why = self._dated(chosen), "câu chứa số liệu"
        elif self.current is not None:
            self.why = "câu trước"
        elif self._first is not None:
            # a lead before the article names its period: figures of that same period
            self.current, self.why = self._dated(self._first), "kỳ bài nêu ở đoạn sau"
        return self.current

    def target_year(self) -> int:
        """A target names no year: the year of the period the article reports."""
        return self.default_year()

    def publication_fallback(self) -> PeriodAsk:
        """No period anywhere: the figures are as of the publication date (or last year's
        when published in January)."""
        day = self.published
        self.why = "ngày đăng bài (bài không nêu kỳ) ⚠️"
        if day.month == 1:
            return PeriodAsk(label=f"năm {day.year - 1}", year=day.year - 1)
        return PeriodAsk(
            label=f"đến ngày {day.day}/{day.month}/{day.year}",
            year=day.year,
            last_month=day.month,
            day=day.day,
        )

    def baseline(self, comparator: str, today: date) -> Period | None:
        """'cùng kỳ năm 2019' → the current period one year back; 'tháng 9/2020' → itself."""
        folded = fold(comparator)
        years = [a for a in find_periods(folded, today) if a.year is not None]
        current = self.current
        if "cung ky" in folded and current is not None and current.year is not None:
            year = next((a.year for a in years if a.year is not None), current.year - 1)
            return self.period(current.for_year(year))
        return self.period(years[0]) if years else None
