"""No data: the metric exists, but not for the period or the place asked. The reply names what
was asked and offers what exists instead; it never shows another period's or place's figure
as the answer."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.answer.asked import Asked
from knowledge.answer.figures import periods_of, question_for
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer, Suggestion
from knowledge.understand.periods import PeriodAsk


def no_period(
    asked: Asked, kb: Lookup, period: PeriodAsk, also: Sequence[PeriodAsk] = ()
) -> Answer:
    """No figure of the metric for `period` (and `also`) in the place asked."""
    metric, region = asked.metric, asked.region
    facts = kb.facts(metric.id, region)
    # periods with results: a button for a period that has only a target would answer "no data"
    # again, the reply it sits under; with targets only, the buttons ask for the targets
    results = [sf for sf in facts if sf.fact.kind != "target"]
    periods = periods_of(results or facts)
    label = " và ".join(a.label for a in (period, *also))
    suggestions = tuple(
        Suggestion(
            f"{'' if results else 'Chỉ tiêu '}{metric.name} ({p.label})",
            ("" if results else "chỉ tiêu ") + kb.question_for(metric, p.label, region),
        )
        for p in reversed(periods)
    ) + kb.siblings_with(metric, region, period)
    return Answer(
        "no_data",
        asked.text,
        metric=metric,
        region=region,
        asked=label,
        available=tuple(p.label for p in periods),
        suggestions=suggestions[:6],
        note=None if results or not facts else "Nguồn chỉ nêu chỉ tiêu, chưa có kết quả thực hiện.",
    )


def no_place(asked: Asked, kb: Lookup) -> Answer:
    """No figure of the metric at all for the place asked: the places that have one."""
    metric, region = asked.metric, asked.region
    here = kb.facts(metric.id, kb.default_region)
    suggestions = (
        (Suggestion(f"{metric.name} ({kb.default_region})", question_for(metric, "")),)
        if here
        else ()
    )
    places = sorted({sf.fact.region for sf in kb.facts(metric.id)})
    return Answer(
        "no_data",
        asked.text,
        metric=metric,
        region=region,
        asked=region,
        available=tuple(places),
        suggestions=suggestions,
    )
