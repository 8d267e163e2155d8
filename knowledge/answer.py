"""The answer engine: a question in, an Answer out (plain data; handlers render it).

answered   the figure asked for, with its context and source
ambiguous  two or more metrics fit about equally: the choices, each with a preview figure
no_data    the metric exists, but not for the period or place asked: what exists instead
not_found  nothing in the knowledge fits: a short help with example questions
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from knowledge.matcher import MIN_SCORE, Candidate, MetricIndex, question_measures
from knowledge.model import Fact, FactKind, Metric, Period, Source
from knowledge.numbers import money_in_dong
from knowledge.periods import PeriodAsk
from knowledge.question import Question, parse_question
from knowledge.snapshot import Knowledge, StoredFact

Status = Literal["answered", "ambiguous", "not_found", "no_data"]
AMBIGUITY_MARGIN = 0.75
MAX_CONTEXT = 6


@dataclass(frozen=True)
class Figure:
    """A stored fact with what is needed to show it."""

    id: int
    fact: Fact
    metric: Metric
    source: Source


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    earlier: Figure
    later: Figure
    difference: float  # later − earlier, in `unit`
    unit: str  # "người", "điểm %", "tỷ đồng" …
    relative: float | None  # change in % of the earlier value, for counts and money


@dataclass(frozen=True)
class Suggestion:
    label: str
    question: str


@dataclass(frozen=True)
class Answer:
    status: Status
    question: str
    metric: Metric | None = None
    region: str | None = None
    headline: Figure | None = None
    context: tuple[Figure, ...] = ()
    comparison: Comparison | None = None
    choices: tuple[tuple[Metric, Figure | None], ...] = ()
    asked: str | None = None  # the period or place that has no data, as the user named it
    available: tuple[str, ...] = ()  # period labels that do exist
    history: tuple[Figure, ...] = ()  # the metric's value over time (charts)
    suggestions: tuple[Suggestion, ...] = ()
    note: str | None = None
    reason: str | None = None  # not_found: greeting · how_to · unknown

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure the reply shows, headline first."""
        shown: list[Figure] = []
        if self.headline:
            shown.append(self.headline)
        if self.comparison:
            shown += [self.comparison.earlier, self.comparison.later]
        shown += list(self.context)
        shown += [figure for _, figure in self.choices if figure]
        return tuple(shown)


class Engine:
    """Answers questions from one Knowledge snapshot (build a new Engine when it changes)."""

    def __init__(self, knowledge: Knowledge, default_region: str = "Lạng Sơn",
                 today: Callable[[], date] = date.today):
        self.knowledge = knowledge
        self.default_region = default_region
        self.today = today
        self.index = MetricIndex(knowledge.metrics.values())

    # -- entry point ----------------------------------------------------------------------
    def answer(self, text: str) -> Answer:
        q = parse_question(text, self.today(), self.index.vocabulary)
        if q.how_to:
            return self._not_found(q, "how_to")
        ranked = [c for c in self.index.rank(q.concepts) if c.score >= MIN_SCORE and c.strong]
        if not ranked or _only_a_scheme_among_strangers(q):
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
        if "COMPARE" in q.concepts.aspects or len(asked) >= 2:
            if len(asked) + len(q.baselines) >= 2:
                return self._compare(q, metric, region, [*q.baselines, *asked][:2])
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

    # -- choosing the metric --------------------------------------------------------------
    def _disambiguate(self, close: list[Candidate], region: str, q: Question) -> Candidate | None:
        if len(close) == 1:
            return close[0]
        asked = [p for p in q.periods if not p.latest]
        with_data = [c for c in close if any(
            not asked or asked[0].matches(sf.fact.period)
            for sf in self.knowledge.facts_of(c.metric_id, region))]
        if len(with_data) == 1:
            return with_data[0]
        return None if len(with_data) > 1 else close[0]

    def _ambiguous(self, q: Question, close: list[Candidate], region: str) -> Answer:
        choices = []
        for candidate in close[:4]:
            metric = self.knowledge.metrics[candidate.metric_id]
            latest = self._latest_value(metric.id, region)
            choices.append((metric, latest))
        suggestions = tuple(Suggestion(m.name, _question_for(m, fig.fact.period.label if fig else ""))
                            for m, fig in choices)
        return Answer("ambiguous", q.text, region=region, choices=tuple(choices),
                      suggestions=suggestions)

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
        headline, note = _pick_headline(in_period, q.concepts.aspects)
        figure = self._figure(headline)
        return Answer("answered", q.text, metric=metric, region=region, headline=figure,
                      context=self._context(metric, region, period, exclude=headline.id),
                      history=self._history(metric.id, region), note=note,
                      suggestions=self._other_periods(metric, region, period))

    def _against_baseline(self, q: Question, metric: Metric, region: str,
                          asked: PeriodAsk | None) -> Answer:
        """'tăng bao nhiêu so với năm 2021': a published change if there is one, else compute."""
        baseline = q.baselines[0]
        facts = self.knowledge.facts_of(metric.id, region)
        changes = [sf for sf in facts if sf.fact.kind == "change"
                   and (asked is None or asked.matches(sf.fact.period))
                   and _mentions(sf.fact.compared_to, baseline, sf.fact.period)]
        if changes:
            change = changes[-1]
            period = change.fact.period
            return Answer("answered", q.text, metric=metric, region=region,
                          headline=self._figure(change),
                          context=self._context(metric, region, period, exclude=change.id),
                          history=self._history(metric.id, region))
        later = asked or PeriodAsk(label="mới nhất", latest=True)
        if later.latest:
            latest = self._latest_value(metric.id, region)
            if latest is None:
                return self._single(q, metric, region, None)
            later = PeriodAsk(label=latest.fact.period.label, year=latest.fact.period.year,
                              last_month=latest.fact.period.end.month)
        if baseline.years_back and later.year:
            baseline = baseline.for_year(later.year - baseline.years_back)
        elif baseline.year is None and later.year:
            baseline = baseline.for_year(later.year - 1)  # "so với cùng kỳ": a year earlier
        return self._compare(q, metric, region, [baseline, later])

    # -- two periods ----------------------------------------------------------------------
    def _compare(self, q: Question, metric: Metric, region: str,
                 asks: Sequence[PeriodAsk]) -> Answer:
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
        comparison = _comparison(metric, self._figure(earlier), self._figure(later))
        note = None
        if _length(earlier.fact.period) != _length(later.fact.period):
            note = ("Hai kỳ báo cáo dài khác nhau "
                    f"({earlier.fact.period.label} và {later.fact.period.label}), "
                    "nên so sánh chỉ mang tính tham khảo.")
        return Answer("answered", q.text, metric=metric, region=region, comparison=comparison,
                      history=self._history(metric.id, region), note=note)

    # -- no data, not found ---------------------------------------------------------------
    def _no_period(self, q: Question, metric: Metric, region: str, asked: PeriodAsk,
                   also: Sequence[PeriodAsk] = ()) -> Answer:
        periods = _periods(self.knowledge.facts_of(metric.id, region))
        label = " và ".join(a.label for a in (asked, *also))
        siblings = self._siblings_with(metric, region, asked)
        suggestions = tuple(Suggestion(f"{metric.name} ({p.label})", _question_for(metric, p.label))
                            for p in reversed(periods)) + siblings
        return Answer("no_data", q.text, metric=metric, region=region, asked=label,
                      available=tuple(p.label for p in periods), suggestions=suggestions[:6])

    def _no_place(self, q: Question, metric: Metric, region: str) -> Answer:
        here = self.knowledge.facts_of(metric.id, self.default_region)
        suggestions = ((Suggestion(f"{metric.name} ({self.default_region})",
                                   _question_for(metric, "")),) if here else ())
        places = sorted({sf.fact.region for sf in self.knowledge.facts_of(metric.id)})
        return Answer("no_data", q.text, metric=metric, region=region, asked=region,
                      available=tuple(places), suggestions=suggestions)

    def _not_found(self, q: Question, reason: str) -> Answer:
        examples = []
        for metric in list(self.knowledge.metrics.values())[:12]:
            latest = self._latest_value(metric.id, self.default_region)
            if latest is not None:
                examples.append(Suggestion(metric.name, _question_for(metric, "")))
        return Answer("not_found", q.text, reason=reason, suggestions=tuple(examples[:4]))

    # -- helpers --------------------------------------------------------------------------
    def _figure(self, stored: StoredFact) -> Figure:
        fact = stored.fact
        return Figure(stored.id, fact, self.knowledge.metrics[fact.metric],
                      self.knowledge.sources[fact.source])

    def _latest_value(self, metric_id: str, region: str) -> Figure | None:
        values = [sf for sf in self.knowledge.facts_of(metric_id, region) if sf.fact.kind == "value"]
        return self._figure(values[-1]) if values else None

    def _history(self, metric_id: str, region: str) -> tuple[Figure, ...]:
        by_period: dict[Period, StoredFact] = {}
        for sf in self.knowledge.facts_of(metric_id, region):
            if sf.fact.kind == "value":
                by_period[sf.fact.period] = sf
        return tuple(self._figure(sf) for sf in by_period.values())

    def _context(self, metric: Metric, region: str, period: Period, exclude: int) -> tuple[Figure, ...]:
        same = [sf for sf in self.knowledge.facts_of(metric.id, region)
                if sf.fact.period == period and sf.id != exclude]
        related = [sf for other in metric.related if other in self.knowledge.metrics
                   for sf in self.knowledge.facts_of(other, region)
                   if sf.fact.period == period and sf.fact.kind in ("value", "plan", "change", "gap")]
        return tuple(self._figure(sf) for sf in [*same, *related][:MAX_CONTEXT])

    def _other_periods(self, metric: Metric, region: str, shown: Period) -> tuple[Suggestion, ...]:
        others = [p for p in _periods(self.knowledge.facts_of(metric.id, region)) if p != shown]
        suggestions = [Suggestion(f"{p.label}", _question_for(metric, p.label))
                       for p in reversed(others)][:3]
        if others:
            years = sorted({shown.year, others[-1].year})
            if len(years) == 2:
                suggestions.append(Suggestion(f"So sánh {years[0]} và {years[1]}",
                                              f"so sánh {metric.name} {years[0]} và {years[1]}"))
        return tuple(suggestions)

    def _siblings_with(self, metric: Metric, region: str, asked: PeriodAsk) -> tuple[Suggestion, ...]:
        """Related metrics that do have the asked period ('BHXH 2019' → BB and TN of 2019)."""
        out = []
        for other in self.knowledge.metrics.values():
            if other.id == metric.id or not (other.id in metric.related or metric.id in other.related):
                continue
            if any(asked.matches(sf.fact.period) for sf in self.knowledge.facts_of(other.id, region)):
                out.append(Suggestion(f"{other.name} ({asked.label})",
                                      _question_for(other, asked.label)))
        return tuple(out[:3])


def _only_a_scheme_among_strangers(q: Question) -> bool:
    """'ai là giám đốc BHXH', 'BHYT học sinh': a scheme named, but what is asked is unknown."""
    asks_something = (question_measures(q.concepts) - {"TOTAL"}) or q.concepts.aspects
    return not asks_something and len(q.unknown_words) >= 1


def _pick_headline(facts: list[StoredFact], aspects: frozenset[str]) -> tuple[StoredFact, str | None]:
    """The figure the question asks for; a note when the article does not give that aspect."""
    wanted: list[FactKind] = []
    for aspect, kinds in (("PLAN", ("plan",)), ("CHANGE", ("change",)), ("GAP", ("gap",)),
                          ("TARGET", ("target", "gap"))):
        if aspect in aspects:
            wanted += kinds  # type: ignore[arg-type]
    by_kind = {sf.fact.kind: sf for sf in facts}
    for kind in wanted:
        if kind in by_kind:
            return by_kind[kind], None
    note = None
    if wanted:
        names = {"plan": "tỷ lệ so với kế hoạch", "change": "mức tăng/giảm",
                 "gap": "khoảng cách tới chỉ tiêu", "target": "chỉ tiêu"}
        note = f"Nguồn không nêu {names[wanted[0]]} cho kỳ này."
    for kind in ("value", "plan", "change", "gap", "target"):
        if kind in by_kind:
            return by_kind[kind], note
    return facts[0], note


def _comparison(metric: Metric, earlier: Figure, later: Figure) -> Comparison:
    a, b = earlier.fact, later.fact
    if a.unit == "%" and b.unit == "%":
        return Comparison(metric, earlier, later, round(b.value - a.value, 4), "điểm %", None)
    a_dong, b_dong = money_in_dong(a.value, a.unit), money_in_dong(b.value, b.unit)
    if a_dong is not None and b_dong is not None and a.unit != b.unit:
        unit = "tỷ đồng"
        diff = (b_dong - a_dong) / 1e9
        relative = (b_dong - a_dong) / a_dong * 100 if a_dong else None
        return Comparison(metric, earlier, later, round(diff, 4), unit, relative)
    relative = (b.value - a.value) / a.value * 100 if a.value else None
    return Comparison(metric, earlier, later, round(b.value - a.value, 4), b.unit, relative)


def _mentions(compared_to: str | None, baseline: PeriodAsk, period: Period) -> bool:
    """Does a change fact's reference ('cùng kỳ năm 2018', 'năm 2021') match the baseline?"""
    if not compared_to:
        return False
    if baseline.year is not None and not baseline.years_back:
        return str(baseline.year) in compared_to
    return True  # "so với cùng kỳ", "so với năm trước": any published change fits


def _periods(facts: Sequence[StoredFact]) -> list[Period]:
    return sorted({sf.fact.period for sf in facts}, key=lambda p: (p.end, p.start))


def _length(period: Period) -> int:
    return (period.end - period.start).days // 28


def _question_for(metric: Metric, period_label: str) -> str:
    return f"{metric.name} {period_label}".strip()


__all__ = ["Answer", "Comparison", "Engine", "Figure", "Status", "Suggestion"]
