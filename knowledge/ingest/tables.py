"""A table pasted as text, read back into the sentences a report would have written.

Reports often give their figures as a table: a header row ('Chỉ tiêu | Thực hiện | So với kế
hoạch (%) | So với cùng kỳ (%)') and one row per measure, cells split by '|' or tabs. A row alone
('Số người tham gia BHYT | 729.845 | 97,2 | -0,8') says nothing about what each number is; with
its header it reads as 'Số người tham gia BHYT 729.845 người, đạt 97,2% kế hoạch, giảm 0,8% so
với cùng kỳ.', which the sentence reader already understands. A table without a header row of
words is left as it was.
"""

from __future__ import annotations

import re

from knowledge.understand.folding import fold

_SPLIT = re.compile(r"\s*(?:\t+|\|)\s*")
_NUMBER = re.compile(r"^([+\-−–]?)\s*(\d[\d.,]*)\s*(%?)$")
_UNIT_IN_BRACKETS = re.compile(r"\(([^)]*)\)")
_PLAN = re.compile(r"\b(?:ke hoach|chi tieu|du toan|kh)\b")
_CHANGE = re.compile(r"\b(?:cung ky|so voi nam|tang|giam|tang giam)\b")
_COVERAGE = re.compile(r"\b(?:dan so|ty le bao phu|bao phu)\b")
_RATE = re.compile(r"^(?:ty le|ti le)\b")
_PEOPLE = re.compile(r"^so (?:nguoi|lao dong)\b")


def cells(line: str) -> list[str] | None:
    """The cells of a table row ('a | b | c', 'a<TAB>b', '| a | b |'), or None for prose."""
    if "|" not in line and "\t" not in line:
        return None
    parts = [p for p in _SPLIT.split(line.strip().strip("|")) if p != ""]
    return parts if len(parts) >= 2 else None


def _unit(header: str, label: str) -> str:
    """The unit a column (or, failing that, the row's label) writes in brackets, or 'người' for
    a row that counts people."""
    for text in (header, label):
        found = _UNIT_IN_BRACKETS.search(text)
        if found and found.group(1).strip():
            return found.group(1).strip()
    return "người" if _PEOPLE.match(fold(label)) else ""


def _cell(header: str, label: str, cell: str, first: bool, plan_in_table: bool) -> str | None:
    """One number cell as the words a report would use for its column."""
    number = _NUMBER.match(cell.strip())
    if number is None:
        return None
    sign, digits, percent = number.groups()
    head = fold(header)
    unit = "%" if percent else _unit(header, label)
    spaced = digits + (unit if unit == "%" else f" {unit}" if unit else "")
    rate = bool(percent) or "%" in header
    if _PLAN.search(head):
        return f"đạt {digits}% kế hoạch" if rate else f"chỉ tiêu {spaced}"
    if _CHANGE.search(head):
        spaced = f"{digits}%" if rate else spaced
        verb = "giảm" if sign and sign != "+" else "tăng"
        return f"{verb} {spaced} so với cùng kỳ"
    if _COVERAGE.search(head) and rate:
        return f"đạt {digits}% dân số"
    if _RATE.search(head) and rate and plan_in_table:
        return f"đạt {digits}% kế hoạch"  # 'Tỷ lệ (%)' beside a plan column: the share of it
    return spaced if first else f"đạt {spaced}"


def table_sentences(rows: list[list[str]]) -> list[str] | None:
    """The rows of a table with a header of words, each as a sentence; None when the first row
    is not such a header (a table of numbers only is left as it was)."""
    header, *body = rows
    if not body or any(re.search(r"\d", h) for h in header[1:]):
        return None
    plan_in_table = any(_PLAN.search(fold(h)) for h in header[1:])
    # the columns of results first: a plan or a change then reads as the result's own
    order = sorted(range(1, len(header)), key=lambda i: bool(_PLAN.search(fold(header[i]))))
    sentences: list[str] = []
    for row in body:
        label = row[0].strip()
        words: list[str] = []
        for index in order:
            if index >= len(row):
                continue
            said = _cell(header[index], label, row[index], not words, plan_in_table)
            if said is not None:
                words.append(said)
        if words:
            sentences.append(f"{label} {words[0]}" + "".join(f", {w}" for w in words[1:]) + ".")
    return sentences
