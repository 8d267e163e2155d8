"""Where an article's figures are: the document's place, and each figure's own.

The document's place comes from its body: the nation when the body speaks for the nation ("cả
nước", "toàn quốc", figures given "theo BHXH Việt Nam") more than for a province; else the
province it names most; else the place its source names (title, then web address or outlet: a
national outlet that names no province reports national figures); else the caller's default,
flagged as a guess. "BHXH Việt Nam giao" is the agency that sets a plan, not the nation.

A figure's own place is the one named before it in its sentence ("Cả nước có …", "Nghệ An (tăng
…)"); a sentence that continues the one before ("Trong đó, …", "Cụ thể, …") keeps that sentence's
place. One sentence about the nation or another province relabels itself, never the article.
A place that is a denominator or a yardstick ("dân số cả nước", "so với cả nước") is no one's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.ingest.outlets import outlet_of
from knowledge.model import Source
from knowledge.understand.folding import fold, nfc
from knowledge.understand.places import NATIONAL, PlaceMention, find_places, read_places

_NATION_VOICE = re.compile(
    r"\btheo (?:bhxh|bao hiem xa hoi) viet nam\b"
    r"|\b(?:bhxh|bao hiem xa hoi) viet nam (?:cho biet|thong tin|cho hay|bao cao|cong bo)\b"
    r"|\btoan nganh (?:bhxh|bao hiem xa hoi)\b(?! (?:tinh|thanh pho|huyen))"
)
_LOCAL_VOICE = re.compile(
    r"\b(?:toan tinh|tren dia ban tinh|(?:bhxh|bao hiem xa hoi|ubnd|hdnd) tinh|cua tinh|"
    r"toan thanh pho|tinh ta)\b"
)
_DISTRICT_VOICE = re.compile(
    r"\b(?:toan huyen|tren dia ban huyen|(?:bhxh|bao hiem xa hoi|ubnd|hdnd) huyen|cua huyen)\b"
)
_YARDSTICK = re.compile(
    r"(?:dan so|so voi|binh quan|muc chung|trung binh|cao hon|thap hon|chung cua|nhu)\s+$"
)
_CONTINUES = re.compile(r"^\W*(?:trong do|cu the|trong so (?:nay|do)|rieng trong do)\b")


@dataclass(frozen=True)
class Placed:
    """A place and why: shown beside each candidate in the review."""

    name: str
    why: str
    guessed: bool = False


def figure_places(folded: str) -> list[PlaceMention]:
    """The places of a sentence that can be its figures' place (not yardsticks)."""
    return [
        p
        for p in find_places(folded)
        if not _YARDSTICK.search(folded[max(0, p.start - 16) : p.start])
    ]


def source_place(source: Source) -> Placed | None:
    """The place a source names: its title, else its web address or outlet."""
    in_title = find_places(fold(nfc(source.title)))
    if in_title:
        return Placed(in_title[0].name, "tiêu đề bài")
    outlet = outlet_of(source.url)
    if outlet is None or outlet.place is None:
        return None
    if outlet.place == NATIONAL:
        return Placed(NATIONAL, f"báo toàn quốc ({outlet.name}), bài không nêu tỉnh nào")
    return Placed(outlet.place, f"nơi đăng ({outlet.name})")


def document_place(
    folded_sentences: Sequence[str],
    places: Sequence[Sequence[PlaceMention]],
    source: Source,
    default: str | None,
) -> Placed:
    """The place of the figures whose sentences name none (see the module's docstring)."""
    named = Counter(p.name for found in places for p in found)
    nation = named.pop(NATIONAL, 0)
    nation += sum(len(_NATION_VOICE.findall(f)) for f in folded_sentences)
    local = sum(len(_LOCAL_VOICE.findall(f)) for f in folded_sentences)
    top = named.most_common(1)[0] if named else None
    from_source = source_place(source)
    if nation > local + (top[1] if top else 0):
        return Placed(NATIONAL, "bài nói về cả nước")
    district = _district_voice(folded_sentences, local, top[1] if top else 0)
    if district is not None:
        return district
    if top is not None:
        return Placed(top[0], "tỉnh bài nêu nhiều nhất")
    if from_source is not None and not (local and from_source.name == NATIONAL):
        return from_source
    if nation:
        return Placed(NATIONAL, "bài nói về cả nước")
    if default:
        return Placed(default, "mặc định: bài và nguồn không nêu", guessed=True)
    return Placed(NATIONAL, "bài và nguồn không nêu", guessed=True)


class PlaceTrail:
    """Each figure's place, sentence by sentence."""

    def __init__(self, document: Placed):
        self.document = document
        self._previous: tuple[int, str] | None = None  # (paragraph, place) of the last sentence

    def for_figure(
        self, places: list[PlaceMention], position: int, paragraph: int, sentence: str
    ) -> Placed:
        before = [p for p in places if p.end <= position]
        if before:
            return Placed(before[-1].name, "câu chứa số liệu")
        previous = self._previous
        if previous is not None and previous[0] == paragraph and _CONTINUES.match(sentence):
            return Placed(previous[1], "câu trước (câu này nói tiếp)")
        return self.document

    def leave_sentence(self, places: list[PlaceMention], paragraph: int, sentence: str) -> None:
        if places:
            self._previous = (paragraph, places[-1].name)
        elif not (self._previous and self._previous[0] == paragraph and _CONTINUES.match(sentence)):
            self._previous = None


def _district_voice(folded_sentences: Sequence[str], local: int, province: int) -> Placed | None:
    """A district's own report ('BHXH huyện Cao Lộc …', 'toàn huyện có …') files its figures
    under that district, never under the province: the district it names most, when it speaks
    as a district more than as a province."""
    voice = sum(len(_DISTRICT_VOICE.findall(f)) for f in folded_sentences)
    if not voice or voice <= local:
        return None
    districts = Counter(
        p.name
        for f in folded_sentences
        for p in read_places(f)
        if p.kind in ("district", "city") and p.parent is not None
    )
    if not districts:
        return None
    name, count = districts.most_common(1)[0]
    if voice + count <= province:
        return None
    return Placed(name, "bài của một huyện (toàn huyện, BHXH huyện)")
