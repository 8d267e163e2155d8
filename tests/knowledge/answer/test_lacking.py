"""Groups of people and districts the knowledge does not break out: "no data" naming what was
asked, no figure (the total is a button, labelled as the total). Phrasings are our own."""

from __future__ import annotations

import pytest

from knowledge.answer.engine import Engine
from knowledge.model import Metric
from knowledge.store.snapshot import Knowledge
from tests.knowledge.wide import wide_knowledge


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("bao nhiêu học sinh tham gia BHYT năm 2023", "học sinh, sinh viên"),
        ("ty le sinh vien co the bhyt", "học sinh, sinh viên"),
        ("số người thuộc hộ nghèo có thẻ BHYT", "hộ nghèo"),
        ("hộ cận nghèo tham gia BHYT bao nhiêu", "hộ cận nghèo"),
        ("còn bao nhiêu người chưa có BHYT", "người chưa có thẻ BHYT"),
        ("số người không có thẻ bảo hiểm y tế ở Hà Nội", "người chưa có thẻ BHYT"),
        ("lao động nữ tham gia BHXH bắt buộc bao nhiêu người", "phụ nữ"),
        ("how many women have social insurance", "phụ nữ"),
        ("nông dân tham gia BHXH tự nguyện năm 2021", "nông dân"),
        ("trẻ em dưới 6 tuổi có thẻ BHYT bao nhiêu", "trẻ em dưới 6 tuổi"),
        ("đồng bào dân tộc thiểu số tham gia BHYT", "đồng bào dân tộc thiểu số"),
        ("BHYT người cao tuổi Lạng Sơn 2023", "người cao tuổi"),
    ],
)
def test_a_group_the_knowledge_lacks_is_named_never_given_the_total(
    wide: Engine, text: str, group: str
) -> None:
    answer = wide.answer(text)
    assert (answer.status, answer.reason, answer.asked) == ("no_data", "group", group)
    assert answer.figures == ()
    assert any(s.label.startswith("Tổng số") for s in answer.suggestions)


def test_a_metric_about_the_group_answers_it() -> None:
    knowledge = wide_knowledge()
    students = Metric(
        id="bhyt_hssv", name="Số học sinh, sinh viên tham gia BHYT", aliases=("BHYT HSSV",)
    )
    fact = next(f for f in knowledge.facts.values() if f.metric == "bhyt_nguoi_tham_gia")
    metrics = {**knowledge.metrics, students.id: students}
    facts = {**knowledge.facts, 9999: fact.model_copy(update={"metric": "bhyt_hssv"})}
    engine = Engine(Knowledge.build(knowledge.sources.values(), metrics.values(), facts))
    answer = engine.answer("có bao nhiêu học sinh sinh viên tham gia BHYT")
    assert answer.status == "answered" and answer.metric == students


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("tỷ lệ bao phủ BHYT huyện Tràng Định năm 2023", "huyện Tràng Định"),
        ("so nguoi tham gia bhxh bat buoc o loc binh", "huyện Lộc Bình"),
        ("TP Lạng Sơn có bao nhiêu người tham gia BHTN", "thành phố Lạng Sơn"),
        ("phường Tam Thanh tỷ lệ bao phủ BHYT", "phường Tam Thanh"),
        ("xã Yên Trạch có bao nhiêu người đóng BHXH tự nguyện", "xã Yên Trạch"),
        ("Na Sầm bao nhiêu người có bảo hiểm y tế", "thị trấn Na Sầm"),
    ],
)
def test_a_district_or_commune_gets_no_data_naming_it_never_the_province_figure(
    wide: Engine, text: str, place: str
) -> None:
    answer = wide.answer(text)
    assert (answer.status, answer.reason, answer.asked) == ("no_data", "inside", place)
    assert answer.figures == ()
    assert any("cả tỉnh Lạng Sơn" in s.label for s in answer.suggestions)


def test_the_province_button_leads_to_the_province_figure(wide: Engine) -> None:
    answer = wide.answer("tỷ lệ bao phủ BHYT huyện Hữu Lũng năm 2021")
    button = answer.suggestions[0]
    province = wide.answer(button.question)
    assert province.status == "answered" and province.region == "Lạng Sơn"
    assert province.headline is not None and province.headline.fact.value == 96.3


@pytest.mark.parametrize(
    "text", ["tỷ lệ hộ nghèo năm 2021", "số hộ cận nghèo ở Lạng Sơn", "có bao nhiêu sinh viên"]
)
def test_a_group_without_insurance_words_is_the_subject_never_a_metric(
    wide: Engine, text: str
) -> None:
    answer = wide.answer(text)
    assert answer.status != "answered" and answer.figures == ()


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT Cao Lộc và Lộc Bình",
        "so sánh độ phủ BHYT huyện Cao Lộc với huyện Lộc Bình",
        "ty le bao phu bhyt cao loc va loc binh 2023",
    ],
)
def test_two_districts_compared_are_both_named_without_figures(wide: Engine, text: str) -> None:
    answer = wide.answer(text)
    assert (answer.status, answer.reason) == ("no_data", "inside") and answer.figures == ()
    assert answer.asked == "huyện Cao Lộc và huyện Lộc Bình"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("tỷ lệ bao phủ BHYT miền Bắc", "miền Bắc"),
        ("bhxh tu nguyen tay nguyen 2021", "Tây Nguyên"),
        ("số người tham gia BHYT ĐBSCL", "Đồng bằng sông Cửu Long"),
        ("BHYT Thái Lan bao phủ bao nhiêu %", "Thái Lan"),
        ("health insurance coverage in Japan", "Nhật Bản"),
    ],
)
def test_an_area_or_another_country_is_no_data_never_the_province_figure(
    wide: Engine, text: str, place: str
) -> None:
    answer = wide.answer(text)
    assert answer.status == "no_data" and answer.asked == place and answer.figures == ()
