"""Figures that disagree: the same metric, kind, period and place given different values by
different sources. Not an error (a later article may correct an earlier one, a headline may
round): `kb check` warns and the admin decides which fact to keep."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from knowledge.store.snapshot import Knowledge, StoredFact

ROUNDING = 0.02
"""A hedged figure ("gần 97,5%") agrees with an exact one within this share of its size."""


@dataclass(frozen=True)
class Conflict:
    metric: str
    kind: str
    period: str
    end: date
    region: str
    facts: tuple[StoredFact, ...]  # at least two, from at least two sources, values differing

    def __str__(self) -> str:
        shown = "; ".join(
            f"{s.fact.value_text} (#{s.id}, nguồn {s.fact.source})" for s in self.facts
        )
        return (
            f"chỉ tiêu '{self.metric}' ({self.kind}), {self.period}, {self.region}: "
            f"các nguồn khác nhau cho số khác nhau: {shown}"
        )


def conflicts(knowledge: Knowledge) -> list[Conflict]:
    """Every group of facts about one figure whose sources disagree, in metric and period order."""
    groups: dict[tuple[object, ...], list[StoredFact]] = defaultdict(list)
    for fact_id, fact in sorted(knowledge.facts.items()):
        key = (
            fact.metric,
            fact.kind,
            fact.period.start,
            fact.period.end,
            fact.region,
            fact.unit,
            fact.of,
            fact.compared_to,
        )
        groups[key].append(StoredFact(fact_id, fact))
    found = []
    for group in groups.values():
        if len({s.fact.source for s in group}) < 2 or _all_agree(group):
            continue
        fact = group[0].fact
        found.append(
            Conflict(
                fact.metric,
                fact.kind,
                fact.period.label,
                fact.period.end,
                fact.region,
                tuple(group),
            )
        )
    return sorted(found, key=lambda c: (c.metric, c.end, c.kind, c.region))


def _all_agree(group: list[StoredFact]) -> bool:
    first = group[0].fact
    return all(_agree(first.value, first.hedge, s.fact.value, s.fact.hedge) for s in group[1:])


def _agree(a: float, a_hedge: str | None, b: float, b_hedge: str | None) -> bool:
    if abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0):
        return True
    # "gần 672 nghìn" and "671.900": the same figure, one rounded
    return bool(a_hedge or b_hedge) and abs(a - b) <= ROUNDING * max(abs(a), abs(b))
