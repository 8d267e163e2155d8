"""What was asked, resolved against the knowledge: the kind of answer, the metric(s), the place,
the periods and the aspect. Strategies read only this (never the raw text), so a follow-up can
hand them a question completed from the conversation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.model import Metric
from knowledge.understand.periods import PeriodAsk
from knowledge.understand.question import Question

Kind = Literal[
    "not_found",  # nothing in the knowledge fits (greeting, how-to, unknown subject)
    "ambiguous",  # two or more metrics fit about equally
    "no_place",  # the metric exists, but not for the place asked
    "single",  # one figure of one metric, place and period
    "periods",  # one metric, two periods compared (or against a baseline)
    "trend",  # one metric over every stored period
    "several",  # several metrics in one question
    "places",  # one metric, two places compared
    "ranking",  # the places the knowledge holds, highest or lowest first
    "overview",  # a place named and nothing else: its latest figures
    "target",  # the target asked for ("chỉ tiêu … năm 2020"), or "đạt chỉ tiêu chưa"
    "group",  # a group the knowledge does not break out ("học sinh", "hộ nghèo"): no data
    "inside",  # a district or commune of a province that has figures: no data of its own
]


@dataclass(frozen=True)
class Asked:
    """A question as the strategies see it.

    metrics: the metric asked for (one), the metrics asked for ("several"), or the close
    candidates ("ambiguous"). places: the place(s) the answer is about, first is the main one
    (the default region when none was named). periods: the periods named, "latest" included;
    baselines: periods written after "so với".
    """

    question: Question
    kind: Kind
    metrics: tuple[Metric, ...] = ()
    places: tuple[str, ...] = ()
    periods: tuple[PeriodAsk, ...] = ()
    baselines: tuple[PeriodAsk, ...] = ()
    aspects: frozenset[str] = frozenset()
    reason: str | None = None  # not_found: why nothing fits (see results.Answer.reason)
    span: tuple[int, int] | None = None  # "từ 2017 đến 2021"
    targets: tuple[PeriodAsk, ...] = ()  # years a goal is for: "chỉ tiêu năm 2021"
    carried: tuple[str, ...] = ()  # what a follow-up took from the question before, as shown
    named_place: bool = False  # the place was named (in this question or the one it follows)
    places_compared: bool = False  # "so với cả nước?" after a question about one place

    @property
    def text(self) -> str:
        return self.question.text

    @property
    def metric(self) -> Metric:
        return self.metrics[0]

    @property
    def region(self) -> str:
        return self.places[0]

    @property
    def named_periods(self) -> list[PeriodAsk]:
        """The periods named, without "latest" ("hiện nay", "mới nhất")."""
        return [p for p in self.periods if not p.latest]
