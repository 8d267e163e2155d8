"""The answer engine: a question in, an Answer out (plain data; replies/ render it).

The engine reads the question (knowledge.understand), finds the metric it measures, and hands
an `Asked` to the strategy its kind calls for (see strategies.py):

answered   the figure(s) asked for, with context and source
ambiguous  two or more metrics fit about equally: the choices, each with a preview figure
no_data    the metric exists, but not for the period or place asked: what exists instead
not_found  nothing in the knowledge fits: a short help with example questions
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from knowledge.answer.asked import Asked
from knowledge.answer.figures import only_a_scheme_among_strangers, question_for
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer, Comparison, Figure, Status, Suggestion
from knowledge.answer.strategies import choose_kind, fulfil
from knowledge.model import Metric
from knowledge.store.snapshot import Knowledge
from knowledge.understand.matching import MIN_SCORE, Candidate, MetricIndex
from knowledge.understand.question import Question, parse_question

AMBIGUITY_MARGIN = 0.75


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
        self.lookup = Lookup(knowledge, default_region, today)

    # -- entry point ----------------------------------------------------------------------
    def answer(self, text: str) -> Answer:
        return fulfil(self.read(text), self.lookup)

    def read(self, text: str) -> Asked:
        """What the text asks, resolved against the knowledge, with the kind of answer."""
        q = parse_question(text, self.today(), self.index.vocabulary)
        return self.resolve(q)

    def resolve(self, q: Question) -> Asked:
        region = q.places[0] if q.places else self.default_region
        base = Asked(
            q,
            "not_found",
            places=(region, *q.places[1:]),
            periods=q.periods,
            baselines=q.baselines,
            aspects=q.concepts.aspects,
        )
        if q.how_to:
            return replace(base, reason="how_to")
        ranked = self.index.rank(q.concepts, q.key)
        ranked = [c for c in ranked if c.score >= MIN_SCORE and c.strong]
        if not ranked or only_a_scheme_among_strangers(q):
            return replace(base, reason="greeting" if q.greeting else "unknown")
        close = [c for c in ranked if ranked[0].score - c.score < AMBIGUITY_MARGIN]
        chosen = self._disambiguate(close, region, q)
        if chosen is None:
            metrics = tuple(self.knowledge.metrics[c.metric_id] for c in close)
            return replace(base, kind="ambiguous", metrics=metrics)
        asked = replace(base, kind="single", metrics=(self.knowledge.metrics[chosen.metric_id],))
        return replace(asked, kind=choose_kind(asked, self.lookup))

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


__all__ = ["Answer", "Asked", "Comparison", "Engine", "Figure", "Status", "Suggestion"]
