"""Reading one sentence: for each figure, its kind, metric, unit, what it is of and compared to.

Report sentences chain their figures: "Tổng thu … 909 tỷ đồng, đạt 60,6% kế hoạch, tăng 11% so với
cùng kỳ" names the metric once, and the figures after it belong to it unless their own words name
another. So figures are read left to right, each taking the words since the previous figure, and a
chain remembers the last metric of each family (people, money, units, rates) for the figures whose
words name nothing ("đạt 94,1% kế hoạch", "(khoảng 157.700 người)", "tăng 3.860 (7%)").
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.ingest.mentions import Mention
from knowledge.ingest.metrics import MONEY_MEASURES, Descriptor, family_of
from knowledge.ingest.naming import trim
from knowledge.ingest.rates import RateReader
from knowledge.ingest.reading import Reading, named_or_inherited
from knowledge.ingest.spans import Comparator
from knowledge.model import Metric
from knowledge.understand.question import Concepts

_VERB = re.compile(
    r"(?:^|[\s(])(tang them|tang(?! len)|giam di|giam(?! xuong)|cao hon|thap hon|nhieu hon|"
    r"it hon|vuot|con thieu|thieu|hut)\s*$"
)
_VERB_TARGET = re.compile(
    r"(?:^|[\s(])(vuot|con thieu|thieu|cao hon|thap hon)\s+((?:chi tieu|muc tieu|ke hoach)"
    r"[^,;()]*?)\s*$"
)
_STILL_NEEDED = re.compile(
    r"\bcon (?:phai|thieu|can)\b.*?((?:chi tieu|muc tieu|ke hoach)"
    r"[^,;()]*?)\s*(?:\bla\b|:)?\s*$"
)
_TARGET_CLAUSE = re.compile(
    r"\b(?:chi tieu|muc tieu|ke hoach|phan dau|phai (?:thu )?dat|can (?:thu )?dat)\b"
)
# 'Theo kế hoạch, …', 'Mục tiêu năm 2025: …': every figure of the sentence is a goal
_TARGET_OPENING = re.compile(r"^\W*(?:theo (?:ke hoach|muc tieu|chi tieu)|muc tieu|chi tieu)\b")
# 'còn phải phát triển 2 triệu người': what is still to be added to reach the year's plan
_STILL_TO_ADD = re.compile(r"\bcon phai (?:phat trien|thu|tang|van dong)\b[^,;()]*?$")
_NOT_A_GOAL = re.compile(r"\b(?:so voi|hien|da|thuc hien|uoc|cung ky|nam truoc|den nay)\b")
_RESTATED = re.compile(r"\s*(?:\(|,?\s*(?:tuong duong|tuc la|tuc)\s*\(?)\s*")
_LIST_GLUE = re.compile(r"[\s,;]*(?:va\s*)?(?:co\s*)?")
_AND = re.compile(r"\s*,?\s*va\s*")
_NEGATIVE = frozenset(
    {"giam", "giam di", "giam xuong", "thap hon", "it hon", "con thieu", "thieu", "hut"}
)
_GAP_VERBS = frozenset({"vuot", "con thieu", "thieu", "hut"})
DEFAULT_COMPARED = "kỳ trước (nguồn không nêu rõ)"


def target_opening(folded: str) -> bool:
    """Does the sentence open as a goal ('Theo kế hoạch, …', 'Mục tiêu …')?"""
    return bool(_TARGET_OPENING.match(folded))


class SentenceReader(RateReader):
    """The figures of one sentence, read left to right."""

    def read(self) -> list[Reading]:
        for index, mention in enumerate(self.sentence.mentions):
            ceremony = self.sentence.ceremony(self.consumed, mention)
            reading = None if ceremony else self._read(index, mention)
            if reading is not None:
                self.readings.append(reading)
            self.consumed = max(self.consumed, self.sentence.consumed_end(index))
        return self.readings

    def _read(self, index: int, mention: Mention) -> Reading | None:
        """Brackets first (a baseline, a target, a restatement), then the verb before the
        figure (a gap, a change), then a target clause, then a percent or a plain value."""
        if self.sentence.in_parens(mention):
            before = self.sentence.comparator_before_paren(mention)
            if before is not None:
                return self._after_comparator(mention, before)
        if self._restates(index, mention):
            return self._restatement(mention)
        around = self.sentence.target_around(mention)
        if around is not None:
            return self._target(mention, around.text)
        left = self.sentence.work[self.consumed : mention.start]
        target_verb = _VERB_TARGET.search(left)
        if target_verb:
            return self._gap(mention, target_verb.group(1), self._left_text(target_verb, 2))
        still = _STILL_NEEDED.search(left)
        if still:
            return self._gap(mention, "con thieu", self._left_text(still, 1))
        if _STILL_TO_ADD.search(left) or self._continues("gap", left):
            return self._gap(mention, "con thieu", "chỉ tiêu")
        verb = _VERB.search(left)
        if verb:
            return self._change_or_gap(mention, verb.group(1))
        if mention.family == "bare":
            mention = self._parallel_amount(mention) or mention
        if mention.family == "bare":
            return None
        if self._target_clause(left):
            return self._target(mention, None)
        if mention.family == "percent":
            return self._percent(mention, "value")
        return self._value(mention)

    def _parallel_amount(self, mention: Mention) -> Mention | None:
        """'thu BHXH phải đạt 191.392 tỷ đồng; thu BHTN phải đạt 12.941;': an amount in a list
        of amounts, its unit left out, is in the unit of the amount before it."""
        previous = self.readings[-1] if self.readings else None
        if previous is None or previous.mention.family != "money":
            return None
        named = self._descriptor(mention, "money").concepts.concepts
        if not named & MONEY_MEASURES:
            return None
        return replace(mention, unit=previous.unit, family="money")

    def _left_text(self, match: re.Match[str], group: int) -> str:
        return self.sentence.written(
            self.consumed + match.start(group), self.consumed + match.end(group)
        )

    def _restates(self, index: int, mention: Mention) -> bool:
        """'(7%)' right after 'tăng 3.860', ', tương đương 12,3%': the same figure again."""
        if not self.readings:  # none yet: the first figure read restates nothing
            return False
        previous = self.sentence.mentions[index - 1]
        between = self.sentence.work[previous.end : mention.start]
        return self.readings[-1].mention is previous and bool(_RESTATED.fullmatch(between))

    def _target_clause(self, left: str) -> bool:
        """'Chỉ tiêu … là', 'phấn đấu …', and the items listed after a target ('…; 25% …')."""
        piece = re.split(r"[,;:()]", left)[-1]
        if _TARGET_CLAUSE.search(piece) and "so voi" not in piece:
            return True
        if _TARGET_OPENING.match(self.sentence.work) and not _VERB.search(left):
            return True
        return self._continues("target", left) or self._next_goal(left)

    def _next_goal(self, left: str) -> bool:
        """'phấn đấu tỷ lệ bao phủ BHYT đạt 94,5%; tỷ lệ … tham gia BHXH đạt 26%': the next item
        of a ';' list opened by a goal is a goal too, unless it says it is a result or a change
        or names a period of its own (its own digits)."""
        previous = self.readings[-1] if self.readings else None
        if previous is None or previous.kind != "target" or not left.lstrip().startswith(";"):
            return False
        return not (_VERB.search(left) or _NOT_A_GOAL.search(left) or re.search(r"\d", left))

    def _continues(self, kind: str, left: str) -> bool:
        """'… còn phải phát triển 2 triệu người tham gia BHXH và 5,5 triệu người tham gia
        BHYT': an item joined to a gap or a target is one too."""
        previous = self.readings[-1] if self.readings else None
        glue = _LIST_GLUE if kind == "target" else _AND  # a gap continues only with 'và'
        return previous is not None and previous.kind == kind and bool(glue.fullmatch(left))

    # -- kinds --------------------------------------------------------------------------------

    def _value(self, mention: Mention) -> Reading | None:
        """A count or an amount, named by its own words, or by the figure before it when it has
        none ('Năm 2022, số thu BHXH đạt 3.200 tỷ đồng; năm 2021 là 2.900 tỷ đồng')."""
        family = self._family(mention)
        descriptor = self._descriptor(mention, family)
        inherited = self.chain.by_family.get(family)
        if not trim(descriptor.phrase) and inherited is not None:
            metric, known = inherited.metric, inherited.known
        else:
            resolved = self._resolve(mention, descriptor, family, strict=True)
            if resolved is None:
                return None
            metric, known = resolved
        unit = self._unit(mention, family) or "người"
        reading = self._reading(mention, "value", metric, known, unit=unit, of=mention.ratio_of)
        self.chain.remember(reading, family)
        return reading

    def _change_or_gap(self, mention: Mention, verb: str) -> Reading | None:
        """'tăng 506 người so với cùng kỳ năm 2021' is a change; against a target ('thấp hơn
        0,4% so với chỉ tiêu', 'vượt 587 người') it is a gap."""
        following = self.sentence.following_comparator(mention, skip_parens=True)
        comparator = following or self.sentence.comparator_left_of(mention.start)
        target = comparator is not None and comparator.kind == "target"
        if verb in _GAP_VERBS or (target and (verb not in ("tang", "giam") or following)):
            return self._gap(mention, verb, comparator.text if target and comparator else None)
        compared = comparator.text if comparator and comparator.kind == "period" else None
        changed = self._changed(mention)
        if changed is None:
            return None
        metric, known, unit, family = changed
        sign = -1.0 if verb in _NEGATIVE else 1.0
        reading = self._reading(
            mention,
            "change",
            metric,
            known,
            sign=sign,
            unit=unit,
            compared_to=compared or DEFAULT_COMPARED,
            confidence=0.85 if compared else 0.6,
        )
        if self.chain.by_family.get(family) is None:
            self.chain.remember(reading, family)  # 'Nghệ An (tăng … và tăng …)': same metric
        return reading

    def _changed(self, mention: Mention) -> tuple[Metric, bool, str, str] | None:
        """What changed (metric, known, unit, family): the words before the verb ('số người
        tham gia BHYT tăng'), else the figure before it ('…, tăng 11% so với cùng kỳ')."""
        family = "people" if mention.family == "percent" else self._family(mention)
        descriptor = self._descriptor(mention, family)
        if descriptor.names_something:
            if mention.family == "percent":
                family = family_of(descriptor.concepts)
            resolved = self._resolve(mention, descriptor, family, strict=False)
            unit = self._unit(mention, family)
            return (*resolved, unit, family) if resolved and unit else None
        base = self.chain.base(self._family(mention))
        if mention.family == "percent" and self.readings:
            # "…là 35.214 người, tăng 1,8% so với cùng kỳ": the change is of the figure just
            # before it, whatever its unit, not of the last percentage in the sentence
            base = self.readings[-1]
        unit = self._unit(mention, family, base)
        return (base.metric, base.known, unit, family) if base is not None and unit else None

    def _gap(self, mention: Mention, verb: str, compared: str | None) -> Reading | None:
        """Distance to a target, in points when written in % (negative when short of it)."""
        if compared is None:
            compared = self._gap_reference(mention)
        family = self._family(mention)
        base = self._percent_before() if family == "percent" else None
        base = base or self.chain.base(family)
        descriptor = self._descriptor(mention, family)
        resolved = None
        if descriptor.names_something and mention.family != "percent":
            resolved = self._resolve(mention, descriptor, family, strict=False)
        chosen = named_or_inherited(resolved, base)
        if chosen is None:
            return None
        metric, known = chosen
        unit = "điểm %" if mention.family == "percent" else self._unit(mention, family, base)
        if unit is None:
            return None
        sign = -1.0 if verb in _NEGATIVE else 1.0
        return self._reading(
            mention, "gap", metric, known, sign=sign, unit=unit, compared_to=compared
        )

    def _gap_reference(self, mention: Mention) -> str:
        """The target a gap is measured against: 'so với chỉ tiêu …' after or before it, the
        plan it is a share of ('vượt 0,5% kế hoạch'), else just 'chỉ tiêu'."""
        following = self.sentence.following_comparator(mention, skip_parens=True)
        before = following or self.sentence.comparator_left_of(mention.start)
        if before is not None and before.kind == "target":
            return before.text
        of = self.sentence.of(mention)
        return of.text if of is not None else "chỉ tiêu"

    def _percent_before(self) -> Reading | None:
        """A gap in % is about the percentage just before it: 'bằng 13,42% LLLĐ, còn thiếu
        31,5%', 'đạt 72,3% kế hoạch, vượt 0,5%'."""
        previous = self.readings[-1] if self.readings else None
        if previous is not None and previous.unit == "%" and previous.kind in ("value", "plan"):
            return previous
        return None

    def _restatement(self, mention: Mention) -> Reading | None:
        """'(khoảng 157.700 người)' after a gap in %, '(7%)' after a change: same kind."""
        previous = self.readings[-1]
        if previous.kind not in ("change", "gap", "target"):  # '67.186 người (13,42% LLLĐ)'
            if mention.family == "percent":
                return self._percent(mention, "value")
            if previous.unit == "%" and mention.family in ("people", "bare", "scaled"):
                return self._headcount(mention, previous)  # 'đạt 90,2% (7.312.817 người)'
            return None
        sign = -1.0 if previous.value < 0 else 1.0
        if previous.kind == "change":
            unit = "%" if mention.family == "percent" else self._unit(mention, "people", previous)
            return self._reading(
                mention,
                "change",
                previous.metric,
                previous.known,
                sign=sign,
                unit=unit or "người",
                compared_to=previous.compared_to,
            )
        family = self._family(mention)
        base = self.chain.by_family.get(family) or previous
        unit = "điểm %" if mention.family == "percent" else self._unit(mention, family, base)
        kind = previous.kind if previous.kind in ("gap", "target") else "value"
        return self._reading(
            mention,
            kind,
            base.metric,
            base.known,
            sign=sign,
            unit=unit or "người",
            compared_to=previous.compared_to,
        )

    def _headcount(self, mention: Mention, rate: Reading) -> Reading | None:
        """The people a rate counts, in brackets after it: the participants of its schemes."""
        concepts = self.resolver.concepts_of(rate.metric)
        named = Concepts(concepts.schemes | concepts.subtypes)
        if not named.concepts:
            return None
        chosen = self._scheme_metric(Descriptor(rate.metric.name, named, ()), None, mention)
        if chosen is None:
            return None
        unit = self._unit(mention, "people") or "người"
        reading = self._reading(mention, "value", *chosen, unit=unit, confidence=0.8)
        self.chain.remember(reading, "people")
        return reading

    def _after_comparator(self, mention: Mention, comparator: Comparator) -> Reading | None:
        """'so với cùng kỳ năm 2019 (55.317 người)', 'chỉ tiêu … (35,5%)', 'LLLĐ (436.210)'."""
        if comparator.kind == "target":
            return self._target(mention, comparator.text)
        family = self._family(mention)
        if comparator.kind == "denominator":
            return self._denominator(mention, comparator.text, family)
        base = self.chain.by_family.get(family)
        if base is None:
            return None
        return self._reading(
            mention,
            "value",
            base.metric,
            base.known,
            unit=self._unit(mention, family, base) or "người",
            baseline=comparator.text,
        )

    def _denominator(self, mention: Mention, text: str, family: str) -> Reading:
        """'so với lực lượng lao động (436.210)': the labour force itself, a figure too."""
        descriptor = self.resolver.describe_text(text, family)
        found = self.resolver.existing(descriptor, family, strict=True)
        metric = found or self.resolver.propose(text[:1].upper() + text[1:])
        return self._reading(
            mention, "value", metric, found is not None, unit=mention.unit or "người"
        )
