"""Places compared: one metric in two or more places ("Lạng Sơn so với cả nước", "Lạng Sơn và
Hà Nội", "so với cả nước?" after a question about one place).

Each place's figure is taken for the same period: the one asked, else the latest year every
place has, else each place's latest (a note says the periods differ). When a place has no
figure, the answer is "no data" naming it: the other place's figure is one button away, never
shown as if the comparison had been made.
"""

from __future__ import annotations

from dataclasses import replace

from knowledge.answer import lacking as lacking_
from knowledge.answer.asked import Asked
from knowledge.answer.figures import compare_figures, months_long
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_period
from knowledge.answer.results import Answer, Comparison, Figure, PlaceFigures, Suggestion
from knowledge.model import FactKind
from knowledge.numbers import money_in_dong
from knowledge.store.snapshot import StoredFact
from knowledge.understand.question import Question

MAX_PLACES = 6


def places_asked(q: Question, default_region: str) -> tuple[str, ...]:
    """The places a question is about, the main one first. A place named only after "so với"
    is compared with the default one: 'của tỉnh so với cả nước', 'cao hơn cả nước không'."""
    if not q.places:
        return (default_region,)
    only_compared = q.compared_places and set(q.places) <= set(q.compared_places)
    if only_compared and default_region not in q.places:
        return (default_region, *q.places)
    return q.places


def wanted(asked: Asked) -> bool:
    return len(set(asked.places)) >= 2


def fact_kind(aspects: frozenset[str]) -> FactKind:
    """The kind of figure compared: % of plan or a target when asked, else the result."""
    if "PLAN" in aspects and "TARGET" not in aspects:
        return "plan"
    if "TARGET" in aspects:
        return "target"
    return "value"


def answer(asked: Asked, kb: Lookup) -> Answer:
    metric = asked.metric
    places = list(dict.fromkeys(asked.places))[:MAX_PLACES]
    kind = fact_kind(asked.aspects)
    facts = {p: [sf for sf in kb.facts(metric.id, p) if sf.fact.kind == kind] for p in places}
    if kind != "value" and not all(facts.values()):  # no % of plan given: compare the results
        kind = "value"
        facts = {p: [sf for sf in kb.facts(metric.id, p) if sf.fact.kind == kind] for p in places}
    lacking = [p for p in places if not facts[p]]
    if lacking:
        inside = replace(asked, places=tuple(lacking))
        if lacking_.inside_wanted(inside, kb):  # "Cao Lộc và Lộc Bình": districts of a province
            return lacking_.inside_answer(inside, kb)
        return _no_place(asked, kb, lacking[0], [p for p in places if facts[p]])
    named = asked.named_periods
    if named:
        period = named[0]
        chosen: dict[str, StoredFact] = {}
        for place in places:
            matching = [sf for sf in facts[place] if period.matches(sf.fact.period)]
            if not matching:
                return no_period(_about(asked, place), kb, period)
            chosen[place] = _latest(matching)
    else:
        chosen = _same_year(facts)
    figures = tuple(kb.figure(chosen[p]) for p in places)
    difference = _difference(asked, figures) if len(figures) == 2 else None
    return Answer(
        "answered",
        asked.text,
        metric=metric,
        region=places[0],
        places=PlaceFigures(figures, difference=difference),
        note=_periods_note(figures),
        suggestions=tuple(
            Suggestion(f"{metric.name} ({p})", kb.question_for(metric, "", p)) for p in places
        ),
    )


def _about(asked: Asked, place: str) -> Asked:
    return replace(asked, places=(place,))


def _latest(facts: list[StoredFact]) -> StoredFact:
    return max(facts, key=lambda sf: (sf.fact.period.end, sf.fact.period.start, sf.id))


def _same_year(facts: dict[str, list[StoredFact]]) -> dict[str, StoredFact]:
    """Each place's figure of the latest year they all have; else the nearest periods: the
    place whose latest figure is oldest sets the date, the others give their figure nearest
    to it (the later of two as near)."""
    years = set.intersection(*({sf.fact.period.end.year for sf in f} for f in facts.values()))
    if years:
        year = max(years)
        return {
            p: _latest([sf for sf in f if sf.fact.period.end.year == year])
            for p, f in facts.items()
        }
    latest = {p: _latest(f) for p, f in facts.items()}
    anchor = min(sf.fact.period.end for sf in latest.values())
    return {
        p: min(
            f,
            key=lambda sf: (
                abs((sf.fact.period.end - anchor).days),
                -sf.fact.period.end.toordinal(),
            ),
        )
        for p, f in facts.items()
    }


def _difference(asked: Asked, figures: tuple[Figure, ...]) -> Comparison | None:
    """The first place's figure minus the second's, when the two are in one unit."""
    first, second = figures
    a, b = first.fact, second.fact
    same = a.unit == b.unit or (
        money_in_dong(a.value, a.unit) is not None and money_in_dong(b.value, b.unit) is not None
    )
    if not same:
        return None
    money = money_in_dong(a.value, a.unit) is not None
    if money and months_long(a.period) != months_long(b.period):
        return None  # money over 8 months against 3 months: no difference worth stating
    return compare_figures(asked.metric, second, first)


def _periods_note(figures: tuple[Figure, ...]) -> str | None:
    labels = list(dict.fromkeys(f.fact.period.label for f in figures))
    if len(labels) == 1:
        return None
    return (
        "Số liệu của các nơi thuộc các kỳ báo cáo khác nhau ("
        + "; ".join(labels)
        + "), nên so sánh chỉ mang tính tham khảo."
    )


def _no_place(asked: Asked, kb: Lookup, place: str, others: list[str]) -> Answer:
    """No figure of the metric for `place`: say so, and offer each other place's figure."""
    metric = asked.metric
    holding = sorted({sf.fact.region for sf in kb.facts(metric.id)})
    return Answer(
        "no_data",
        asked.text,
        metric=metric,
        region=place,
        asked=place,
        available=tuple(holding),
        suggestions=tuple(
            Suggestion(f"{metric.name} ({p})", kb.question_for(metric, "", p)) for p in others
        ),
    )


MAX_OVERVIEW = 4


def overview(asked: Asked, kb: Lookup) -> Answer:
    """'so sánh Hà Tĩnh với Quảng Ninh', 'Lạng Sơn và Cao Bằng thế nào': no metric named, so
    the metrics every place has a figure of, each compared."""
    places = list(dict.fromkeys(asked.places))[:MAX_PLACES]
    common = [
        m
        for m in kb.knowledge.metrics.values()
        if all(any(sf.fact.kind == "value" for sf in kb.facts(m.id, p)) for p in places)
    ][:MAX_OVERVIEW]
    if not common:
        holding = [p for p in places if any(kb.facts(m, p) for m in kb.knowledge.metrics)]
        lacking = [p for p in places if p not in holding]
        return Answer(
            "no_data",
            asked.text,
            region=lacking[0] if lacking else places[0],
            asked=" và ".join(lacking or places),
            reason="places",
            available=tuple(holding),
        )
    parts = tuple(
        replace(answer(replace(asked, kind="places", metrics=(m,)), kb), suggestions=())
        for m in common
    )
    return Answer("answered", asked.text, region=places[0], parts=parts, overview=True, note=None)
