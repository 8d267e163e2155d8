"""The answer engine: a question in, an Answer out (plain data; replies/ render it).

The engine reads the question (knowledge.understand), completes a follow-up from the topic of
the conversation, finds the metric(s) it measures, and hands an `Asked` to the strategy its
kind calls for (see strategies.py):

answered   the figure(s) asked for, with context and source
ambiguous  two or more metrics fit about equally: the choices, each with a preview figure
no_data    the metric exists, but not for the period or place asked: what exists instead
not_found  nothing in the knowledge fits: a short help with example questions

The engine keeps no conversation: the caller passes the chat's Topic and keeps the one the
Answer carries (see knowledge.memory).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from knowledge.answer.asked import Asked, Kind
from knowledge.answer.compare_places import places_asked
from knowledge.answer.figures import only_a_scheme_among_strangers
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer, Comparison, Figure, Status, Suggestion
from knowledge.answer.several import overview_metrics
from knowledge.answer.strategies import choose_kind, fulfil
from knowledge.answer.targets import wanted as wants_target
from knowledge.model import Metric
from knowledge.store.snapshot import Knowledge
from knowledge.understand.cues import asks_if_met
from knowledge.understand.folding import fold, nfc
from knowledge.understand.followup import (
    FollowUp,
    Topic,
    follow_up,
    target_year_is_period,
    topic_of,
)
from knowledge.understand.lexicon import HOW_TO_PHRASES
from knowledge.understand.matching import MIN_SCORE, Candidate, MetricIndex
from knowledge.understand.question import Concepts, Question, parse_question, read_concepts
from knowledge.understand.segments import parts_of

AMBIGUITY_MARGIN = 0.75
# "đạt bao nhiêu % kế hoạch", "so với kế hoạch": a share of the plan, not the plan itself
_SHARE = re.compile(r"\b(?:dat|hoan thanh|vuot|chiem|so voi|bang|reach|achieve|of plan)\b")
ASPECT_NAMES = {
    "PLAN": "% kế hoạch",
    "CHANGE": "mức tăng/giảm",
    "GAP": "khoảng cách tới chỉ tiêu",
    "TARGET": "chỉ tiêu",
    "TREND": "qua các kỳ",
    "MET": "so với chỉ tiêu",
}


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
        # how-to and out-of-scope phrases that a metric of this knowledge is named with
        # ("Số người hưởng BHXH một lần"): for this knowledge they are figures, not how-to
        names = [
            f" {fold(nfc(a))} " for m in knowledge.metrics.values() for a in (m.name, *m.aliases)
        ]
        self._named_how_to = tuple(
            p for p in {fold(p) for p in HOW_TO_PHRASES} if any(f" {p} " in n for n in names)
        )

    # -- entry point ----------------------------------------------------------------------
    def answer(self, text: str, topic: Topic | None = None) -> Answer:
        """The answer to `text`; `topic`: what the chat talked about last (follow-ups)."""
        asked = self.read(text, topic)
        answer = fulfil(asked, self.lookup)
        remembered = None
        if asked.metrics and answer.status in ("answered", "no_data"):
            # after an overview only the place and period are the topic: 'Cao Bằng năm 2025'
            # next is another overview, 'còn BHYT?' a metric of that place
            overview = asked.kind == "overview"
            ids = () if overview else tuple(m.id for m in asked.metrics)
            q = replace(asked.question, concepts=Concepts()) if overview else asked.question
            remembered = topic_of(q, ids, asked.places, asked.named_place)
        chart = None
        if answer.metric is not None and len(answer.history) >= 2:
            chart = self.lookup.question_for(answer.metric, "", answer.region)
        return replace(
            answer,
            carried=asked.carried,
            topic=remembered,
            why=asked.question.why and answer.status == "answered",
            chart=chart,
        )

    def read(self, text: str, topic: Topic | None = None) -> Asked:
        """What the text asks, completed from the topic, with the kind of answer it wants."""
        q = _plan_itself(parse_question(text, self.today(), self.index.vocabulary))
        follow = follow_up(q, topic)
        if follow is None:
            return self.resolve(q)
        asked = self.resolve(follow.question, follow.metric_ids)
        if not asked.metrics and q.concepts.concepts:
            # 'thế BHTN?' after a BHYT coverage rate the knowledge has no BHTN one of: what the
            # question itself names, still in the conversation's place and period
            own = self.resolve(replace(follow.question, concepts=q.concepts))
            if own.metrics:
                asked = own
                follow = replace(follow, carried=follow.carried - {"metric", "aspect"})
        if not asked.metrics:
            # there was a question before: "no question before to follow" would be untrue
            return replace(asked, reason="unknown") if asked.reason == "follow_up" else asked
        return replace(
            asked,
            carried=self._carried(asked, follow),
            places_compared=follow.places_compared,
            named_place=bool(q.places) or (topic is not None and topic.named_place),
        )

    def resolve(self, q: Question, metric_ids: tuple[str, ...] = ()) -> Asked:
        places = places_asked(q, self.default_region)
        region = places[0]
        aspects = q.concepts.aspects
        if q.baselines and "GAP" in aspects and "TARGET" not in aspects:
            aspects = aspects - {"GAP"} | {"CHANGE"}  # "cao hơn năm 2021": a change, not a gap
        periods = q.periods
        if not q.periods and q.targets and target_year_is_period(aspects):
            periods = q.targets  # "chỉ tiêu năm 2021", "% kế hoạch năm 2019": that year
        base = Asked(
            q,
            "not_found",
            places=places,
            periods=periods,
            baselines=q.baselines,
            aspects=aspects,
            span=q.span,
            targets=q.targets,
            named_place=bool(q.places),
        )
        if q.how_to and not any(f" {p} " in f" {q.folded} " for p in self._named_how_to):
            return replace(base, reason="how_to")
        if q.greeting:
            return replace(base, reason=q.small_talk if q.small_talk != "hello" else "greeting")
        metrics = tuple(
            self.knowledge.metrics[m] for m in metric_ids if m in self.knowledge.metrics
        )
        if metrics:
            kind: Kind = "several" if len(metrics) > 1 else "single"
            return self._with_targets(self._with_kind(replace(base, kind=kind, metrics=metrics)))
        several = self._several(q, region)
        if several:
            return replace(base, kind="several", metrics=several)
        ranked = self.index.rank(q.concepts, q.key)
        ranked = [c for c in ranked if c.score >= MIN_SCORE and c.strong]
        if not ranked or only_a_scheme_among_strangers(q) or q.asks_unknown_subject:
            return self._nothing_fits(q, base)
        close = [c for c in ranked if ranked[0].score - c.score < AMBIGUITY_MARGIN]
        chosen = self._disambiguate(close, region, q)
        if chosen is None:
            metrics = tuple(self.knowledge.metrics[c.metric_id] for c in close)
            return replace(base, kind="ambiguous", metrics=metrics)
        return self._with_targets(
            self._with_kind(
                replace(base, kind="single", metrics=(self.knowledge.metrics[chosen.metric_id],))
            )
        )

    def _with_targets(self, asked: Asked) -> Asked:
        """A target asked of a metric that has none here: the close metric that has one
        ('phấn đấu … % lao động đóng BHXH', 'chỉ tiêu là bao nhiêu?' after a headcount)."""
        region = asked.region
        if asked.kind == "several" or not asked.metrics or not wants_target(asked):
            return asked
        if self._has_targets(asked.metric.id, region):
            return asked
        q = asked.question
        schemes = _schemes_of(asked.metric, self.index)
        concepts = Concepts(q.concepts.concepts | schemes, q.concepts.words)
        with_targets = [
            c
            for c in self.index.rank(concepts, q.key)
            if c.strong and c.score > 0 and self._has_targets(c.metric_id, region)
        ]
        if not with_targets:
            return asked
        found = replace(asked, metrics=(self.knowledge.metrics[with_targets[0].metric_id],))
        return replace(found, kind=choose_kind(found, self.lookup))

    def _has_targets(self, metric_id: str, region: str) -> bool:
        return any(sf.fact.kind == "target" for sf in self.knowledge.facts_of(metric_id, region))

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
        return self.lookup.question_for(metric, period, region)

    def targets(self, metric_id: str, region: str) -> tuple[Figure, ...]:
        """The metric's stored targets in the place, oldest first: goals, never results (charts
        draw them as a dashed line)."""
        return tuple(
            self.lookup.figure(sf)
            for sf in self.lookup.facts(metric_id, region)
            if sf.fact.kind == "target"
        )

    def closest_metrics(self, text: str, limit: int = 6) -> list[Metric]:
        """The metrics a question comes closest to, best first, then the others in file order:
        what an admin picks from to teach the bot a question it could not answer."""
        q = parse_question(text, self.today(), self.index.vocabulary)
        ranked = [c.metric_id for c in self.index.rank(q.concepts)]
        ranked += [m for m in self.knowledge.metrics if m not in ranked]
        return [self.knowledge.metrics[m] for m in ranked[:limit] if m in self.knowledge.metrics]

    # -- the kind of answer ---------------------------------------------------------------
    def _with_kind(self, asked: Asked) -> Asked:
        if asked.kind == "several":
            return asked
        return replace(asked, kind=choose_kind(asked, self.lookup))

    def _nothing_fits(self, q: Question, base: Asked) -> Asked:
        if q.subject and not q.greeting and (q.concepts.concepts or q.periods or q.places):
            return replace(base, reason="subject")  # "tỷ lệ hộ nghèo": named, not ignored
        if q.places and not q.names_metric:
            overview = replace(base, kind="overview")
            ids = overview_metrics(overview, self.lookup)
            if ids:
                return replace(overview, metrics=tuple(self.knowledge.metrics[m] for m in ids))
        if q.follows_on or (not q.names_metric and (q.periods or q.concepts.aspects)):
            return replace(base, reason="follow_up")  # "còn năm 2019?" with nothing before
        return replace(base, reason="unknown")

    def _several(self, q: Question, region: str) -> tuple[Metric, ...]:
        """Two or more metrics named ('BHXH tự nguyện và BHTN'), unless one metric is named
        for them all ('thu BHXH, BHYT, BHTN')."""
        parts = parts_of(q, self.index.vocabulary)
        if not parts:
            return ()
        chosen: list[Candidate] = []
        for concepts in parts:
            best = self._best(concepts, q, region)
            if best is None:
                return ()
            if best.metric_id not in [c.metric_id for c in chosen]:
                chosen.append(best)
        if len(chosen) < 2:
            return ()
        whole = self._best(q.concepts, q, region)
        if whole is not None and whole.metric_id not in [c.metric_id for c in chosen]:
            named = frozenset[str]().union(*(p.schemes for p in parts))
            if (
                len(named) >= 2
                and self.index.schemes_of(whole) >= named
                and whole.score >= max(c.score for c in chosen)
            ):
                return ()  # one metric for the whole list: "thu BHXH, BHYT, BHTN"
        return tuple(self.knowledge.metrics[c.metric_id] for c in chosen)

    def _best(self, concepts: Concepts, q: Question, region: str) -> Candidate | None:
        ranked = [c for c in self.index.rank(concepts) if c.score >= MIN_SCORE and c.strong]
        if not ranked:
            return None
        close = [c for c in ranked if ranked[0].score - c.score < AMBIGUITY_MARGIN]
        return self._disambiguate(close, region, q) or close[0]

    def _carried(self, asked: Asked, follow: FollowUp) -> tuple[str, ...]:
        """What the follow-up took from the question before, in words: 'Tỷ lệ bao phủ BHYT'."""
        shown = []
        if "metric" in follow.carried:
            names = [m.name for m in asked.metrics]
            shown.append(", ".join(names) if len(names) <= 2 else f"{len(names)} chỉ số")
        if "place" in follow.carried:
            shown.append(" và ".join(asked.places))
        if "period" in follow.carried:
            q = follow.question
            if q.span:
                shown.append(f"{q.span[0]}–{q.span[1]}")
            shown += [p.label for p in q.periods if not p.latest]
        if "aspect" in follow.carried:
            shown += [ASPECT_NAMES[a] for a in sorted(asked.aspects) if a in ASPECT_NAMES]
        return tuple(dict.fromkeys(s for s in shown if s))

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
        places = places_asked(q, self.default_region)
        if len(with_data) > 1 and len(places) > 1:  # places compared: the metric they all have
            everywhere = [
                c for c in with_data if all(self.knowledge.facts_of(c.metric_id, p) for p in places)
            ]
            if len(everywhere) == 1:
                return everywhere[0]
        return None if len(with_data) > 1 else close[0]


def _schemes_of(metric: Metric, index: MetricIndex) -> frozenset[str]:
    """The schemes and subtypes a metric's name says."""
    concepts, _ = read_concepts(fold(nfc(metric.name)), index.vocabulary)
    return concepts.schemes | concepts.subtypes


def _plan_itself(q: Question) -> Question:
    """'dự toán thu được giao bao nhiêu', 'kế hoạch năm 2020 là bao nhiêu': the plan itself (a
    target), not the share of it reached ('đạt bao nhiêu % kế hoạch'); 'đạt chỉ tiêu chưa':
    the result against the target (MET, which a follow-up carries like any aspect)."""
    c = q.concepts
    if asks_if_met(q.folded):
        return replace(q, concepts=Concepts(c.concepts | {"MET"}, c.words))
    if "PLAN" not in c.aspects or _SHARE.search(q.folded) or c.concepts & {"PERCENT", "RATE"}:
        return q
    return replace(q, concepts=Concepts(c.concepts | {"TARGET"}, c.words))


__all__ = ["Answer", "Asked", "Comparison", "Engine", "Figure", "Status", "Suggestion", "Topic"]
