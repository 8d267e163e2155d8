"""Telegram misbehaving (flood limits, 5xx, dropped connections) and errors in a handler."""

from __future__ import annotations

import logging

import pytest

from handlers.app import SORRY, BotApp
from handlers.services import Services
from knowledge.answer.engine import Engine
from settings import Settings
from tests.handlers.bot_harness import running, sent
from tests.standin.ptb import TOKEN
from tests.standin.server import BotApiStandIn

QUESTION, FIGURE = "tỷ lệ bao phủ BHYT 2022", "86,96% dân số"


async def answered_once(api: BotApiStandIn) -> None:
    """The question gets exactly one reply (checked once a later update has been handled)."""
    api.push_message(QUESTION)
    api.push_command("help")  # handled only after the question's handler (and retries) ended
    replies = await api.wait_for_messages_async(2, timeout=15)
    assert [FIGURE in r["text"] for r in replies] == [True, False]
    assert len(sent(api)) == 2, [r.summary() for r in api.sent]


@pytest.mark.parametrize("kind", ["429", "500", "drop"])
async def test_send_failure_is_retried_and_answered_once(
    api: BotApiStandIn, bot: BotApp, kind: str
) -> None:
    api.fail_next("sendMessage", kind=kind, retry_after=1)  # type: ignore[arg-type]
    await answered_once(api)
    assert [f.kind for f in api.faults_served] == [kind]


@pytest.mark.parametrize("kind", ["500", "drop"])
async def test_polling_failure_is_survived(api: BotApiStandIn, bot: BotApp, kind: str) -> None:
    api.fail_next("getUpdates", kind=kind)  # type: ignore[arg-type]
    await answered_once(api)  # PTB polls again after 1 s


class BrokenServices(Services):
    @property
    def engine(self) -> Engine:
        raise RuntimeError("engine exploded")


async def test_error_is_logged_and_the_user_told(
    api: BotApiStandIn, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running(settings, BrokenServices(settings)):
        api.push_message(QUESTION)
        [reply] = await api.wait_for_messages_async(1)
    assert reply["text"] == SORRY
    [record] = [r for r in caplog.records if r.name == "handlers.app"]
    assert record.exc_info is not None and "engine exploded" in caplog.text
    assert "Traceback" in caplog.text and TOKEN not in record.getMessage()
