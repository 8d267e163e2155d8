"""Vietnamese numbers: "741.213" (dot for thousands), "86,96" (comma for decimals), scale words."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

LOCALE = "vi"

SCALE_WORDS: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}

# Money is kept in the unit it was written in; these give its size in đồng for comparisons.
MONEY_UNITS: dict[str, int] = {
    "đồng": 1,
    "nghìn đồng": 1_000,
    "triệu đồng": 1_000_000,
    "tỷ đồng": 1_000_000_000,
}

_VI_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[+-]?\d+(?:,\d+)?$")
_EN_DECIMAL = re.compile(r"^[+-]?\d+\.\d{1,2}$|^[+-]?\d+\.\d{4,}$")


def format_number(value: float, max_decimals: int = 2) -> str:
    """741213 → '741.213'; 86.96 → '86,96'; 2.0 → '2'."""
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
    return str(
        format_decimal(Decimal(str(round(value, max_decimals))), format=pattern, locale=LOCALE)
    )


def format_value(value: float, unit: str) -> str:
    """A number with its unit, the Vietnamese way: '741.213 người', '86,96%', '0,42 điểm %'."""
    number = format_number(value)
    if unit == "%":
        return number + "%"
    return f"{number} {unit}" if unit else number


def parse_number(text: str) -> float | None:
    """Parse a number as written in Vietnamese ('741.213', '97,5'); None if it is not one.

    An English decimal ('98.3') is accepted too, since a thousands group always has three digits.
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if _VI_NUMBER.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _EN_DECIMAL.match(text):
        return float(text)
    return None


def apply_scale(value: float, scale_word: str | None) -> float:
    """'15,67' with 'triệu' → 15 670 000."""
    if not scale_word:
        return value
    return value * SCALE_WORDS[scale_word.lower()]


def money_in_dong(value: float, unit: str) -> float | None:
    """The amount in đồng, or None when the unit is not money."""
    factor = MONEY_UNITS.get(unit)
    return value * factor if factor else None


# The digits of a figure as written: '97,5', '1.109.733', '8/11'.
_FIGURE = re.compile(r"\d+(?:[.,/]\d+)*")


def figure_digits(value_text: str) -> str | None:
    """The figure's digits in a value as written: 'gần 97,5%' → '97,5'; None when there are none."""
    match = _FIGURE.search(value_text)
    return match.group() if match else None


def figure_span(value_text: str, quote: str) -> tuple[int, int] | None:
    """Where a figure sits in its quote: the span of the value as written ('gần 909 tỷ đồng'), or of
    as much of it as the quote repeats, always holding the figure's digits; None when the quote
    lacks them. The digits are matched as a whole number ('97,5' is not found in '197,5'); where
    they occur more than once, the occurrence that repeats most of the value wins, then the first.
    """
    digits = figure_digits(value_text)
    if digits is None:
        return None
    at = value_text.find(digits)
    before, after = value_text[:at].strip().casefold(), value_text[at + len(digits) :]
    words = re.findall(r"\s*\S+", after)
    folded = quote.casefold()
    if len(folded) != len(quote):  # a letter that folds to two ('ß'): spans must match the quote
        folded = quote
    best: tuple[int, int, int] | None = None  # (matched characters, start, end)
    pattern = r"(?<![\d])(?<![\d][.,/])" + re.escape(digits) + r"(?![\d])(?![.,/]\d)"
    for match in re.finditer(pattern, quote):
        start, end = match.span()
        for n in range(len(words), 0, -1):  # the longest run of the value's words after it
            tail = "".join(words[:n]).casefold()
            if folded.startswith(tail, end):
                end += len(tail)
                break
        if before and folded[:start].rstrip().endswith(before):
            start = folded[:start].rstrip().rfind(before)
        score = end - start
        if best is None or score > best[0]:
            best = (score, start, end)
    return (best[1], best[2]) if best else None
