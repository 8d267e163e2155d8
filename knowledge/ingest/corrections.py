"""An admin's corrections to an import's candidates before saving: the place, the period or the
metric of one candidate, of a selection ('1,3-5') or of all. Shared by `kb import` and /nhap.

    place = read_place("Hà Tĩnh")                       # None: not a province nor the nation
    period = read_period("9 tháng đầu năm 2023", today)  # None: not a period
    candidates = [with_place(c, place) for c in candidates]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from knowledge.ingest.article import Candidate
from knowledge.ingest.when import article_periods
from knowledge.model import Metric, Period
from knowledge.understand.folding import fold, nfc
from knowledge.understand.places import find_places

BY_ADMIN = "quản trị viên sửa"


def read_place(text: str) -> str | None:
    """'ha tinh', 'TP.HCM', 'cả nước' → the canonical place; None when it names none."""
    folded = fold(nfc(text)).replace(".", " ")
    found = find_places(folded)
    if len(found) != 1:
        return None
    covered = folded[: found[0].start] + folded[found[0].end :]
    if re.sub(r"\b(?:tinh|thanh pho|tp|toan|tren)\b", " ", covered).strip(" ,-"):
        return None  # 'Hà Tĩnh và Nghệ An', 'Hà Tĩnh năm 2022': not one place
    return found[0].name


def read_period(text: str, today: date) -> Period | None:
    """'9 tháng đầu năm 2023', 'hết tháng 10/2021', 'năm 2022', 'quý I/2024' → a Period."""
    asks = [a for a in article_periods(fold(nfc(text)), today) if not a.latest and not a.baseline]
    if len(asks) != 1:
        return None
    try:
        period = asks[0].to_period(today.year)
    except ValueError:
        return None
    return period


def with_place(candidate: Candidate, place: str) -> Candidate:
    fact = candidate.fact.model_copy(update={"region": place})
    return replace(candidate, fact=fact, place_from=BY_ADMIN, confidence=1.0)


def with_period(candidate: Candidate, period: Period) -> Candidate:
    fact = candidate.fact
    if fact.kind == "target" and period.end.month != 12:
        period = Period(  # a target is for a year: the year of the period given
            label=f"năm {period.end.year}",
            start=date(period.end.year, 1, 1),
            end=date(period.end.year, 12, 31),
        )
    return replace(
        candidate,
        fact=fact.model_copy(update={"period": period}),
        period_from=BY_ADMIN,
        confidence=1.0,
    )


def with_metric(candidate: Candidate, metric: Metric) -> Candidate:
    """An existing metric instead of the one found or proposed."""
    fact = candidate.fact.model_copy(update={"metric": metric.id})
    return replace(
        candidate, fact=fact, metric_id=metric.id, metric_name=metric.name, new_metric=None
    )


def read_selection(text: str, count: int) -> set[int] | None:
    """'1,3-5' → {0, 2, 3, 4} (numbers as shown, from 1); 'all'/'tất cả' → every one;
    None when a number is out of range or the text is not a selection."""
    folded = fold(nfc(text)).strip()
    if folded in ("all", "tat ca", "*"):
        return set(range(count))
    chosen: set[int] = set()
    for part in re.split(r"\s*[,; ]\s*", folded):
        if not part:
            continue
        match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not match:
            return None
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 1 <= low <= high <= count:
            return None
        chosen.update(range(low - 1, high))
    return chosen or None


def metric_choices(metrics: Iterable[Metric], candidate: Candidate, limit: int = 8) -> list[Metric]:
    """Existing metrics to offer in a picker: those of the candidate's schemes and unit first."""
    name = fold(candidate.metric_name)
    percent = candidate.fact.unit in ("%", "điểm %")
    words = set(name.split())

    def rank(metric: Metric) -> tuple[int, int, str]:
        metric_words = set(fold(metric.name).split())
        is_rate = any(w in metric_words for w in ("ty", "ti")) and "le" in metric_words
        return (int(is_rate != percent), -len(words & metric_words), metric.name)

    return sorted(metrics, key=rank)[:limit]
