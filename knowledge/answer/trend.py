"""A trend: every stored figure of the metric and place in time order ("qua các năm",
"diễn biến", "từ 2017 đến 2021"), the change between consecutive ones (percentage points for
rates), a note where the periods differ in length, and the chart. "năm nào … thấp nhất" is a
trend whose headline is the extreme figure."""

from __future__ import annotations

import itertools
from dataclasses import replace

from knowledge.answer import single
from knowledge.answer.asked import Asked
from knowledge.answer.figures import compare_figures, months_long
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer, Figure, Suggestion
from knowledge.understand.cues import asks_which_period, superlative

_AMOUNT_WORDS = (" bao nhieu ", " bn ", " how much ", " how many ", " chenh ")


def wanted(asked: Asked) -> bool:
    q = asked.question
    if "TREND" in asked.aspects:
        return True
    if asked.span is not None:  # "từ 2017 đến 2021 thay đổi ra sao" (not "tăng bao nhiêu")
        return not any(word in f" {q.folded} " for word in _AMOUNT_WORDS)
    return asks_which_period(q.folded) and superlative(q.folded) is not None


def answer(asked: Asked, kb: Lookup) -> Answer:
    metric, region = asked.metric, asked.region
    figures = _figures(asked, kb)
    if len(figures) < 2:
        one = single.figure_for(asked, kb, None)
        if one.status == "answered" and one.note is None:
            one = replace(one, note="Chỉ có số liệu của một kỳ, chưa vẽ được diễn biến.")
        return one
    steps = tuple(compare_figures(metric, a, b) for a, b in itertools.pairwise(figures))
    lengths = {months_long(f.fact.period) for f in figures}
    note = (
        "Các kỳ báo cáo dài khác nhau, nên mức thay đổi giữa các kỳ chỉ mang tính tham khảo."
        if len(lengths) > 1
        else None
    )
    extreme = superlative(asked.question.folded)
    headline = None
    if extreme and asks_which_period(asked.question.folded):
        pick = max if extreme == "max" else min
        headline = pick(figures, key=lambda f: f.fact.value)
    return Answer(
        "answered",
        asked.text,
        metric=metric,
        region=region,
        headline=headline,
        history=figures,
        steps=steps,
        note=note,
        suggestions=_suggestions(asked, kb, figures),
    )


def _figures(asked: Asked, kb: Lookup) -> tuple[Figure, ...]:
    kind = "plan" if "PLAN" in asked.aspects else "value"
    by_period = {
        sf.fact.period: sf for sf in kb.facts(asked.metric.id, asked.region) if sf.fact.kind == kind
    }
    figures = [kb.figure(sf) for sf in by_period.values()]
    if asked.span is not None:
        first, last = asked.span
        figures = [f for f in figures if first <= f.fact.period.year <= last]
    return tuple(figures)


def _suggestions(asked: Asked, kb: Lookup, figures: tuple[Figure, ...]) -> tuple[Suggestion, ...]:
    """The latest figure on its own, and the first against the last."""
    metric, region = asked.metric, asked.region
    first, last = figures[0].fact.period, figures[-1].fact.period
    out = [Suggestion(last.label, kb.question_for(metric, last.label, region))]
    if first.year != last.year and len(figures) > 2:  # two figures: the trend is the comparison
        out.append(
            Suggestion(
                f"So sánh {first.year} và {last.year}",
                "so sánh " + kb.question_for(metric, f"{first.year} và {last.year}", region),
            )
        )
    return tuple(out)
