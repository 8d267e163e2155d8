"""One dispatch table: the kind of answer a question wants → the strategy that gives it.

Like Data Commons' NL fulfillment (`QUERY_HANDLERS`): the engine reads the question into an
`Asked`, `choose_kind` picks its kind with the ordered RULES (first match wins; "single" when
none does), and STRATEGIES[kind] turns it into an Answer. A new kind of answer is one module
with `wanted(asked, kb)` and `answer(asked, kb)`, one line in RULES and one in STRATEGIES.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.answer import (
    ambiguous,
    compare_places,
    lacking,
    no_data,
    not_found,
    ranking,
    several,
    single,
    targets,
    trend,
    two_periods,
)
from knowledge.answer.asked import Asked, Kind
from knowledge.answer.lookup import Lookup
from knowledge.answer.results import Answer

Strategy = Callable[[Asked, Lookup], Answer]
Rule = Callable[[Asked, Lookup], bool]

STRATEGIES: dict[Kind, Strategy] = {
    "not_found": not_found.answer,
    "ambiguous": ambiguous.answer,
    "no_place": no_data.no_place,
    "single": single.answer,
    "periods": two_periods.answer,
    "trend": trend.answer,
    "several": several.answer,
    "overview": lambda asked, kb: (
        compare_places.overview(asked, kb)
        if compare_places.wanted(asked)
        else several.overview(asked, kb)
    ),
    "target": targets.answer,
    "places": compare_places.answer,
    "ranking": ranking.answer,
    "group": lacking.group_answer,
    "inside": lacking.inside_answer,
}


def _no_place(asked: Asked, kb: Lookup) -> bool:
    return not kb.facts(asked.metric.id, asked.region)


# For a question whose metric is known, in order; kinds about several places (compared,
# ranked) go before "no_place", which is about the one place asked.
RULES: list[tuple[Kind, Rule]] = [
    ("group", lambda asked, kb: lacking.group_wanted(asked)),
    ("ranking", lambda asked, kb: ranking.wanted(asked)),
    ("places", lambda asked, kb: compare_places.wanted(asked)),
    ("inside", lacking.inside_wanted),
    ("no_place", _no_place),
    ("trend", lambda asked, kb: trend.wanted(asked)),
    ("target", lambda asked, kb: targets.wanted(asked)),
    ("periods", lambda asked, kb: two_periods.wanted(asked)),
]


def choose_kind(asked: Asked, kb: Lookup) -> Kind:
    return next((kind for kind, wanted in RULES if wanted(asked, kb)), "single")


def fulfil(asked: Asked, kb: Lookup) -> Answer:
    return STRATEGIES[asked.kind](asked, kb)
