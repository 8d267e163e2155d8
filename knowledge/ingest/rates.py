"""Percentages and targets: a rate of something (of the population, of the labour force, of the
money due), a share of the plan of the figure before it, or a goal.

"bằng 13,42% lực lượng lao động" is the BHXH coverage rate; "đạt 94,1% kế hoạch" after a count is
that count's share of plan (and "kế hoạch" is often left out after the first item of a list);
"phấn đấu 90% dân số tham gia BHYT" and "chỉ tiêu … (35,5%)" are targets, never results.
"""

from __future__ import annotations

import re

from knowledge.ingest.mentions import Mention
from knowledge.ingest.metrics import MONEY_MEASURES, Descriptor, family_of
from knowledge.ingest.naming import name_for
from knowledge.ingest.reading import ReaderBase, Reading, named_or_inherited
from knowledge.ingest.spans import Of
from knowledge.model import FactKind, Metric
from knowledge.understand.folding import fold
from knowledge.understand.question import Concepts

_ACHIEVED = re.compile(r"\b(?:dat|bang|hoan thanh)\s*$")
_ITEM_WORDS = frozenset({"INSURANCE", "RATE", "COVERAGE", "JOIN", "PEOPLE", "TOTAL", "PLAN"})
_RATE_CONCEPT = {"labour": "LABOUR", "population": "POPULATION", "due": "DEBT"}


class RateReader(ReaderBase):
    """The percentage and target readings of a sentence reader."""

    def _percent(self, mention: Mention, kind: FactKind) -> Reading | None:
        """A rate ('86,96% dân số', 'tỷ lệ bao phủ đạt 97,5%') or a share of the plan of the
        figure before it ('đạt 94,1% kế hoạch', 'so với chỉ tiêu (70.544 người) đạt 84%')."""
        of = self.sentence.of(mention)
        descriptor = self._descriptor(mention, "percent")
        if of is not None and self.resolver.concepts_of_text(of.scope).schemes:
            # '90% dân số tham gia BHYT': the words after the figure say what it is a rate of
            descriptor = self.resolver.describe_text(of.scope, "percent")
        found = descriptor.concepts.concepts
        earlier = self.chain.by_family.get("percent")
        follows = earlier is not None and self.chain.last is earlier
        if kind == "value" and of is None and follows and not _names_any(descriptor):
            # 'năm 2018: 91,0%; năm 2019: 92,0%': the next item of a list of the same rate
            assert earlier is not None
            reading = self._reading(mention, "value", earlier.metric, earlier.known, of=earlier.of)
            self.chain.remember(reading, "percent")
            return reading
        debt = "DEBT" in found or self._chain_has("DEBT")
        item = _list_item(descriptor)
        if of is None and item and kind == "value" and not found & {"LABOUR", "POPULATION"}:
            of = self._sibling_plan(mention)  # 'BHTN đạt 92,9%; BHYT đạt 91% kế hoạch'
        of_kind = of.kind if of else None
        plan = of_kind == "plan"
        rate = (found & {"COVERAGE", "LABOUR", "POPULATION"} and not plan) or of_kind in (
            "labour",
            "population",
        )
        if kind == "target" or rate or (of_kind == "due" and debt):
            return self._rate(mention, descriptor, of, kind)
        base = self.chain.last
        if item and plan and of is not None:
            # an item naming its own scheme: its share of plan, not the previous item's
            chosen = self._scheme_metric(descriptor, base, mention)
            if chosen is not None:
                reading = self._reading(mention, "plan", *chosen, of=of.text, confidence=0.85)
                self.chain.last = reading  # what follows in its clause is about this item
                return reading
        if base is not None and (of or self._share_of_count(mention, base, found)):
            plan_of = self._plan_of(mention, of)
            confidence = 0.9 if plan_of else 0.7
            return self._reading(
                mention, "plan", base.metric, base.known, of=plan_of, confidence=confidence
            )
        return self._rate(mention, descriptor, of, kind)

    def _sibling_plan(self, mention: Mention) -> Of | None:
        """The plan another item of the same list is a share of ('kế hoạch' written once)."""
        for other in self.sentence.mentions:
            if other is not mention and other.family == "percent":
                of = self.sentence.of(other)
                if of is not None and of.kind == "plan":
                    return of
        return None

    def _scheme_metric(
        self, descriptor: Descriptor, base: Reading | None, mention: Mention
    ) -> tuple[Metric, bool] | None:
        """What the previous item measured (a count, an amount), for this item's own schemes;
        with no previous count, the number of participants of these schemes."""
        wanted = descriptor.concepts
        if base is not None and base.unit not in ("%", "điểm %"):
            before = self.resolver.concepts_of(base.metric)
            family = family_of(before)
            keep = before.concepts - before.schemes - before.subtypes - {"RATE", "COVERAGE"}
        else:
            family = "money" if wanted.concepts & MONEY_MEASURES else "people"
            keep = (wanted.concepts & MONEY_MEASURES) or frozenset({"PEOPLE", "JOIN"})
        concepts = Concepts(frozenset(keep | wanted.schemes | wanted.subtypes))
        swapped = Descriptor(descriptor.phrase, concepts, (), named=concepts.concepts)
        found = self.resolver.existing(swapped, family, strict=False)
        if found is not None:
            return found, True
        name = name_for(swapped, family, mention, None)
        if name is None:
            return None
        same = self.resolver.named(name)
        return (same, True) if same else (self.resolver.propose(name, []), False)

    def _share_of_count(self, mention: Mention, base: Reading, found: frozenset[str]) -> bool:
        """'… 40.437 người, đạt 93,1%', '711,2 tỷ đồng, đạt tỷ lệ 23,4%': a percent right after
        a count or an amount, naming no denominator, is its share of the plan."""
        if base.unit in ("%", "điểm %"):
            return False
        left = self.sentence.work[self.consumed : mention.start]
        return "RATE" in found or bool(_ACHIEVED.search(left))

    def _plan_of(self, mention: Mention, of: Of | None) -> str | None:
        """What the plan is: written after the figure, named before it ('so với chỉ tiêu giao
        (70.544 người) đạt 84%'), or as for the list's first item ('kế hoạch' dropped after)."""
        if of is not None:
            return of.text
        before = self.sentence.comparator_left_of(mention.start)
        if before is not None and before.kind == "target":
            return before.text
        plans = [r.of for r in self.readings if r.kind == "plan" and r.of]
        return plans[-1] if plans else None

    def _rate(
        self, mention: Mention, descriptor: Descriptor, of: Of | None, kind: FactKind
    ) -> Reading | None:
        of_text, of_kind = (of.text, of.kind) if of is not None else (None, None)
        concepts = ["RATE"] + ([_RATE_CONCEPT[of_kind]] if of_kind in _RATE_CONCEPT else [])
        concepts += _implied_denominator(descriptor, concepts)
        resolved = self._resolve(
            mention, descriptor.with_concepts(*concepts), "percent", strict=False
        )
        if resolved is None:
            return None
        metric, known = resolved
        of_text = of_text or _implied_of(self.resolver.concepts_of(metric).concepts)
        reading = self._reading(
            mention, kind, metric, known, of=of_text, target_year=self._target_year(mention, kind)
        )
        if kind == "value":
            self.chain.remember(reading, "percent")
        return reading

    def _target_year(self, mention: Mention, kind: FactKind) -> int | None:
        return self.sentence.target_year(mention) if kind == "target" else None

    def _target(self, mention: Mention, target: str | None) -> Reading | None:
        """A goal, never a result: 'chỉ tiêu UBND tỉnh giao (35,5%)', 'phấn đấu 100% …'."""
        family = self._family(mention)
        base = self.chain.by_family.get(family)
        if family == "percent" and (target is None or base is None):
            return self._percent(mention, "target")
        descriptor = self._descriptor(mention, family)
        resolved = None
        if base is None or (target is None and descriptor.names_something):
            resolved = self._resolve(mention, descriptor, family, strict=False)
        chosen = named_or_inherited(resolved, base)
        if chosen is None:
            return None
        metric, known = chosen
        of = self.chain.rate_of if family == "percent" else mention.ratio_of
        return self._reading(
            mention,
            "target",
            metric,
            known,
            unit=self._unit(mention, family, base) or "người",
            of=of,
            target_year=self.sentence.target_year(mention),
        )


def _names_any(descriptor: Descriptor) -> bool:
    """Do the words before a percentage name anything at all (a scheme, a measure, a word the
    lexicon does not know)? 'năm 2019:' and 'và' do not."""
    named = descriptor.concepts.concepts - {"PLAN"}
    return bool(named or descriptor.unknown)


def _list_item(descriptor: Descriptor) -> bool:
    """'BHXH tự nguyện đạt', 'tỷ lệ tham gia BHYT đạt': words naming schemes and nothing else
    a metric would be told apart by."""
    concepts = descriptor.concepts
    rest = concepts.concepts - concepts.schemes - concepts.subtypes - _ITEM_WORDS
    return bool(concepts.schemes) and not rest and not descriptor.unknown


def _implied_denominator(descriptor: Descriptor, concepts: list[str]) -> list[str]:
    """A rate of people that names no denominator: 'tỷ lệ lao động tham gia BHXH' is of the
    labour force, 'tỷ lệ người tham gia bảo hiểm y tế' of the population."""
    found = descriptor.concepts.concepts | set(concepts)
    if found & {"LABOUR", "POPULATION", "COVERAGE", "DEBT"}:
        return []
    if "lao dong" in fold(descriptor.phrase):
        return ["LABOUR"]
    if not found & {"PEOPLE", "JOIN"}:
        return []
    return ["POPULATION"] if "BHYT" in found else ["LABOUR"] if found & {"BHXH", "BHTN"} else []


def _implied_of(concepts: frozenset[str]) -> str | None:
    """A coverage rate unstated is of the population; a labour rate, of the labour force."""
    if "LABOUR" in concepts:
        return "lực lượng lao động"
    if concepts & {"POPULATION", "COVERAGE"} and "BHYT" in concepts:
        return "dân số"
    return None
