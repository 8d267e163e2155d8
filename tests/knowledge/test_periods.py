"""Periods as people write them, in questions and in articles."""

from datetime import date

import pytest

from knowledge.model import Period
from knowledge.understand.folding import fold, nfc
from knowledge.understand.periods import find_periods

TODAY = date(2026, 11, 23)
H1_2022 = Period(label="6 tháng đầu năm 2022", start=date(2022, 1, 1), end=date(2022, 6, 30))
AUG_2019 = Period(label="hết tháng 8/2019", start=date(2019, 1, 1), end=date(2019, 8, 31))


def periods(text: str):  # type: ignore[no-untyped-def]
    return find_periods(fold(nfc(text)), TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "năm 2022",
        "2022",
        "6 tháng đầu năm 2022",
        "nửa đầu năm 2022",
        "sáu tháng đầu năm 2022",
        "first half of 2022",
    ],
)
def test_ways_of_naming_the_first_half_of_2022_match_it(text: str) -> None:
    (asked,) = periods(text)
    assert asked.matches(H1_2022) and not asked.matches(AUG_2019)


@pytest.mark.parametrize(
    "text", ["tháng 8/2019", "hết tháng 8/2019", "T8/2019", "tháng 8 năm 2019"]
)
def test_month_forms_match_the_period_ending_that_month(text: str) -> None:
    (asked,) = periods(text)
    assert asked.matches(AUG_2019) and asked.label.endswith("tháng 8/2019")


def test_a_different_month_of_the_same_year_does_not_match() -> None:
    (asked,) = periods("tháng 6/2019")
    assert not asked.matches(AUG_2019)


def test_relative_years_are_resolved_from_today() -> None:
    assert periods("năm nay")[0].year == 2026
    assert periods("năm ngoái")[0].year == 2025


def test_now_and_latest_mean_the_latest_figure() -> None:
    assert periods("hiện nay")[0].latest and periods("mới nhất")[0].latest


def test_a_year_after_so_voi_is_a_baseline_not_the_period_asked() -> None:
    asked, baseline = periods("tổng thu 2019 tăng bao nhiêu so với cùng kỳ năm 2018")
    assert (asked.year, asked.baseline) == (2019, False)
    assert (baseline.year, baseline.baseline) == (2018, True)


def test_two_years_in_a_comparison_are_both_found() -> None:
    assert [p.year for p in periods("so sánh 2019 và 2022")] == [2019, 2022]


def test_article_phrases_become_dated_periods() -> None:
    (as_of,) = periods("tính đến ngày 31/12/2021")
    assert as_of.to_period(2022).end == date(2021, 12, 31)
    (quarter,) = periods("trong 3 tháng đầu năm")
    dated = quarter.to_period(default_year=2022)  # the year comes from the publication date
    assert (dated.start, dated.end, dated.label) == (
        date(2022, 1, 1),
        date(2022, 3, 31),
        "3 tháng đầu năm 2022",
    )


def test_decree_numbers_and_invalid_dates_are_not_periods() -> None:
    assert all(p.year != 2022 or p.last_month != 28 for p in periods("ngày 28/3/2022"))
    assert periods("ngày 31/2/2021") == [] or periods("ngày 31/2/2021")[0].day is None


def test_two_digit_years_after_nam_are_understood() -> None:
    assert [p.year for p in periods("bhyt năm 22")] == [2022]


def test_the_year_a_target_is_for_is_not_the_period_asked() -> None:
    assert periods("còn thiếu bao nhiêu so với mục tiêu đến năm 2025") == []


def test_year_end_does_not_match_a_half_year_figure() -> None:
    (asked,) = periods("cuối năm 2022")
    assert not asked.matches(H1_2022)
