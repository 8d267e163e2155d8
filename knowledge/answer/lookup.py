"""The knowledge as the strategies read it: figures of a metric and place, their history, the
context of a period, and the suggestions that go with an answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property

from knowledge.answer.figures import periods_of, question_for
from knowledge.answer.results import Figure, Suggestion
from knowledge.model import Metric, Period
from knowledge.store.snapshot import Knowledge, StoredFact
from knowledge.understand.periods import PeriodAsk

MAX_CONTEXT = 6


class Lookup:
    """Read-only helpers over one Knowledge snapshot."""

    def __init__(
        self, knowledge: Knowledge, default_region: str, today: Callable[[], date]
    ) -> None:
        self.knowledge = knowledge
        self.default_region = default_region
        self.today = today

    def question_for(self, metric: Metric, period_label: str, region: str | None = None) -> str:
        """A complete question for a button: the metric, its place unless the default, the
        period. Complete, so pressing it in a conversation about another place stays right."""
        return question_for(metric, period_label, None if region == self.default_region else region)

    def facts(self, metric_id: str, region: str | None = None) -> tuple[StoredFact, ...]:
        return self.knowledge.facts_of(metric_id, region)

    def figure(self, stored: StoredFact) -> Figure:
        fact = stored.fact
        return Figure(
            stored.id,
            fact,
            self.knowledge.metrics[fact.metric],
            self.knowledge.sources[fact.source],
        )

    def latest_value(self, metric_id: str, region: str) -> Figure | None:
        values = [sf for sf in self.facts(metric_id, region) if sf.fact.kind == "value"]
        return self.figure(values[-1]) if values else None

    def history(self, metric_id: str, region: str) -> tuple[Figure, ...]:
        """The metric's value in each period, oldest first (one figure a period)."""
        by_period: dict[Period, StoredFact] = {}
        for sf in self.facts(metric_id, region):
            if sf.fact.kind == "value":
                by_period[sf.fact.period] = sf
        return tuple(self.figure(sf) for sf in by_period.values())

    def context(
        self, metric: Metric, region: str, period: Period, exclude: int
    ) -> tuple[Figure, ...]:
        """Other figures of the same period: the metric's own, then its related metrics'."""
        same = [
            sf
            for sf in self.facts(metric.id, region)
            if sf.fact.period == period and sf.id != exclude
        ]
        related = [
            sf
            for other in metric.related
            if other in self.knowledge.metrics
            for sf in self.facts(other, region)
            if sf.fact.period == period and sf.fact.kind in ("value", "plan", "change", "gap")
        ]
        return tuple(self.figure(sf) for sf in [*same, *related][:MAX_CONTEXT])

    def other_periods(self, metric: Metric, region: str, shown: Period) -> tuple[Suggestion, ...]:
        others = [p for p in periods_of(self.facts(metric.id, region)) if p != shown]
        suggestions = [
            Suggestion(f"{p.label}", self.question_for(metric, p.label, region))
            for p in reversed(others)
        ][:3]
        if others:
            years = sorted({shown.year, others[-1].year})
            if len(years) == 2:
                suggestions.append(
                    Suggestion(
                        f"So sánh {years[0]} và {years[1]}",
                        "so sánh " + self.question_for(metric, f"{years[0]} và {years[1]}", region),
                    )
                )
        return tuple(suggestions)

    def siblings_with(
        self, metric: Metric, region: str, asked: PeriodAsk
    ) -> tuple[Suggestion, ...]:
        """Related metrics that do have the asked period ('BHXH 2019' → BB and TN of 2019)."""
        out = []
        for other in self.knowledge.metrics.values():
            if other.id == metric.id or not (
                other.id in metric.related or metric.id in other.related
            ):
                continue
            if any(asked.matches(sf.fact.period) for sf in self.facts(other.id, region)):
                out.append(
                    Suggestion(
                        f"{other.name} ({asked.label})",
                        self.question_for(other, asked.label, region),
                    )
                )
        return tuple(out[:3])

    @cached_property
    def examples(self) -> tuple[Suggestion, ...]:
        """Four metrics with a figure for the default region: the same for every reply."""
        with_figures = [
            m
            for m in self.knowledge.metrics.values()
            if any(sf.fact.kind == "value" for sf in self.facts(m.id, self.default_region))
        ]
        return tuple(Suggestion(m.name, question_for(m, "")) for m in with_figures[:4])
