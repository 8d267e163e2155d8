"""How a place name was typed: with its own marks, with another word's marks, or misspelt.

Folding makes "diễn biến" and "Điện Biên" one string; the marks the user typed tell them apart.
A user who types marks may get a tone wrong ("Lâm Đông", "Quãng Ninh") or leave some out, so a
name is refused only when its marked syllables mostly belong to another word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rapidfuzz.distance import OSA

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_HOOK_OR_TILDE = {"\u0303": "\u0309"}  # hỏi and ngã are confused in much of the country


def _syllable(marked: str) -> tuple[str, str]:
    """'Quảng' → ('quang', '\u0309'): letters with their quality marks, and the tone."""
    decomposed = unicodedata.normalize("NFD", marked.lower())
    tone = "".join(c for c in decomposed if c in _TONES)
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return letters, "".join(_HOOK_OR_TILDE.get(t, t) for t in tone)


def _plain(marked: str) -> bool:
    decomposed = unicodedata.normalize("NFD", marked.lower())
    return decomposed.isascii() and "đ" not in marked.lower()


def typed_as(typed: list[str], written: list[str]) -> bool:
    """Could syllables typed with these marks be the written name?

    A syllable typed without marks says nothing; one typed without a tone but with the right
    letters ("Đa Nang") is fine; one with other letters or another tone counts against. The name
    is refused when nothing typed with marks agrees and something disagrees ("diễn biến",
    "đóng thấp"), or when more disagree than agree.
    """
    if len(typed) != len(written):
        return True  # a spelling of another shape (an alias): folding already matched it
    agree = disagree = 0
    for said, meant in zip(typed, written, strict=True):
        if _plain(said):
            continue
        said_letters, said_tone = _syllable(said)
        meant_letters, meant_tone = _syllable(meant)
        if said_letters == meant_letters and said_tone == meant_tone:
            agree += 1
        elif not said_tone and (said_letters == meant_letters or _plain(said_letters)):
            continue  # marks left out, none wrong
        else:
            disagree += 1
    return disagree == 0 or agree >= disagree


# Folded Vietnamese syllables: an onset, a vowel group, a final. A token that is none of these
# ("noii", "langg", "hanoii") is a slip, and only then may a place be guessed from it.
_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEI = (
    "a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ya ye ieu yeu oai oao "
    "oay oeo uay uoi uou uya uye uyu uay"
).split()
_FINAL = "(?:ng|nh|ch|c|m|n|p|t)?"
_SYLLABLE = re.compile(
    _ONSET + "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")" + _FINAL
)


_IMPOSSIBLE = re.compile(
    r"^(?:[bcdghklmnprstvx]|ch|gh|gi|kh|ng|ngh|nh|ph|th|tr)y[ea]"  # "ngyen": yê needs no onset
    r"|^(?:gh|ngh|k)[aou]"  # gh, ngh, k only before e, i, y
    r"|^c[eiy]|^ng[ei]"  # c and ng never before e, i (k and ngh are)
    r"|^q(?!u)"
)


def is_syllable(word: str) -> bool:
    """Could the folded word be a Vietnamese syllable? ('nguyen' yes; 'ngyen', 'noii' no)."""
    return _SYLLABLE.fullmatch(word) is not None and _IMPOSSIBLE.search(word) is None


@cache
def _limit(name: str) -> int:
    letters = len(name.replace(" ", ""))
    return 0 if letters < 5 else 1 if letters < 10 else 2


def nearest_name(typed: str, names: tuple[str, ...]) -> str | None:
    """The one folded name within a letter or two of `typed` ('ha noii' → 'ha noi'), if only one
    is that close; short names are never guessed."""
    best: list[str] = []
    best_distance = 99
    for name in names:
        limit = _limit(name)
        if not limit or abs(len(name) - len(typed)) > limit:
            continue
        distance = OSA.distance(typed, name, score_cutoff=limit)
        if distance > limit:
            continue
        if distance < best_distance:
            best, best_distance = [name], distance
        elif distance == best_distance:
            best.append(name)
    return best[0] if len(best) == 1 else None
