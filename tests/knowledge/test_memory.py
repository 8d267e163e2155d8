"""Conversation memory: a chat's topic expires, /start forgets it, chats never share one, and
the memory holds a bounded number of chats (the one quiet for longest goes first)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answer.engine import Engine
from knowledge.memory import Conversations
from knowledge.understand.followup import Topic
from tests.knowledge.wide import wide_knowledge


@pytest.fixture(scope="module")
def topic() -> Topic:
    engine = Engine(wide_knowledge(), today=lambda: date(2026, 11, 23))
    found = engine.answer("tỷ lệ bao phủ BHYT năm 2023").topic
    assert found is not None
    return found


def test_a_topic_expires(topic: Topic) -> None:
    now = [0.0]
    memory = Conversations(expiry_seconds=1800, clock=lambda: now[0])
    memory.remember(1, topic)
    now[0] = 1799
    assert memory.get(1) is topic
    now[0] = 1799 + 1801  # each question renews it; then a long pause
    assert memory.get(1) is None


def test_chats_never_share_a_topic_and_forget_clears_one(topic: Topic) -> None:
    memory = Conversations()
    memory.remember((10, 1), topic)
    assert memory.get((10, 2)) is None and memory.get(10) is None
    memory.forget((10, 1))
    assert memory.get((10, 1)) is None


def test_the_memory_is_bounded_and_drops_the_longest_quiet(topic: Topic) -> None:
    memory = Conversations(max_chats=3)
    for chat in (1, 2, 3):
        memory.remember(chat, topic)
    memory.remember(1, topic)  # chat 1 speaks again: 2 is now the longest quiet
    memory.remember(4, topic)
    assert len(memory) == 3
    assert memory.get(2) is None and memory.get(1) is topic and memory.get(4) is topic


def test_nothing_to_remember_keeps_the_topic(topic: Topic) -> None:
    """'cảm ơn' between two questions does not end the conversation."""
    memory = Conversations()
    memory.remember(1, topic)
    memory.remember(1, None)
    assert memory.get(1) is topic
