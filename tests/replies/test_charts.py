"""Charts: a time axis spaced by date, the stored target as a dashed line, the sources in the
image, a percent axis that stops at 100% when every value is below it."""

from __future__ import annotations

import json
from typing import Any

from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH
from knowledge.store.snapshot import Knowledge
from replies.charts import chart_figure, render_chart


def engine_with(extra: dict[str, dict[str, Any]]) -> Engine:
    tables = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    coverage = tables["facts"]["22"]
    for fact_id, change in extra.items():
        tables["facts"][fact_id] = {**coverage, **change}
    return Engine(Knowledge.from_tables(tables))


NEWER = {
    "value": 90.12,
    "value_text": "90,12%",
    "period": {"label": "cuối năm 2023", "start": "2023-01-01", "end": "2023-12-31"},
    "quote": "tỷ lệ bao phủ BHYT đạt 90,12% dân số.",
}
TARGET = {
    "kind": "target",
    "value": 95.0,
    "value_text": "95%",
    "period": {"label": "năm 2025", "start": "2025-01-01", "end": "2025-12-31"},
    "quote": "phấn đấu 95% dân số tham gia BHYT.",
}


def drawn(engine: Engine, question: str) -> Any:
    answer = engine.answer(question)
    assert answer.metric is not None and answer.region is not None
    return chart_figure(
        answer.history, answer.region, engine.targets(answer.metric.id, answer.region)
    )


def test_the_time_axis_is_spaced_by_date() -> None:
    plot = drawn(engine_with({"90": NEWER}), "tỷ lệ bao phủ BHYT")
    [axes] = plot.axes
    x = list(axes.lines[0].get_xdata())
    assert len(x) == 3
    # 31/8/2019 → 30/6/2022 → 31/12/2023: 1.034 days, then 549
    assert round(x[1] - x[0]) == 1034 and round(x[2] - x[1]) == 549


def test_a_stored_target_is_a_dashed_line_and_percent_stops_at_100() -> None:
    plot = drawn(engine_with({"90": NEWER, "91": TARGET}), "tỷ lệ bao phủ BHYT")
    [axes] = plot.axes
    dashed = [line for line in axes.lines if line.get_linestyle() == "--"]
    assert [list(line.get_ydata()) for line in dashed] == [[95.0, 95.0]]
    assert any("Chỉ tiêu 95%" in t.get_text() for t in axes.texts)
    assert axes.get_ylim() == (0.0, 100.0)


def test_percent_above_100_is_not_cut() -> None:
    over = {**NEWER, "value": 111.6, "value_text": "111,6%", "kind": "value"}
    plot = drawn(engine_with({"90": over}), "tỷ lệ bao phủ BHYT")
    assert plot.axes[0].get_ylim()[1] > 111.6


def test_the_sources_are_printed_in_the_image() -> None:
    plot = drawn(engine_with({}), "số người tham gia BHYT")
    texts = {t.get_text() for t in plot.texts} | {plot.get_supxlabel()}
    [note] = [t for t in texts if t.startswith("Nguồn:")]
    assert "Báo Lạng Sơn (13/07/2022)" in note and "Cổng thông tin" in note
    assert (
        render_chart(engine_with({}).answer("số người tham gia BHYT").history, "Lạng Sơn")[:4]
        == b"\x89PNG"
    )
