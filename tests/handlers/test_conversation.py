"""Commands and non-questions: /start, /help, /chiso, /nguon, the command menu, stickers…"""

from __future__ import annotations

from handlers.app import BotApp
from tests.handlers.bot_harness import buttons, new_messages, sent
from tests.standin.server import JSON, BotApiStandIn


async def command(api: BotApiStandIn, name: str) -> JSON:
    return (await new_messages(api, lambda: api.push_command(name)))[0]


async def test_start_shows_examples_that_answer_when_pressed(
    api: BotApiStandIn, bot: BotApp
) -> None:
    reply = await command(api, "start")
    assert "Lạng Sơn" in reply["text"] and "bài báo" in reply["text"]
    examples = buttons(reply)
    assert 3 <= len(examples) <= 4
    assert all(len(data.encode()) <= 64 for data in examples.values())
    api.push_callback(examples["tỷ lệ bao phủ BHYT 2022"])
    answer = (await api.wait_for_messages_async(2))[1]
    assert "86,96% dân số" in answer["text"]


async def test_help_metrics_and_sources(api: BotApiStandIn, bot: BotApp) -> None:
    help_text = (await command(api, "help"))["text"]
    assert "/chiso" in help_text and "/nguon" in help_text and "@bhxh_test_bot" in help_text
    metrics = (await command(api, "chiso"))["text"]
    assert "Tỷ lệ bao phủ BHYT — hết tháng 8/2019, 6 tháng đầu năm 2022" in metrics
    await command(api, "nguon")
    html = sent(api)[-1].params["text"]
    assert '<a href="https://baolangson.vn/' in html and "Báo Lạng Sơn, 13/07/2022" in html
    assert '<a href="http://tuyentruyen.langson.gov.vn/node/1892">' in html


async def test_unknown_command_points_to_help(api: BotApiStandIn, bot: BotApp) -> None:
    assert "/help" in (await command(api, "khongco"))["text"]


async def test_sticker_photo_voice_get_a_polite_reply(api: BotApiStandIn, bot: BotApp) -> None:
    api.push_sticker()
    api.push_photo(caption="cái này là gì?")
    api.push_voice()
    api.push_document("bang.xlsx", b"PK\x03\x04")
    replies = await api.wait_for_messages_async(4)
    assert all("câu hỏi bằng chữ" in r["text"] for r in replies)


async def test_command_menu_is_set_in_vietnamese(api: BotApiStandIn, bot: BotApp) -> None:
    assert bot.post_init is not None
    await bot.post_init(bot)  # run_polling calls it; initialize() does not
    [commands] = api.commands.values()
    assert [c["command"] for c in commands] == [
        "start",
        "help",
        "chiso",
        "nguon",
        "theodoi",
        "huytheodoi",
    ]
    assert "chỉ số" in commands[2]["description"]
