"""Targets asked for: "chỉ tiêu bao phủ BHYT năm 2020" answers the target of that year, never
a result; "đạt chỉ tiêu chưa" answers the result with the target and the gap beside it."""

from __future__ import annotations

from knowledge.answer import single
from knowledge.answer.asked import Asked
from knowledge.answer.figures import ask_for
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_period
from knowledge.answer.results import Answer, Figure, Suggestion
from knowledge.store.snapshot import StoredFact
from knowledge.understand.periods import PeriodAsk


def wanted(asked: Asked) -> bool:
    if "MET" in asked.aspects:
        return True
    return "TARGET" in asked.aspects and "GAP" not in asked.aspects


def answer(asked: Asked, kb: Lookup) -> Answer:
    periods = asked.named_periods or list(asked.targets)
    period = periods[0] if periods else None
    if "MET" in asked.aspects:
        return _against_target(asked, kb, period)
    facts = kb.facts(asked.metric.id, asked.region)
    targets = [sf for sf in facts if sf.fact.kind == "target"]
    matching = [sf for sf in targets if period is None or period.matches(sf.fact.period)]
    gaps = [
        sf
        for sf in facts
        if sf.fact.kind == "gap" and (period is None or period.matches(sf.fact.period))
    ]
    if not matching and gaps:  # no target stated, but how far the result is from it
        return single.figure_for(asked, kb, period)
    if not matching:
        return _no_target(asked, kb, period or PeriodAsk(label=""), targets)
    target = matching[-1]
    year = target.fact.period.year
    results = [sf for sf in facts if sf.fact.kind != "target" and sf.fact.period.year == year]
    return Answer(
        "answered",
        asked.text,
        metric=asked.metric,
        region=asked.region,
        headline=kb.figure(target),
        context=tuple(kb.figure(sf) for sf in results[-3:]),
        history=kb.history(asked.metric.id, asked.region),
        suggestions=_other_targets(asked, kb, targets, target),
    )


def _against_target(asked: Asked, kb: Lookup, period: PeriodAsk | None) -> Answer:
    facts = kb.facts(asked.metric.id, asked.region)
    values = [sf for sf in facts if sf.fact.kind == "value"]
    if period is not None:
        values = [sf for sf in values if period.matches(sf.fact.period)]
        if not values:
            return no_period(asked, kb, period)
    if not values:
        return no_period(asked, kb, PeriodAsk(label="kết quả"))
    value = values[-1]
    year = value.fact.period.year
    beside = [
        sf
        for sf in facts
        if sf.id != value.id
        and (
            (sf.fact.kind == "target" and sf.fact.period.year == year)
            or (sf.fact.kind in ("gap", "plan") and sf.fact.period == value.fact.period)
        )
    ]
    return Answer(
        "answered",
        asked.text,
        metric=asked.metric,
        region=asked.region,
        headline=kb.figure(value),
        context=tuple(kb.figure(sf) for sf in beside),
        history=kb.history(asked.metric.id, asked.region),
        note=_verdict(kb.figure(value), [kb.figure(sf) for sf in beside]),
        suggestions=kb.other_periods(asked.metric, asked.region, value.fact.period),
    )


def _verdict(value: Figure, beside: list[Figure]) -> str | None:
    """'Cao hơn chỉ tiêu (35,5%)' when the result and the target share a unit; no judgement
    of good or bad (for debt, lower is better)."""
    target = next((f for f in beside if f.fact.kind == "target"), None)
    if target is None:
        return "Nguồn không nêu chỉ tiêu của năm này."
    if target.fact.unit != value.fact.unit:
        return None
    if value.fact.value == target.fact.value:
        return f"Bằng chỉ tiêu ({target.fact.value_text})."
    side = "Cao hơn" if value.fact.value > target.fact.value else "Thấp hơn"
    return f"{side} chỉ tiêu ({target.fact.value_text})."


def _no_target(asked: Asked, kb: Lookup, period: PeriodAsk, targets: list[StoredFact]) -> Answer:
    answer = no_period(asked, kb, period)
    labels = tuple(dict.fromkeys(sf.fact.period.label for sf in targets))
    if not labels:  # no target at all: the periods it has results for
        labels = answer.available
    return Answer(
        "no_data",
        asked.text,
        metric=asked.metric,
        region=asked.region,
        asked=f"chỉ tiêu {period.label}".strip(),
        available=labels,
        suggestions=_other_targets(asked, kb, targets, None) + answer.suggestions[:2],
    )


def _other_targets(
    asked: Asked, kb: Lookup, targets: list[StoredFact], shown: StoredFact | None
) -> tuple[Suggestion, ...]:
    """Targets of other years: each button asks for a target, never the reply it sits under."""
    seen = {shown.fact.period.label} if shown else set()
    out = []
    for sf in reversed(targets):
        label = sf.fact.period.label
        if label in seen:
            continue
        seen.add(label)
        question = "chỉ tiêu " + kb.question_for(
            asked.metric, ask_for(sf.fact.period).label, asked.region
        )
        out.append(Suggestion(f"Chỉ tiêu {label}", question))
    return tuple(out[:3])
