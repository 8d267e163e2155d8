"""A single figure: the metric in the place and period asked (the latest when none is named),
the aspect asked for (% of plan, change, gap, target) when the source gives it, with the
other figures of that period as context."""

from __future__ import annotations

from knowledge.answer.asked import Asked
from knowledge.answer.figures import pick_headline
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_period
from knowledge.answer.results import Answer
from knowledge.understand.periods import PeriodAsk


def answer(asked: Asked, kb: Lookup) -> Answer:
    named = asked.named_periods
    return figure_for(asked, kb, named[0] if named else None)


def figure_for(asked: Asked, kb: Lookup, period: PeriodAsk | None) -> Answer:
    """The figure of `asked.metric` in `asked.region` for one period (None: the latest)."""
    metric, region = asked.metric, asked.region
    facts = kb.facts(metric.id, region)
    results = [sf for sf in facts if sf.fact.kind != "target"] or list(facts)
    if period is None:
        chosen = max((sf.fact.period for sf in results), key=lambda p: (p.end, p.start))
    else:
        matching = [sf.fact.period for sf in results if period.matches(sf.fact.period)]
        if not matching:
            return no_period(asked, kb, period)
        chosen = max(matching, key=lambda p: (p.end, p.start))
    in_period = [sf for sf in facts if sf.fact.period == chosen]
    headline, note = pick_headline(in_period, asked.aspects)
    return Answer(
        "answered",
        asked.text,
        metric=metric,
        region=region,
        headline=kb.figure(headline),
        context=kb.context(metric, region, chosen, exclude=headline.id),
        history=kb.history(metric.id, region),
        note=note,
        suggestions=kb.other_periods(metric, region, chosen),
    )
