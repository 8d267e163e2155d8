"""The answer engine: a question in, an Answer out (plain data; handlers render it).

answered   the figure asked for, with its context and source
ambiguous  two or more metrics fit about equally: the choices, each with a preview figure
no_data    the metric exists, but not for the period or place asked: what exists instead
not_found  nothing in the knowledge fits: a short help with example questions
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property

from knowledge.answer.figures import (
    ask_for,
    change_refers_to,
    compare_figures,
    months_long,
    only_a_scheme_among_strangers,
    periods_of,
    pick_headline,
    question_for,
)
from knowledge.answer.results import Answer, Comparison, Figure, Status, Suggestion
from knowledge.model import FactKind, Metric, Period
from knowledge.store.snapshot import Knowledge, StoredFact
from knowledge.understand.matching import MIN_SCORE, Candidate, MetricIndex
from knowledge.understand.periods import PeriodAsk
from knowledge.understand.question import Question, parse_question

AMBIGUITY_MARGIN = 0.75
MAX_CONTEXT = 6


class Engine:
    """Answers questions from one Knowledge snapshot (build a new Engine when it changes)."""

    def __init__(
        self,
        knowledge: Knowledge,
        default_region: str = "Lạng Sơn",
        today: Callable[[], date] = date.today,
    ):
        self.knowledge = knowledge
        self.default_region = default_region
        self.today = today
        self.index = MetricIndex(knowledge.metrics.values())

    # -- entry point ----------------------------------------------------------------------
    def answer(self, text: str) -> Answer:
        q = parse_question(text, self.today(), self.index.vocabulary)
        if q.how_to:
            return self._not_found(q, "how_to")
        ranked = self.index.rank(q.concepts, q.key)
        ranked = [c for c in ranked if c.score >= MIN_SCORE and c.strong]
        if not ranked or only_a_scheme_among_strangers(q):
            return self._not_found(q, "greeting" if q.greeting else "unknown")
        region = q.places[0] if q.places else self.default_region
        close = [c for c in ranked if ranked[0].score - c.score < AMBIGUITY_MARGIN]
        chosen = self._disambiguate(close, region, q)
        if chosen is None:
            return self._ambiguous(q, close, region)
        metric = self.knowledge.metrics[chosen.metric_id]
        facts = self.knowledge.facts_of(metric.id, region)
        if not facts:
            return self._no_place(q, metric, region)
        asked = [p for p in q.periods if not p.latest]
        named = [*q.baselines, *asked]
        if len(asked) >= 2 or ("COMPARE" in q.concepts.aspects and len(named) >= 2):
            return self._compare(q, metric, region, named[:2])
        if "COMPARE" in q.concepts.aspects:
            return self._compare_with_latest(q, metric, region, named)
        if q.baselines:
            return self._against_baseline(q, metric, region, asked[0] if asked else None)
        return self._single(q, metric, region, asked[0] if asked else None)

    def answer_options(self, text: str, limit: int = 10) -> list[Answer]:
        """Several answers for one query (inline mode): the answer, then what it suggests."""
        first = self.answer(text)
        options = [first] if first.status in ("answered", "no_data") else []
        for suggestion in first.suggestions:
            if len(options) >= limit:
                break
            option = self.answer(suggestion.question)
            if option.status == "answered" and option not in options:
                options.append(option)
        return options

    def question_for(self, metric: Metric, period: str = "", region: str | None = None) -> str:
        """The question to ask for `metric` in `period` and `region` (the place left out when
        it is the default one): what "try asking" buttons and notifications offer."""
        return question_for(metric, period, None if region == self.default_region else region)

    def closest_metrics(self, text: str, limit: int = 6) -> list[Metric]:
        """The metrics a question comes closest to, best first, then the others in file order:
        what an admin picks from to teach the bot a question it could not answer."""
        q = parse_question(text, self.today(), self.index.vocabulary)
        ranked = [c.metric_id for c in self.index.rank(q.concepts)]
        ranked += [m for m in self.knowledge.metrics if m not in ranked]
        return [self.knowledge.metrics[m] for m in ranked[:limit] if m in self.knowledge.metrics]

    # -- choosing the metric --------------------------------------------------------------
    def _disambiguate(self, close: list[Candidate], region: str, q: Question) -> Candidate | None:
        if len(close) == 1:
            return close[0]
        asked = [p for p in q.periods if not p.latest]
        with_data = [
            c
            for c in close
            if any(
                not asked or asked[0].matches(sf.fact.period)
                for sf in self.knowledge.facts_of(c.metric_id, region)
            )
        ]
        if len(with_data) == 1:
            return with_data[0]
        return None if len(with_data) > 1 else close[0]

    def _ambiguous(self, q: Question, close: list[Candidate], region: str) -> Answer:
        choices = []
        for candidate in close[:4]:
            metric = self.knowledge.metrics[candidate.metric_id]
            latest = self._latest_value(metric.id, region)
            choices.append((metric, latest))
        suggestions = tuple(
            Suggestion(m.name, question_for(m, fig.fact.period.label if fig else ""))
            for m, fig in choices
        )
        return Answer(
            "ambiguous", q.text, region=region, choices=tuple(choices), suggestions=suggestions
        )

    # -- one period -----------------------------------------------------------------------
    def _single(self, q: Question, metric: Metric, region: str, asked: PeriodAsk | None) -> Answer:
        facts = self.knowledge.facts_of(metric.id, region)
        results = [sf for sf in facts if sf.fact.kind != "target"] or list(facts)
        if asked is None:
            period = max((sf.fact.period for sf in results), key=lambda p: (p.end, p.start))
        else:
            matching = [sf.fact.period for sf in results if asked.matches(sf.fact.period)]
            if not matching:
                return self._no_period(q, metric, region, asked)
            period = max(matching, key=lambda p: (p.end, p.start))
        in_period = [sf for sf in facts if sf.fact.period == period]
        headline, note = pick_headline(in_period, q.concepts.aspects)
        figure = self._figure(headline)
        return Answer(
            "answered",
            q.text,
            metric=metric,
            region=region,
            headline=figure,
            context=self._context(metric, region, period, exclude=headline.id),
            history=self._history(metric.id, region),
            note=note,
            suggestions=self._other_periods(metric, region, period),
        )

    def _against_baseline(
        self, q: Question, metric: Metric, region: str, asked: PeriodAsk | None
    ) -> Answer:
        """'tăng bao nhiêu so với năm 2021': a published change if there is one, else compute."""
        baseline = q.baselines[0]
        facts = self.knowledge.facts_of(metric.id, region)
        changes = [
            sf
            for sf in facts
            if sf.fact.kind == "change"
            and (asked is None or asked.matches(sf.fact.period))
            and change_refers_to(sf.fact.compared_to, baseline, sf.fact.period)
        ]
        if changes:
            change = changes[-1]
            period = change.fact.period
            return Answer(
                "answered",
                q.text,
                metric=metric,
                region=region,
                headline=self._figure(change),
                context=self._context(metric, region, period, exclude=change.id),
                history=self._history(metric.id, region),
            )
        later = asked or PeriodAsk(label="mới nhất", latest=True)
        if later.latest:
            latest = self._latest_value(metric.id, region)
            if latest is None:
                return self._single(q, metric, region, None)
            later = ask_for(latest.fact.period)
        if baseline.years_back and later.year:
            baseline = baseline.for_year(later.year - baseline.years_back)
        elif baseline.year is None and later.year:
            baseline = baseline.for_year(later.year - 1)  # "so với cùng kỳ": a year earlier
        return self._compare(q, metric, region, [baseline, later])

    # -- two periods ----------------------------------------------------------------------
    def _compare(
        self, q: Question, metric: Metric, region: str, asks: Sequence[PeriodAsk]
    ) -> Answer:
        kind: FactKind = "plan" if "PLAN" in q.concepts.aspects else "value"
        facts = [sf for sf in self.knowledge.facts_of(metric.id, region) if sf.fact.kind == kind]
        found: list[StoredFact] = []
        missing: list[PeriodAsk] = []
        for ask in asks:
            matching = [sf for sf in facts if ask.matches(sf.fact.period)]
            if matching:
                found.append(matching[-1])
            else:
                missing.append(ask)
        if missing:
            return self._no_period(q, metric, region, missing[0], also=missing[1:])
        earlier, later = sorted(found, key=lambda sf: sf.fact.period.end)
        if earlier.id == later.id:
            return self._single(q, metric, region, asks[0])
        comparison = compare_figures(metric, self._figure(earlier), self._figure(later))
        note = None
        if months_long(earlier.fact.period) != months_long(later.fact.period):
            note = (
                "Hai kỳ báo cáo dài khác nhau "
                f"({earlier.fact.period.label} và {later.fact.period.label}), "
                "nên so sánh chỉ mang tính tham khảo."
            )
        return Answer(
            "answered",
            q.text,
            metric=metric,
            region=region,
            comparison=comparison,
            history=self._history(metric.id, region),
            note=note,
        )

    def _compare_with_latest(
        self, q: Question, metric: Metric, region: str, named: list[PeriodAsk]
    ) -> Answer:
        """'so sánh … BHYT' with one period or none: against the latest, or the two latest."""
        periods = periods_of(self.knowledge.facts_of(metric.id, region))
        if len(periods) < 2:
            return self._single(q, metric, region, named[0] if named else None)
        chosen: list[Period] = []
        for ask in named:
            matching = [p for p in periods if ask.matches(p)]
            if not matching:
                return self._no_period(q, metric, region, ask)
            chosen.append(matching[-1])
        chosen += [p for p in reversed(periods) if p not in chosen]
        return self._compare(q, metric, region, [ask_for(p) for p in chosen[:2]])

    # -- no data, not found ---------------------------------------------------------------
    def _no_period(
        self,
        q: Question,
        metric: Metric,
        region: str,
        asked: PeriodAsk,
        also: Sequence[PeriodAsk] = (),
    ) -> Answer:
        periods = periods_of(self.knowledge.facts_of(metric.id, region))
        label = " và ".join(a.label for a in (asked, *also))
        siblings = self._siblings_with(metric, region, asked)
        suggestions = (
            tuple(
                Suggestion(f"{metric.name} ({p.label})", question_for(metric, p.label))
                for p in reversed(periods)
            )
            + siblings
        )
        return Answer(
            "no_data",
            q.text,
            metric=metric,
            region=region,
            asked=label,
            available=tuple(p.label for p in periods),
            suggestions=suggestions[:6],
        )

    def _no_place(self, q: Question, metric: Metric, region: str) -> Answer:
        here = self.knowledge.facts_of(metric.id, self.default_region)
        suggestions = (
            (Suggestion(f"{metric.name} ({self.default_region})", question_for(metric, "")),)
            if here
            else ()
        )
        places = sorted({sf.fact.region for sf in self.knowledge.facts_of(metric.id)})
        return Answer(
            "no_data",
            q.text,
            metric=metric,
            region=region,
            asked=region,
            available=tuple(places),
            suggestions=suggestions,
        )

    def _not_found(self, q: Question, reason: str) -> Answer:
        return Answer("not_found", q.text, reason=reason, suggestions=self._examples)

    @cached_property
    def _examples(self) -> tuple[Suggestion, ...]:
        """Four metrics with a figure for the default region: the same for every reply."""
        with_figures = [
            m
            for m in self.knowledge.metrics.values()
            if any(
                sf.fact.kind == "value" for sf in self.knowledge.facts_of(m.id, self.default_region)
            )
        ]
        return tuple(Suggestion(m.name, question_for(m, "")) for m in with_figures[:4])

    # -- helpers --------------------------------------------------------------------------
    def _figure(self, stored: StoredFact) -> Figure:
        fact = stored.fact
        return Figure(
            stored.id,
            fact,
            self.knowledge.metrics[fact.metric],
            self.knowledge.sources[fact.source],
        )

    def _latest_value(self, metric_id: str, region: str) -> Figure | None:
        values = [
            sf for sf in self.knowledge.facts_of(metric_id, region) if sf.fact.kind == "value"
        ]
        return self._figure(values[-1]) if values else None

    def _history(self, metric_id: str, region: str) -> tuple[Figure, ...]:
        by_period: dict[Period, StoredFact] = {}
        for sf in self.knowledge.facts_of(metric_id, region):
            if sf.fact.kind == "value":
                by_period[sf.fact.period] = sf
        return tuple(self._figure(sf) for sf in by_period.values())

    def _context(
        self, metric: Metric, region: str, period: Period, exclude: int
    ) -> tuple[Figure, ...]:
        same = [
            sf
            for sf in self.knowledge.facts_of(metric.id, region)
            if sf.fact.period == period and sf.id != exclude
        ]
        related = [
            sf
            for other in metric.related
            if other in self.knowledge.metrics
            for sf in self.knowledge.facts_of(other, region)
            if sf.fact.period == period and sf.fact.kind in ("value", "plan", "change", "gap")
        ]
        return tuple(self._figure(sf) for sf in [*same, *related][:MAX_CONTEXT])

    def _other_periods(self, metric: Metric, region: str, shown: Period) -> tuple[Suggestion, ...]:
        others = [p for p in periods_of(self.knowledge.facts_of(metric.id, region)) if p != shown]
        suggestions = [
            Suggestion(f"{p.label}", question_for(metric, p.label)) for p in reversed(others)
        ][:3]
        if others:
            years = sorted({shown.year, others[-1].year})
            if len(years) == 2:
                suggestions.append(
                    Suggestion(
                        f"So sánh {years[0]} và {years[1]}",
                        f"so sánh {metric.name} {years[0]} và {years[1]}",
                    )
                )
        return tuple(suggestions)

    def _siblings_with(
        self, metric: Metric, region: str, asked: PeriodAsk
    ) -> tuple[Suggestion, ...]:
        """Related metrics that do have the asked period ('BHXH 2019' → BB and TN of 2019)."""
        out = []
        for other in self.knowledge.metrics.values():
            if other.id == metric.id or not (
                other.id in metric.related or metric.id in other.related
            ):
                continue
            if any(
                asked.matches(sf.fact.period) for sf in self.knowledge.facts_of(other.id, region)
            ):
                out.append(
                    Suggestion(f"{other.name} ({asked.label})", question_for(other, asked.label))
                )
        return tuple(out[:3])


__all__ = ["Answer", "Comparison", "Engine", "Figure", "Status", "Suggestion"]
