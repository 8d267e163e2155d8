"""A question taken apart: concepts (scheme, measure, aspect), periods, places and intent.

The same `read_concepts` turns metric aliases into concepts, so questions and aliases meet on
common ground whatever words, abbreviations or language either side used.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.understand.cues import asks_why, follows_on, small_talk, subject_words, year_span
from knowledge.understand.folding import fold, nfc, token_spans, tokens
from knowledge.understand.groups import find_groups
from knowledge.understand.lexicon import (
    ASPECTS,
    FIGURE_ASPECTS,
    FILLER_SPELLINGS,
    FILLERS,
    GREETINGS,
    MARKED_ONLY,
    SCHEMES,
    SUBTYPES,
    known_words,
    longest_phrase,
    phrase_table,
)
from knowledge.understand.periods import PeriodAsk, find_periods
from knowledge.understand.places import PlaceMention, find_places, narrowest, read_places
from knowledge.understand.superlatives import RankAsk, rank_asked, rank_word_spans


@dataclass(frozen=True)
class Concepts:
    """What a text talks about: concept names (BHYT, RATE …) and leftover known words."""

    concepts: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()

    # cached: the matcher reads these once per alias, dozens of times per question
    @cached_property
    def schemes(self) -> frozenset[str]:
        return self.concepts & frozenset(SCHEMES)

    @cached_property
    def subtypes(self) -> frozenset[str]:
        return self.concepts & frozenset(SUBTYPES)

    @cached_property
    def aspects(self) -> frozenset[str]:
        return self.concepts & frozenset(ASPECTS)

    @cached_property
    def measures(self) -> frozenset[str]:
        """Everything that says what is measured: concepts other than schemes and aspects."""
        # HOWTO stays: "người hưởng trợ cấp" is what a metric named so measures, and what a
        # question on people taking part does not ask
        return (
            self.concepts
            - frozenset(SCHEMES)
            - frozenset(SUBTYPES)
            - FIGURE_ASPECTS
            - {"INSURANCE"}
        ) | self.words


# what a figure is (a rate, a count, money …), not what it is about
ATTRIBUTES = frozenset({"RATE", "PERCENT", "PEOPLE", "TOTAL", "UNITS", "MONEY", "POPULATION"})


@dataclass(frozen=True)
class Question:
    text: str
    folded: str
    concepts: Concepts
    periods: tuple[PeriodAsk, ...] = ()
    baselines: tuple[PeriodAsk, ...] = ()
    places: tuple[str, ...] = ()
    how_to: bool = False
    greeting: bool = False
    unknown_words: tuple[str, ...] = field(default=())
    key: tuple[str, ...] = ()  # its content words, to meet an alias word for word
    targets: tuple[PeriodAsk, ...] = ()  # years a goal is for: "chỉ tiêu năm 2021"
    span: tuple[int, int] | None = None  # "từ 2017 đến 2021"
    small_talk: str | None = None  # bye · thanks · ack · hello (only when nothing else is asked)
    why: bool = False  # "vì sao …": the bot holds figures, not explanations
    follows_on: bool = False  # worded as a follow-up: "còn …", "thế …", "… thì sao"
    subject: str = ""  # words around an unknown word, as typed: "hộ nghèo"
    rest: str = ""  # the folded text with periods and places blanked out
    compared_places: tuple[str, ...] = ()  # places written after "so với", "hơn": "so với cả nước"
    groups: tuple[str, ...] = ()  # groups of people named: "học sinh, sinh viên", "hộ nghèo"
    ranking: RankAsk | None = None  # "tỉnh nào cao nhất", "năm nào thấp nhất", "xếp hạng"

    @property
    def names_metric(self) -> bool:
        """Does it say what is measured (a scheme or a measure), not only which figure?"""
        c = self.concepts
        return bool(c.schemes or c.subtypes or (c.measures - {"TOTAL", "PERCENT"}))

    @property
    def asks_unknown_subject(self) -> bool:
        """'tỷ lệ hộ nghèo': an unknown subject, and nothing the knowledge knows beyond
        attributes like 'tỷ lệ' or 'số người' — the subject is what is asked."""
        c = self.concepts
        return bool(self.subject) and not (c.schemes or c.subtypes or (c.measures - ATTRIBUTES))


def _correct(word: str, vocabulary: list[str]) -> str:
    """A likely-intended known word for a typo, or the word itself (conservative by length)."""
    if len(word) <= 2 or not word.isalpha():
        return word
    limit = 1 if len(word) <= 7 else 2
    found = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=20)
    if not found:
        return word
    nearest = min(distance for _, distance, _ in found)
    candidates = [str(c) for c, distance, _ in found if distance == nearest]
    swapped = [c for c in candidates if sorted(c) == sorted(word)]
    if swapped:
        return swapped[0]  # "bhty" → "bhyt": letters swapped is the commonest slip
    if len(word) <= 4:
        return word  # a short word one letter off is as likely another word
    same_start = [c for c in candidates if c[0] == word[0]]
    return (same_start or candidates)[0]


def _split_glued(word: str, known: frozenset[str]) -> list[str]:
    """'bhxhtn' → ['bhxh', 'tn']: two known words typed without a space."""
    if word in known or not word.isalpha() or len(word) < 4:
        return [word]
    for cut in range(2, len(word) - 1):
        if word[:cut] in known and word[cut:] in known and word[:cut] not in FILLERS:
            return [word[:cut], word[cut:]]
    return [word]


def read_concepts(
    folded: str,
    vocabulary: frozenset[str] = frozenset(),
    correct_typos: bool = False,
    marked: str | None = None,
) -> tuple[Concepts, list[str]]:
    """Concepts and leftover words of folded text; also the words nobody knows.

    marked: the same text before folding (NFC, same length), so that a word typed with marks
    that make it another word ("thứ", "nó", "giám") is not read as a concept word.
    """
    known = known_words() | vocabulary
    words = tokens(folded)
    other = _other_words(folded, marked) if marked is not None else set()
    # "chi" (to spend) is no filler "chị" when an admin's alias says it and so did the question
    spelt = _not_fillers(folded, marked, vocabulary) if marked is not None else set()
    if correct_typos and any(w not in known for w in words):
        candidates = sorted(known)  # only when some word needs correcting: most questions don't
        parts = [(n, part) for n, w in enumerate(words) for part in _split_glued(w, known)]
        other = {i for i, (n, _) in enumerate(parts) if n in other}  # positions after splits
        spelt = {i for i, (n, _) in enumerate(parts) if n in spelt}
        words = [part for _, part in parts]
        words = [w if w in known else _correct(w, candidates) for w in words]
    concepts: set[str] = set()
    leftovers: set[str] = set()
    unknown: list[str] = []
    for i, _, concept in reading(words, other):
        if concept is not None:
            concepts.add(concept)
            continue
        word = words[i]
        if word in vocabulary and (word not in FILLERS or i in spelt):
            leftovers.add(word)
        elif word.isalpha() and word not in known:
            unknown.append(word)
    return Concepts(frozenset(concepts), frozenset(leftovers)), unknown


def reading(words: list[str], other: Collection[int] = ()) -> Iterator[tuple[int, int, str | None]]:
    """The lexicon's reading of words, longest phrase first: (position, length, concept), or
    (position, 1, None) for a word no phrase starts with. `other`: positions of words typed as
    another word, which never stand alone for a concept."""
    table, longest = phrase_table(), longest_phrase()
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            concept = table.get(tuple(words[i : i + size]))
            if concept and not (size == 1 and i in other):
                yield i, size, concept
                i += size
                break
        else:
            yield i, 1, None
            i += 1


def _other_words(folded: str, marked: str) -> set[int]:
    """Positions of words that fold onto a concept word but were typed as another word."""
    other = set()
    for n, (word, start, end) in enumerate(token_spans(folded)):
        spellings = MARKED_ONLY.get(word)
        typed = marked[start:end].lower()
        if spellings and typed != word and typed not in spellings:
            other.add(n)
    return other


def _not_fillers(folded: str, marked: str, vocabulary: frozenset[str]) -> set[int]:
    """Positions of words that fold onto a filler, but are spelt as an admin's alias word."""
    return {
        n
        for n, (word, start, end) in enumerate(token_spans(folded))
        if word in FILLERS
        and word in vocabulary
        and marked[start:end].lower() not in FILLER_SPELLINGS[word]
    }


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _contains_phrase(folded_words: list[str], phrases: Iterable[str]) -> bool:
    joined = " " + " ".join(folded_words) + " "
    return any(" " + p + " " in joined for p in phrases)


def content_key(folded: str, kept: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words that carry meaning, in order: fillers, numbers, periods, places and aspect
    phrases left out. A question and an alias with the same key say the same thing."""
    return _key(tokens(_without_periods_and_places(folded, _ANY_DAY)[0]), kept)


def _key(words: list[str], kept: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """kept: words that fold onto a filler but were read as an alias word ("chi", to spend)."""
    return tuple(
        word
        for i, size, concept in reading(words)
        if concept not in FIGURE_ASPECTS
        for word in words[i : i + size]
        if word.isalpha() and (word not in FILLERS or word in kept)
    )


def _without_periods_and_places(
    folded: str, today: date, keep_targets: bool = False, text: str | None = None
) -> tuple[str, list[PeriodAsk], list[PlaceMention]]:
    """text: the NFC question, when there is one: its marks and case help read places."""
    periods = find_periods(folded, today, keep_targets)
    places = read_places(text) if text is not None else find_places(folded)
    spans = [(p.start, p.end) for p in periods] + [(p.start, p.end) for p in places]
    return _blank(folded, spans), periods, places


_PLACE_COMPARED = re.compile(
    r"\b(?:so voi|so vs|so sanh voi|hon|compared (?:to|with)|than|versus|vs)\s+"
    r"(?:(?:voi|o|tai|cua)\s+)?$"
)
# a group is who is insured only in a question about insurance: "hộ nghèo có thẻ BHYT"
_INSURED = frozenset({"BHXH", "BHYT", "BHTN", "BB", "TN", "INSURANCE", "JOIN"})
_ANY_DAY = date(2000, 1, 1)  # relative periods ("năm nay") are blanked whatever today is


def parse_question(text: str, today: date, vocabulary: frozenset[str] = frozenset()) -> Question:
    """Take a question apart; `vocabulary` is the words of the knowledge's metric aliases."""
    text = nfc(text)
    folded = fold(text)
    rest, periods, places = _without_periods_and_places(folded, today, keep_targets=True, text=text)
    ranking = rank_asked(rest)
    if ranking is not None:  # "xếp thứ mấy": "thứ" is no "thu" (revenue)
        rest = _blank(rest, rank_word_spans(rest))
    groups = find_groups(rest)  # "học sinh", "hộ nghèo": who is insured, not what is measured
    if groups:
        without = _blank(rest, [(start, end) for _, start, end in groups])
        concepts, unknown = read_concepts(without, vocabulary, correct_typos=True, marked=text)
        if concepts.concepts & _INSURED:
            rest = without
        else:
            groups = []  # "tỷ lệ hộ nghèo": the subject itself, which the knowledge may lack
    if not groups:
        concepts, unknown = read_concepts(rest, vocabulary, correct_typos=True, marked=text)
    words = tokens(rest)
    content = [w for w in words if w.isalpha() and w not in FILLERS]
    chat = (
        not concepts.concepts
        and not periods
        and not places
        and _contains_phrase(words, GREETINGS)
        and len(content) <= 4
    )
    covered = {i + n for i, size, c in reading(words) if c is not None for n in range(size)}
    return Question(
        text=text,
        folded=folded,
        concepts=concepts,
        periods=tuple(p for p in periods if not p.baseline and not p.target),
        baselines=tuple(p for p in periods if p.baseline),
        places=tuple(dict.fromkeys(p.name for p in narrowest(places))),
        how_to="HOWTO" in concepts.concepts,
        greeting=chat,
        unknown_words=tuple(unknown),
        key=_key(words, concepts.words & FILLERS),
        targets=tuple(p for p in periods if p.target),
        span=year_span(folded),
        small_talk=small_talk(words) if chat else None,
        why=asks_why(folded),
        follows_on=follows_on(folded),
        subject=subject_words(text, rest, frozenset(unknown), covered),
        rest=rest,
        compared_places=tuple(
            dict.fromkeys(p.name for p in places if _PLACE_COMPARED.search(folded[: p.start]))
        ),
        groups=tuple(dict.fromkeys(name for name, _, _ in groups)),
        ranking=ranking,
    )
