"""Load: thousands of questions from hundreds of chats, each answered exactly once, in order.

The real bot (handlers.app.build_application) long-polls the loopback stand-in over HTTP. Each
chat asks a rotation of questions with different answers, so every reply identifies its question
and the replies of a chat can be checked against the order the questions were asked in.

The bot's rate limiter holds sends to Telegram's 30 messages/s; 2,000 messages would take over a
minute at that pace (the stand-in does not enforce it), so the big test lifts that one cap and
keeps everything else; a smaller test runs the limiter exactly as built.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

import pytest

import handlers.app
from bench.e2e import UncappedRateLimiter
from settings import Settings
from tests.handlers.bot_harness import first_block, heads, running
from tests.standin.server import BotApiStandIn

pytestmark = pytest.mark.slow  # ~16 s: `make test-fast` leaves it out

# Questions whose replies differ from their first block on (metric and period).
QUESTIONS = (
    "tỷ lệ bao phủ BHYT 2022",
    "tỷ lệ bao phủ BHYT 2019",
    "số người tham gia BHYT 2022",
    "số người tham gia BHYT 2019",
    "số người tham gia BHTN 2019",
    "tỷ lệ nợ BHXH 2019",
    "số nợ BHXH, BHYT, BHTN 2022",
)
FIRST_CHAT = 7_000_000


async def ask_many(
    api: BotApiStandIn, settings: Settings, messages: int, chats: int, timeout: float
) -> float:
    """Push `messages` questions round-robin from `chats` chats; check every reply; seconds."""
    expected_heads = heads(settings, QUESTIONS)
    asked: dict[int, list[int]] = defaultdict(list)  # chat → question numbers, in order
    pushed: dict[int, list[int]] = defaultdict(list)  # chat → message ids of the questions
    async with running(settings):
        started = time.monotonic()
        for n in range(messages):
            chat = FIRST_CHAT + n % chats
            question = (n % chats + n // chats) % len(QUESTIONS)  # consecutive ones differ
            message = api.push_message(QUESTIONS[question], user_id=chat)["message"]
            asked[chat].append(question)
            pushed[chat].append(message["message_id"])
        await api.wait_for_async(messages, timeout=timeout, method="sendMessage")
        elapsed = time.monotonic() - started
    replies = [r for r in api.sent if r.method == "sendMessage"]
    assert len(replies) == messages  # none lost, none sent twice
    answered: dict[int, list[int]] = defaultdict(list)
    for reply in replies:
        chat = reply.params["chat_id"]
        assert chat in asked, reply.summary()
        head = first_block(reply.params["text"])
        assert head in expected_heads, reply.summary()
        answered[chat].append(expected_heads.index(head))
        replied_to = (reply.message or {}).get("reply_to_message")
        if replied_to is not None:  # quoted: the right question, in the right chat
            assert replied_to["message_id"] == pushed[chat][len(answered[chat]) - 1]
    assert answered == asked  # every chat: each question answered once, in the order asked
    return elapsed


async def test_2000_messages_from_300_chats_answered_once_in_order(
    api: BotApiStandIn,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(handlers.app, "RetryingRateLimiter", UncappedRateLimiter)
    await ask_many(api, settings, messages=2000, chats=300, timeout=50)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_rate_limiter_as_built_keeps_every_chat_in_order(
    api: BotApiStandIn,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    elapsed = await ask_many(api, settings, messages=120, chats=40, timeout=30)
    # 30 at once, then 30 per second: the limiter is really in the path
    assert elapsed >= (120 - 30) / 30 * 0.8
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
