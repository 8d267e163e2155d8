"""What admin handlers ask the engine for: the metrics a question is closest to, and the question
that asks for a metric, period and place."""

from __future__ import annotations

from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.store.snapshot import Knowledge


def test_closest_metrics_put_the_likely_metric_first_and_offer_the_rest() -> None:
    engine = Engine(load_knowledge(DEFAULT_PATH))
    closest = engine.closest_metrics("bao nhiêu người có thẻ bảo hiểm y tế vậy", limit=6)
    assert closest[0].id.startswith("bhyt_") and len(closest) == 6
    assert len({m.id for m in closest}) == 6
    assert len(engine.closest_metrics("qwerty", limit=100)) == len(engine.knowledge.metrics)


def test_question_for_is_answered_with_that_metric_period_and_place() -> None:
    knowledge = load_knowledge(DEFAULT_PATH)
    engine = Engine(knowledge)
    for fact_id, fact in knowledge.facts.items():
        if fact.kind == "target":
            continue
        metric = knowledge.metrics[fact.metric]
        question = engine.question_for(metric, fact.period.label, fact.region)
        assert (fact.region in question) == (fact.region != engine.default_region)
        answer = engine.answer(question)
        assert answer.status == "answered", (fact_id, question)
        assert answer.metric == metric and answer.region == fact.region
        shown = answer.headline or (answer.comparison.later if answer.comparison else None)
        assert shown is not None and shown.fact.period == fact.period, (fact_id, question)


def test_suggestions_under_an_answer_about_another_place_ask_about_that_place() -> None:
    seed = load_knowledge(DEFAULT_PATH)
    moved = {
        i: f.model_copy(update={"region": "Hà Tĩnh"}) if f.metric == "bhyt_ty_le_bao_phu" else f
        for i, f in seed.facts.items()
    }
    engine = Engine(Knowledge.build(seed.sources.values(), seed.metrics.values(), moved))
    answer = engine.answer("tỷ lệ bao phủ BHYT Hà Tĩnh 2019")
    assert answer.region == "Hà Tĩnh" and answer.suggestions
    for suggestion in answer.suggestions:
        followed = engine.answer(suggestion.question)
        assert followed.status == "answered" and followed.region == "Hà Tĩnh", suggestion
