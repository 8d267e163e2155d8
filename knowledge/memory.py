"""Conversation memory: the topic of each recent chat, so that a follow-up ("còn năm 2019?")
is read against the question before it.

A key is whatever the front end calls a conversation: a private chat, or one user within a
group chat (two people asking in one group do not continue each other's questions). Topics
expire after a while, and the memory holds at most `max_chats` of them: the chat quiet for
longest is dropped first. The engine never sees the memory, only the topic passed in.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from knowledge.understand.followup import Topic

DEFAULT_EXPIRY_SECONDS = 30 * 60
DEFAULT_MAX_CHATS = 100_000


class Conversations:
    """The last topic of each chat, bounded in number and in age."""

    def __init__(
        self,
        expiry_seconds: float = DEFAULT_EXPIRY_SECONDS,
        max_chats: int = DEFAULT_MAX_CHATS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.expiry_seconds = expiry_seconds
        self.max_chats = max(1, max_chats)
        self.clock = clock
        self._topics: OrderedDict[Hashable, tuple[float, Topic]] = OrderedDict()

    def get(self, chat: Hashable) -> Topic | None:
        """The chat's topic, or None when it has none or it has expired."""
        entry = self._topics.get(chat)
        if entry is None:
            return None
        when, topic = entry
        if self.clock() - when > self.expiry_seconds:
            del self._topics[chat]
            return None
        return topic

    def remember(self, chat: Hashable, topic: Topic | None) -> None:
        """Keep `topic` as what the chat talks about now (None keeps the one it had)."""
        if topic is None:
            return
        self._topics[chat] = (self.clock(), topic)
        self._topics.move_to_end(chat)
        while len(self._topics) > self.max_chats:
            self._topics.popitem(last=False)

    def forget(self, chat: Hashable) -> None:
        """/start: the chat begins again."""
        self._topics.pop(chat, None)

    def __len__(self) -> int:
        return len(self._topics)
