"""Follow-up questions: what a question lacks (metric, period, place, aspect) taken from the
topic of the conversation, the last question answered in that chat.

"tỷ lệ bao phủ BHYT 2022" → "còn năm 2019 thì sao?" asks the same metric for 2019; "thế BHTN?"
swaps the scheme and keeps the measure, period and place; "chiếm bao nhiêu % lực lượng lao
động?" keeps the scheme; "so với cả nước?" compares the place before with the nation. A
question that names its own metric keeps only the place and period it does not name; one that
names what, where and when ("số người tham gia BHTN Hà Nội năm 2019") inherits nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeVar

from knowledge.understand.lexicon import ASPECTS, SCHEMES, SUBTYPES
from knowledge.understand.periods import PeriodAsk
from knowledge.understand.places import place_named
from knowledge.understand.question import ATTRIBUTES, Concepts, Question
from knowledge.understand.superlatives import RankAsk, follow_ranking

T = TypeVar("T")
_METRIC_PARTS = frozenset(ASPECTS)  # everything else in Concepts says what is measured
_THE_PROVINCE = re.compile(r"\b(?:cua |o |tai )?tinh\b")
_AS_A_WHOLE = re.compile(r"\b(?:tong|toan bo|tat ca|total|overall|all)\b")
_COMPARATIVE = re.compile(
    r"\b(?:cao hon|thap hon|nhieu hon|it hon|lon hon|nho hon|hon kem|so sanh|bang nhau|"
    r"higher|lower|more than|less than)\b"
)
_ACTUAL = re.compile(r"\b(?:thuc te|thuc hien|actual|actually)\b")


@dataclass(frozen=True, slots=True)
class Topic:
    """What the last answered question of a conversation was about (all it takes to follow)."""

    concepts: Concepts
    metric_ids: tuple[str, ...]
    places: tuple[str, ...]  # the place(s) answered for, the default region included
    named_place: bool  # the user named it (else it went without saying)
    periods: tuple[PeriodAsk, ...]
    baselines: tuple[PeriodAsk, ...]
    targets: tuple[PeriodAsk, ...]
    span: tuple[int, int] | None
    ranking: RankAsk | None = None  # "tỉnh nào cao nhất": "còn thấp nhất?" turns it around


@dataclass(frozen=True)
class FollowUp:
    """A question completed from the topic."""

    question: Question
    metric_ids: tuple[str, ...]  # the topic's metrics when the question names none of its own
    carried: frozenset[str]  # metric · place · period · aspect
    places_compared: bool  # "so với cả nước?": the topic's place against the one named


def target_year_is_period(aspects: frozenset[str]) -> bool:
    """'chỉ tiêu năm 2021', '% kế hoạch năm 2019': the year after the goal word is the period
    asked; 'còn thiếu … mục tiêu 2025': it names the goal, the period is another."""
    return bool(aspects & {"TARGET", "PLAN"}) and "GAP" not in aspects


def topic_of(
    q: Question, metric_ids: tuple[str, ...], places: tuple[str, ...], named_place: bool
) -> Topic:
    """What to remember of an answered question. Its parts are shared with every other chat
    that asked the same (a bounded table), so 100 000 remembered chats cost little more than
    100 000 small records."""
    return Topic(
        _shared(q.concepts),
        _shared(metric_ids),
        _shared(places),
        named_place,
        _shared(tuple(_shared(replace(p, start=0, end=0)) for p in q.periods)),
        _shared(tuple(_shared(replace(p, start=0, end=0)) for p in q.baselines)),
        _shared(tuple(_shared(replace(p, start=0, end=0)) for p in q.targets)),
        _shared(q.span),
        q.ranking,
    )


_SHARED: dict[object, object] = {}
_SHARED_MAX = 50_000


def _shared(value: T) -> T:
    """One object for equal values (like sys.intern for strings), in a bounded table."""
    found = _SHARED.get(value)
    if found is not None:
        return found  # type: ignore[return-value]
    if len(_SHARED) >= _SHARED_MAX:
        _SHARED.clear()  # rarely: new values start a new table; old topics keep their objects
    _SHARED[value] = value
    return value


def leans_on_topic(q: Question) -> bool:
    """Does the question need the one before to know what it measures, or which figure?
    (Where and when carry over to any question that does not say.)"""
    if q.how_to or q.greeting or q.asks_unknown_subject:
        return False  # "hộ nghèo thì sao?": an unknown subject is asked, not the topic's
    c = q.concepts
    no_when_nor_where = not q.periods and not q.places and not q.span
    no_scheme = not (c.schemes or c.subtypes)
    no_measure = not (c.measures - {"TOTAL", "PERCENT"})
    only_a_subtype = bool(c.subtypes) and not c.schemes  # "tự nguyện?": of BHXH, asked before
    return (
        q.follows_on
        or not q.names_metric
        or only_a_subtype
        or (no_when_nor_where and (no_scheme or no_measure))  # "BHTN?", "số người tham gia?"
    )


def follow_up(q: Question, topic: Topic | None) -> FollowUp | None:
    """The question completed from the topic, or None when it stands on its own."""
    if topic is None or q.how_to or q.greeting or q.asks_unknown_subject:
        return None
    leans = leans_on_topic(q)
    if not leans and q.places and (q.periods or q.span):
        return None  # it says what, where and when: nothing to take
    carried: set[str] = set()
    new, old = q.concepts, topic.concepts
    metric_ids: tuple[str, ...] = ()
    rate_of_it = bool(new.measures & {"PERCENT", "RATE"}) and not new.aspects
    if not leans:
        # its own metric and aspect, but still where and when the conversation is, unless it
        # says otherwise ("số người tham gia BHTN là bao nhiêu?" after a question on Cao Bằng)
        what, words = new.concepts - _METRIC_PARTS, new.words
    elif not q.names_metric and not rate_of_it:
        what = old.concepts - _METRIC_PARTS
        words = old.words
        metric_ids = topic.metric_ids
        if what or metric_ids:
            carried.add("metric")
    else:
        what, words = _swap(new, old, as_a_whole=bool(_AS_A_WHOLE.search(q.folded)))
        if what != new.concepts - _METRIC_PARTS or words != new.words:
            carried.add("metric")
    aspects = new.aspects
    if (
        leans
        and not (aspects - {"COMPARE"})
        and not (new.measures - ATTRIBUTES)  # "tương ứng bao nhiêu người?": the same figure
        and not _ACTUAL.search(q.folded)
    ):
        inherited = old.aspects - ({"TREND"} if q.periods else set())
        if inherited - aspects:
            carried.add("aspect")
        aspects = aspects | inherited
    periods, baselines, targets, span = q.periods, q.baselines, q.targets, q.span
    periods = tuple(_in_topic_year(p, q, topic) for p in periods)
    if "TREND" in new.aspects and not (periods or span):
        span = topic.span  # "qua các năm?": every period, within a span asked before
        if span:
            carried.add("period")
    elif not (periods or span or (targets and target_year_is_period(aspects))):
        periods, span = topic.periods, topic.span
        targets = targets or topic.targets
        if periods or span:
            carried.add("period")
    if not baselines and "CHANGE" in aspects and "aspect" in carried:
        baselines = topic.baselines
    places, compared = _places(q, topic)
    if compared:
        aspects = aspects | {"COMPARE"}
    elif not q.places and topic.named_place:
        carried.add("place")
    if len(places) > 1 and "TREND" not in new.aspects and "TREND" in aspects:
        aspects = aspects - {"TREND"}  # places compared: one period each, not their histories
        if not aspects - new.aspects:
            carried.discard("aspect")
    concepts = Concepts(frozenset(what | aspects), words)
    completed = replace(
        q,
        concepts=concepts,
        periods=periods,
        baselines=baselines,
        targets=targets,
        span=span,
        places=places,
        key=q.key if not carried & {"metric", "aspect"} else (),
        ranking=follow_ranking(q.ranking, topic.ranking, bool(q.places)),
    )
    return FollowUp(completed, metric_ids, frozenset(carried), compared)


_YEAR_BEFORE = re.compile(r"\b(?:nam truoc|nam truoc do|the year before|previous year)\b")


def _in_topic_year(period: PeriodAsk, q: Question, topic: Topic) -> PeriodAsk:
    """'còn 6 tháng đầu năm?' after 2022 is 2022's; 'năm trước thì sao?' is the year before
    the one discussed, not before today."""
    years = [p.year for p in topic.periods if p.year is not None and not p.latest]
    if not years or period.latest:
        return period
    if period.years_back and _YEAR_BEFORE.search(q.folded):
        year = years[0] - period.years_back
        return PeriodAsk(label=f"năm {year}", year=year)
    if period.year is None and (period.first_month or period.last_month):
        return period.for_year(years[0])
    return period


def _swap(
    new: Concepts, old: Concepts, as_a_whole: bool = False
) -> tuple[frozenset[str], frozenset[str]]:
    """The metric asked: the question's own scheme and measure, the topic's where it names none."""
    schemes = new.schemes or old.schemes
    if not new.schemes and (as_a_whole or new.concepts & {"TOTAL", "INSURANCE"}):
        schemes = frozenset()  # "thế còn tổng thu?": insurance as a whole, not the scheme before
    if new.subtypes:
        subtypes = new.subtypes
        if not new.schemes and "BHXH" not in old.schemes:
            schemes = frozenset({"BHXH"})  # "còn tự nguyện?": only BHXH has BB and TN
    elif new.schemes and new.schemes != old.schemes:
        subtypes = frozenset()  # "thế BHTN?" after BHXH bắt buộc: BB was BHXH's
    else:
        subtypes = old.subtypes
    own = new.measures - {"TOTAL", "PERCENT"}
    if new.aspects & {"PLAN", "CHANGE", "GAP", "TARGET"}:
        own -= {"RATE"}  # "tỷ lệ đạt kế hoạch?": the plan's rate, not another metric
    if new.measures & {"PERCENT", "RATE"} and not own - {"RATE"} and not new.aspects:
        # "thế còn tỷ lệ?", "tính theo phần trăm?" after a count: the rate of the same thing
        kept = old.concepts - _METRIC_PARTS - frozenset((*SCHEMES, *SUBTYPES)) - {"PEOPLE"}
        return frozenset(schemes | subtypes | kept | {"RATE"}), old.words
    if own:
        measures, words = new.concepts - _METRIC_PARTS - frozenset((*SCHEMES, *SUBTYPES)), new.words
    else:
        measures = (old.concepts | new.concepts) - _METRIC_PARTS - frozenset((*SCHEMES, *SUBTYPES))
        words = old.words | new.words
    return frozenset(schemes | subtypes | measures), words


def _places(q: Question, topic: Topic) -> tuple[tuple[str, ...], bool]:
    if not q.places:
        places = topic.places
        if len(places) > 1 and _THE_PROVINCE.search(q.folded):
            places = places[:1]  # "còn chỉ tiêu của tỉnh?" after a province against the nation
        parent = place_named(places[0]).parent if places else None
        if parent and _THE_PROVINCE.search(q.folded):
            places = (parent,)  # "còn cả tỉnh?" after a district: the province it lies in
        return places, False
    if q.compared_places == q.places and topic.places[0] not in q.places:
        return (topic.places[0], *q.places), True  # "so với cả nước?"
    if len(q.places) == 1 and _COMPARATIVE.search(q.folded) and topic.places[0] not in q.places:
        return (topic.places[0], *q.places), True  # "Hà Nội có cao hơn không?"
    return q.places, False
