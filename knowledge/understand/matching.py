"""Question concepts → ranked metrics.

Every metric name and alias is read into concepts once. A question is scored against each
alias in two parts: the scheme (BHXH / BHYT / BHTN and BB / TN), where a conflict rules the
metric out, and what is measured (people, rate, coverage, revenue, debt …), a weighted bag.
Scoring metric names, not facts, keeps a question fast however many facts there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.model import Metric
from knowledge.understand.folding import fold, nfc, token_spans, tokens
from knowledge.understand.lexicon import FILLER_SPELLINGS, FILLERS, known_words
from knowledge.understand.question import Concepts, content_key, read_concepts, reading

WEIGHTS: dict[str, float] = {
    "RATE": 2.5,
    "COVERAGE": 2.5,
    "POPULATION": 1.5,
    "LABOUR": 2.5,
    "REVENUE": 3.0,
    "DEBT": 3.0,
    "UNITS": 2.5,
    "PEOPLE": 1.5,
    "JOIN": 1.0,
    "TOTAL": 0.7,
    "MONEY": 1.0,
    "HOWTO": 3.0,  # benefits, spending…: a metric named with them measures something else
}
WORD_WEIGHT = 1.0  # a word of an alias the lexicon does not know (admins' own metrics)
DEFAULT_MEASURE = frozenset({"PEOPLE", "JOIN"})  # "BHXH TN" alone asks how many people
GENERIC = frozenset({"UNITS", "MONEY", "TOTAL", "POPULATION"})  # not about insurance alone
MIN_SCORE = 2.0
EXACT_BONUS = 6.0  # the question is word for word one of the metric's aliases
UNEXPLAINED = 0.8  # the question asks for something the metric does not measure
UNASKED = 0.5  # the metric measures something the question did not ask
# an admin's own word in an alias ("hưởng trợ cấp", "một lần") says what sets the metric apart:
# a question that never says it is not about that metric ("BHTN" is not "người hưởng trợ cấp")
UNASKED_WORD = 1.0
STRONG = 2.0
STRONG_TOGETHER = 2.5  # "người tham gia" (people + join) is a question on its own


@dataclass(frozen=True)
class Candidate:
    metric_id: str
    score: float
    alias: str
    strong: bool  # a scheme or a weighty measure matched, not just filler-level overlap


def _weight(feature: str) -> float:
    return WEIGHTS.get(feature, WORD_WEIGHT)


def question_measures(q: Concepts) -> frozenset[str]:
    """What the question measures; a percent that belongs to an aspect ("% kế hoạch") is not."""
    measures = q.measures
    if "PERCENT" in measures:
        measures -= {"PERCENT"}
        if not q.aspects & {"PLAN", "CHANGE", "GAP"}:
            measures |= {"RATE"}  # a target in % is the target of a rate
    return measures


def _scheme_score(q: Concepts, a: Concepts) -> float:
    asked, offered = q.schemes, a.schemes
    if not asked:
        return 1.0 if len(offered) != 1 else 0.0  # no scheme named: all-scheme metrics fit best
    if asked == offered:
        return 3.0
    return 0.5 if asked & offered else -6.0


def _subtype_score(q: Concepts, a: Concepts) -> float:
    asked, offered = q.subtypes, a.subtypes
    if asked and offered:
        return 2.5 if asked & offered else -6.0
    if asked:
        return -2.0
    return -1.5 if offered else 0.0


@dataclass(frozen=True)
class Asked:
    """The question's side of scoring, worked out once per question, not once per alias."""

    concepts: Concepts
    measures: frozenset[str]
    optional: frozenset[str]  # "plan completion rate": a rate that belongs to an aspect
    default: bool  # no measure named: "BHXH TN" asks how many people

    @classmethod
    def of(cls, q: Concepts) -> Asked:
        measures = question_measures(q)
        aspect = q.aspects & {"PLAN", "CHANGE", "GAP", "TARGET"}
        return cls(q, measures, frozenset({"RATE"} if aspect else ()), not (measures - {"TOTAL"}))


def score(asked: Asked, a: Concepts) -> tuple[float, bool]:
    """How well an alias fits a question, and whether the fit rests on something substantial."""
    q = asked.concepts
    offered = a.measures - {"PERCENT"}
    matched = asked.measures & offered
    gained = sum(_weight(f) for f in matched)
    unexplained = sum(_weight(f) for f in asked.measures - offered - asked.optional)
    unasked = sum(
        _weight(f) * (UNASKED_WORD / UNASKED if f.islower() else 1.0)
        for f in offered - asked.measures
        if not (asked.default and f in DEFAULT_MEASURE)
    )
    total = (
        _scheme_score(q, a)
        + _subtype_score(q, a)
        + gained
        - UNEXPLAINED * unexplained
        - UNASKED * unasked
    )
    # "Lạng Sơn có bao nhiêu huyện": units, money, totals are not about insurance on their own
    insured = sum(_weight(f) for f in matched - GENERIC)
    strong = (
        bool(q.schemes & a.schemes)
        or any(_weight(f) >= STRONG for f in matched - GENERIC)
        or insured >= STRONG_TOGETHER
    )
    return total, strong


def _hidden_words(alias: str) -> set[str]:
    """Words of the alias that fold onto a filler they are not: "chi" (to spend) folds onto
    "chị". Dropped as fillers, "chi bảo hiểm thất nghiệp" would read, and key, as the bare
    scheme name, and "bảo hiểm thất nghiệp" would ask for money paid out."""
    marked, folded = nfc(alias).lower(), fold(nfc(alias))
    if len(marked) != len(folded):
        return set()
    spans = token_spans(folded)
    words = [word for word, _, _ in spans]
    return {
        words[i]
        for i, _, concept in reading(words)
        if concept is None
        and words[i] in FILLERS
        and marked[spans[i][1] : spans[i][2]] not in FILLER_SPELLINGS[words[i]]
    }


class MetricIndex:
    """Metric aliases read into concepts, ready to rank questions against."""

    def __init__(self, metrics: Iterable[Metric]):
        aliases = [(m.id, text, fold(nfc(text))) for m in metrics for text in (m.name, *m.aliases)]
        lexicon = known_words()
        words = {w for _, _, folded in aliases for w in tokens(folded)}
        hidden = {w for _, text, _ in aliases for w in _hidden_words(text)}
        self.vocabulary = frozenset(
            w for w in words if w.isalpha() and w not in FILLERS and w not in lexicon
        ) | frozenset(hidden)
        self._aliases: list[tuple[str, str, Concepts]] = []
        self._exact: dict[tuple[str, ...], str] = {}  # alias words → metric
        for metric_id, text, folded in aliases:
            concepts, _ = read_concepts(folded, self.vocabulary, marked=nfc(text))
            self._aliases.append((metric_id, text, concepts))
            key = content_key(folded, frozenset(_hidden_words(text)))
            if key:
                self._exact.setdefault(key, metric_id)

    def schemes_of(self, candidate: Candidate) -> frozenset[str]:
        """The schemes the candidate's best alias names."""
        return next(
            (
                c.schemes
                for metric_id, text, c in self._aliases
                if metric_id == candidate.metric_id and text == candidate.alias
            ),
            frozenset(),
        )

    def rank(self, question: Concepts, key: tuple[str, ...] = ()) -> list[Candidate]:
        """Metrics best first, one entry per metric (its best alias).

        A question that says word for word what an alias says (an admin may have added it from
        the unanswered questions) is that metric, whatever the concepts make of it.
        """
        best: dict[str, Candidate] = {}
        exact = self._exact.get(key) if key else None
        asked = Asked.of(question)
        for metric_id, text, concepts in self._aliases:
            value, strong = score(asked, concepts)
            if metric_id == exact:
                value, strong = value + EXACT_BONUS, True
            current = best.get(metric_id)
            if current is None or value > current.score:
                best[metric_id] = Candidate(metric_id, round(value, 3), text, strong)
        return sorted(best.values(), key=lambda c: -c.score)
