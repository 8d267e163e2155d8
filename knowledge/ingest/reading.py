"""The tools a sentence reader uses: what one figure is (a Reading), the chain of metrics
named so far in the sentence, and the shared steps (the words naming a figure, the metric they
name, the unit of a bare number). The decisions about each figure's kind are in extract_sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.ingest.mentions import MONEY_UNIT_OF_SCALE, Mention
from knowledge.ingest.metrics import MONEY_MEASURES, Descriptor, MetricResolver
from knowledge.ingest.naming import name_for, trim
from knowledge.ingest.spans import SentenceText
from knowledge.model import FactKind, Metric


@dataclass(frozen=True)
class Reading:
    """One figure understood: everything a Fact needs except period, region and source."""

    mention: Mention
    kind: FactKind
    metric: Metric
    known: bool  # an existing metric, not a proposed one
    value: float
    unit: str
    of: str | None = None
    compared_to: str | None = None
    baseline: str | None = None  # the figure is the value of this earlier period
    target_year: int | None = None  # a target for this year ('mục tiêu đến năm 2025')
    confidence: float = 0.9


@dataclass
class Chain:
    """The last metric of each family in the sentence, for figures whose words name nothing."""

    by_family: dict[str, Reading] = field(default_factory=dict)
    last: Reading | None = None
    rate_of: str | None = None

    def remember(self, reading: Reading, family: str) -> None:
        self.by_family[family] = reading
        self.last = reading
        if family == "percent" and reading.of:
            self.rate_of = reading.of

    def base(self, family: str) -> Reading | None:
        return self.by_family.get(family) or self.last


class ReaderBase:
    """One sentence being read: its text and spans, the readings so far, and the chain."""

    def __init__(
        self,
        text: str,
        mentions: list[Mention],
        resolver: MetricResolver,
        blanks: list[tuple[int, int]],
    ):
        self.sentence = SentenceText(text, mentions, blanks, resolver)
        self.resolver = resolver
        self.chain = Chain()
        self.readings: list[Reading] = []
        self.consumed = 0  # where the words of the next figure start

    # -- metrics ------------------------------------------------------------------------------

    def _descriptor(self, mention: Mention, family: str) -> Descriptor:
        return self.sentence.descriptor(self.consumed, mention, family)

    def _resolve(
        self, mention: Mention, descriptor: Descriptor, family: str, strict: bool
    ) -> tuple[Metric, bool] | None:
        """An existing metric when the words clearly name one, else a proposed new metric.
        Words that name no scheme borrow those of the figure before them, when they are a rate
        or a change, or speak of joining ('nâng tổng số người tham gia lên 25.430 người')."""
        last = self.chain.last.metric if self.chain.last else None
        if last is not None and (not strict or "JOIN" in descriptor.named):
            descriptor = descriptor.with_concepts(schemes_from=self.resolver.concepts_of(last))
        found = self.resolver.existing(descriptor, family, strict)
        if found is not None:
            return found, True
        name = name_for(descriptor, family, mention, last.name if last else None)
        if name is None:
            return None
        same = self.resolver.named(name)  # the house wording of a metric the knowledge has
        return (
            (same, True)
            if same
            else (self.resolver.propose(name, [trim(descriptor.phrase)]), False)
        )

    def _family(self, mention: Mention) -> str:
        """A bare number counts people; 'triệu' alone is money when the words speak of money."""
        if mention.family == "bare":
            return "people"
        if mention.family != "scaled":
            return mention.family
        concepts = self._descriptor(mention, "people").concepts.concepts
        return "money" if concepts & MONEY_MEASURES else "people"

    def _unit(self, mention: Mention, family: str, base: Reading | None = None) -> str | None:
        """A bare number takes the unit of the figure it belongs to ('tăng 3.860' người)."""
        if mention.unit:
            return mention.unit
        if family == "money":
            return MONEY_UNIT_OF_SCALE.get(mention.scale)
        if mention.family == "scaled":
            return "người"
        if base is not None and base.unit not in ("%", "điểm %"):
            return base.unit
        return "người" if family == "people" else None

    def _chain_has(self, concept: str) -> bool:
        last = self.chain.last
        return last is not None and concept in self.resolver.concepts_of(last.metric).concepts

    def _reading(
        self,
        mention: Mention,
        kind: FactKind,
        metric: Metric,
        known: bool,
        *,
        sign: float = 1.0,
        unit: str | None = None,
        of: str | None = None,
        compared_to: str | None = None,
        baseline: str | None = None,
        target_year: int | None = None,
        confidence: float = 0.9,
    ) -> Reading:
        value = mention.value * sign
        unit = unit or mention.unit or "người"
        if mention.family == "scaled" and unit == "người":
            value *= mention.scale
        return Reading(
            mention,
            kind,
            metric,
            known,
            value,
            unit,
            of,
            compared_to,
            baseline,
            target_year,
            confidence if known else confidence - 0.2,
        )


def named_or_inherited(
    named: tuple[Metric, bool] | None, inherited: Reading | None
) -> tuple[Metric, bool] | None:
    """The metric a figure's own words name, else the one carried over from the figure it
    continues ('…, còn thiếu 31,5%'); None when there is neither. (metric, known)"""
    if named is not None:
        return named
    return (inherited.metric, inherited.known) if inherited is not None else None
