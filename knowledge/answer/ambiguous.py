"""Ambiguous: two or more metrics fit the question about equally. The choices, each with its
latest figure as a preview, and a button for each."""

from __future__ import annotations

from knowledge.answer.asked import Asked
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer, Suggestion

MAX_CHOICES = 4


def answer(asked: Asked, kb: Lookup) -> Answer:
    choices = tuple(
        (metric, kb.latest_value(metric.id, asked.region)) for metric in asked.metrics[:MAX_CHOICES]
    )
    suggestions = tuple(
        Suggestion(m.name, kb.question_for(m, fig.fact.period.label if fig else "", asked.region))
        for m, fig in choices
    )
    return Answer(
        "ambiguous", asked.text, region=asked.region, choices=choices, suggestions=suggestions
    )
