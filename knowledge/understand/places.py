"""Places named in a question: the 63 provinces (pre-2025 names people still use), the new
merged ones, and the whole country. A place the knowledge lacks must be answered as "no data
for that place", never with Lạng Sơn's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.understand.folding import fold

NATIONAL = "Toàn quốc"

PROVINCES = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "TP Hồ Chí Minh",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Huế",
)

# Other ways people write a place → its canonical name.
ALIASES: dict[str, str] = {
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "BRVT": "Bà Rịa - Vũng Tàu",
    "Bắc Cạn": "Bắc Kạn",
    "Daklak": "Đắk Lắk",
    "Đăk Lăk": "Đắk Lắk",
    "Hòa Bình": "Hòa Bình",
    "Hà Nội": "Hà Nội",
    "Hanoi": "Hà Nội",
    "HN": "Hà Nội",
    "Thành phố Hồ Chí Minh": "TP Hồ Chí Minh",
    "Hồ Chí Minh": "TP Hồ Chí Minh",
    "TPHCM": "TP Hồ Chí Minh",
    "HCM": "TP Hồ Chí Minh",
    "Sài Gòn": "TP Hồ Chí Minh",
    "Saigon": "TP Hồ Chí Minh",
    "Ho Chi Minh City": "TP Hồ Chí Minh",
    "Da Nang": "Đà Nẵng",
    "Danang": "Đà Nẵng",
    "Hai Phong": "Hải Phòng",
    "Haiphong": "Hải Phòng",
    "Thanh Hoá": "Thanh Hóa",
    "Khánh Hoà": "Khánh Hòa",
    "Huế": "Thừa Thiên Huế",
    "Langson": "Lạng Sơn",
    "Lang Son": "Lạng Sơn",
    "toàn quốc": NATIONAL,
    "cả nước": NATIONAL,
    "trên cả nước": NATIONAL,
    "toàn quốc gia": NATIONAL,
    "Việt Nam": NATIONAL,
    "VN": NATIONAL,
    "nationwide": NATIONAL,
    "national": NATIONAL,
    "whole country": NATIONAL,
    "Vietnam": NATIONAL,
    "cả nước ta": NATIONAL,
}

# "kế hoạch BHXH Việt Nam giao": the agency, not the country.
_AGENCY_BEFORE = re.compile(r"(?:bhxh|bao hiem xa hoi|bhyt)\s*$")


@dataclass(frozen=True)
class PlaceMention:
    name: str
    start: int
    end: int


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    names = {p: p for p in PROVINCES} | ALIASES
    entries = sorted(names.items(), key=lambda kv: -len(fold(kv[0])))
    out = []
    for written, canonical in entries:
        words = re.split(r"[\s-]+", fold(written))
        pattern = r"[\s-]+".join(re.escape(w) for w in words if w)
        out.append((re.compile(r"\b" + pattern + r"\b"), canonical))
    return out


def find_places(folded: str) -> list[PlaceMention]:
    """Places in folded text, longest names first, never overlapping."""
    found: list[PlaceMention] = []
    taken = [False] * (len(folded) + 1)
    for pattern, canonical in _patterns():
        for m in pattern.finditer(folded):
            if any(taken[m.start() : m.end()]):
                continue
            agency = m.group() in ("viet nam", "vn") and _AGENCY_BEFORE.search(folded[: m.start()])
            if canonical == NATIONAL and agency:
                continue
            found.append(PlaceMention(canonical, m.start(), m.end()))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(found, key=lambda p: p.start)
