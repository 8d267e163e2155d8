"""What a user reads when places are compared or ranked, and when a group or a district has no
figure of its own."""

from __future__ import annotations

import re
from datetime import date

import pytest

from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import load_knowledge
from replies.answer import render_html
from tests.knowledge.wide import wide_knowledge
from tests.material import SHARED_EVAL, needs_shared

KB_DEV = SHARED_EVAL / "kb_dev" / "knowledge.json"


@pytest.fixture(scope="module")
def wide() -> Engine:
    return Engine(wide_knowledge(), today=lambda: date(2026, 11, 23))


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def without_sources(html: str) -> str:
    html = re.sub(r"<blockquote>.*?</blockquote>", "", html, flags=re.S)
    return plain(re.sub(r"📰 Nguồn:[^\n]*", "", html))


def test_a_comparison_shows_both_figures_and_the_difference_in_points(wide: Engine) -> None:
    text = without_sources(render_html(wide.answer("độ phủ BHYT Lạng Sơn so với cả nước 2023")))
    assert "97,0%" in text and "93,35%" in text
    assert "Lạng Sơn cao hơn 3,65 điểm % so với Toàn quốc" in text


def test_a_comparison_across_periods_says_they_differ(wide: Engine) -> None:
    html = render_html(wide.answer("số người tham gia BHXH tự nguyện Lạng Sơn và Hà Nội 2021"))
    assert "Chưa có số liệu" in html and "Hà Nội" in html  # Hà Nội has only 2023
    html = render_html(wide.answer("tỷ lệ bao phủ BHYT Lạng Sơn và Hà Nội"))
    assert "năm 2023" in html and "khác nhau" not in html


def test_a_ranking_says_how_many_places_were_compared(wide: Engine) -> None:
    text = without_sources(render_html(wide.answer("tỉnh nào có tỷ lệ bao phủ BHYT cao nhất")))
    assert "trong 3 tỉnh" in text
    assert "Cao nhất: Lạng Sơn" in text
    assert text.index("97,0%") < text.index("94,9%") < text.index("92,6%")
    assert "93,35%" not in text  # the nation is no province


def test_a_ranking_in_a_year_names_the_provinces_left_out(wide: Engine) -> None:
    text = plain(render_html(wide.answer("tỉnh nào độ phủ BHYT thấp nhất năm 2019")))
    assert "Thấp nhất: Hà Nội" in text and "Chưa có số liệu kỳ này của: Thái Bình" in text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("tỷ lệ học sinh tham gia BHYT năm 2023", "học sinh, sinh viên"),
        ("hộ nghèo có thẻ BHYT bao nhiêu", "hộ nghèo"),
        ("tỷ lệ bao phủ BHYT huyện Cao Lộc năm 2023", "huyện Cao Lộc"),
    ],
)
def test_no_data_for_a_group_or_district_names_it_and_shows_no_figure(
    wide: Engine, question: str, named: str
) -> None:
    text = plain(render_html(wide.answer(question)))
    assert named in text and "Chưa có số liệu" in text
    assert not re.search(r"\d+,\d+%|\d+\.\d{3}", text)  # no figure, not even the total


@pytest.mark.parametrize(
    "question",
    [
        "số người tham gia BHXH bắt buộc Lạng Sơn so với cả nước năm 2023",
        "bhxh bat buoc cua tinh so voi toan quoc 2023",
        "BHXH bắt buộc Lạng Sơn và Việt Nam năm 2023",
    ],
)
def test_a_province_count_against_the_nation_is_its_share(wide: Engine, question: str) -> None:
    text = without_sources(render_html(wide.answer(question)))
    assert "55.870" in text and "17,1 triệu" in text
    assert "Lạng Sơn bằng 0,33% của cả nước" in text


@needs_shared(KB_DEV)
def test_money_of_periods_of_different_length_gets_no_difference() -> None:
    engine = Engine(load_knowledge(KB_DEV), today=lambda: date(2026, 11, 23))
    answer = engine.answer("tổng thu bảo hiểm Lạng Sơn 2019 so với toàn quốc")  # 8 vs 3 months
    assert answer.places is not None and answer.places.difference is None
    assert "khác nhau" in render_html(answer)


@pytest.mark.parametrize(
    "question",
    ["so sánh Hà Nội với Lạng Sơn", "Lạng Sơn và Hà Nội thế nào", "lang son va ha noi"],
)
def test_places_without_a_metric_compare_every_metric_both_have(
    wide: Engine, question: str
) -> None:
    answer = wide.answer(question)
    assert answer.status == "answered" and answer.parts
    assert all(p.places is not None for p in answer.parts)
    text = without_sources(render_html(answer))
    assert "Lạng Sơn" in text and "Hà Nội" in text and "97,0%" in text and "92,6%" in text


@pytest.mark.parametrize("question", ["Lạng Sơn và Đà Nẵng", "so sánh Lạng Sơn với Cần Thơ"])
def test_places_without_a_metric_one_without_figures(wide: Engine, question: str) -> None:
    answer = wide.answer(question)
    text = plain(render_html(answer))
    assert answer.status == "no_data" and answer.figures == ()
    assert "Chưa có số liệu của" in text


def test_a_ranking_of_many_provinces_stays_one_message() -> None:
    from knowledge.store.snapshot import Knowledge
    from knowledge.understand.places import PROVINCES

    knowledge = wide_knowledge()
    model = next(
        f
        for f in knowledge.facts.values()
        if f.metric == "bhyt_ty_le_bao_phu" and f.region == "Lạng Sơn" and f.kind == "value"
    )
    facts = dict(knowledge.facts)
    for n, province in enumerate(p for p in PROVINCES if p not in ("Lạng Sơn", "Huế")):
        value = 80 + n / 4
        text = f"{value:.2f}".replace(".", ",") + "%"
        facts[10_000 + n] = model.model_copy(
            update={"region": province, "value": value, "value_text": text}
        )
    engine = Engine(Knowledge.build(knowledge.sources.values(), knowledge.metrics.values(), facts))
    html = render_html(engine.answer("Lạng Sơn xếp thứ mấy về tỷ lệ bao phủ BHYT"))
    assert len(html) <= 4096
    assert "trong 63 tỉnh" in plain(html) and "… và 43 nơi khác" in plain(html)
    assert "Lạng Sơn đứng thứ" in plain(html)
