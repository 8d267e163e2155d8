"""Validated knowledge records: a Source (article), a Metric (what is measured) and a Fact.

A fact is one published figure: its value as a number and as written ("gần 97,5%"), its unit, what
a percent is of, its period, region and the sentence it came from. Facts that are not results
(changes, gaps to a target, targets) say so in `kind`, so a target is never answered as a result.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from knowledge.numbers import figure_digits

FactKind = Literal["value", "plan", "change", "gap", "target"]
"""value: the figure itself · plan: % of the plan · change: against an earlier period ·
gap: distance to a target (negative = short of it) · target: a goal, never a result."""

FACT_KINDS: tuple[FactKind, ...] = ("value", "plan", "change", "gap", "target")

SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class Record(BaseModel):
    # No str_strip_whitespace: it copies every string, defeating the interning done while
    # parsing (snapshot.parse_json); input paths (CLI, Telegram) strip what people type.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Period(Record):
    """A reporting period: its label as people say it, and the dates it covers."""

    label: str = Field(min_length=1, description="'hết tháng 8/2019', '6 tháng đầu năm 2022'")
    start: date
    end: date

    @model_validator(mode="after")
    def _start_before_end(self) -> Period:
        if self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    @property
    def year(self) -> int:
        return self.end.year

    # pydantic's own __eq__ compares every internal dict; the engine compares periods on every
    # answer, and facts of one period usually share one object (snapshot.parse_json).
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, self.end, self.label) == (other.start, other.end, other.label)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.label))


class Source(Record):
    """A published article the figures come from."""

    id: str = Field(pattern=SLUG.pattern)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    published: date
    url: str = Field(pattern=r"^https?://\S+$")
    author: str | None = None


class Metric(Record):
    """Something measured, with the names people use for it (aliases drive the matching)."""

    id: str = Field(pattern=SLUG.pattern)
    name: str = Field(min_length=1, description="canonical Vietnamese name")
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = Field(
        default=(), description="metrics whose figures of the same period give context"
    )


class Fact(Record):
    """One published figure."""

    metric: str = Field(min_length=1)
    kind: FactKind = "value"
    # strict: JSON `true` is not the number 1; NaN and infinities are not figures
    value: float = Field(allow_inf_nan=False, strict=True)
    value_text: str = Field(min_length=1, description="as written, with its hedge: 'gần 97,5%'")
    hedge: str | None = Field(default=None, description="gần, hơn, trên, khoảng, ước …")
    unit: str = Field(min_length=1, description="người, %, điểm %, tỷ đồng, triệu đồng, đơn vị …")
    of: str | None = Field(default=None, description="what a percent is of: kế hoạch, dân số …")
    compared_to: str | None = Field(
        default=None,
        description="required for change and gap facts (a cross-record rule in snapshot.py, "
        "checked once per file): 'cùng kỳ năm 2018', 'chỉ tiêu …'",
    )
    period: Period
    region: str = Field(min_length=1)
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1, description="the exact sentence the figure came from")

    # What the replies need to show a fact: its digits (the bold span in the quote holds them)
    # and its hedge as written. Refused here, so `kb check` and loading name the field.
    @field_validator("value_text")
    @classmethod
    def _has_digits(cls, value_text: str) -> str:
        if figure_digits(value_text) is None:
            raise ValueError(f"'{value_text}' không có con số (vd. 'gần 97,5%')")
        return value_text

    @field_validator("hedge")
    @classmethod
    def _hedge_written(cls, hedge: str | None, info: ValidationInfo) -> str | None:
        value_text = info.data.get("value_text")
        written = f" {' '.join(value_text.casefold().split())} " if value_text else ""
        if hedge and value_text and f" {' '.join(hedge.casefold().split())} " not in written:
            raise ValueError(f"'{hedge}' không có trong value_text '{value_text}'")
        return hedge
