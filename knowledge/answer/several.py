"""Several metrics at once: one reply with each figure, the same period and place rules for
each ("BHXH tự nguyện và BHTN", "tổng thu và tỷ lệ nợ năm 2019"). A place named and nothing
else ("Lâm Đồng", "Cao Bằng thế nào") is an overview: the latest figure of each metric the
knowledge holds for it."""

from __future__ import annotations

from dataclasses import replace

from knowledge.answer import single, trend
from knowledge.answer.asked import Asked
from knowledge.answer.lookup import Lookup
from knowledge.answer.no_data import no_place
from knowledge.answer.results import Answer, Status

MAX_OVERVIEW = 6


def answer(asked: Asked, kb: Lookup) -> Answer:
    named = asked.named_periods
    parts = []
    for metric in asked.metrics:
        one = replace(asked, kind="single", metrics=(metric,))
        if not kb.facts(metric.id, asked.region):
            parts.append(no_place(one, kb))
        elif "TREND" in asked.aspects:  # "BHTN và BHXH tự nguyện qua các năm": each one's
            parts.append(trend.answer(replace(one, kind="trend"), kb))
        else:
            parts.append(single.figure_for(one, kb, named[0] if named else None))
    status: Status = "answered" if any(p.status == "answered" for p in parts) else "no_data"
    return Answer(
        status,
        asked.text,
        region=asked.region,
        parts=tuple(parts),
        latest=not named,
    )


def overview_metrics(asked: Asked, kb: Lookup) -> tuple[str, ...]:
    """The metrics with a figure (kind value) for the place, in the knowledge's order."""
    found = [
        m.id
        for m in kb.knowledge.metrics.values()
        if any(sf.fact.kind == "value" for sf in kb.facts(m.id, asked.region))
    ]
    return tuple(found[:MAX_OVERVIEW])


def overview(asked: Asked, kb: Lookup) -> Answer:
    """The place's latest figures, one line each (no context: the reply stays short)."""
    result = answer(asked, kb)
    parts = tuple(replace(p, context=(), suggestions=()) for p in result.parts)
    return replace(result, parts=parts, overview=True)
