"""Not found: nothing in the knowledge fits (a greeting, a how-to question, an unknown subject).
A short help follows with example questions the knowledge does answer."""

from __future__ import annotations

from knowledge.answer.asked import Asked
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer


def answer(asked: Asked, kb: Lookup) -> Answer:
    subject = asked.question.subject if asked.reason == "subject" else None
    return Answer(
        "not_found", asked.text, reason=asked.reason, asked=subject, suggestions=kb.examples
    )
