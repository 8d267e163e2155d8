"""Places named in a question or an article.

The 63 provinces (the pre-2025 names people still use; the 2025 merged provinces kept their old
names), their usual abbreviations and spellings, the whole country, and Lạng Sơn's city,
districts, towns and communes as places INSIDE the province. A place the knowledge lacks must be
answered as "no data for that place", never with Lạng Sơn's figure; a district never gets its
province's figure.

`find_places(folded)` reads articles; `read_places(text)` reads questions, where the typed marks
("diễn biến" is not Điện Biên), the words around a name and misspellings ("ha noii") count too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Literal

from knowledge.understand.folding import fold, nfc, token_spans
from knowledge.understand.lexicon import known_words
from knowledge.understand.local_units import KNOWN_BARE, PROVINCE, units
from knowledge.understand.place_context import agency_named, reads_as_word, unnamed_units
from knowledge.understand.place_spelling import is_syllable, nearest_name, typed_as

NATIONAL = "Toàn quốc"

PlaceKind = Literal["nation", "province", "city", "district", "commune", "region", "country"]

# fmt: off
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "TP Hồ Chí Minh",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Huế",
)

# Other ways people write a place → its canonical name.
ALIASES: dict[str, str] = {
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu", "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "BRVT": "Bà Rịa - Vũng Tàu", "BR-VT": "Bà Rịa - Vũng Tàu", "Bà Rịa": "Bà Rịa - Vũng Tàu",
    "Bắc Cạn": "Bắc Kạn", "Daklak": "Đắk Lắk", "Đăk Lăk": "Đắk Lắk", "Đắc Lắc": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông", "Daknong": "Đắk Nông", "Kontum": "Kon Tum",
    "Hanoi": "Hà Nội", "HN": "Hà Nội",
    "Thành phố Hồ Chí Minh": "TP Hồ Chí Minh", "Hồ Chí Minh": "TP Hồ Chí Minh",
    "TPHCM": "TP Hồ Chí Minh", "TP HCM": "TP Hồ Chí Minh", "HCM": "TP Hồ Chí Minh",
    "HCMC": "TP Hồ Chí Minh", "Sài Gòn": "TP Hồ Chí Minh", "Saigon": "TP Hồ Chí Minh",
    "Ho Chi Minh City": "TP Hồ Chí Minh",
    "Danang": "Đà Nẵng", "Haiphong": "Hải Phòng", "Thanh Hoá": "Thanh Hóa",
    "Khánh Hoà": "Khánh Hòa", "Hoà Bình": "Hòa Bình", "Huế": "Thừa Thiên Huế",
    "Thừa Thiên - Huế": "Thừa Thiên Huế", "TT Huế": "Thừa Thiên Huế", "TTH": "Thừa Thiên Huế",
    "thành phố Huế": "Thừa Thiên Huế",
    "Langson": "Lạng Sơn", "Lang Son": "Lạng Sơn", "xứ Lạng": "Lạng Sơn", "QN": "Quảng Ninh",
    "toàn quốc": NATIONAL, "cả nước": NATIONAL, "trên cả nước": NATIONAL,
    "toàn quốc gia": NATIONAL, "cả nước ta": NATIONAL, "nước ta": NATIONAL,
    "nước mình": NATIONAL, "Việt Nam": NATIONAL, "VN": NATIONAL, "Vietnam": NATIONAL,
    "nationwide": NATIONAL, "national": NATIONAL, "nationally": NATIONAL,
    "whole country": NATIONAL, "the country": NATIONAL,
}
# fmt: on

# Cities run by the state, not by a province: "thành phố Hà Nội" is the province itself.
_CENTRAL = frozenset({"Hà Nội", "TP Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
# Provincial cities named after their province: "thành phố Hà Tĩnh" is not the province.
_CAPITALS_OF_SAME_NAME = (
    "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bạc Liêu", "Bến Tre", "Cà Mau", "Cao Bằng", "Hà Giang",
    "Hà Tĩnh", "Hải Dương", "Hòa Bình", "Hưng Yên", "Kon Tum", "Lai Châu", "Lào Cai",
    "Nam Định", "Ninh Bình", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Yên Bái", "Quảng Ngãi",
)  # fmt: skip
_COMMUNE_WORDS = {"xã": "xã", "phường": "phường", "thị trấn": "thị trấn", "tt": "thị trấn"}
_CITY_WORDS = ("thành phố", "tp", "tp.")

# "kế hoạch BHXH Việt Nam giao": the agency, not the country.
_AGENCY_BEFORE = re.compile(r"(?:bhxh|bao hiem xa hoi|bhyt)\s*$")


@dataclass(frozen=True)
class Place:
    name: str  # as facts and replies name it: "Lạng Sơn", "Toàn quốc", "huyện Cao Lộc"
    kind: PlaceKind = "province"
    parent: str | None = None  # the province a city, district or commune lies in


@dataclass(frozen=True)
class PlaceMention:
    name: str
    start: int
    end: int
    kind: PlaceKind = "province"
    parent: str | None = None

    @property
    def place(self) -> Place:
        return Place(self.name, self.kind, self.parent)


@dataclass(frozen=True)
class _Entry:
    place: Place
    written: tuple[str, ...]  # the name as written, lowercased, one item per folded word
    bare: bool = False  # a unit's name without its kind word in front


def _words(written: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in token_spans(fold(written)))


def _marked_words(written: str) -> tuple[str, ...]:
    low = nfc(written).lower()
    return tuple(low[s:e] for _, s, e in token_spans(fold(low)))


def _province_entries() -> list[tuple[str, _Entry]]:
    out: list[tuple[str, _Entry]] = []
    for written, canonical in [*((p, p) for p in PROVINCES), *ALIASES.items()]:
        canonical = ALIASES.get(canonical, canonical)
        kind: PlaceKind = "nation" if canonical == NATIONAL else "province"
        entry = _Entry(Place(canonical, kind), _marked_words(written))
        out.append((written, entry))
        glued = "".join(_words(written))
        if len(_words(written)) > 1 and kind == "province":
            out.append((glued, _Entry(entry.place, (glued,))))  # "haiphong", "caobang"
    for province in _CAPITALS_OF_SAME_NAME:
        city = Place(f"thành phố {province}", "city", province)
        for word in _CITY_WORDS:
            out.append((f"{word} {province}", _Entry(city, _marked_words(f"{word} {province}"))))
    return out


def _unit_entries() -> list[tuple[str, _Entry]]:
    out: list[tuple[str, _Entry]] = []
    for unit in units():
        if unit.kind in ("thành phố", "huyện"):
            place = Place(unit.label, "city" if unit.kind == "thành phố" else "district", PROVINCE)
            words = (*_CITY_WORDS,) if unit.kind == "thành phố" else ("huyện", "h.")
            for word in words:
                written = f"{word} {unit.name}"
                out.append((written, _Entry(place, _marked_words(written))))
            english = f"{unit.name} {'city' if unit.kind == 'thành phố' else 'district'}"
            out.append((english, _Entry(place, _marked_words(english))))
            if unit.kind == "huyện":
                out.append((unit.name, _Entry(place, _marked_words(unit.name), bare=True)))
            continue
        for word, kind in _COMMUNE_WORDS.items():
            if kind == unit.kind or (kind != "thị trấn" and unit.kind != "thị trấn"):
                written = f"{word} {unit.name}"
                place = Place(f"{kind} {unit.name}", "commune", PROVINCE)
                out.append((written, _Entry(place, _marked_words(written))))
        if unit.name in KNOWN_BARE:
            place = Place(unit.label, "commune", PROVINCE)
            out.append((unit.name, _Entry(place, _marked_words(unit.name), bare=True)))
    return out


# Areas of several provinces and other countries: places too, so that "BHYT miền Bắc" or
# "BHYT Thái Lan" is no data for them, never Lạng Sơn's figure.
# fmt: off
REGIONS = {
    "miền Bắc": ("miền Bắc", "Bắc Bộ"),
    "miền Trung": ("miền Trung", "Trung Bộ", "duyên hải miền Trung"),
    "miền Nam": ("miền Nam", "Nam Bộ"),
    "miền núi phía Bắc": ("miền núi phía Bắc", "trung du và miền núi phía Bắc",
        "trung du miền núi phía Bắc"),
    "Tây Bắc": ("Tây Bắc", "vùng Tây Bắc"), "Đông Bắc": ("Đông Bắc", "vùng Đông Bắc"),
    "Tây Nguyên": ("Tây Nguyên",),
    "Đồng bằng sông Hồng": ("đồng bằng sông Hồng", "ĐBSH"),
    "Đồng bằng sông Cửu Long": ("đồng bằng sông Cửu Long", "ĐBSCL", "miền Tây Nam Bộ"),
    "Đông Nam Bộ": ("Đông Nam Bộ",), "Bắc Trung Bộ": ("Bắc Trung Bộ",),
    "Nam Trung Bộ": ("Nam Trung Bộ", "duyên hải Nam Trung Bộ"),
}
COUNTRIES = {
    "Thái Lan": ("Thái Lan", "Thailand"), "Trung Quốc": ("Trung Quốc", "China"),
    "Hàn Quốc": ("Hàn Quốc", "Korea", "South Korea"), "Nhật Bản": ("Nhật Bản", "Japan"),
    "Campuchia": ("Campuchia", "Cambodia"), "Singapore": ("Singapore",),
    "Malaysia": ("Malaysia",), "Indonesia": ("Indonesia",), "Philippines": ("Philippines",),
    "Hoa Kỳ": ("Hoa Kỳ", "nước Mỹ", "USA", "United States"), "Laos": ("nước Lào", "Laos"),
}
# fmt: on


def _wider_entries() -> list[tuple[str, _Entry]]:
    places = [(Place(n, "region"), w) for n, w in REGIONS.items()]
    places += [(Place(n, "country"), w) for n, w in COUNTRIES.items()]
    return [(w, _Entry(place, _marked_words(w))) for place, spellings in places for w in spellings]


@cache
def _table(local: bool) -> dict[tuple[str, ...], list[_Entry]]:
    """Folded word tuple → what it may name; the first entry of a key wins."""
    table: dict[tuple[str, ...], list[_Entry]] = {}
    entries = _province_entries() + (_unit_entries() + _wider_entries() if local else [])
    for written, entry in entries:
        key = _words(written)
        if key and entry not in table.setdefault(key, []):
            table[key].append(entry)
    return table


@cache
def _longest(local: bool) -> int:
    return max(len(k) for k in _table(local))


@cache
def _guessable() -> dict[str, _Entry]:
    """Folded names a misspelling may be guessed as: provinces of two or more words."""
    out: dict[str, _Entry] = {}
    for key, entries in _table(False).items():
        entry = entries[0]
        if entry.place.kind == "province" and (len(key) > 1 or len(key[0]) >= 6):
            out.setdefault(" ".join(key), entry)
    return out


# Ordinary phrases a letter away from a province's name: "hai năm" (Hà Nam), "phụ thu" (Phú
# Thọ), "đông nam" (Đồng Nai).
_NOT_NAMES = frozenset(
    {"hai nam", "ba nam", "bon nam", "nam nam", "cac nam", "dong nam", "tay nam", "phu thu"}
)


def _mention(entry: _Entry, start: int, end: int) -> PlaceMention:
    p = entry.place
    return PlaceMention(p.name, start, end, p.kind, p.parent)


def _joined(folded: str, spans: list[tuple[str, int, int]]) -> bool:
    """Words of one name follow each other with only spaces, dots or hyphens between."""
    return all(
        re.fullmatch(r"[\s.\-]{0,3}", folded[a[2] : b[1]]) is not None for a, b in pairwise(spans)
    )


def _matches(folded: str, local: bool) -> list[tuple[_Entry, int, int, int, int]]:
    """Every (entry, start, end, first word, word count) found, longest first."""
    spans = token_spans(folded)
    words = [w for w, _, _ in spans]
    table, longest = _table(local), _longest(local)
    found = []
    for i in range(len(words)):
        for size in range(min(longest, len(words) - i), 0, -1):
            entries = table.get(tuple(words[i : i + size]))
            if entries and _joined(folded, spans[i : i + size]):
                start, end = spans[i][1], spans[i + size - 1][2]
                found += [(e, start, end, i, size) for e in entries]
    found.sort(key=lambda m: -(m[2] - m[1]))
    return found


def _claim(found: list[PlaceMention], taken: list[bool], mention: PlaceMention) -> bool:
    if any(taken[mention.start : mention.end]):
        return False
    found.append(mention)
    for i in range(mention.start, mention.end):
        taken[i] = True
    return True


def find_places(folded: str) -> list[PlaceMention]:
    """Provinces and the nation in folded article text, longest names first, never overlapping;
    'BHXH Việt Nam' (the agency) is no place."""
    found: list[PlaceMention] = []
    taken = [False] * (len(folded) + 1)
    for entry, start, end, _, _ in _matches(folded, local=False):
        agency = entry.place.kind == "nation" and folded[start:end] in ("viet nam", "vn")
        if agency and _AGENCY_BEFORE.search(folded[:start]):
            continue
        _claim(found, taken, _mention(entry, start, end))
    return sorted(found, key=lambda p: p.start)


def read_places(text: str) -> list[PlaceMention]:
    """Places in a question (NFC text; spans are the same in its fold), in order."""
    marked = text.lower()
    folded = fold(text)
    words = [w for w, _, _ in token_spans(folded)]
    found: list[PlaceMention] = []
    taken = [False] * (len(folded) + 1)
    for entry, start, end, first, size in _matches(folded, local=True):
        typed = [marked[start + s : start + e] for _, s, e in token_spans(folded[start:end])]
        if not typed_as(typed, list(entry.written)):
            continue
        if reads_as_word(words, first, size, text[start:end]):
            continue
        if entry.place.kind == "nation" and agency_named(folded, start, end):
            continue
        _claim(found, taken, _mention(entry, start, end))
    for name, kind, start, end in unnamed_units(text):
        _claim(found, taken, PlaceMention(name, start, end, kind))
    for mention in _misspelt(text, folded, taken):
        _claim(found, taken, mention)
    return sorted(found, key=lambda p: p.start)


_CUES = frozenset({"tinh", "tai", "o", "thuoc"})  # "tỉnh Quang Nin", "ở ha tin"


def _misspelt(text: str, folded: str, taken: list[bool]) -> list[PlaceMention]:
    """'ha noii', 'Quang Nin', 'tỉnh thai ngyen': one or two letters from a province's name,
    in a word that is no Vietnamese syllable, or in words written as a name (capitalised, or
    after "tỉnh", "tại", "ở"); other words close to a name ("hai năm", "phụ thu") stay words."""
    spans = [s for s in token_spans(folded) if not any(taken[s[1] : s[2]])]
    known = known_words()
    unknown = {i for i, (w, _, _) in enumerate(spans) if w.isalpha() and w not in known}
    odd = {i for i in unknown if not is_syllable(spans[i][0])}
    for i in unknown - odd:
        named = text[spans[i][1] : spans[i][1] + 1].isupper() and i > 0
        cue = any(0 <= j < i and spans[j][0] in _CUES for j in (i - 1, i - 2))
        if cue or (named and text[spans[i - 1][1] : spans[i - 1][1] + 1].isupper()):
            odd.add(i)
    guessable = _guessable()
    names = tuple(guessable)
    out: list[PlaceMention] = []
    for i in sorted(odd):
        for first in range(max(0, i - 2), i + 1):
            for last in range(i, min(len(spans), first + 3)):
                window = spans[first : last + 1]
                if not _joined(folded, window) or not all(w.isalpha() for w, _, _ in window):
                    continue
                typed = " ".join(w for w, _, _ in window)
                name = nearest_name(typed, names) if typed not in _NOT_NAMES else None
                if name is None:
                    continue
                entry = guessable[name]
                marked = [text[s:e].lower() for _, s, e in window]
                if typed_as(marked, list(entry.written)):
                    out.append(_mention(entry, window[0][1], window[-1][2]))
    return sorted(out, key=lambda m: m.start - m.end)


def narrowest(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """'huyện Cao Lộc, tỉnh Lạng Sơn' asks about Cao Lộc: a province named with a place inside
    it only says where that place is."""
    inner_parents = {m.parent for m in mentions if m.parent}
    return [m for m in mentions if m.name not in inner_parents]


@cache
def _by_name() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for entries in _table(True).values():
        for entry in entries:
            out.setdefault(entry.place.name, entry.place)
    return out


@cache
def place_named(name: str) -> Place:
    """What a place name stands for: its kind and the province it lies in."""
    known = _by_name().get(name)
    if known is not None:
        return known
    found = read_places(nfc(name))  # "Cả nước", "TP. Hồ Chí Minh": another spelling
    if len(found) == 1 and found[0].end - found[0].start >= len(name.strip()) - 4:
        return Place(name, found[0].kind, found[0].parent)
    kind, _, _ = name.partition(" ")
    if kind in ("huyện", "quận", "thị"):
        return Place(name, "district")
    if kind in ("xã", "phường"):
        return Place(name, "commune")
    if name.startswith("thành phố "):
        return Place(name, "city")
    return Place(name)
