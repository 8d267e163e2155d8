"""What the knowledge does not break out: a group of people ("học sinh, sinh viên", "hộ nghèo",
"người chưa có thẻ") or a district or commune of a province that has figures ("huyện Cao Lộc").

The answer is "no data" naming what was asked, with no figure; the total (of the whole group,
or of the whole province) is one button away, labelled as the total, never shown as theirs.
A metric that does speak of the group ("Số học sinh, sinh viên tham gia BHYT") answers it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from knowledge.answer import single
from knowledge.answer.asked import Asked
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer, Suggestion
from knowledge.model import Metric
from knowledge.understand.folding import fold
from knowledge.understand.groups import find_groups
from knowledge.understand.places import place_named


@lru_cache(maxsize=4096)
def _groups_named(texts: tuple[str, ...]) -> frozenset[str]:
    """The groups a metric's names speak of (read once per metric, not once per question)."""
    return frozenset(g for text in texts for g, _, _ in find_groups(fold(text.lower())))


def _speaks_of(metric: Metric, group: str) -> bool:
    return group in _groups_named((metric.name, *metric.aliases))


def group_missing(asked: Asked) -> str | None:
    """The first group named that the metric asked for does not speak of."""
    return next((g for g in asked.question.groups if not _speaks_of(asked.metric, g)), None)


def group_wanted(asked: Asked) -> bool:
    return group_missing(asked) is not None


def group_answer(asked: Asked, kb: Lookup) -> Answer:
    group = group_missing(asked)
    assert group is not None
    own = [m for m in kb.knowledge.metrics.values() if _speaks_of(m, group)]
    if len(own) == 1 and kb.facts(own[0].id, asked.region):
        return single.answer(replace(asked, kind="single", metrics=(own[0],)), kb)
    metric = asked.metric
    named = asked.named_periods
    period = named[0].label if named else ""
    return Answer(
        "no_data",
        asked.text,
        metric=metric,
        region=asked.region,
        asked=group,
        reason="group",
        suggestions=(
            Suggestion(
                f"Tổng số (mọi đối tượng): {metric.name}",
                kb.question_for(metric, period, asked.region),
            ),
        ),
    )


def _parent(region: str) -> str | None:
    place = place_named(region)
    if place.kind in ("district", "commune", "city"):
        return place.parent
    return None


def inside_wanted(asked: Asked, kb: Lookup) -> bool:
    """A district or commune with no figure of its own, of a province that has figures."""
    parent = _parent(asked.region)
    return (
        parent is not None
        and not kb.facts(asked.metric.id, asked.region)
        and bool(kb.facts(asked.metric.id, parent))
    )


def inside_answer(asked: Asked, kb: Lookup) -> Answer:
    metric, region = asked.metric, asked.region
    parent = _parent(region)
    assert parent is not None
    named = asked.named_periods
    period = named[0].label if named else ""
    inside = [p for p in dict.fromkeys(asked.places) if _parent(p) == parent]
    return Answer(
        "no_data",
        asked.text,
        metric=metric,
        region=region,
        asked=" và ".join(inside or [region]),  # "huyện Cao Lộc và huyện Lộc Bình"
        reason="inside",
        available=(parent,),
        suggestions=(
            Suggestion(
                f"Số của cả tỉnh {parent}: {metric.name}",
                kb.question_for(metric, period, parent),
            ),
        ),
    )
