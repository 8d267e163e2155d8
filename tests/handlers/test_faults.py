"""Faults under load: Telegram answering 429, 500, dropping connections or answering slowly
while questions keep coming. Every question is still answered (once, in order per chat), the bot
keeps running, and each injected fault is logged at most once (a WARNING, never an ERROR).

Faults are injected while replies are flowing: after every few replies the next sendMessage (or
getUpdates) call is made to fail. Waits are bounded: wait_for with timeouts, no sleeps.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

import pytest

from settings import Settings
from tests.handlers.bot_harness import first_block, heads, running
from tests.standin.server import BotApiStandIn, FaultKind

QUESTIONS = (
    "tỷ lệ bao phủ BHYT 2022",
    "số người tham gia BHXH bắt buộc 2019",
    "số người tham gia BHTN 2019",
    "tổng thu BHXH BHYT BHTN 2019",
)
FIRST_CHAT = 8_000_000

# (method, kind): consumed by the next call of that method after it is set.
STORM: tuple[tuple[str, FaultKind], ...] = (
    ("sendMessage", "429"),
    ("sendMessage", "500"),
    ("sendMessage", "drop"),
    ("sendMessage", "slow"),
    ("getUpdates", "500"),
    ("sendMessage", "500"),
    ("sendMessage", "429"),
    ("getUpdates", "drop"),
    ("sendMessage", "drop"),
    ("sendMessage", "slow"),
)


def push(api: BotApiStandIn, count: int, chats: int, asked: dict[int, list[int]]) -> None:
    for _ in range(count):
        n = sum(len(v) for v in asked.values())
        chat = FIRST_CHAT + n % chats
        question = (n % chats + n // chats) % len(QUESTIONS)
        api.push_message(QUESTIONS[question], user_id=chat)
        asked[chat].append(question)


def answered(api: BotApiStandIn, expected_heads: list[str]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for reply in api.sent:
        if reply.method == "sendMessage":
            out[reply.params["chat_id"]].append(
                expected_heads.index(first_block(reply.params["text"]))
            )
    return out


def warnings_and_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.slow
async def test_a_storm_of_faults_under_load(
    api: BotApiStandIn, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    expected_heads = heads(settings, QUESTIONS)
    asked: dict[int, list[int]] = defaultdict(list)
    per_fault, chats = 8, 12
    async with running(settings):
        # all at once; the last fault is set well before the last reply goes out
        push(api, per_fault * (len(STORM) + 3), chats, asked)
        for n, (method, kind) in enumerate(STORM, 1):
            # a few replies further on, the next call fails
            await api.wait_for_async(per_fault * n, timeout=20, method="sendMessage")
            api.fail_next(method, kind=kind, retry_after=1, delay=0.5)
        total = sum(len(v) for v in asked.values())
        await api.wait_for_async(total, timeout=30, method="sendMessage")
        # still serving after the storm
        push(api, 1, chats, asked)
        await api.wait_for_async(total + 1, timeout=10, method="sendMessage")
        # a getUpdates fault waits for the next poll (≤ 1 s long-poll away)
        await api.wait_for_async(lambda _: len(api.faults_served) >= len(STORM), timeout=10)
        served = api.faults_served
    assert sorted((f.method, f.kind) for f in served) == sorted(STORM)
    assert answered(api, expected_heads) == asked  # once each, in order in every chat
    noisy = warnings_and_errors(caplog)
    # at most one record per fault; a slow answer is no fault worth a log line
    assert len(noisy) <= len([f for f in STORM if f[1] != "slow"]), [r.getMessage() for r in noisy]
    assert [r for r in noisy if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("kind", ["429", "500", "drop", "slow"])
async def test_repeated_faults_of_one_kind(
    api: BotApiStandIn, settings: Settings, caplog: pytest.LogCaptureFixture, kind: Any
) -> None:
    """Two failures in a row on one reply (within the retry budget), then normal service."""
    caplog.set_level(logging.INFO)
    expected_heads = heads(settings, QUESTIONS)
    asked: dict[int, list[int]] = defaultdict(list)
    async with running(settings):
        api.fail_next("sendMessage", times=2, kind=kind, retry_after=1, delay=0.5)
        push(api, 12, 4, asked)
        await api.wait_for_async(12, timeout=20, method="sendMessage")
    assert [f.kind for f in api.faults_served] == [kind, kind]
    assert answered(api, expected_heads) == asked
    noisy = warnings_and_errors(caplog)
    assert len(noisy) <= (0 if kind == "slow" else 2), [r.getMessage() for r in noisy]
    assert [r for r in noisy if r.levelno >= logging.ERROR] == []


async def test_reply_lost_after_delivery_is_sent_again_not_lost(
    api: BotApiStandIn, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """'drop_after': Telegram delivered the reply, but the answer never reached the bot. The bot
    cannot tell this from a dropped request and retries: the user may see the reply twice,
    never zero times (Telegram has no idempotency key to do better)."""
    caplog.set_level(logging.INFO)
    expected_heads = heads(settings, QUESTIONS)
    asked: dict[int, list[int]] = defaultdict(list)
    async with running(settings):
        api.fail_next("sendMessage", kind="drop_after")
        push(api, 6, 3, asked)
        await api.wait_for_async(7, timeout=20, method="sendMessage")
    got = answered(api, expected_heads)
    for chat, questions in asked.items():
        # the chat's questions in order, one of them possibly twice in a row
        deduplicated = [q for i, q in enumerate(got[chat]) if i == 0 or got[chat][i - 1] != q]
        assert deduplicated == questions
    assert sum(len(v) for v in got.values()) == 7
    assert len(warnings_and_errors(caplog)) <= 1
