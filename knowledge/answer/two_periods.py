"""Two periods compared: one metric and place in two periods ("2019 và 2022"), against the
latest ("so sánh … BHYT"), or against a baseline ("tăng bao nhiêu so với năm 2021", where a
published change is preferred to a computed one)."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.answer import single
from knowledge.answer.asked import Asked
from knowledge.answer.figures import (
    ask_for,
    change_refers_to,
    compare_figures,
    months_long,
    periods_of,
)
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_period
from knowledge.answer.results import Answer
from knowledge.model import FactKind, Period
from knowledge.store.snapshot import StoredFact
from knowledge.understand.periods import PeriodAsk


def wanted(asked: Asked) -> bool:
    """Two periods named, 'so sánh', or a baseline: this strategy's questions."""
    named = asked.named_periods
    return len(named) >= 2 or "COMPARE" in asked.aspects or bool(asked.baselines)


def answer(asked: Asked, kb: Lookup) -> Answer:
    named_periods = asked.named_periods
    named = [*asked.baselines, *named_periods]
    if len(named_periods) >= 2 or ("COMPARE" in asked.aspects and len(named) >= 2):
        return compare(asked, kb, named[:2])
    if "COMPARE" in asked.aspects:
        return _with_latest(asked, kb, named)
    return _against_baseline(asked, kb, named_periods[0] if named_periods else None)


def compare(asked: Asked, kb: Lookup, asks: Sequence[PeriodAsk]) -> Answer:
    """The metric's figure in each of two periods and the change between them."""
    metric, region = asked.metric, asked.region
    kind: FactKind = "plan" if "PLAN" in asked.aspects else "value"
    facts = [sf for sf in kb.facts(metric.id, region) if sf.fact.kind == kind]
    found: list[StoredFact] = []
    missing: list[PeriodAsk] = []
    for ask in asks:
        matching = [sf for sf in facts if ask.matches(sf.fact.period)]
        if matching:
            found.append(matching[-1])
        else:
            missing.append(ask)
    if missing:
        return no_period(asked, kb, missing[0], also=missing[1:])
    earlier, later = sorted(found, key=lambda sf: sf.fact.period.end)
    if earlier.id == later.id:
        return single.figure_for(asked, kb, asks[0])
    comparison = compare_figures(metric, kb.figure(earlier), kb.figure(later))
    note = None
    if months_long(earlier.fact.period) != months_long(later.fact.period):
        note = (
            "Hai kỳ báo cáo dài khác nhau "
            f"({earlier.fact.period.label} và {later.fact.period.label}), "
            "nên so sánh chỉ mang tính tham khảo."
        )
    return Answer(
        "answered",
        asked.text,
        metric=metric,
        region=region,
        comparison=comparison,
        history=kb.history(metric.id, region),
        note=note,
    )


def _with_latest(asked: Asked, kb: Lookup, named: list[PeriodAsk]) -> Answer:
    """'so sánh … BHYT' with one period or none: against the latest, or the two latest."""
    periods = periods_of(kb.facts(asked.metric.id, asked.region))
    if len(periods) < 2:
        return single.figure_for(asked, kb, named[0] if named else None)
    chosen: list[Period] = []
    for ask in named:
        matching = [p for p in periods if ask.matches(p)]
        if not matching:
            return no_period(asked, kb, ask)
        chosen.append(matching[-1])
    chosen += [p for p in reversed(periods) if p not in chosen]
    return compare(asked, kb, [ask_for(p) for p in chosen[:2]])


def _against_baseline(asked: Asked, kb: Lookup, later: PeriodAsk | None) -> Answer:
    """'tăng bao nhiêu so với năm 2021': a published change if there is one, else compute."""
    metric, region = asked.metric, asked.region
    baseline = asked.baselines[0]
    facts = kb.facts(metric.id, region)
    changes = [
        sf
        for sf in facts
        if sf.fact.kind == "change"
        and (later is None or later.matches(sf.fact.period))
        and change_refers_to(sf.fact.compared_to, baseline, sf.fact.period)
    ]
    if changes:
        change = changes[-1]
        return Answer(
            "answered",
            asked.text,
            metric=metric,
            region=region,
            headline=kb.figure(change),
            context=kb.context(metric, region, change.fact.period, exclude=change.id),
            history=kb.history(metric.id, region),
        )
    later = later or PeriodAsk(label="mới nhất", latest=True)
    if later.latest:
        latest = kb.latest_value(metric.id, region)
        if latest is None:
            return single.figure_for(asked, kb, None)
        later = ask_for(latest.fact.period)
    if baseline.years_back and later.year:
        baseline = baseline.for_year(later.year - baseline.years_back)
    elif baseline.year is None and later.year:
        baseline = baseline.for_year(later.year - 1)  # "so với cùng kỳ": a year earlier
    return compare(asked, kb, [baseline, later])
