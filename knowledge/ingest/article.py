"""Article text → candidate facts for an admin to review and import.

Each figure of a news article about BHXH/BHYT/BHTN becomes a complete Fact: value with its hedge,
scale and unit, the metric it belongs to (existing or proposed), its kind (value, % of plan,
change, gap to a target, target), period, region and the sentence it came from. Pure: no I/O.

The work is done in helpers: extract_text (clutter, sentences), extract_figures (numbers, hedges,
units), extract_spans (the words around a figure), extract_sentence / extract_rates /
extract_reading (each figure's kind and metric, left to right), extract_context (periods,
places), extract_metrics / extract_naming (existing metrics, names for new ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from pydantic import ValidationError

from knowledge.ingest.context import PeriodTrail, agency_spans, sentence_periods
from knowledge.ingest.mentions import find_mentions
from knowledge.ingest.metrics import MetricResolver
from knowledge.ingest.reading import Reading
from knowledge.ingest.sentence import SentenceReader, target_opening
from knowledge.ingest.text import Sentence, clean_article, parse_article_header, split_sentences
from knowledge.ingest.when import article_periods
from knowledge.ingest.where import Placed, PlaceTrail, document_place, figure_places
from knowledge.model import Fact, Metric, Period, Source
from knowledge.understand.folding import fold, nfc
from knowledge.understand.periods import PeriodAsk
from knowledge.understand.places import NATIONAL, PlaceMention

__all__ = ["Candidate", "clean_article", "extract_facts", "parse_article_header"]


@dataclass(frozen=True)
class Candidate:
    """A figure found in an article, ready for review: its fact and where its metric stands."""

    metric_id: str | None  # an existing metric it belongs to, or None when new
    metric_name: str
    fact: Fact
    new_metric: Metric | None  # when metric_id is None: the proposed metric
    confidence: float  # 0..1
    place_from: str = ""  # why this place: 'câu chứa số liệu', 'tiêu đề bài', …
    period_from: str = ""  # why this period


@dataclass
class _Article:
    """What one extraction knows beyond a sentence."""

    source: Source
    resolver: MetricResolver
    trail: PeriodTrail
    places: PlaceTrail
    today: date


def extract_facts(
    text: str,
    *,
    source: Source,
    known_metrics: Mapping[str, Metric] | Iterable[Metric],
    default_region: str | None = None,
    today: date | None = None,
) -> list[Candidate]:
    """Every figure of an article as a candidate fact, in reading order, without repeats."""
    metrics = known_metrics.values() if isinstance(known_metrics, Mapping) else known_metrics
    today = today or source.published
    sentences = [(s, fold(s.text)) for s in split_sentences(clean_article(text))]
    read = [
        _Read(s, folded, figure_places(folded), article_periods(folded, source.published))
        for s, folded in sentences
    ]
    if not any(r.sentence.headline for r in read) and source.title.strip():
        # the body lacks its headline: the title is it ('… tăng 3,6%' said nowhere else)
        title = nfc(" ".join(source.title.split()))
        folded = fold(title)
        headline = Sentence(title, -1, True)
        read.append(_Read(headline, folded, [], article_periods(folded, source.published)))
    place = document_place(
        [r.folded for r in read], [r.places for r in read], source, default_region
    )
    reported = [  # the goals' years are not the period an article reports
        p
        for r in read
        if not r.sentence.headline and not target_opening(r.folded)
        for p in sentence_periods(r.periods, r.folded)
    ]
    article = _Article(
        source,
        MetricResolver(metrics),
        PeriodTrail(source.published, reported[0] if reported else None),
        PlaceTrail(place),
        today,
    )
    candidates: list[Candidate] = []
    for one in read:
        if not one.sentence.headline:
            candidates += _sentence_candidates(one, article)
    # headlines round what the body says: their figures count only when the body lacks them
    body = [c.fact for c in candidates]
    article.trail.current = None
    for one in read:
        if one.sentence.headline:
            candidates += [
                c
                for c in _sentence_candidates(one, article)
                if not _rounds(c.fact, body, exact=one.sentence.paragraph >= 0)
            ]
    return _without_repeats(candidates)


_FOR_ALL = re.compile(
    r"\b(?:tat ca|toan bo|moi|100% (?:cac )?)\s*(?:\d+\s+)?(?:cac\s+)?"
    r"(?:tinh|dia phuong|don vi hanh chinh cap tinh)"
    r"(?:\s*,\s*thanh pho(?: truc thuoc trung uong)?)?\b"
)


@dataclass(frozen=True)
class _Read:
    """A sentence with what is found in it before its figures are read."""

    sentence: Sentence
    folded: str
    places: list[PlaceMention]
    periods: list[PeriodAsk]


def _rounds(headline: Fact, body: list[Fact], exact: bool) -> bool:
    """Does a headline figure repeat the body? A headline printed in the text is part of it:
    only the very same figure is a repeat. A title given apart ('hơn 500 tỉ đồng') adds only
    what the body lacks: a count or an amount within 5% of the body's is the body's, rounded;
    a percentage rounds nothing ('trên 99%' beside the body's 99,09% is a figure of its own)."""
    if exact or headline.unit in ("%", "điểm %"):
        return any(
            (f.kind, f.unit, f.value) == (headline.kind, headline.unit, headline.value)
            for f in body
        )
    return any(
        (f.kind, f.unit) == (headline.kind, headline.unit)
        and abs(f.value - headline.value) <= 0.05 * abs(f.value)
        for f in body
    )


def _sentence_candidates(one: _Read, article: _Article) -> list[Candidate]:
    sentence, folded, places, found = one.sentence, one.folded, one.places, one.periods
    periods = [] if target_opening(folded) else sentence_periods(found, folded)
    all_periods = [(p.start, p.end) for p in found]
    mentions = find_mentions(sentence.text, folded, all_periods)
    for_all = [m.span() for m in _FOR_ALL.finditer(folded)]
    blanks = all_periods + [(p.start, p.end) for p in places] + agency_spans(folded, places)
    readings = SentenceReader(sentence.text, mentions, article.resolver, blanks + for_all).read()
    if sentence.text.endswith(":") and periods:  # "Kết quả 9 tháng đầu năm 2023:" heads a list
        article.trail.for_figure(periods, len(sentence.text))
    out = []
    for reading in readings:
        ask = article.trail.for_figure(periods, reading.mention.start)
        place = article.places.for_figure(places, reading.mention.start, sentence.paragraph, folded)
        if any(end <= reading.mention.start for _, end in for_all):
            # 'tất cả 63 tỉnh, thành phố đạt … trên 90%': a rule for every province, not a result
            # nor this province's own target
            place = Placed(NATIONAL, "quy định chung cho mọi tỉnh")
            if reading.kind in ("value", "plan"):
                reading = replace(reading, kind="target")
        candidate = _candidate(reading, sentence, article, ask is None, place)
        if candidate is not None:
            out.append(candidate)
    article.places.leave_sentence(places, sentence.paragraph, folded)
    return out


def _period(reading: Reading, article: _Article) -> Period | None:
    """A baseline's value is for its earlier period, a target for its year; the rest for the
    article's current period, or as of publication when the article names none."""
    trail = article.trail
    if reading.baseline is not None:
        trail.why = "kỳ được so sánh"
        return trail.baseline(reading.baseline, article.today)
    if reading.kind == "target":
        year = reading.target_year or trail.target_year()
        trail.why = "năm của chỉ tiêu"
        return trail.period(PeriodAsk(label=f"năm {year}", year=year))
    return trail.period(trail.current or trail.publication_fallback())


def _candidate(
    reading: Reading, sentence: Sentence, article: _Article, fallback: bool, place: Placed
) -> Candidate | None:
    period = _period(reading, article)
    if period is None:
        return None
    confidence = reading.confidence - (0.15 if fallback else 0.0)
    if place.guessed:
        confidence -= 0.2
    try:
        fact = Fact(
            metric=reading.metric.id,
            kind=reading.kind,
            value=round(reading.value, 6),
            value_text=reading.mention.text,
            hedge=reading.mention.hedge,
            unit=reading.unit,
            of=reading.of,
            compared_to=reading.compared_to,
            period=period,
            region=place.name,
            source=article.source.id,
            quote=sentence.text,
        )
    except ValidationError:
        return None  # a figure that cannot be stated completely is left to the admin
    return Candidate(
        metric_id=reading.metric.id if reading.known else None,
        metric_name=reading.metric.name,
        fact=fact,
        new_metric=None if reading.known else reading.metric,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        place_from=place.why,
        period_from=article.trail.why,
    )


def _without_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """A figure said twice (a repeated lead, a summary at the end) is kept once, the first time.
    Counts and amounts rarely coincide, so they repeat whatever the metric's words were;
    percentages do coincide, so they must agree on metric and period too."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for candidate in candidates:
        fact = candidate.fact
        key: tuple[object, ...] = (fact.kind, fact.value, fact.unit, fact.region)
        if fact.unit in ("%", "điểm %"):
            key += (fact.metric, fact.period)
        if key in seen:
            continue
        seen.add(key)
        kept.append(candidate)
    return kept
