"""Each figure read in its own clause: place, period, scheme and kind. Every sentence here is
written for the test (none is from the evaluation articles), one class of sentence per test."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.ingest.article import Candidate, extract_facts
from knowledge.model import Source
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.store.snapshot import Knowledge


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_PATH)


def read(
    knowledge: Knowledge,
    text: str,
    *,
    url: str = "https://example.vn/bai",
    title: str = "Bài báo",
    published: date = date(2023, 7, 20),
) -> dict[str, Candidate]:
    source = Source(id="bai", title=title, publisher="x", published=published, url=url)
    found = extract_facts(
        text, source=source, known_metrics=knowledge.metrics, default_region="Lạng Sơn"
    )
    return {c.fact.value_text: c for c in found}


def test_a_national_article_files_national_figures_in_a_provincial_bot(
    knowledge: Knowledge,
) -> None:
    text = (
        "Theo BHXH Việt Nam, đến hết tháng 6/2023 số người tham gia BHXH là 17,5 triệu người. "
        "Số người tham gia BHYT đạt 91,2 triệu người."
    )
    found = read(knowledge, text, url="https://baomoi.com/x")
    assert {c.fact.region for c in found.values()} == {"Toàn quốc"}


def test_a_national_outlet_naming_no_province_reports_the_nation(knowledge: Knowledge) -> None:
    text = "Đến hết tháng 9/2022, số người tham gia BHTN là 13,9 triệu người."
    found = read(knowledge, text, url="https://vnexpress.net/bhxh-123.html")
    assert found["13,9 triệu người"].fact.region == "Toàn quốc"
    assert "toàn quốc" in found["13,9 triệu người"].place_from


def test_one_sentence_about_the_nation_relabels_only_itself(knowledge: Knowledge) -> None:
    text = (
        "Đến hết tháng 6/2023, toàn tỉnh Lạng Sơn có 720.000 người tham gia BHYT. "
        "Cả nước có 91,2 triệu người tham gia BHYT. "
        "Số người tham gia BHXH tự nguyện của tỉnh là 12.400 người."
    )
    found = read(knowledge, text)
    assert found["720.000 người"].fact.region == "Lạng Sơn"
    assert found["91,2 triệu người"].fact.region == "Toàn quốc"
    assert found["12.400 người"].fact.region == "Lạng Sơn"


def test_an_article_saying_only_toan_tinh_takes_the_province_of_its_source(
    knowledge: Knowledge,
) -> None:
    text = "Đến hết tháng 5/2024, toàn tỉnh có 61.000 người tham gia BHXH bắt buộc."
    found = read(knowledge, text, url="https://baocaobang.vn/x", title="Kết quả 5 tháng")
    assert found["61.000 người"].fact.region == "Cao Bằng"


def test_part_year_and_yearless_periods(knowledge: Knowledge) -> None:
    text = (
        "Lũy kế 8 tháng năm 2023, tổng thu BHXH, BHYT, BHTN đạt 1.250 tỷ đồng. "
        "Tính đến hết ngày 31-5, toàn tỉnh có 88.000 người tham gia BHTN. "
        "Tính đến hết tháng 4, số người tham gia BHXH tự nguyện là 9.950 người."
    )
    found = read(knowledge, text)
    money = found["1.250 tỷ đồng"].fact.period
    assert (money.start, money.end) == (date(2023, 1, 1), date(2023, 8, 31))
    assert found["88.000 người"].fact.period.end == date(2023, 5, 31)
    assert found["9.950 người"].fact.period.end == date(2023, 4, 30)


def test_the_year_of_a_denominator_or_a_plan_is_not_the_period(knowledge: Knowledge) -> None:
    text = (
        "Đến nay, toàn tỉnh có 700.500 người tham gia BHYT, đạt 92,4% dân số năm 2021, "
        "bằng 97,1% kế hoạch của năm 2023."
    )
    found = read(knowledge, text, published=date(2023, 9, 5))
    assert {c.fact.period.end.year for c in found.values()} == {2023}


def test_a_lead_before_any_period_shares_the_first_one(knowledge: Knowledge) -> None:
    text = (
        "Số thu BHXH, BHYT, BHTN của thành phố là 3.100 tỷ đồng.\n\n"
        "Năm qua, số người tham gia BHYT tăng 4,1% so với năm 2022."
    )
    found = read(knowledge, text, published=date(2024, 3, 2))
    assert found["3.100 tỷ đồng"].fact.period.end == date(2023, 12, 31)


def test_goals_are_targets_for_their_year(knowledge: Knowledge) -> None:
    text = (
        "Tính đến hết tháng 6/2023, toàn tỉnh có 70.100 người tham gia BHXH. "
        "Theo kế hoạch, đến cuối năm 2023 số người tham gia BHTN đạt 52.000 người. "
        "Tỉnh đặt mục tiêu có 15.000 người tham gia BHXH tự nguyện. "
        "Năm nay toàn ngành phải thu đạt 2.400 tỷ đồng; thu BHYT phải đạt 1.100."
    )
    found = read(knowledge, text)
    for value in ("52.000 người", "15.000 người", "2.400 tỷ đồng", "1.100"):
        fact = found[value].fact
        assert fact.kind == "target", value
        assert fact.period.end == date(2023, 12, 31), value
    assert found["1.100"].fact.unit == "tỷ đồng"
    assert found["70.100 người"].fact.period.end == date(2023, 6, 30)


def test_each_list_item_keeps_its_own_scheme(knowledge: Knowledge) -> None:
    text = (
        "Năm 2023, số người tham gia BHXH bắt buộc đạt 98,2% kế hoạch; BHTN đạt 96,5%; "
        "BHXH tự nguyện đạt 71,3% kế hoạch; BHYT đạt 99% kế hoạch với 735 nghìn người "
        "tham gia, đạt tỷ lệ 94,6% dân số."
    )
    found = read(knowledge, text)
    names = {v: found[v].metric_name for v in ("96,5%", "71,3%", "99%", "735 nghìn người")}
    assert names == {
        "96,5%": "Số người tham gia BHTN",
        "71,3%": "Số người tham gia BHXH tự nguyện",
        "99%": "Số người tham gia BHYT",
        "735 nghìn người": "Số người tham gia BHYT",
    }
    assert {found[v].fact.kind for v in ("96,5%", "71,3%", "99%")} == {"plan"}
    assert found["94,6%"].metric_name == "Tỷ lệ bao phủ BHYT"


def test_a_named_item_after_a_colon_is_not_swallowed_by_the_item_before(
    knowledge: Knowledge,
) -> None:
    text = (
        "Đến hết năm 2023, toàn tỉnh có 80.300 người tham gia BHXH (trong đó, BHXH bắt buộc: "
        "66.100 người, BHXH tự nguyện: 14.200 người)."
    )
    found = read(knowledge, text)
    assert found["14.200 người"].metric_name == "Số người tham gia BHXH tự nguyện"


def test_still_to_add_is_a_gap_and_so_is_the_item_joined_to_it(knowledge: Knowledge) -> None:
    text = (
        "Tính đến hết tháng 9/2023, số người còn phải phát triển là 6.500 người tham gia BHXH "
        "và 21.000 người tham gia BHYT."
    )
    found = read(knowledge, text)
    assert found["6.500 người"].fact.kind == found["21.000 người"].fact.kind == "gap"
    assert found["21.000 người"].metric_name == "Số người tham gia BHYT"


def test_the_title_is_the_headline_when_the_body_lacks_one(knowledge: Knowledge) -> None:
    text = "Năm 2023, toàn tỉnh có 512.300 người tham gia BHYT."
    found = read(knowledge, text, title="Số người tham gia BHXH tăng 5,2%")
    assert found["5,2%"].fact.kind == "change"
    rounded = read(knowledge, text, title="Hơn 510 nghìn người tham gia BHYT")
    assert list(rounded) == ["512.300 người"]  # the title rounds the body's figure


def test_a_year_list_of_one_rate(knowledge: Knowledge) -> None:
    text = "Tỷ lệ bao phủ BHYT của tỉnh qua các năm: năm 2021: 89,4%; năm 2022: 90,7%."
    found = read(knowledge, text)
    assert {found[v].metric_name for v in ("89,4%", "90,7%")} == {"Tỷ lệ bao phủ BHYT"}
    assert [found[v].fact.period.end.year for v in ("89,4%", "90,7%")] == [2021, 2022]


def test_a_headcount_in_brackets_after_a_rate(knowledge: Knowledge) -> None:
    text = "Đến hết tháng 3/2023, tỷ lệ bao phủ BHYT đạt 93,8% (1.102.456 người)."
    found = read(knowledge, text)
    assert found["1.102.456 người"].metric_name == "Số người tham gia BHYT"
    assert found["1.102.456 người"].fact.kind == "value"


def test_a_rule_for_every_province_is_the_nations_target(knowledge: Knowledge) -> None:
    text = (
        "Năm 2023, tỷ lệ bao phủ BHYT của tỉnh đạt 94,1% dân số. Bộ Y tế yêu cầu tất cả 63 "
        "tỉnh, thành phố đạt tỷ lệ bao phủ BHYT trên 95% vào năm 2025."
    )
    found = read(knowledge, text, url="https://baolangson.vn/x")
    rule = found["trên 95%"].fact
    assert (rule.kind, rule.region, rule.period.end.year) == ("target", "Toàn quốc", 2025)
    assert found["94,1%"].fact.region == "Lạng Sơn"


def test_the_amounts_of_counted_units_are_theirs(knowledge: Knowledge) -> None:
    text = (
        "Đến hết tháng 6/2024, có 215 doanh nghiệp chậm đóng từ 6 tháng trở lên, với số tiền "
        "12,4 tỷ đồng."
    )
    found = read(knowledge, text)
    assert "doanh nghiệp" in found["12,4 tỷ đồng"].metric_name
    assert found["12,4 tỷ đồng"].new_metric is not None  # not the province's whole debt


def test_people_paid_a_benefit_are_not_participants(knowledge: Knowledge) -> None:
    text = "Năm 2023, số người nhận BHXH một lần giảm 312 người so với năm 2022."
    found = read(knowledge, text)
    assert found["312 người"].metric_name == "Số người hưởng BHXH một lần"


def test_numbers_written_with_other_separators(knowledge: Knowledge) -> None:
    text = (
        "Đến hết năm 2023, toàn tỉnh có 7 312 817 người tham gia BHYT. Số người tham gia BHXH "
        "là 1,234,567 người. Tỷ lệ bao phủ BHYT đạt 92.5% dân số."
    )
    found = read(knowledge, text)
    assert found["7 312 817 người"].fact.value == 7_312_817
    assert found["1,234,567 người"].fact.value == 1_234_567
    assert found["92.5%"].fact.value == 92.5


def test_a_new_metric_gets_a_clean_name_and_aliases_a_question_can_reach(
    knowledge: Knowledge,
) -> None:
    text = "Năm 2023, số người nhận BHXH một lần giảm 312 người so với năm 2022."
    metric = read(knowledge, text)["312 người"].new_metric
    assert metric is not None and metric.name == "Số người hưởng BHXH một lần"
    assert "Số người hưởng bảo hiểm xã hội một lần" in metric.aliases
    assert all(len(alias.split()) >= 3 for alias in metric.aliases)  # no 'với số tiền'


def test_a_count_after_a_rate_is_not_named_after_the_rate(knowledge: Knowledge) -> None:
    text = (
        "Đến hết tháng 10/2023, số tham gia BHTN là 13,1 triệu người (đạt 26,9% lực lượng lao "
        "động) và gần 85 triệu người tham gia BHYT (đạt tỉ lệ bao phủ 93,2% dân số)."
    )
    found = read(knowledge, text)
    assert found["gần 85 triệu người"].metric_name == "Số người tham gia BHYT"


def test_months_written_after_the_measure_are_a_part_year(knowledge: Knowledge) -> None:
    text = (
        "Tổng số thu BHXH, BHYT, BHTN 9 tháng ước đạt 1.870 tỷ đồng. Có 96 doanh nghiệp nợ "
        "BHXH từ 3 tháng trở lên."
    )
    found = read(knowledge, text, published=date(2023, 10, 9))
    period = found["ước đạt 1.870 tỷ đồng"].fact.period
    assert (period.start, period.end) == (date(2023, 1, 1), date(2023, 9, 30))
    assert "9 tháng" not in found["ước đạt 1.870 tỷ đồng"].metric_name
    assert found["96 doanh nghiệp"].metric_name.endswith("từ 3 tháng trở lên")


def test_a_share_written_with_chiem_is_the_rate_of_the_count_before_it(
    knowledge: Knowledge,
) -> None:
    text = (
        "Đến hết năm 2022, số người tham gia BHXH tự nguyện của tỉnh là 15.300 người, "
        "chiếm 4,1% lực lượng lao động trong độ tuổi."
    )
    found = read(knowledge, text)
    share = found["4,1%"].fact
    assert share.kind == "value"
    assert "lực lượng lao động" in (share.of or "")
    assert "tự nguyện" in found["4,1%"].metric_name


def test_the_next_item_of_a_goal_list_is_a_goal_unless_it_says_otherwise(
    knowledge: Knowledge,
) -> None:
    goals = read(
        knowledge,
        "Năm 2024, tỉnh phấn đấu tỷ lệ bao phủ BHYT đạt 95,2% dân số; tỷ lệ người trong độ "
        "tuổi lao động tham gia BHXH đạt 31%.",
    )
    assert goals["31%"].fact.kind == "target"
    assert goals["31%"].fact.period.end == date(2024, 12, 31)
    now = read(
        knowledge,
        "Năm 2024, tỉnh phấn đấu tỷ lệ bao phủ BHYT đạt 95,2% dân số; hiện tỷ lệ người "
        "tham gia BHXH đạt 28%.",
    )
    assert now["28%"].fact.kind == "value"


def test_a_table_pasted_as_text_is_read_by_its_header(knowledge: Knowledge) -> None:
    text = (
        "BHXH tỉnh cho biết kết quả thực hiện các chỉ tiêu đến ngày 31/3/2024 như sau:\n\n"
        "Chỉ tiêu | Thực hiện | So với kế hoạch (%) | So với cùng kỳ (%)\n"
        "Số người tham gia BHTN | 27.115 | 93,4 | +3,2\n"
        "Số người tham gia BHYT | 701.220 | 95,8 | -1,1\n"
    )
    found = read(knowledge, text, published=date(2024, 4, 12))
    assert found["27.115 người"].fact.kind == "value"
    assert "BHTN" in found["27.115 người"].metric_name
    assert found["93,4%"].fact.kind == "plan"
    change = next(c for v, c in found.items() if "1,1" in v)
    assert change.fact.kind == "change" and change.fact.value < 0
    assert "BHYT" in change.metric_name
    # 'kết quả thực hiện các chỉ tiêu đến ngày …' dates the results; it is no goal's horizon
    assert {c.fact.period.end for c in found.values()} == {date(2024, 3, 31)}


def test_a_table_of_numbers_without_a_header_of_words_is_not_guessed(
    knowledge: Knowledge,
) -> None:
    text = "Kết quả năm 2023:\n\n2022 | 2023 | 2024\n41.200 | 43.950 | 45.000\n"
    found = read(knowledge, text)
    assert not any(c.fact.kind == "plan" for c in found.values())


def test_a_district_report_is_filed_under_the_district_not_the_province(
    knowledge: Knowledge,
) -> None:
    district = read(
        knowledge,
        "BHXH huyện Đình Lập đã tổ chức 12 buổi tuyên truyền. Đến hết tháng 9/2022, toàn "
        "huyện có 2.310 người tham gia BHXH tự nguyện; tỷ lệ bao phủ BHYT đạt 97,6% dân số.",
        url="https://baolangson.vn/x",
    )
    assert {district[v].fact.region for v in ("2.310 người", "97,6%")} == {"huyện Đình Lập"}
    province = read(
        knowledge,
        "Đến hết tháng 9/2022, toàn tỉnh có 31.000 người tham gia BHXH tự nguyện, trên địa bàn "
        "tỉnh có huyện Đình Lập đạt tỷ lệ bao phủ BHYT cao nhất.",
        url="https://baolangson.vn/x",
    )
    assert province["31.000 người"].fact.region == "Lạng Sơn"


def test_a_tab_table_with_plan_result_and_share_columns(knowledge: Knowledge) -> None:
    text = (
        "Kết quả thu 9 tháng năm 2024 như sau:\n\n"
        "Nội dung\tKế hoạch (tỷ đồng)\tThực hiện (tỷ đồng)\tTỷ lệ (%)\n"
        "Thu BHYT\t640\t471\t73,6\n"
    )
    found = read(knowledge, text)
    assert found["471 tỷ đồng"].fact.kind == "value"
    assert found["471 tỷ đồng"].fact.period.end == date(2024, 9, 30)
    assert found["73,6%"].fact.kind == "plan"
    assert found["640 tỷ đồng"].fact.kind == "target"
    assert {found[v].metric_name for v in ("471 tỷ đồng", "640 tỷ đồng")} == {"Tổng thu BHYT"}
