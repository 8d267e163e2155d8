"""Every kind of button, defined once: its callback-data prefix and what its payload looks like.

Buttons are made with `KIND.data(payload)`; handlers.register() routes presses with `KIND.pattern`
for every kind in ALL, so a renamed prefix is renamed on both sides and a kind without a handler
stops the bot at start-up instead of leaving its buttons silently dead. Callback data is at most
64 bytes: payloads are ids (fact ids, ButtonCache digests), never Vietnamese text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Callback:
    """A kind of button: data '<prefix>:<payload>', payload matching `payload_pattern`."""

    prefix: str
    payload_pattern: str = r".+"

    def data(self, payload: str | int) -> str:
        return f"{self.prefix}:{payload}"

    def payload(self, data: str) -> str:
        return data.removeprefix(f"{self.prefix}:")

    @property
    def pattern(self) -> str:
        return f"^{re.escape(self.prefix)}:(?:{self.payload_pattern})$"


QUESTION = Callback("q")
"""A suggested or example question (ButtonCache id)."""
CHART = Callback("c")
"""📈 the chart of an answer's metric (ButtonCache id)."""
DELETE = Callback("adm:del", r"\d+")
"""✅ Xoá under /xoa: a fact id."""
KEEP = Callback("adm:keep", r"\d+")
"""❌ Huỷ under /xoa: a fact id."""
IMPORT = Callback("adm:imp", r"[^:]+:(?:\d+|save|cancel|place|period|metric|m\d+)")
"""The review of an article import: '<draft token>:<candidate number|save|cancel>', a
correction ('place', 'period', 'metric'), or a metric picked ('m<option number>')."""
UNDO = Callback("adm:undo", r"[0-9a-f]{1,32}|keep")
"""Under /hoantac when the last change is a whole import: the history entry id to undo, or
'keep' (nothing is undone)."""
ALIAS_QUESTION = Callback("adm:al")
"""➕ under an unanswered question (ButtonCache id)."""
ALIAS_METRIC = Callback("adm:am")
"""A metric chosen for an unanswered question (ButtonCache id)."""

DETAILS = Callback("d")
"""ℹ️ Chi tiết: the whole answer in place of the phone-sized one (ButtonCache id)."""
UP = Callback("up")
"""👍 under an answer (ButtonCache id of its question)."""
DOWN = Callback("dn")
"""👎 under an answer (ButtonCache id of its question)."""
NO_REASON = Callback("nr", r"\d+")
"""'Bỏ qua' under the request for a 👎's reason: the message id of the answer."""
SUBSCRIBE = Callback("sub")
"""🔔 under an answer: follow its metric and place (ButtonCache id of 'metric\nplace')."""
UNSUBSCRIBE = Callback("unsub", r"\d+")
"""🔕 in /huytheodoi: the number of the subscription in the chat's list."""

ALL = (
    QUESTION,
    CHART,
    DETAILS,
    UP,
    DOWN,
    NO_REASON,
    SUBSCRIBE,
    UNSUBSCRIBE,
    DELETE,
    KEEP,
    UNDO,
    IMPORT,
    ALIAS_QUESTION,
    ALIAS_METRIC,
)

_prefixes = [c.prefix for c in ALL]
assert len(set(_prefixes)) == len(_prefixes), "two kinds of button share a prefix"
