"""A conversation on Telegram: follow-ups read the chat's last question, each group member has
their own conversation, /start forgets it, and the chart under a follow-up is the right one."""

from __future__ import annotations

import pytest

from handlers.app import BotApp
from tests.handlers.bot_harness import buttons
from tests.standin.server import DEFAULT_BOT_USERNAME, BotApiStandIn


async def test_a_follow_up_in_a_private_chat_takes_what_it_lacks(
    api: BotApiStandIn, bot: BotApp
) -> None:
    api.push_message("tỷ lệ bao phủ BHYT năm 2022")
    api.push_message("còn năm 2019 thì sao?")
    first, second = await api.wait_for_messages_async(2)
    assert "86,96%" in first["text"]
    assert "97,5%" in second["text"] and "86,96%" not in second["text"].split("📰")[0]
    assert "Theo câu hỏi trước" in second["text"] and "Tỷ lệ bao phủ BHYT" in second["text"]


async def test_another_chat_has_nothing_to_follow(api: BotApiStandIn, bot: BotApp) -> None:
    api.push_message("số người tham gia BHXH tự nguyện năm 2019", user_id=501)
    await api.wait_for_messages_async(1)
    api.push_message("thế còn năm 2022?", user_id=502)
    replies = await api.wait_for_messages_async(2)
    assert "6.751" not in replies[1]["text"]
    assert "Bạn muốn hỏi số liệu nào" in replies[1]["text"]


@pytest.mark.standin(privacy_mode=False)
async def test_group_members_each_have_their_own_conversation(
    api: BotApiStandIn, bot: BotApp
) -> None:
    at = f"@{DEFAULT_BOT_USERNAME}"
    api.push_message(f"{at} số người tham gia BHXH bắt buộc năm 2019", chat_type="group", user_id=7)
    api.push_message(f"{at} tỷ lệ bao phủ BHYT năm 2022", chat_type="group", user_id=8)
    api.push_message(f"{at} thế BHTN?", chat_type="group", user_id=7)
    replies = await api.wait_for_messages_async(3)
    # member 7 follows their own question (people, 8/2019), not member 8's coverage rate
    assert "40.437 người" in replies[2]["text"]


async def test_start_forgets_the_conversation(api: BotApiStandIn, bot: BotApp) -> None:
    api.push_message("tỷ lệ bao phủ BHYT năm 2022")
    await api.wait_for_messages_async(1)
    api.push_command("start")
    api.push_message("còn năm 2019?")
    replies = await api.wait_for_messages_async(3)
    assert "97,5" not in replies[2]["text"]
    assert "Bạn muốn hỏi số liệu nào" in replies[2]["text"]


async def test_the_chart_under_a_follow_up_is_its_metric(api: BotApiStandIn, bot: BotApp) -> None:
    api.push_message("số người tham gia BHXH bắt buộc năm 2019")
    api.push_message("thế BHYT?")
    _, follow = await api.wait_for_messages_async(2)
    api.push_callback(buttons(follow)["📈 Biểu đồ"])
    [request] = await api.wait_for_async(1, method="sendPhoto", timeout=20)
    assert "Số người tham gia BHYT" in request.result["caption"]
