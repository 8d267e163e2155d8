"""What a figure measures: the words around it → an existing metric, or a proposed new one.

The phrase naming a figure is read into concepts with the same lexicon the question engine uses,
so an article's "số người tham gia BHXH tự nguyện" lands on the metric a user's "bhxh tn" finds.
Matching is stricter than for questions: an article phrase that says more than a metric
("khắc phục số tiền nợ quỹ BHXH" is not "nợ BHXH") becomes a new metric for an admin to review,
because a wrong existing metric would answer questions with the wrong figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.model import Metric
from knowledge.understand.folding import fold
from knowledge.understand.lexicon import SCHEMES
from knowledge.understand.matching import MetricIndex
from knowledge.understand.question import Concepts, read_concepts

# Measures that tell metrics apart; people/join/total/money are how they are counted.
CORE = frozenset({"RATE", "COVERAGE", "LABOUR", "POPULATION", "REVENUE", "DEBT", "UNITS"})
MEASURES = CORE | {"PEOPLE", "JOIN"}
NAMING = CORE | frozenset(SCHEMES) | {"JOIN"}  # what words name beyond the unit they count in
MONEY_MEASURES = frozenset({"REVENUE", "DEBT", "MONEY"})
FAMILY_CONCEPT = {"people": "PEOPLE", "units": "UNITS", "money": "MONEY"}

# Words of report prose that say nothing about what is measured.
PROSE = frozenset(
    fold(w)
    for w in """
thực hiện công tác kết quả cụ thể đồng thời ngoài ra đặc biệt đáng chú ý như sau gồm bao gồm tính
lũy luỹ kế riêng lẻ còn đã được mới ước cho biết nâng lên toàn thành phố huyện hệ thống một số địa
phương tốt phát triển ngày càng qua đó trên bàn
""".split()
)


_BENEFIT = re.compile(r"\b(?:huong|nhan|rut|chi tra|giai quyet)\b")


def scheme_label(concepts: Concepts) -> str:
    """BHXH + BB → 'BHXH bắt buộc'; several schemes → 'BHXH, BHYT, BHTN'."""
    schemes = [s for s in SCHEMES if s in concepts.schemes]
    if schemes == ["BHXH"] and concepts.subtypes:
        return "BHXH bắt buộc" if "BB" in concepts.subtypes else "BHXH tự nguyện"
    return ", ".join(schemes)


def core(concepts: Concepts) -> frozenset[str]:
    return concepts.concepts & CORE


def has_measure(concepts: Concepts) -> bool:
    return bool(concepts.concepts & MEASURES)


def family_of(concepts: Concepts) -> str:
    """What a metric counts, judged from its names: a rate, money, units or people."""
    found = concepts.concepts
    if "RATE" in found:
        return "percent"
    if found & MONEY_MEASURES:
        return "money"
    return "units" if "UNITS" in found else "people"


@dataclass(frozen=True)
class Descriptor:
    """The words that name a figure: as written (for a new metric's name) and as concepts."""

    phrase: str
    concepts: Concepts
    unknown: tuple[str, ...]
    after: str = ""  # the words after the figure ('người hưởng chế độ ốm đau'): a noun phrase
    named: frozenset[str] = frozenset()  # concepts from the words alone, not from the unit
    qualified: bool = False  # 'phát triển mới được 1.520 người …': not the plain count

    @property
    def names_measure(self) -> bool:
        """Do the words themselves name a scheme or a measure, or joining ('số người tham gia'),
        not just the unit ('toàn tỉnh có 12.345 đơn vị')?"""
        return bool(self.named & NAMING)

    @property
    def names_something(self) -> bool:
        """Do the words name a scheme or a measure beyond the unit ('BHYT tăng 4,7%'), or
        unknown words?"""
        return bool((self.concepts.concepts - {"UNITS"}) & NAMING or self.unknown)

    @property
    def specific(self) -> bool:
        """Do the words say more than any metric would: unknown words, a procedure
        ('điều chỉnh mức đóng BHXH'), a verb that qualifies the count ('phát triển mới được')?"""
        return bool(self.unknown) or "HOWTO" in self.named or self.qualified

    def with_concepts(self, *extra: str, schemes_from: Concepts | None = None) -> Descriptor:
        """Add concepts; a phrase that names no scheme takes those of the figure before it."""
        found = set(self.concepts.concepts) | set(extra)
        if schemes_from is not None and not self.concepts.schemes:
            found |= schemes_from.schemes | schemes_from.subtypes
        return Descriptor(
            self.phrase,
            Concepts(frozenset(found), self.concepts.words),
            self.unknown,
            self.after,
            self.named,
            self.qualified,
        )


def describe(
    before: str, vocabulary: frozenset[str], family: str, after: str = "", qualified: bool = False
) -> Descriptor:
    """Read the words before a figure and after it (and the figure's unit family) into concepts.

    Unknown words are the words that say more than a metric does ('khắc phục số tiền nợ …',
    '3.456 người hưởng trợ cấp thất nghiệp'). Words before the figure that name nothing at all
    are the clause's own business ('ông … cho biết năm 2022 toàn tỉnh có 50.000 người tham gia
    BHXH'), so they only count when they name something."""
    phrase = f"{before} {after}".strip()
    concepts, _ = read_concepts(fold(phrase), vocabulary)
    before_concepts, before_unknown = read_concepts(fold(before), vocabulary)
    unknown = before_unknown if before_concepts.concepts else []
    unknown = [*unknown, *read_concepts(fold(after), vocabulary)[1]]
    named = concepts.concepts
    unit_concept = FAMILY_CONCEPT.get(family)
    if unit_concept:
        concepts = Concepts(concepts.concepts | {unit_concept}, concepts.words)
    unknown = [w for w in unknown if w not in PROSE]
    return Descriptor(phrase, concepts, tuple(unknown), after, named, qualified)


_SPELLED = {
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "BHTN": "bảo hiểm thất nghiệp",
    "Tỷ lệ": "Tỉ lệ",
}


def aliases_for(name: str, written: Sequence[str] = ()) -> tuple[str, ...]:
    """Other names a question may use for a new metric: the abbreviations spelled out, and the
    article's own words when they are a clean phrase saying the same thing (not 'chiếm tỷ lệ'
    or 'với số tiền')."""
    found: list[str] = []
    spelled = name
    for short, long in _SPELLED.items():
        spelled = spelled.replace(short, long)
    found.append(spelled)
    name_words = set(fold(name).split()) - {"so", "tong", "ty", "le", "cua", "va"}
    for phrase in written:
        words = fold(phrase).split()
        if len(words) >= 3 and len(set(words) & name_words) >= 2 and len(words) <= 12:
            found.append(phrase.strip(" ,.;:"))
    unique = dict.fromkeys(a for a in found if a and fold(a) != fold(name))
    return tuple(unique)


def _fits(alias: Concepts, wanted: Concepts, union: frozenset[str]) -> bool:
    """An alias fits when schemes agree and it measures what the phrase measures, no more."""
    if alias.subtypes != wanted.subtypes:
        return False
    if alias.schemes != wanted.schemes and (wanted.schemes or len(alias.schemes) not in (0, 3)):
        return False
    return core(alias) <= core(wanted) <= union


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")
    return slug[:60].rstrip("_") or "chi_so"


class MetricResolver:
    """Existing metrics ready to be matched, and the new ones proposed while reading."""

    def __init__(self, metrics: Iterable[Metric]):
        self.metrics = {m.id: m for m in metrics}
        self._index = MetricIndex(self.metrics.values())
        self.vocabulary = self._index.vocabulary
        self._read: dict[str, Concepts] = {}  # the same pieces are read again for each figure
        self._by_name: dict[str, Metric] = {}
        self._aliases: dict[str, list[Concepts]] = {}
        self._whole: dict[str, Concepts] = {}
        for metric in self.metrics.values():
            names = (metric.name, *metric.aliases)
            for name in names:
                self._by_name.setdefault(fold(name), metric)
            aliases = [self.concepts_of_text(t) for t in names]
            self._aliases[metric.id] = aliases
            self._whole[metric.id] = Concepts(frozenset().union(*(a.concepts for a in aliases)))
        self._proposed: dict[str, Metric] = {}
        self._existing: dict[tuple[object, ...], Metric | None] = {}

    def concepts_of_text(self, text: str) -> Concepts:
        if text not in self._read:
            self._read[text] = read_concepts(fold(text), self.vocabulary)[0]
        return self._read[text]

    def describe_text(self, text: str, family: str) -> Descriptor:
        return describe(text, self.vocabulary, family)

    def named(self, name: str) -> Metric | None:
        """An existing metric of exactly this name or alias."""
        return self._by_name.get(fold(name))

    def concepts_of(self, metric: Metric) -> Concepts:
        """Everything a metric's names say (a proposed metric: its name)."""
        whole = self._whole.get(metric.id)
        return whole if whole is not None else Concepts(self.concepts_of_text(metric.name).concepts)

    def existing(self, wanted: Descriptor, family: str, strict: bool) -> Metric | None:
        """The existing metric the phrase clearly names; `strict` refuses unexplained words,
        phrases that name nothing but the unit ('toàn tỉnh có 12.345 đơn vị') and procedures
        ('điều chỉnh mức đóng BHXH cho 209 lao động')."""
        if strict and (wanted.specific or not wanted.names_measure):
            return None
        if _BENEFIT.search(fold(wanted.phrase)):
            return None  # 'số người nhận BHXH một lần' are paid, not insured: never a coverage
        key = (wanted.concepts.concepts, wanted.concepts.words, wanted.unknown, family)
        if key not in self._existing:  # the same words recur figure after figure
            self._existing[key] = self._existing_uncached(wanted, family)
        return self._existing[key]

    def _existing_uncached(self, wanted: Descriptor, family: str) -> Metric | None:
        if family == "percent" and wanted.unknown:
            return None  # 'tỷ lệ học sinh, sinh viên tham gia BHYT' is not the coverage rate
        for candidate in self._index.rank(wanted.concepts):
            aliases = self._aliases[candidate.metric_id]
            union = frozenset().union(*(core(a) for a in aliases))
            if family_of(self._whole[candidate.metric_id]) != family:
                continue
            if any(_fits(alias, wanted.concepts, union) for alias in aliases):
                return self.metrics[candidate.metric_id]
        return None

    def propose(self, name: str, written: Sequence[str] = ()) -> Metric:
        """A new metric for a name (the same one for the same name within an import)."""
        slug = _slug(name)
        if slug in self._proposed:
            return self._proposed[slug]
        metric_id, n = slug, 2
        while metric_id in self.metrics:
            metric_id, n = f"{slug}_{n}", n + 1
        metric = Metric(id=metric_id, name=name, aliases=aliases_for(name, written))
        self._proposed[slug] = metric
        return metric
