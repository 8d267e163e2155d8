"""What the engine answers: figures with context and source, or an honest 'I don't have that'."""

import unicodedata
from datetime import date

import pytest

from knowledge.answer.engine import Answer, Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.store.snapshot import Knowledge


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(DEFAULT_PATH), today=lambda: date(2026, 11, 23))


def shown(answer: Answer) -> list[str]:
    return [f.fact.value_text for f in answer.figures]


def test_an_answer_carries_figure_period_region_context_and_source(engine: Engine) -> None:
    answer = engine.answer("tỷ lệ bao phủ BHYT 2022")
    assert answer.status == "answered" and answer.headline is not None
    assert answer.headline.fact.value_text == "86,96%"
    assert answer.headline.fact.period.label == "6 tháng đầu năm 2022"
    assert answer.region == "Lạng Sơn"
    assert "693.033 người" in shown(answer)  # the headcount behind the rate
    assert answer.headline.source.publisher == "Báo Lạng Sơn"
    assert "86,96%" in answer.headline.fact.quote


def test_the_hedge_is_part_of_the_figure(engine: Engine) -> None:
    headline = engine.answer("tỷ lệ bao phủ BHYT 2019").headline
    assert headline is not None and headline.fact.value_text == "gần 97,5%"


def test_no_period_means_the_latest(engine: Engine) -> None:
    latest = engine.answer("tỷ lệ bao phủ BHYT")
    assert latest.headline is not None and latest.headline.fact.period.year == 2022


def test_questions_typed_without_diacritics_or_in_nfd_get_the_same_answer(engine: Engine) -> None:
    typed = engine.answer("số người tham gia BHYT năm 2019")
    for variant in (
        "so nguoi tham gia bhyt nam 2019",
        unicodedata.normalize("NFD", "số người tham gia BHYT năm 2019"),
    ):
        assert shown(engine.answer(variant)) == shown(typed)


def test_plan_and_change_questions_get_those_figures_first(engine: Engine) -> None:
    plan = engine.answer("BHXH bắt buộc 2019 đạt bao nhiêu % kế hoạch").headline
    assert plan is not None and plan.fact.value_text == "94,1%"
    change = engine.answer("số người tham gia BHYT tăng so với năm 2021").headline
    assert change is not None and change.fact.value_text == "9.226 người"


def test_a_missing_year_is_no_data_naming_it_and_offering_what_exists(engine: Engine) -> None:
    answer = engine.answer("tỷ lệ bao phủ BHYT năm 2018")
    assert answer.status == "no_data" and answer.asked == "năm 2018"
    assert set(answer.available) == {"hết tháng 8/2019", "6 tháng đầu năm 2022"}
    assert answer.figures == ()  # another year's figure is not given as the answer


@pytest.mark.parametrize(
    "text",
    [
        "tỷ lệ bao phủ BHYT Hà Nội 2022",
        "số người tham gia BHXH toàn quốc",
        "tỷ lệ bao phủ bhyt cả nước",
    ],
)
def test_another_place_is_no_data_never_lang_son_figure(engine: Engine, text: str) -> None:
    answer = engine.answer(text)
    assert answer.status == "no_data" and answer.asked != "Lạng Sơn" and answer.figures == ()


def test_comparing_two_counts_gives_both_and_the_change_absolute_and_relative(
    engine: Engine,
) -> None:
    comparison = engine.answer("so sánh số người tham gia BHYT năm 2019 và 2022").comparison
    assert comparison is not None
    assert (comparison.difference, comparison.unit) == (693033 - 734462, "người")
    assert comparison.relative == pytest.approx(-5.64, abs=0.01)


def test_comparing_two_rates_gives_percentage_points(engine: Engine) -> None:
    comparison = engine.answer("tỷ lệ bao phủ BHYT 2019 so với 2022").comparison
    assert comparison is not None and comparison.unit == "điểm %"
    assert comparison.difference == pytest.approx(86.96 - 97.5)


@pytest.mark.parametrize(
    "text",
    [
        "thời tiết hà nội",
        "giá xăng hôm nay",
        "xin chào",
        "qwerty",
        "",
        "làm thế nào để đăng ký BHYT",
        "ai là giám đốc BHXH tỉnh",
        "😀",
    ],
)
def test_questions_outside_the_knowledge_get_help_and_no_figures(engine: Engine, text: str) -> None:
    answer = engine.answer(text)
    assert answer.status == "not_found" and answer.figures == () and answer.suggestions


def test_two_equally_likely_metrics_are_offered_as_choices(engine: Engine) -> None:
    answer = engine.answer("tỷ lệ bao phủ")
    assert answer.status == "ambiguous"
    assert {m.id for m, _ in answer.choices} == {"bhyt_ty_le_bao_phu", "bhxh_ty_le_llld"}
    assert len(answer.suggestions) == 2


def test_a_target_is_never_answered_as_a_result(engine: Engine) -> None:
    answer = engine.answer("chỉ tiêu bao phủ BHYT năm 2022")
    assert answer.headline is not None and answer.headline.fact.kind in ("gap", "target")


def test_a_gap_to_a_target_year_is_answered_not_treated_as_missing_year(engine: Engine) -> None:
    answer = engine.answer("BHXH còn thiếu bao nhiêu người so với mục tiêu 2025")
    assert answer.headline is not None and answer.headline.fact.value_text == "khoảng 157.700 người"


def test_english_plan_completion_rate_finds_the_percent_of_plan(engine: Engine) -> None:
    answer = engine.answer("What is the unemployment insurance plan completion rate in 2019?")
    assert answer.headline is not None and answer.headline.fact.value_text == "93,1%"


def test_a_question_an_admin_made_an_alias_is_answered_from_that_metric() -> None:
    knowledge = load_knowledge(DEFAULT_PATH)
    metric = knowledge.metrics["bhxh_tn_nguoi_tham_gia"]
    before = Engine(knowledge).answer("số sổ hưu của người tự do")
    assert before.status == "not_found" or before.metric != metric
    aliased = metric.model_copy(update={"aliases": (*metric.aliases, "số sổ hưu của người tự do")})
    patched = Knowledge.build(
        knowledge.sources.values(),
        [aliased, *(m for m in knowledge.metrics.values() if m is not metric)],
        knowledge.facts,
    )
    after = Engine(patched).answer("Số sổ hưu của người tự do năm 2019?")
    assert after.status == "answered" and after.metric == aliased
