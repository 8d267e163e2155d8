"""A single figure: the metric in the place and period asked (the latest when none is named),
the aspect asked for (% of plan, change, gap, target) when the source gives it, with the
other figures of that period as context."""

from __future__ import annotations

from datetime import date

from knowledge.answer.asked import Asked
from knowledge.answer.figures import pick_headline
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_period
from knowledge.answer.results import Answer
from knowledge.model import Period
from knowledge.store.snapshot import StoredFact
from knowledge.understand.periods import PeriodAsk


def answer(asked: Asked, kb: Lookup) -> Answer:
    named = asked.named_periods
    return figure_for(asked, kb, named[0] if named else None)


def figure_for(asked: Asked, kb: Lookup, period: PeriodAsk | None) -> Answer:
    """The figure of `asked.metric` in `asked.region` for one period (None: the latest)."""
    metric, region = asked.metric, asked.region
    facts = kb.facts(metric.id, region)
    results = [sf for sf in facts if sf.fact.kind != "target"]
    if not results:  # only targets: never presented as a result
        return no_period(asked, kb, period or PeriodAsk(label="kết quả thực hiện"))
    instead_of = None
    if period is not None and not period.latest:
        matching = [sf.fact.period for sf in results if period.matches(sf.fact.period)]
        if not matching and not period.this_year:
            return no_period(asked, kb, period)
        if not matching:
            instead_of, period = period.label, None  # "năm nay": the latest, labelled
    if period is None or period.latest:
        matching = [sf.fact.period for sf in results]
    chosen = max(_best_served(matching, results, asked), key=lambda p: (p.end, p.start))
    latest = period is None or period.latest
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
        latest=latest,
        age_years=_years_between(chosen.end, kb.today()) if latest else 0,
        instead_of=instead_of,
    )


_KINDS = {"PLAN": "plan", "CHANGE": "change", "GAP": "gap"}


def _best_served(periods: list[Period], results: list[StoredFact], asked: Asked) -> list[Period]:
    """Of the periods that fit, those with the kind of figure asked for (a value when no
    aspect is asked): 'hiện nay' is the latest count, not a newer period that only gives the
    change."""
    wanted = {kind for aspect, kind in _KINDS.items() if aspect in asked.aspects} or {"value"}
    served = {sf.fact.period for sf in results if sf.fact.kind in wanted}
    return [p for p in periods if p in served] or periods


def _years_between(then: date, now: date) -> int:
    """Whole years from `then` to `now`."""
    years = now.year - then.year
    return years - 1 if (now.month, now.day) < (then.month, then.day) else years
