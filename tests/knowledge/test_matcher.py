"""Questions typed every which way find the metric they mean."""

import unicodedata
from datetime import date

import pytest

from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.understand.matching import MetricIndex
from knowledge.understand.question import parse_question


@pytest.fixture(scope="module")
def index() -> MetricIndex:
    return MetricIndex(load_knowledge(DEFAULT_PATH).metrics.values())


def best(index: MetricIndex, text: str) -> str:
    question = parse_question(text, date(2026, 11, 23), index.vocabulary)
    return index.rank(question.concepts)[0].metric_id


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT",
        "ty le bao phu bhyt",
        "tỉ lệ bao phủ bảo hiểm y tế",
        "tl bao phu bhyt",
        "ty le bao phu bhty",
        "health insurance coverage",
        unicodedata.normalize("NFD", "tỷ lệ bao phủ BHYT"),
    ],
)
def test_bhyt_coverage_is_never_mistaken_for_bhxh(index: MetricIndex, text: str) -> None:
    assert best(index, text) == "bhyt_ty_le_bao_phu"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("BHXH TN", "bhxh_tn_nguoi_tham_gia"),
        ("bhxh tự nguyện", "bhxh_tn_nguoi_tham_gia"),
        ("BHXH BB", "bhxh_bb_nguoi_tham_gia"),
        ("so nguoi tham gai bhxh bat buoc", "bhxh_bb_nguoi_tham_gia"),
        ("bn ng tham gia bhtn vậy ad", "bhtn_nguoi_tham_gia"),
        ("số người tham gia BHXH", "bhxh_nguoi_tham_gia"),
        ("tổng số đối tượng tham gia BHXH, BHYT, BHTN", "tong_nguoi_tham_gia"),
        ("tổng thu BHXH", "tong_thu"),
        ("số nợ bảo hiểm", "so_no"),
        ("tỷ lệ nợ", "ty_le_no"),
        ("bao nhiêu phần trăm lực lượng lao động tham gia BHXH", "bhxh_ty_le_llld"),
        ("number of voluntary social insurance participants", "bhxh_tn_nguoi_tham_gia"),
    ],
)
def test_abbreviations_typos_colloquial_and_english_find_the_metric(
    index: MetricIndex, text: str, metric: str
) -> None:
    assert best(index, text) == metric


def test_polite_wrappers_do_not_change_the_match(index: MetricIndex) -> None:
    plain = best(index, "tỷ lệ bao phủ BHYT năm 2022")
    assert best(index, "cho mình hỏi tỷ lệ bao phủ BHYT năm 2022 với ạ") == plain


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("bảo hiểm thất nghiệp", "bhtn_nguoi_tham_gia"),
        ("bao hiem that nghiep", "bhtn_nguoi_tham_gia"),
        ("chị ơi cho em hỏi bhtn", "bhtn_nguoi_tham_gia"),
        ("Cao Bằng chi BHTN bao nhiêu", "chi_bhtn"),
        ("chi bhtn cao bang", "chi_bhtn"),
        ("cao bang chi tra tro cap that nghiep bao nhieu tien", "chi_bhtn"),
    ],
)
def test_a_word_that_folds_onto_a_filler_is_not_dropped_from_an_alias(
    text: str, metric: str
) -> None:
    # "chi" (to spend) folds onto the filler "chị": the spending metric's alias must not read
    # as the bare scheme name, or "bảo hiểm thất nghiệp" asks for money paid out
    from knowledge.model import Metric

    index = MetricIndex(
        [
            Metric(
                id="chi_bhtn",
                name="Chi BHTN",
                aliases=("chi bảo hiểm thất nghiệp", "chi trả trợ cấp thất nghiệp"),
            ),
            Metric(
                id="bhtn_nguoi_tham_gia",
                name="Số người tham gia BHTN",
                aliases=("BHTN", "số người tham gia bảo hiểm thất nghiệp"),
            ),
        ]
    )
    question = parse_question(text, date(2026, 11, 23), index.vocabulary)
    assert index.rank(question.concepts, question.key)[0].metric_id == metric
