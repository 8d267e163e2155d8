"""Fault injection: the failures a real Bot API server or network gives, on demand.

A test asks for the next N calls of a method to fail (``BotApiStandIn.fail_next``); the server
takes one fault per call before running the method. A new kind of fault is a new ``FaultKind``
value plus what it does: an answer given instead of running the call (``reply_instead``), or
its branch in tests/standin/dispatch.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from tests.standin.records import ApiError, Reply, ServedFault

# "429": flood control with retry_after; "500": Telegram-shaped Internal Server Error; "drop":
# close the connection without answering (nothing is executed); "drop_after": execute the call,
# then close without answering (the bot cannot know it succeeded); "slow": wait, then answer.
FaultKind = Literal["429", "500", "drop", "drop_after", "slow"]


@dataclass
class Fault:
    method: str  # a Bot API method name, or "*" for any
    kind: FaultKind
    remaining: int
    retry_after: int
    delay: float


class FaultPlan:
    """Faults waiting to be served, in the order they were asked for (guarded by the server's
    lock)."""

    def __init__(self) -> None:
        self._waiting: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._waiting.append(fault)

    def take(self, method: str, served: list[ServedFault]) -> Fault | None:
        """The first fault that applies to ``method``, counted and recorded in ``served``."""
        for fault in self._waiting:
            if fault.method in ("*", method):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._waiting.remove(fault)
                served.append(ServedFault(method, fault.kind, time.time()))
                return fault
        return None


def reply_instead(fault: Fault) -> Reply | None:
    """The answer a fault gives without running the call, or None if the call runs."""
    if fault.kind == "429":
        retry = {"retry_after": fault.retry_after}
        error = ApiError(f"Too Many Requests: retry after {fault.retry_after}", 429, retry)
        return {"status": 429, "body": error.body()}
    if fault.kind == "500":
        return {"status": 500, "body": ApiError("Internal Server Error", 500).body()}
    if fault.kind == "drop":
        return {"drop": True}
    return None
