"""Several metrics in one question: "BHXH tự nguyện và BHTN", "tổng thu và tỷ lệ nợ",
"bhxh bb, bhxh tn, bhtn, bhyt mỗi loại bao nhiêu người".

The question (periods and places blanked) is cut at "và", "and", commas; each part is read
into what it measures. Words before the first part's scheme ("số người tham gia BHXH … và
BHTN") and after the last part's scheme ("… BHXH và BHTN so với lực lượng lao động") belong
to every part that lacks its own; a part without a scheme takes the one scheme the others name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.understand.folding import token_spans
from knowledge.understand.lexicon import SCHEMES, SUBTYPES, phrase_table
from knowledge.understand.question import Concepts, Question, read_concepts

_JOIN = re.compile(r",|;|\+|&|\bva\b|\band\b|\bcung voi\b|\bcung nhu\b|\bvoi\b(?<!so voi)")
_SCHEME_WORDS = frozenset(
    key for key, concept in phrase_table().items() if concept in (*SCHEMES, *SUBTYPES)
)


@dataclass(frozen=True)
class _Part:
    lead: Concepts  # what is measured, written before the scheme
    scheme: frozenset[str]  # schemes and subtypes
    trail: Concepts  # written after the scheme
    aspects: frozenset[str]

    @property
    def measures(self) -> frozenset[str]:
        return self.lead.measures | self.trail.measures


def _blank_outside(text: str, start: int, end: int) -> str:
    return " " * start + text[start:end] + " " * (len(text) - end)


def _scheme_span(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the schemes of text[start:end] begin and end (characters), if it names any."""
    spans = [(w, s, e) for w, s, e in token_spans(folded[start:end])]
    found = [
        (spans[i][1], spans[i + n - 1][2])
        for i in range(len(spans))
        for n in (3, 2, 1)
        if i + n <= len(spans) and tuple(w for w, _, _ in spans[i : i + n]) in _SCHEME_WORDS
    ]
    if not found:
        return None
    return start + min(s for s, _ in found), start + max(e for _, e in found)


def parts_of(q: Question, vocabulary: frozenset[str]) -> list[Concepts]:
    """What each part of the question measures; [] unless it names two or more things."""
    if not _JOIN.search(q.rest):
        return []
    bounds = [0, *(x for m in _JOIN.finditer(q.rest) for x in (m.start(), m.end())), len(q.rest)]
    parts: list[_Part] = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        part = _read(q, start, end, vocabulary)
        if part is not None:
            parts.append(part)
    if len(parts) < 2:
        return []
    lead = parts[0].lead if parts[0].scheme else Concepts()
    trail = parts[-1].trail if parts[-1].scheme else Concepts()
    schemes = {p.scheme for p in parts if p.scheme}
    only_scheme = next(iter(schemes)) if len(schemes) == 1 else frozenset()
    out = []
    for p in parts:
        own_lead = p.lead if p.lead.measures else lead
        own_trail = p.trail if p.trail.measures else trail
        # "tổng thu bảo hiểm và tỷ lệ bao phủ BHYT": a part about insurance as a whole keeps it
        whole = {"INSURANCE", "TOTAL"} & (p.lead.concepts | p.trail.concepts)
        scheme = p.scheme or (frozenset() if whole else only_scheme)
        concepts = own_lead.concepts | scheme | own_trail.concepts | q.concepts.aspects
        out.append(Concepts(frozenset(concepts), own_lead.words | own_trail.words))
    return out


def _read(q: Question, start: int, end: int, vocabulary: frozenset[str]) -> _Part | None:
    span = _scheme_span(q.rest, start, end)
    cut = span or (end, end)
    lead, _ = read_concepts(
        _blank_outside(q.rest, start, cut[0]), vocabulary, correct_typos=True, marked=q.text
    )
    trail, _ = read_concepts(
        _blank_outside(q.rest, cut[1], end), vocabulary, correct_typos=True, marked=q.text
    )
    scheme = Concepts()
    if span is not None:
        scheme, _ = read_concepts(_blank_outside(q.rest, *span), vocabulary, marked=q.text)
    schemes = scheme.schemes | scheme.subtypes
    if not (schemes or lead.measures or trail.measures):
        return None
    return _Part(lead, schemes, trail, lead.aspects | trail.aspects)
