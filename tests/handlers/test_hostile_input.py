"""Whatever Telegram delivers gets one right reaction: any text an answer, an unreadable update
skipped without blocking the next, a repeated update id handled once, a late response never
followed by an apology."""

from __future__ import annotations

import copy
import logging

import pytest
from telegram import Update

from handlers.app import SORRY, BotApp
from tests.handlers.bot_harness import new_messages
from tests.standin.server import DEFAULT_USER_ID, BotApiStandIn

QUESTION = "tỷ lệ bao phủ BHYT 2022"


async def test_lone_surrogates_in_a_message_get_an_answer_not_an_apology(
    api: BotApiStandIn, bot: BotApp
) -> None:
    for n, text in enumerate(("t\ud800ỷ lệ bao phủ BHYT 2022", "\udfff", "bảo hiểm \ud83d")):
        # Telegram's JSON can carry them ("\\ud800"); the stand-in writes UTF-8 and cannot, so
        # the update goes straight to the running bot, whose reply goes out over HTTP as usual
        update = Update.de_json({"update_id": 800 + n, "message": _message(api, text, n)}, bot.bot)
        before = len(api.messages(DEFAULT_USER_ID))
        await bot.process_update(update)
        [reply] = (await api.wait_for_messages_async(before + 1, chat_id=DEFAULT_USER_ID))[before:]
        assert reply["text"] != SORRY, text
    assert [r.summary() for r in api.rejected] == []


def _message(api: BotApiStandIn, text: str, message_id: int) -> dict[str, object]:
    return {
        "message_id": message_id,
        "date": 0,
        "chat": api.add_chat(DEFAULT_USER_ID),
        "from": {"id": DEFAULT_USER_ID, "is_bot": False, "first_name": "Lan"},
        "text": text,
    }


async def test_an_unreadable_update_is_logged_once_and_the_next_is_answered(
    api: BotApiStandIn, bot: BotApp, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        with api.world.lock:
            bad = api.world.queue({"message": {"message_id": 1, "date": 0, "chat": "x"}})
        [reply] = await new_messages(api, lambda: api.push_message(QUESTION))
    assert "86,96% dân số" in reply["text"]
    skipped = [r for r in caplog.records if f"skipped update {bad['update_id']}" in r.getMessage()]
    assert len(skipped) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]


async def test_the_same_update_twice_in_one_batch_is_answered_once(
    api: BotApiStandIn, bot: BotApp
) -> None:
    with api.world.lock:  # both copies reach the bot in one getUpdates answer
        update = api.world.queue({"message": _message(api, QUESTION, 900)})
        api.world.updates.append(copy.deepcopy(update))
    await api.wait_for_messages_async(1, chat_id=DEFAULT_USER_ID)
    await new_messages(api, lambda: api.push_message("xin chào"))  # a later update: one reply
    assert len(api.messages(DEFAULT_USER_ID)) == 2, api.messages(DEFAULT_USER_ID)


@pytest.mark.slow
async def test_a_reply_whose_response_comes_late_is_not_followed_by_an_apology(
    api: BotApiStandIn, bot: BotApp
) -> None:
    api.fail_next("sendMessage", kind="slow", delay=6.0)  # PTB gives up after 5 s
    await new_messages(api, lambda: api.push_message(QUESTION))
    await new_messages(api, lambda: api.push_message("xin chào"))
    texts = [m["text"] for m in api.messages(DEFAULT_USER_ID)]
    assert SORRY not in texts and len(texts) == 2, texts
