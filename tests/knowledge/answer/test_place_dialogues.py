"""Conversations about places: a follow-up compares with the nation, turns a ranking around,
ranks another metric, goes from a district to its province. Dialogues are our own."""

from __future__ import annotations

import pytest

from knowledge.answer.engine import Answer, Engine
from knowledge.memory import Conversations


def talk(engine: Engine, *questions: str) -> list[Answer]:
    memory = Conversations()
    answers = []
    for question in questions:
        answer = engine.answer(question, memory.get("chat"))
        memory.remember("chat", answer.topic)
        answers.append(answer)
    return answers


def top(answer: Answer) -> tuple[str, float]:
    assert answer.places is not None, answer
    first = answer.places.figures[0].fact
    return first.region, first.value


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("tỉnh nào có tỷ lệ bao phủ BHYT cao nhất", "còn thấp nhất?"),
        ("tinh nao do phu bhyt cao nhat", "thấp nhất thì sao"),
        ("which province has the highest health insurance coverage", "còn tỉnh thấp nhất?"),
    ],
)
def test_a_ranking_turned_around(wide: Engine, first: str, then: str) -> None:
    before, after = talk(wide, first, then)
    assert top(before) == ("Lạng Sơn", 97.0)
    assert top(after) == ("Hà Nội", 92.6)


@pytest.mark.parametrize("then", ["thế BHXH bắt buộc?", "còn số người tham gia BHXH bắt buộc?"])
def test_a_ranking_of_another_metric(wide: Engine, then: str) -> None:
    _, after = talk(wide, "tỉnh nào ít người tham gia BHTN nhất", then)
    assert after.metric is not None and after.metric.id == "bhxh_bb_nguoi_tham_gia"
    assert top(after) == ("Lạng Sơn", 55870)


@pytest.mark.parametrize(
    "first",
    [
        "tỷ lệ bao phủ BHYT huyện Hữu Lũng năm 2021",
        "do phu bhyt o cao loc nam 2021",
        "xã Mai Pha tỷ lệ bao phủ BHYT 2021",
    ],
)
def test_from_a_district_to_its_province(wide: Engine, first: str) -> None:
    before, after = talk(wide, first, "còn cả tỉnh?")
    assert before.status == "no_data" and before.figures == ()
    assert after.status == "answered" and after.region == "Lạng Sơn"
    assert after.headline is not None and after.headline.fact.value == 96.3


@pytest.mark.parametrize(
    "first",
    [
        "tỷ lệ bao phủ BHYT Thái Bình năm 2021",
        "ty le bao phu bhyt thai binh 2021",
        "Thái Bình có bao nhiêu phần trăm dân số có thẻ BHYT năm 2021",
    ],
)
def test_compared_with_the_nation_as_a_follow_up(wide: Engine, first: str) -> None:
    _, after = talk(wide, first, "so với cả nước?")
    assert after.places is not None
    assert [(f.fact.region, f.fact.value) for f in after.places.figures] == [
        ("Thái Bình", 93.8),
        ("Toàn quốc", 91.0),
    ]
