"""Different chats are answered concurrently; one chat's updates are handled in order.

PTB handles updates one at a time by default, so one user's slow call (a chart, a send that
waits out a 429) holds up every other chat. PTB's own concurrent mode gives up the order
within a chat, which a conversation needs (a question, then the button pressed under its
answer). This processor keeps one FIFO lock per chat: updates start in arrival order, and
asyncio locks wake their waiters in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Measured (bench/e2e.py): with Telegram 50 ms away, one update at a time answers ~18 messages/s
# for all users together; with chats handled concurrently the rate limiter's 30/s (Telegram's
# own limit) is reached. 8 at once sustain 30/s up to ~250 ms round trips; on loopback, where
# all the work is CPU, each extra concurrent chat only adds contention.
MAX_CONCURRENT = 8


class PerChatOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}  # chat → (lock, users)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _conversation(update)
        if key is None:
            await coroutine
            return
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]  # no one else waits on this chat: forget it
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _conversation(update: object) -> int | None:
    """The chat an update belongs to; the user's id for inline queries (they have no chat)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
