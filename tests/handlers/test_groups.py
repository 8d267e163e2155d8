"""Groups: the bot answers commands, @mentions of it and replies to it; nothing else."""

from __future__ import annotations

import pytest

from handlers.app import BotApp
from tests.standin.server import DEFAULT_BOT_USERNAME, BotApiStandIn


# Privacy mode off: the stand-in delivers every group message, so the bot must choose.
@pytest.mark.standin(privacy_mode=False)
async def test_group_answers_only_what_is_addressed_to_the_bot(
    api: BotApiStandIn, bot: BotApp
) -> None:
    api.push_message("tỷ lệ bao phủ BHYT 2022", chat_type="group")  # chatter: ignored
    api.push_sticker(chat_type="group")  # ignored too
    asked = api.push_message(f"@{DEFAULT_BOT_USERNAME} tỷ lệ bao phủ BHYT 2022", chat_type="group")
    # Updates are handled in order: once this is answered, the two above were skipped.
    [reply] = await api.wait_for_messages_async(1)
    assert "86,96% dân số" in reply["text"]
    assert reply["reply_to_message"]["message_id"] == asked["message"]["message_id"]

    api.push_message("số người tham gia BHYT 2019", chat_type="group", reply_to_bot=True)
    messages = await api.wait_for_messages_async(2)
    assert "734.462 người" in messages[1]["text"]

    api.push_command("chiso", mention=True, chat_type="group")
    messages = await api.wait_for_messages_async(3)
    assert "Các chỉ số đang có" in messages[2]["text"]
    assert len(api.messages()) == 3


async def test_bare_mention_gets_a_greeting_with_examples(api: BotApiStandIn, bot: BotApp) -> None:
    api.push_message(f"@{DEFAULT_BOT_USERNAME}", chat_type="supergroup")
    [reply] = await api.wait_for_messages_async(1)
    assert "Xin chào" in reply["text"]
    assert reply["reply_markup"]["inline_keyboard"]
