"""Rankings: the highest or lowest figure of a metric among the provinces the knowledge holds
("tỉnh nào cao nhất", "xếp hạng các tỉnh"), or among a place's periods ("năm nào thấp nhất").

Among places: each province's figure for the period asked, else its latest (a note says the
periods differ); the whole country is no province, districts are ranked only when asked. The
reply says how many places were compared and which had no figure for the period.
"""

from __future__ import annotations

from knowledge.answer.asked import Asked
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_place
from knowledge.answer.results import Answer, Figure, PlaceFigures, Suggestion
from knowledge.model import Period
from knowledge.numbers import money_in_dong
from knowledge.store.snapshot import StoredFact
from knowledge.understand.places import place_named
from knowledge.understand.superlatives import RankAsk


def ranking_of(asked: Asked) -> RankAsk | None:
    return asked.question.ranking


def wanted(asked: Asked) -> bool:
    rank = ranking_of(asked)
    return rank is not None and not rank.bare


def answer(asked: Asked, kb: Lookup) -> Answer:
    rank = ranking_of(asked)
    assert rank is not None
    over_periods = rank.over == "periods" or (rank.over is None and asked.named_place)
    if over_periods:
        return _over_periods(asked, kb, rank)
    return _over_places(asked, kb, rank)


def _comparable(sf: StoredFact) -> float:
    """A value to sort by: money in đồng whatever its unit, else the value as stored."""
    in_dong = money_in_dong(sf.fact.value, sf.fact.unit)
    return in_dong if in_dong is not None else sf.fact.value


def _unit_class(sf: StoredFact) -> str:
    return "money" if money_in_dong(sf.fact.value, sf.fact.unit) is not None else sf.fact.unit


def _ordered(facts: list[StoredFact], rank: RankAsk) -> list[StoredFact]:
    if facts:  # figures in another unit than most ("%" among counts) are not ranked with them
        classes = [_unit_class(sf) for sf in facts]
        common = max(set(classes), key=classes.count)
        facts = [sf for sf in facts if _unit_class(sf) == common]
    return sorted(facts, key=_comparable, reverse=rank.order != "lowest")


def _in_scope(place: str, districts: bool) -> bool:
    kind = place_named(place).kind
    return kind in ("district", "commune", "city") if districts else kind == "province"


def _latest(facts: list[StoredFact]) -> StoredFact:
    return max(facts, key=lambda sf: (sf.fact.period.end, sf.fact.period.start, sf.id))


def _over_places(asked: Asked, kb: Lookup, rank: RankAsk) -> Answer:
    metric = asked.metric
    values = [sf for sf in kb.facts(metric.id) if sf.fact.kind == "value"]
    by_place: dict[str, list[StoredFact]] = {}
    for sf in values:
        if _in_scope(sf.fact.region, rank.districts):
            by_place.setdefault(sf.fact.region, []).append(sf)
    named = asked.named_periods
    chosen: list[StoredFact] = []
    left_out: list[str] = []
    for place, facts in sorted(by_place.items()):
        if named:
            facts = [sf for sf in facts if named[0].matches(sf.fact.period)]
        if facts:
            chosen.append(_latest(facts))
        else:
            left_out.append(place)
    scope = "các huyện, xã" if rank.districts else "các tỉnh"
    if not chosen:
        label = scope + (f" ({named[0].label})" if named else "")
        return Answer(
            "no_data",
            asked.text,
            metric=metric,
            region=asked.region,
            asked=label,
            available=tuple(sorted({sf.fact.region for sf in values})),
            suggestions=(Suggestion(metric.name, kb.question_for(metric, "", asked.region)),),
        )
    ordered = tuple(kb.figure(sf) for sf in _ordered(chosen, rank))
    return Answer(
        "answered",
        asked.text,
        metric=metric,
        region=ordered[0].fact.region,
        places=PlaceFigures(
            ordered,
            rank.order if rank.order != "list" else "highest",
            "places",
            left_out=tuple(left_out),
            asked_place=asked.region if asked.named_place else None,
        ),
        note=_periods_note(ordered, bool(named)),
        suggestions=_each(asked, kb, ordered),
    )


def _over_periods(asked: Asked, kb: Lookup, rank: RankAsk) -> Answer:
    """'cả nước năm nào thấp nhất': the place's own figures over time, best first."""
    metric, region = asked.metric, asked.region
    by_period: dict[Period, StoredFact] = {}
    for sf in kb.facts(metric.id, region):
        if sf.fact.kind == "value":
            by_period[sf.fact.period] = sf
    if not by_period:
        return no_place(asked, kb)
    ordered = tuple(kb.figure(sf) for sf in _ordered(list(by_period.values()), rank))
    return Answer(
        "answered",
        asked.text,
        metric=metric,
        region=region,
        places=PlaceFigures(ordered, rank.order if rank.order != "list" else "highest", "periods"),
        history=kb.history(metric.id, region),
        note=_length_note(ordered),
    )


def _periods_note(figures: tuple[Figure, ...], period_named: bool) -> str | None:
    labels = {f.fact.period.label for f in figures}
    if len(labels) <= 1:
        return None
    if period_named:
        return (
            "Các tỉnh công bố số liệu vào các thời điểm khác nhau trong kỳ, nên thứ hạng chỉ "
            "mang tính tham khảo."
        )
    return (
        "Mỗi tỉnh lấy số liệu mới nhất đang có; các kỳ báo cáo khác nhau nên thứ hạng chỉ mang "
        "tính tham khảo."
    )


def _length_note(figures: tuple[Figure, ...]) -> str | None:
    months = {(f.fact.period.end - f.fact.period.start).days // 28 for f in figures}
    if len(months) <= 1:
        return None
    return (
        "Các kỳ báo cáo dài ngắn khác nhau (6 tháng, cả năm…), nên so sánh chỉ mang tính tham khảo."
    )


def _each(asked: Asked, kb: Lookup, figures: tuple[Figure, ...]) -> tuple[Suggestion, ...]:
    metric = asked.metric
    return tuple(
        Suggestion(f"{f.fact.region}", kb.question_for(metric, f.fact.period.label, f.fact.region))
        for f in figures[:4]
    )
