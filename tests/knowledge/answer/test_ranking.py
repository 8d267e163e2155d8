"""Rankings among the provinces the knowledge holds (the nation is none), or among a place's
periods; the answer says how many places were compared. Phrasings are our own."""

from __future__ import annotations

import pytest

from knowledge.answer.engine import Answer, Engine


def ranked(answer: Answer) -> list[tuple[str, float]]:
    assert answer.status == "answered" and answer.places is not None
    return [(f.fact.region, f.fact.value) for f in answer.places.figures]


@pytest.mark.parametrize(
    "text",
    [
        "tỉnh nào có tỷ lệ bao phủ BHYT cao nhất",
        "tinh nao do phu bhyt cao nhat",
        "which province has the highest health insurance coverage",
        "địa phương nào có tỷ lệ người dân có thẻ BHYT cao nhất",
    ],
)
def test_highest_among_provinces_each_with_its_latest(wide: Engine, text: str) -> None:
    assert ranked(wide.answer(text)) == [
        ("Lạng Sơn", 97.0),
        ("Thái Bình", 94.9),
        ("Hà Nội", 92.6),
    ]  # the nation (93,35%) is no province


@pytest.mark.parametrize(
    "text",
    [
        "tỉnh nào có tỷ lệ bao phủ BHYT thấp nhất năm 2021",
        "nơi nào độ phủ BHYT thấp nhất năm 2021",
        "province with the lowest health insurance coverage in 2021",
    ],
)
def test_lowest_in_the_year_asked(wide: Engine, text: str) -> None:
    assert ranked(wide.answer(text))[0] == ("Hà Nội", 91.2)


@pytest.mark.parametrize(
    "text",
    [
        "tỉnh nào ít người tham gia BHXH bắt buộc nhất",
        "tinh nao it nguoi dong bhxh bat buoc nhat",
        "nơi nào có ít lao động tham gia BHXH bắt buộc nhất",
    ],
)
def test_fewest_people(wide: Engine, text: str) -> None:
    assert ranked(wide.answer(text)) == [("Lạng Sơn", 55870), ("Hà Nội", 1972650)]


@pytest.mark.parametrize(
    "text",
    [
        "xếp hạng các tỉnh theo tỷ lệ bao phủ BHYT",
        "xep hang ty le bao phu bhyt cac tinh",
        "Lạng Sơn xếp thứ mấy về tỷ lệ bao phủ BHYT",
    ],
)
def test_a_ranking_lists_every_province(wide: Engine, text: str) -> None:
    assert [r for r, _ in ranked(wide.answer(text))] == ["Lạng Sơn", "Thái Bình", "Hà Nội"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cả nước năm nào tỷ lệ bao phủ BHYT thấp nhất", ("Toàn quốc", 90.0)),
        ("Lạng Sơn năm nào độ phủ BHYT cao nhất", ("Lạng Sơn", 97.0)),
        ("Ha Noi nam nao bao phu bhyt thap nhat", ("Hà Nội", 89.4)),
    ],
)
def test_which_year_ranks_a_place_periods(
    wide: Engine, text: str, expected: tuple[str, float]
) -> None:
    answer = wide.answer(text)
    assert ranked(answer)[0] == expected
    assert answer.places is not None and answer.places.over == "periods"


def test_a_province_without_the_year_is_left_out_and_named(wide: Engine) -> None:
    answer = wide.answer("tỉnh nào có tỷ lệ bao phủ BHYT cao nhất năm 2019")
    assert ranked(answer) == [("Lạng Sơn", 95.1), ("Hà Nội", 89.4)]
    assert answer.places is not None and answer.places.left_out == ("Thái Bình",)


@pytest.mark.parametrize(
    "text",
    [
        "huyện nào có tỷ lệ bao phủ BHYT cao nhất",
        "xã nào có nhiều người tham gia BHXH tự nguyện nhất",
        "cac huyen xep hang ty le bao phu bhyt",
    ],
)
def test_districts_are_ranked_only_when_there_are_figures_of_districts(
    wide: Engine, text: str
) -> None:
    answer = wide.answer(text)
    assert answer.status == "no_data" and answer.figures == ()
    assert answer.asked is not None and "huyện" in answer.asked


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT đạt ít nhất 95% chưa",  # "ít nhất": at least, no ranking
        "số người tham gia BHXH bắt buộc cao hơn năm trước bao nhiêu",
    ],
)
def test_at_least_and_comparatives_are_no_rankings(wide: Engine, text: str) -> None:
    assert wide.answer(text).places is None


@pytest.mark.parametrize(
    "text",
    [
        "đâu là tỉnh có tỷ lệ bao phủ BHYT cao nhất",
        "tỉnh dẫn đầu về độ phủ BHYT",
        "tỉnh có tỷ lệ bao phủ bảo hiểm y tế lớn nhất",
    ],
)
def test_other_ways_to_ask_for_the_top(wide: Engine, text: str) -> None:
    assert ranked(wide.answer(text))[0] == ("Lạng Sơn", 97.0)


@pytest.mark.parametrize(
    "text",
    [
        "Hà Nội đứng thứ mấy về tỷ lệ bao phủ BHYT",
        "ha noi xep thu may ve do phu bhyt",
        "tỷ lệ bao phủ BHYT của Hà Nội xếp hạng thế nào",
    ],
)
def test_the_rank_of_a_place_named(wide: Engine, text: str) -> None:
    answer = wide.answer(text)
    assert [r for r, _ in ranked(answer)] == ["Lạng Sơn", "Thái Bình", "Hà Nội"]
    assert answer.places is not None and answer.places.asked_place == "Hà Nội"
    assert answer.metric is not None and answer.metric.id == "bhyt_ty_le_bao_phu"
