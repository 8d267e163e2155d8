"""The article extractor as an admin importing an article sees it: candidate facts."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.ingest.article import Candidate, clean_article, extract_facts, parse_article_header
from knowledge.model import Fact, Metric, Source
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.store.snapshot import Knowledge
from tests.material import (
    ARTICLE_2019,
    ARTICLE_2022,
    SHARED_ARTICLES,
    article_body,
    needs_shared,
)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_PATH)


def source(published: date = date(2022, 7, 13)) -> Source:
    return Source(
        id="bai-bao",
        title="Bài báo",
        publisher="Báo tỉnh",
        published=published,
        url="https://example.vn/bai-bao",
    )


def extract(
    knowledge: Knowledge,
    text: str,
    published: date = date(2022, 7, 13),
    default_region: str | None = "Lạng Sơn",
) -> list[Candidate]:
    return extract_facts(
        text,
        source=source(published),
        known_metrics=knowledge.metrics,
        default_region=default_region,
    )


def by_text(candidates: list[Candidate], value_text: str) -> Candidate:
    found = [c for c in candidates if c.fact.value_text == value_text]
    assert len(found) == 1, [c.fact.value_text for c in candidates]
    return found[0]


# -- figures as written ------------------------------------------------------------------------


def test_hedge_is_kept_and_money_keeps_its_written_unit(knowledge: Knowledge) -> None:
    text = "Tổng thu BHXH, BHYT, BHTN gần 909 tỷ đồng, đạt 60,6% kế hoạch BHXH Việt Nam giao."
    fact = by_text(extract(knowledge, text), "gần 909 tỷ đồng").fact
    assert (fact.value, fact.unit, fact.hedge, fact.metric) == (909, "tỷ đồng", "gần", "tong_thu")


def test_an_article_typed_without_diacritics_reads_like_one_with_them(
    knowledge: Knowledge,
) -> None:
    text = "Tong thu BHXH, BHYT, BHTN dat 5 ty dong. So nguoi tham gia BHYT la 1,2 trieu nguoi."
    found = extract(knowledge, text)
    money = by_text(found, "5 ty dong").fact
    assert (money.value, money.unit) == (5, "tỷ đồng")
    assert by_text(found, "1,2 trieu nguoi").fact.value == 1_200_000


def test_scale_words_are_applied_to_people(knowledge: Knowledge) -> None:
    text = (
        "Đến hết tháng 10/2020, số người tham gia BHXH là 15,67 triệu người. Trong đó, BHXH bắt "
        "buộc là 14,78 triệu người, tăng 114,5 nghìn người so với tháng 9/2020."
    )
    found = extract(knowledge, text)
    assert by_text(found, "15,67 triệu người").fact.value == 15_670_000
    assert by_text(found, "114,5 nghìn người").fact.value == 114_500
    assert by_text(found, "14,78 triệu người").fact.metric == "bhxh_bb_nguoi_tham_gia"


def test_a_share_of_units_keeps_its_denominator(knowledge: Knowledge) -> None:
    text = (
        "6 tháng đầu năm, số người tham gia BHXH bắt buộc và bảo hiểm thất nghiệp của "
        "8/11 đơn vị giảm so với năm 2021."
    )
    fact = by_text(extract(knowledge, text), "8/11 đơn vị").fact
    assert (fact.value, fact.unit, fact.of) == (8, "đơn vị", "11 đơn vị")
    assert fact.metric == "don_vi_giam_nguoi_tham_gia"


def test_dates_years_and_decree_numbers_are_not_figures(knowledge: Knowledge) -> None:
    text = (
        "Ngày 28/3/2022, theo Quyết định số 08/2022/QĐ-TTg, trong năm học 2019-2020 toàn tỉnh "
        "có 693.033 người tham gia BHYT."
    )
    assert [c.fact.value_text for c in extract(knowledge, text)] == ["693.033 người"]


# -- metrics and kinds -------------------------------------------------------------------------


def test_plan_left_implicit_in_a_list_belongs_to_each_item(knowledge: Knowledge) -> None:
    text = (
        "Trong đó, số người tham gia BHXH bắt buộc là 52.559 người, đạt 94,1% kế hoạch; số người "
        "tham gia BHTN là 40.437 người, đạt 93,1%; số người tham gia BHXH tự nguyện là 6.751 "
        "người, đạt 111,6% kế hoạch."
    )
    found = extract(knowledge, text)
    plans = {c.fact.value: (c.fact.metric, c.fact.of) for c in found if c.fact.kind == "plan"}
    assert plans == {
        94.1: ("bhxh_bb_nguoi_tham_gia", "kế hoạch"),
        93.1: ("bhtn_nguoi_tham_gia", "kế hoạch"),
        111.6: ("bhxh_tn_nguoi_tham_gia", "kế hoạch"),
    }
    assert by_text(found, "6.751 người").metric_id == "bhxh_tn_nguoi_tham_gia"


def test_percent_of_population_labour_force_and_money_due(knowledge: Knowledge) -> None:
    text = (
        "Kết quả, trong 6 tháng đầu năm 2022, toàn tỉnh có 67.186 người tham gia BHXH, bằng "
        "13,42% lực lượng lao động trong độ tuổi; 693.033 người tham gia bảo hiểm y tế (BHYT), "
        "tỷ lệ bao phủ đạt 86,96% dân số. Về tổng số nợ BHXH, BHYT, bảo hiểm thất nghiệp, trong "
        "6 tháng còn nợ 61.504 triệu đồng, bằng 3,47% dự toán thu."
    )
    found = extract(knowledge, text)
    rates = {
        c.fact.value_text: (c.fact.metric, c.fact.kind, c.fact.of)
        for c in found
        if c.fact.unit == "%"
    }
    assert rates == {
        "13,42%": ("bhxh_ty_le_llld", "value", "lực lượng lao động trong độ tuổi"),
        "86,96%": ("bhyt_ty_le_bao_phu", "value", "dân số"),
        "3,47%": ("ty_le_no", "value", "dự toán thu"),
    }
    assert by_text(found, "61.504 triệu đồng").fact.unit == "triệu đồng"


def test_changes_are_signed_and_say_what_they_compare_to(knowledge: Knowledge) -> None:
    text = (
        "Tính đến hết ngày 31/7/2020, tổng số người tham gia BHXH trong toàn tỉnh là 59.177 "
        "người so với cùng kỳ năm 2019 (55.317 người) ; tăng 3.860 (7%). Trong đó, BHXH bắt "
        "buộc là 52.000 người, giảm 102.000 người so với cùng kỳ năm 2019."
    )
    found = extract(knowledge, text)
    changes = {
        c.fact.value_text: (c.fact.value, c.fact.unit, c.fact.compared_to)
        for c in found
        if c.fact.kind == "change"
    }
    assert changes == {
        "3.860": (3860, "người", "cùng kỳ năm 2019"),
        "7%": (7, "%", "cùng kỳ năm 2019"),
        "102.000 người": (-102_000, "người", "cùng kỳ năm 2019"),
    }
    baseline = by_text(found, "55.317 người").fact
    assert (baseline.kind, baseline.period.end) == ("value", date(2019, 7, 31))


def test_gaps_to_targets_are_in_points_and_negative_when_short(knowledge: Knowledge) -> None:
    text = (
        "Kết quả, trong 6 tháng đầu năm 2022, toàn tỉnh có 67.186 người tham gia BHXH, bằng "
        "13,42% lực lượng lao động trong độ tuổi, còn thiếu 31,5% (khoảng 157.700 người) so với "
        "mục tiêu giai đoạn đến năm 2025. Tỷ lệ nợ chiếm 3,47% dự toán thu, cao hơn 0,42% so với "
        "chỉ tiêu phấn đấu giảm nợ BHXH Việt Nam giao."
    )
    found = extract(knowledge, text)
    gaps = {
        c.fact.value_text: (c.fact.metric, c.fact.value, c.fact.unit, c.fact.compared_to)
        for c in found
        if c.fact.kind == "gap"
    }
    assert gaps == {
        "31,5%": ("bhxh_ty_le_llld", -31.5, "điểm %", "mục tiêu giai đoạn đến năm 2025"),
        "khoảng 157.700 người": (
            "bhxh_nguoi_tham_gia",
            -157_700,
            "người",
            "mục tiêu giai đoạn đến năm 2025",
        ),
        "0,42%": ("ty_le_no", 0.42, "điểm %", "chỉ tiêu phấn đấu giảm nợ BHXH Việt Nam giao"),
    }
    assert by_text(found, "khoảng 157.700 người").fact.hedge == "khoảng"


def test_targets_are_flagged_never_results(knowledge: Knowledge) -> None:
    text = (
        "Tính đến ngày 31/12/2021, tổng số người tham gia BHXH 206.810 người, chiếm tỷ lệ 35,1% "
        "lực lượng lao động (LLLĐ), thấp hơn 0,4% so với chỉ tiêu UBND tỉnh giao (35,5%). "
        "Mục tiêu đến năm 2025 có 45% lực lượng lao động trong độ tuổi tham gia BHXH."
    )
    found = extract(knowledge, text)
    kinds = {c.fact.value_text: c.fact.kind for c in found}
    assert kinds == {
        "206.810 người": "value",
        "35,1%": "value",
        "0,4%": "gap",
        "35,5%": "target",
        "45%": "target",
    }
    goal = by_text(found, "45%").fact
    assert (goal.metric, goal.period.year) == ("bhxh_ty_le_llld", 2025)
    assert by_text(found, "0,4%").fact.value == -0.4


def test_unknown_measures_become_proposed_metrics(knowledge: Knowledge) -> None:
    text = (
        "Năm 2023, BHXH tỉnh đã giải quyết cho 3.456 người hưởng trợ cấp thất nghiệp với số "
        "tiền 45,6 tỷ đồng."
    )
    found = extract(knowledge, text)
    people = by_text(found, "3.456 người")
    assert people.metric_id is None and people.new_metric is not None
    assert people.new_metric.name == "Số người hưởng trợ cấp thất nghiệp"
    assert people.new_metric.id == people.fact.metric == "so_nguoi_huong_tro_cap_that_nghiep"
    assert people.new_metric.id not in knowledge.metrics
    money = by_text(found, "45,6 tỷ đồng")
    assert money.new_metric is not None and money.new_metric.name.startswith("Số tiền")


def test_ceremonies_are_not_figures(knowledge: Knowledge) -> None:
    text = (
        "Tại hội nghị, lãnh đạo BHXH tỉnh đã trao cờ của BHXH Việt Nam cho 2 đơn vị dẫn đầu "
        "phong trào thi đua năm 2021; tổ chức tuyên truyền với 12.000 người tham dự."
    )
    assert extract(knowledge, text) == []


# -- period and place ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "label", "start", "end"),
    [
        ("Tính đến hết tháng 8/2019", "hết tháng 8/2019", date(2019, 1, 1), date(2019, 8, 31)),
        ("6 tháng đầu năm 2022", "6 tháng đầu năm 2022", date(2022, 1, 1), date(2022, 6, 30)),
        ("Tính đến ngày 31/12/2021", "ngày 31/12/2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("Trong năm 2020", "năm 2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("Hết quý I/2022", "quý 1/2022", date(2022, 1, 1), date(2022, 3, 31)),
    ],
)
def test_period_comes_from_the_text(
    knowledge: Knowledge, opening: str, label: str, start: date, end: date
) -> None:
    text = f"{opening}, toàn tỉnh có 52.559 người tham gia BHXH bắt buộc."
    period = extract(knowledge, text)[0].fact.period
    assert (period.label, period.start, period.end) == (label, start, end)


def test_period_without_a_year_takes_the_publication_year(knowledge: Knowledge) -> None:
    text = "Trong 3 tháng đầu năm, số người tham gia BHTN là 79.761 người."
    period = extract(knowledge, text, published=date(2022, 5, 10))[0].fact.period
    assert (period.label, period.start, period.end) == (
        "3 tháng đầu năm 2022",
        date(2022, 1, 1),
        date(2022, 3, 31),
    )


def test_period_named_once_holds_for_the_sentences_after_it(knowledge: Knowledge) -> None:
    text = (
        "Tính đến hết tháng 8/2019 số đối tượng tham gia BHXH, BHYT, BHTN là 741.213 người. "
        "Trong đó, số người tham gia BHXH bắt buộc là 52.559 người."
    )
    ends = {c.fact.period.end for c in extract(knowledge, text)}
    assert ends == {date(2019, 8, 31)}


def test_no_period_at_all_means_as_of_publication(knowledge: Knowledge) -> None:
    text = "Số người tham gia BHXH tự nguyện là 6.751 người."
    candidate = extract(knowledge, text, published=date(2021, 5, 13))[0]
    assert candidate.fact.period.end == date(2021, 5, 13)
    assert candidate.confidence < 0.9  # a guessed period lowers confidence


def test_region_from_the_sentence_the_article_or_the_caller(knowledge: Knowledge) -> None:
    text = (
        "Một số địa phương thực hiện tốt công tác phát triển người tham gia BHXH tự nguyện, như: "
        "Nghệ An (tăng 9.499 người so với năm 2020), Thái Bình (tăng 4.547 người so với năm 2020)."
        "\n\nCả nước có 17,5 triệu người tham gia BHXH."
    )
    regions = {c.fact.value_text: c.fact.region for c in extract(knowledge, text)}
    assert regions == {
        "9.499 người": "Nghệ An",
        "4.547 người": "Thái Bình",
        "17,5 triệu người": "Toàn quốc",
    }
    plain = "Toàn tỉnh có 734.462 người tham gia BHYT."
    assert extract(knowledge, plain, default_region="Lạng Sơn")[0].fact.region == "Lạng Sơn"


# -- page clutter --------------------------------------------------------------------------------


def test_clean_article_drops_page_clutter() -> None:
    raw = (
        "URL: https://example.vn/a\nTitle: Tiêu đề\nDate: 2022-05\n---\n"
        "Skip to main content\nSubmitted by Ban biên tập on 24 September 2019\n\n"
        "Tiêu đề bài viết\n\nThứ 4, 13.07.2022 | 08:39:30\n357 lượt xem\n\n"
        "![Ảnh hội nghị](https://example.vn/a.jpg)\n\n"
        "Toàn tỉnh có 734.462 người tham gia BHYT.\n\n"
        "Lãnh đạo BHXH tỉnh phát biểu tại hội nghị\n\n"
        "[Xem chi tiết](https://example.vn/b) Đọc [bài gốc](https://example.vn/c) tại đây.\n\n"
        "PHONG LINH/baolangson.vn\n\nhttps://example.vn/a\n\n  • Từ khóa\n"
    )
    assert clean_article(raw) == (
        "Tiêu đề bài viết\n\nToàn tỉnh có 734.462 người tham gia BHYT.\n\nĐọc bài gốc tại đây."
    )


def test_parse_article_header() -> None:
    raw = "URL: https://example.vn/a\nTitle: Tiêu đề\nDate: 2022-05\n---\nNội dung."
    assert parse_article_header(raw) == {
        "url": "https://example.vn/a",
        "title": "Tiêu đề",
        "date": "2022-05",
    }
    assert parse_article_header("Nội dung.\nURL: x") == {}


def test_a_repeated_lead_gives_no_duplicates(knowledge: Knowledge) -> None:
    lead = "Tính đến hết tháng 8/2019 số đối tượng tham gia BHXH, BHYT, BHTN là 741.213 người."
    text = f"{lead}\n\n{lead} Trong đó, số người tham gia BHTN là 40.437 người."
    found = extract(knowledge, text)
    assert [c.fact.value_text for c in found] == ["741.213 người", "40.437 người"]


def test_seed_article_clutter_is_ignored(knowledge: Knowledge) -> None:
    found = extract(knowledge, article_body(ARTICLE_2022))
    quotes = " ".join(c.fact.quote for c in found)
    assert "lượt xem" not in quotes and "Từ khóa" not in quotes and "thi đua" not in quotes
    assert {c.fact.value for c in found}.isdisjoint({357, 2, 2022, 12, 28})


# -- every candidate is a complete, valid fact ----------------------------------------------------


def test_every_candidate_is_a_valid_fact_quoting_the_cleaned_text(knowledge: Knowledge) -> None:
    # the seed articles always; the evaluation articles too where ../shared is beside us
    for path in [ARTICLE_2019, ARTICLE_2022, *sorted(SHARED_ARTICLES.glob("*.txt"))]:
        text = article_body(path)
        cleaned = clean_article(text)
        for candidate in extract(knowledge, text, default_region=None):
            fact = Fact.model_validate(candidate.fact.model_dump())
            assert fact.quote in cleaned, path.name
            assert 0 <= candidate.confidence <= 1
            if candidate.metric_id is None:
                assert isinstance(candidate.new_metric, Metric)
                assert candidate.new_metric.id == fact.metric
                assert candidate.metric_name == candidate.new_metric.name
            else:
                assert candidate.new_metric is None
                assert knowledge.metrics[candidate.metric_id].name == candidate.metric_name


# -- accuracy on the evaluation articles -----------------------------------------------------------


@needs_shared(SHARED_ARTICLES)
def test_recall_and_precision_on_the_evaluation_articles(knowledge: Knowledge) -> None:
    from bench.extract_eval import evaluate_articles, totals

    total = totals(evaluate_articles(SHARED_ARTICLES, knowledge.metrics.values()))
    assert total.listed > 0
    assert total.recall >= 0.90, total
    assert total.precision >= 0.85, total


def test_a_long_paragraph_that_lost_its_full_stop_is_still_read(knowledge: Knowledge) -> None:
    body = (
        "Tính đến hết tháng 6/2023, toàn tỉnh có 125.430 người tham gia BHXH, trong đó BHXH bắt "
        "buộc có 98.765 người và BHXH tự nguyện có 26.665 người, số người tham gia BHYT là "
        "1.234.567 người, tỷ lệ bao phủ BHYT đạt 93,2% dân số"
    )
    found = extract(knowledge, f"Tiêu đề bài viết\n\n{body}\n\nẢnh: hội nghị tổng kết")
    assert len(found) == 5
    assert "Ảnh" not in clean_article(f"Tiêu đề\n\n{body}\n\nẢnh: hội nghị tổng kết")
