"""Places compared: both figures for the same period, the difference, and "no data" naming the
place that has none (never its neighbour's figure as if compared). Phrasings are our own."""

from __future__ import annotations

import pytest

from knowledge.answer.engine import Answer, Engine


def regions_and_values(answer: Answer) -> list[tuple[str, float, str]]:
    assert answer.places is not None
    return [(f.fact.region, f.fact.value, f.fact.period.label) for f in answer.places.figures]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "tỷ lệ bao phủ BHYT Hà Nội so với Thái Bình năm 2023",
            [("Hà Nội", 92.6, "năm 2023"), ("Thái Bình", 94.9, "năm 2023")],
        ),
        (
            "so sanh do phu bhyt lang son va ha noi 2021",
            [("Lạng Sơn", 96.3, "năm 2021"), ("Hà Nội", 91.2, "năm 2021")],
        ),
        (
            "tỷ lệ bao phủ BHYT Thái Bình và cả nước năm 2021 chênh nhau bao nhiêu",
            [("Thái Bình", 93.8, "năm 2021"), ("Toàn quốc", 91.0, "năm 2021")],
        ),
        (
            "số người tham gia BHXH bắt buộc HN và Lạng Sơn năm 2019",
            [("Hà Nội", 1812400, "năm 2019"), ("Lạng Sơn", 51200, "năm 2019")],
        ),
    ],
)
def test_two_places_named_give_both_figures_of_the_period_asked(
    wide: Engine, text: str, expected: list[tuple[str, float, str]]
) -> None:
    answer = wide.answer(text)
    assert answer.status == "answered"
    assert regions_and_values(answer) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT của tỉnh so với toàn quốc",
        "độ phủ bhyt có cao hơn cả nước không",
        "ty le bao phu bhyt so voi ca nuoc",
    ],
)
def test_a_place_named_only_after_so_voi_is_compared_with_the_default_one(
    wide: Engine, text: str
) -> None:
    answer = wide.answer(text)
    # no period asked: the latest year both have
    assert regions_and_values(answer) == [
        ("Lạng Sơn", 97.0, "năm 2023"),
        ("Toàn quốc", 93.35, "năm 2023"),
    ]
    assert answer.places is not None and answer.places.difference is not None
    assert answer.places.difference.difference == pytest.approx(3.65)
    assert answer.places.difference.unit == "điểm %"


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT Hà Nội và Thái Bình",
        "so sánh độ phủ BHYT Thái Bình với Hà Nội",
        "độ bao phủ bảo hiểm y tế Thái Bình, Hà Nội",
    ],
)
def test_without_a_period_the_latest_year_every_place_has(wide: Engine, text: str) -> None:
    years = {label for _, _, label in regions_and_values(wide.answer(text))}
    assert years == {"năm 2023"}


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("tỷ lệ bao phủ BHYT Lạng Sơn so với Đà Nẵng", "Đà Nẵng"),
        ("bhyt lang son va can tho", "Cần Thơ"),
        ("số người tham gia BHTN Lạng Sơn so với cả nước", "Toàn quốc"),
    ],
)
def test_a_place_without_figures_is_named_and_no_figure_is_shown(
    wide: Engine, text: str, missing: str
) -> None:
    answer = wide.answer(text)
    assert answer.status == "no_data" and answer.asked == missing
    assert answer.figures == ()
    assert any("Lạng Sơn" in s.label or s.question for s in answer.suggestions)


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT Lạng Sơn và Thái Bình năm 2019",
        "ty le bao phu bhyt thai binh so voi lang son 2019",
        "năm 2019 độ phủ BHYT Thái Bình so với Lạng Sơn",
    ],
)
def test_a_place_without_the_period_asked_is_no_data_for_that_period(
    wide: Engine, text: str
) -> None:
    answer = wide.answer(text)
    assert answer.status == "no_data" and answer.region == "Thái Bình"
    assert answer.asked is not None and "2019" in answer.asked
    assert answer.figures == ()


def test_revenue_of_a_province_against_the_nation(wide: Engine) -> None:
    answer = wide.answer("tổng thu BHXH Lạng Sơn năm 2023 so với cả nước")
    assert regions_and_values(answer) == [
        ("Lạng Sơn", 1810, "năm 2023"),
        ("Toàn quốc", 497850, "năm 2023"),
    ]


def test_without_a_common_year_the_nearest_periods() -> None:
    from datetime import date

    from knowledge.model import Period
    from knowledge.store.snapshot import Knowledge
    from tests.knowledge.wide import wide_knowledge

    knowledge = wide_knowledge()
    model = next(
        f
        for f in knowledge.facts.values()
        if f.metric == "bhxh_tn_nguoi_tham_gia" and f.region == "Lạng Sơn"
    )
    thai_binh = model.model_copy(
        update={
            "region": "Thái Bình",
            "value": 9100,
            "value_text": "9.100 người",
            "period": Period(label="năm 2020", start=date(2020, 1, 1), end=date(2020, 12, 31)),
        }
    )
    facts = {**knowledge.facts, 9999: thai_binh}
    engine = Engine(Knowledge.build(knowledge.sources.values(), knowledge.metrics.values(), facts))
    for text in (
        "BHXH tự nguyện Lạng Sơn và Thái Bình",
        "so sánh số người tham gia BHXH tự nguyện Thái Bình với Lạng Sơn",
        "bhxh tu nguyen lang son so voi thai binh",
    ):
        found = dict((r, (v, label)) for r, v, label in regions_and_values(engine.answer(text)))
        assert found == {"Thái Bình": (9100, "năm 2020"), "Lạng Sơn": (12450, "năm 2021")}
