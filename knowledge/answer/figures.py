"""Pure helpers on figures and periods: which figure a question wants, comparing two figures,
whether a published change refers to the baseline asked."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.answer.results import Comparison, Figure
from knowledge.model import FactKind, Metric, Period
from knowledge.numbers import money_in_dong
from knowledge.store.snapshot import StoredFact
from knowledge.understand.matching import question_measures
from knowledge.understand.periods import PeriodAsk
from knowledge.understand.question import Question


def only_a_scheme_among_strangers(q: Question) -> bool:
    """'ai là giám đốc BHXH', 'BHYT học sinh': a scheme named, but what is asked is unknown."""
    asks_something = (question_measures(q.concepts) - {"TOTAL"}) or q.concepts.aspects
    return not asks_something and len(q.unknown_words) >= 1


def _share_of_plan(stored: StoredFact) -> bool:
    of = (stored.fact.of or "").lower()
    return stored.fact.unit == "%" and ("kế hoạch" in of or "dự toán" in of)


def pick_headline(
    facts: list[StoredFact], aspects: frozenset[str]
) -> tuple[StoredFact, str | None]:
    """The figure the question asks for; a note when the article does not give that aspect."""
    wanted: list[FactKind] = []
    for aspect, kinds in (
        ("PLAN", ("plan",)),
        ("CHANGE", ("change",)),
        ("GAP", ("gap",)),
        ("TARGET", ("target", "gap")),
    ):
        if aspect in aspects:
            wanted += kinds  # type: ignore[arg-type]
    by_kind = {sf.fact.kind: sf for sf in facts}
    for kind in wanted:
        if kind in by_kind:
            return by_kind[kind], None
    note = None
    if wanted:
        names = {
            "plan": "tỷ lệ so với kế hoạch",
            "change": "mức tăng/giảm",
            "gap": "khoảng cách tới chỉ tiêu",
            "target": "chỉ tiêu",
        }
        note = f"Nguồn không nêu {names[wanted[0]]} cho kỳ này."
    for kind in ("value", "plan", "change", "gap", "target"):
        if kind in by_kind:
            chosen = by_kind[kind]
            if wanted == ["plan"] and _share_of_plan(chosen):
                note = None  # "tỷ lệ nợ … kế hoạch thu": the value itself is a share of the plan
            return chosen, note
    return facts[0], note


def compare_figures(metric: Metric, earlier: Figure, later: Figure) -> Comparison:
    a, b = earlier.fact, later.fact
    if a.unit == "%" and b.unit == "%":
        return Comparison(metric, earlier, later, round(b.value - a.value, 4), "điểm %", None)
    a_dong, b_dong = money_in_dong(a.value, a.unit), money_in_dong(b.value, b.unit)
    if a_dong is not None and b_dong is not None and a.unit != b.unit:
        unit = "tỷ đồng"
        diff = (b_dong - a_dong) / 1e9
        relative = (b_dong - a_dong) / a_dong * 100 if a_dong else None
        return Comparison(metric, earlier, later, round(diff, 4), unit, relative)
    relative = (b.value - a.value) / a.value * 100 if a.value else None
    return Comparison(metric, earlier, later, round(b.value - a.value, 4), b.unit, relative)


def change_refers_to(compared_to: str | None, baseline: PeriodAsk, period: Period) -> bool:
    """Does a change fact's reference ('cùng kỳ năm 2018', 'năm 2021') match the baseline?"""
    if not compared_to:
        return False
    if baseline.year is not None and not baseline.years_back:
        return str(baseline.year) in compared_to
    return True  # "so với cùng kỳ", "so với năm trước": any published change fits


def ask_for(period: Period) -> PeriodAsk:
    return PeriodAsk(
        label=period.label,
        year=period.year,
        first_month=period.start.month,
        last_month=period.end.month,
    )


def periods_of(facts: Sequence[StoredFact]) -> list[Period]:
    return sorted({sf.fact.period for sf in facts}, key=lambda p: (p.end, p.start))


def months_long(period: Period) -> int:
    return (period.end - period.start).days // 28


def question_for(metric: Metric, period_label: str, region: str | None = None) -> str:
    """A question the engine answers with this metric, period and place ('' and None: latest,
    default place)."""
    return " ".join(part for part in (metric.name, period_label, region) if part)
