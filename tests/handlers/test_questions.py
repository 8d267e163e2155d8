"""Questions end to end: a text message in, the figure with its source out, buttons that work."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from handlers.app import BotApp
from settings import Settings
from tests.handlers.bot_harness import buttons, new_messages, running, sent
from tests.standin.server import JSON, BotApiStandIn, utf16_len

SOURCE_2022 = '<a href="https://baolangson.vn/'


async def ask(api: BotApiStandIn, text: str, count: int = 1, **sender: object) -> list[JSON]:
    """Push a question and wait until the bot has sent `count` more messages; return them."""
    return await new_messages(
        api,
        lambda: api.push_message(text, **sender),  # type: ignore[arg-type]
        count,
    )


async def press(
    api: BotApiStandIn, data: str, count: int = 1, check_button: bool = True
) -> list[JSON]:
    """Press a button of the bot's latest message; wait for `count` new messages."""
    return await new_messages(
        api, lambda: api.push_callback(data, check_button=check_button), count
    )


async def test_question_gets_the_figure_and_its_source(api: BotApiStandIn, bot: BotApp) -> None:
    [reply] = await ask(api, "tỷ lệ bao phủ BHYT 2022")
    assert "86,96% dân số" in reply["text"]
    assert SOURCE_2022 in sent(api)[-1].params["text"]
    assert "📈 Biểu đồ" in buttons(reply)


async def test_nfd_question_gets_the_same_reply(api: BotApiStandIn, bot: BotApp) -> None:
    question = "tỷ lệ bao phủ BHYT 2022"
    [nfc] = await ask(api, question)
    [nfd] = await ask(api, unicodedata.normalize("NFD", question))
    assert nfd["text"] == nfc["text"]
    assert nfd.get("entities") == nfc.get("entities")


async def test_suggestion_of_an_ambiguous_question_answers(api: BotApiStandIn, bot: BotApp) -> None:
    [reply] = await ask(api, "tỷ lệ bao phủ")
    assert "Bạn muốn hỏi" in reply["text"]
    data = buttons(reply)["Tỷ lệ bao phủ BHYT"]
    assert len(data.encode()) <= 64
    [answer] = await press(api, data)
    assert "86,96% dân số" in answer["text"]
    assert len(sent(api, "answerCallbackQuery")) == 1


async def test_suggestion_of_a_no_data_answer_answers(api: BotApiStandIn, bot: BotApp) -> None:
    [reply] = await ask(api, "tổng thu BHXH 2022")
    assert "Chưa có số liệu" in reply["text"]
    [data] = [v for k, v in buttons(reply).items() if "8/2019" in k]
    [answer] = await press(api, data)
    assert "gần 909 tỷ đồng" in answer["text"]
    assert len(sent(api, "answerCallbackQuery")) == 1


async def test_expired_button_asks_to_ask_again(api: BotApiStandIn, bot: BotApp) -> None:
    await ask(api, "tỷ lệ bao phủ")
    [answer] = await press(api, "q:00000000", check_button=False)
    assert "hãy hỏi lại" in answer["text"]
    assert len(sent(api, "answerCallbackQuery")) == 1


async def test_long_answer_is_split_within_telegram_limits(
    api: BotApiStandIn, settings: Settings, tmp_path: Path
) -> None:
    tables = json.loads(settings.knowledge_path.read_text(encoding="utf-8"))
    fact = tables["facts"]["22"]
    fact["quote"] = ("tỷ lệ bao phủ đạt 86,96% dân số. " + "Lạng Sơn 📈 & <BHYT> " * 300)[:5000]
    settings.knowledge_path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    async with running(settings):
        [short] = await ask(api, "tỷ lệ bao phủ BHYT 2022")  # the quote is cut around the figure
        assert utf16_len(short["text"]) < 1000 and "86,96% dân số" in short["text"]
        [rest] = await press(api, buttons(short)["ℹ️ Chi tiết"])  # the whole quote: 2 messages
    [edited] = [r for r in api.sent if r.method == "editMessageText"]
    texts = [edited.result["text"], rest["text"]]
    assert all(utf16_len(t) <= 4096 for t in texts) and "86,96% dân số" in texts[0]
    assert buttons(rest) and "reply_markup" not in edited.params


async def test_unanswered_questions_are_logged(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    await ask(api, "giá vàng hôm nay")
    await ask(api, "tổng thu BHXH 2022")
    await ask(api, "xin chào")
    log = settings.knowledge_path.with_name("unanswered.jsonl").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in log.splitlines()]
    assert [(e["question"], e["status"]) for e in lines] == [
        ("giá vàng hôm nay", "not_found"),
        ("tổng thu BHXH 2022", "no_data"),
    ]


async def test_replies_are_html_without_link_preview(api: BotApiStandIn, bot: BotApp) -> None:
    await ask(api, "tỷ lệ bao phủ BHYT 2022")
    [request] = sent(api)
    assert request.params["parse_mode"] == "HTML"
    assert request.params["link_preview_options"] == {"is_disabled": True}
