"""What the engine returns: plain data, no markup (replies/ turns it into HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.model import Fact, Metric, Source
from knowledge.understand.followup import Topic

Status = Literal["answered", "ambiguous", "not_found", "no_data"]


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
class PlaceFigures:
    """One metric in several places (or one place's periods), side by side or ranked."""

    figures: tuple[Figure, ...]  # in the order shown; a ranking's first is the answer
    order: Literal["compare", "highest", "lowest"] = "compare"
    over: Literal["places", "periods"] = "places"
    difference: Comparison | None = None  # two places: the first's figure − the second's
    left_out: tuple[str, ...] = ()  # places the knowledge holds with no figure for the period
    asked_place: str | None = None  # "Lạng Sơn đứng thứ mấy": the place whose rank is asked


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
    reason: str | None = None  # not_found: greeting · thanks · bye · ack · how_to · unknown ·
    # subject (an unknown subject, named in `asked`) · follow_up (a follow-up with nothing before);
    # no_data: group (a group the figures do not break out, named in `asked`) · inside (a
    # district or commune, named in `asked`, of a province that has figures)
    parts: tuple[Answer, ...] = ()  # several metrics: one answer each
    overview: bool = False  # the parts are a place's latest figures (only a place was named)
    steps: tuple[Comparison, ...] = ()  # a trend: the change between consecutive figures
    latest: bool = False  # no period asked: the headline is the latest there is
    age_years: int = 0  # how old the latest figure is (whole years), when `latest`
    instead_of: str | None = None  # "năm nay (2026)": asked, no figure yet; the latest shown
    why: bool = False  # "vì sao …": figures, not explanations
    carried: tuple[str, ...] = ()  # what a follow-up took from the question before
    topic: Topic | None = None  # what the next question of this chat may follow on
    chart: str | None = None  # a complete question whose answer has this chart's history
    places: PlaceFigures | None = None  # places compared or ranked

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
        if self.steps:
            shown += [self.steps[0].earlier, *(step.later for step in self.steps)]
        for part in self.parts:
            shown += list(part.figures)
        if self.places:
            shown += list(self.places.figures)
        return tuple(shown)
