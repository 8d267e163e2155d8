"""The buttons under an answer, as plain data: a label, what pressing it does, and its payload.

handlers.keyboards turns them into Telegram buttons (payloads go through the ButtonCache, so
callback data stays short); the offline chat shows the ones that make sense in a terminal.

Rows, so they fit a phone: the suggested questions (short labels share a row), then
[ℹ️ Chi tiết] [📈 Biểu đồ], then [👍] [👎] [🔔 Theo dõi].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.answer.engine import Answer
from replies.answer import has_details, render_blocks

Action = Literal["ask", "chart", "details", "up", "down", "subscribe"]

MAX_SUGGESTIONS = 6
MAX_LABEL = 40  # characters of a button text; longer labels are cut with "…"
DETAILS_SEPARATOR = "\x1e"
SHORT_LABEL = 20  # labels this short go two to a row
DETAILS, CHART, UP, DOWN, SUBSCRIBE = "ℹ️ Chi tiết", "📈 Biểu đồ", "👍", "👎", "🔔 Theo dõi"


@dataclass(frozen=True)
class Button:
    label: str
    action: Action
    payload: str
    """ask/chart/up/down: a question; details: the whole answer (blocks joined by
    DETAILS_SEPARATOR), so a follow-up's details need not be asked again; subscribe:
    'metric id\\nplace'."""


def label(text: str, limit: int = MAX_LABEL) -> str:
    """The text on one line, cut at a word boundary with "…" when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def details_blocks(payload: str) -> list[str]:
    """The whole answer behind a "Chi tiết" button."""
    return payload.split(DETAILS_SEPARATOR)


def has_chart(answer: Answer) -> bool:
    """A chart is worth drawing when the metric has at least two periods."""
    return len(answer.history) >= 2


def suggestion_rows(answer: Answer) -> list[list[Button]]:
    """The suggested questions, each label once and never the period the answer already shows;
    short labels two to a row."""
    shown = answer.headline.fact.period.label if answer.headline else None
    seen = {label(shown)} if shown else set()
    name = answer.metric.name if answer.metric else None
    rows: list[list[Button]] = []
    for suggestion in answer.suggestions:
        text = suggestion.label
        if name and text.startswith(f"{name} (") and text.endswith(")"):
            text = text[len(name) + 2 : -1]  # the answer's own metric: its period is enough
        text = label(text)
        if text in seen or sum(map(len, rows)) >= MAX_SUGGESTIONS:
            continue
        seen.add(text)
        button = Button(text, "ask", suggestion.question)
        last = rows[-1] if rows else []
        if len(text) <= SHORT_LABEL and len(last) == 1 and len(last[0].label) <= SHORT_LABEL:
            last.append(button)
        else:
            rows.append([button])
    return rows


def answer_buttons(answer: Answer, details: bool = True) -> list[list[Button]]:
    """Every button under an answer (`details`: offer "Chi tiết" when it would show more)."""
    rows = suggestion_rows(answer)
    tools = []
    if details and answer.status == "answered" and has_details(answer):
        whole = DETAILS_SEPARATOR.join(render_blocks(answer, full=True))
        tools.append(Button(DETAILS, "details", whole))
    if has_chart(answer):
        tools.append(Button(CHART, "chart", answer.chart or answer.question))
    if tools:
        rows.append(tools)
    if answer.status in ("answered", "no_data"):
        feedback = [Button(UP, "up", answer.question), Button(DOWN, "down", answer.question)]
        if answer.metric is not None and answer.region:
            feedback.append(Button(SUBSCRIBE, "subscribe", f"{answer.metric.id}\n{answer.region}"))
        rows.append(feedback)
    return rows
