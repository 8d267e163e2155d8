"""Groups of people a question may be about: students, poor households, people without a card,
women, farmers, children … Published figures are mostly totals; a question about a group the
knowledge does not break out gets "no data" naming the group, never the total as if it were
the group's.

Each group: the name a reply uses, then the ways people write it (folded when matched).
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.understand.folding import fold

# fmt: off
GROUPS: dict[str, tuple[str, ...]] = {
    "học sinh, sinh viên": ("học sinh sinh viên", "học sinh, sinh viên", "học sinh", "sinh viên",
        "hssv", "hs sv", "hs-sv", "học sinh - sinh viên", "students", "student", "pupils"),
    "hộ nghèo": ("hộ nghèo", "người nghèo", "người thuộc hộ nghèo", "poor households",
        "poor household", "the poor", "poor people"),
    "hộ cận nghèo": ("hộ cận nghèo", "cận nghèo", "near-poor", "near poor"),
    "người chưa có thẻ BHYT": ("chưa có thẻ", "không có thẻ", "chưa tham gia", "không tham gia",
        "chưa được bao phủ", "uninsured", "without insurance", "without health insurance",
        "not covered", "not insured"),
    "phụ nữ": ("phụ nữ", "lao động nữ", "nữ giới", "người lao động nữ", "women", "female",
        "woman"),
    "nam giới": ("nam giới", "lao động nam", "men", "male"),
    "nông dân": ("nông dân", "người làm nông nghiệp", "nông nghiệp", "farmers", "farmer"),
    "ngư dân": ("ngư dân", "fishermen"),
    "trẻ em dưới 6 tuổi": ("trẻ em dưới 6 tuổi", "trẻ dưới 6 tuổi", "trẻ em dưới sáu tuổi",
        "dưới 6 tuổi", "trẻ em", "trẻ nhỏ", "children under 6", "children", "kids", "child"),
    "người cao tuổi": ("người cao tuổi", "người già", "người trên 80 tuổi", "elderly",
        "old people", "older people"),
    "đồng bào dân tộc thiểu số": ("dân tộc thiểu số", "đồng bào dân tộc", "người dân tộc",
        "ethnic minority", "ethnic minorities"),
    "người có công": ("người có công", "cựu chiến binh", "thương binh", "veterans"),
    "người khuyết tật": ("người khuyết tật", "khuyết tật", "disabled", "disability"),
    "người nghỉ hưu": ("người nghỉ hưu", "người hưởng lương hưu", "hưu trí", "pensioners",
        "retirees"),
    "hộ gia đình": ("hộ gia đình", "theo hộ gia đình", "household", "households"),
    "công nhân": ("công nhân", "factory workers"),
    "lao động tự do": ("lao động tự do", "lao động phi chính thức", "khu vực phi chính thức",
        "informal workers", "self-employed"),
    "cán bộ, công chức, viên chức": ("cán bộ công chức", "công chức", "viên chức",
        "civil servants"),
    "doanh nghiệp FDI": ("doanh nghiệp fdi", "fdi", "doanh nghiệp có vốn đầu tư nước ngoài"),
    "người nước ngoài": ("người nước ngoài", "lao động nước ngoài", "foreign workers",
        "foreigners"),
}
# fmt: on


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    label_of: dict[str, str] = {}
    for label, phrases in GROUPS.items():
        for phrase in phrases:
            key = " ".join(re.findall(r"[a-z0-9]+", fold(phrase.lower())))
            label_of.setdefault(key, label)
    keys = sorted(label_of, key=len, reverse=True)
    body = "|".join(r"[\s,\-]+".join(re.escape(w) for w in k.split()) for k in keys)
    return re.compile(rf"\b(?:{body})\b"), label_of


def find_groups(folded: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each group named in folded text, in order, never overlapping."""
    pattern, label_of = _pattern()
    found = []
    for m in pattern.finditer(folded):
        key = " ".join(re.findall(r"[a-z0-9]+", m.group()))
        found.append((label_of[key], m.start(), m.end()))
    for m in _WITHOUT.finditer(folded):  # "chưa có BHYT": the scheme stays in the question
        if not any(start <= m.start() < end for _, start, end in found):
            found.append(("người chưa có thẻ BHYT", m.start(), m.end()))
    return sorted(found, key=lambda g: g[1])


_WITHOUT = re.compile(r"\b(?:chua|khong) (?:co|duoc cap)(?= (?:bhyt|bhxh|bhtn|bao hiem|the)\b)")
