"""Answers that fit a phone: one screen, the quote in an expandable blockquote, "Chi tiết" for
the rest, buttons with distinct short labels."""

from __future__ import annotations

from handlers.app import BotApp
from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from tests.handlers.bot_harness import buttons, sent
from tests.handlers.screen import SCREEN, keyboard_rows, screen_lines
from tests.handlers.test_questions import ask, press
from tests.standin.server import BotApiStandIn

QUESTIONS = (
    "tỷ lệ bao phủ BHYT 2019",
    "tổng thu BHXH BHYT BHTN 2019",
    "so sánh số người tham gia BHYT năm 2019 và 2022",
    "số người tham gia BHXH 2022",
    "bhxh tự nguyện đạt bao nhiêu phần trăm kế hoạch 2019",
)


async def test_every_answer_fits_one_screen(api: BotApiStandIn, bot: BotApp) -> None:
    for question in QUESTIONS:
        [reply] = await ask(api, question)
        kinds = [e["type"] for e in reply.get("entities", [])]
        assert "expandable_blockquote" in kinds, question  # parsed and accepted by the stand-in
        assert screen_lines(reply) <= SCREEN, (question, reply["text"])
        assert keyboard_rows(reply) <= 4, question
        assert "<blockquote expandable>" in sent(api)[-1].params["text"]


async def test_every_stored_figure_is_answered_within_one_screen(
    api: BotApiStandIn, bot: BotApp
) -> None:
    knowledge = load_knowledge(DEFAULT_PATH)
    engine = Engine(knowledge)
    questions = {
        engine.question_for(knowledge.metrics[f.metric], f.period.label, f.region)
        for f in knowledge.facts.values()
    }
    for question in sorted(questions):
        [reply] = await ask(api, question)
        assert screen_lines(reply) <= SCREEN, (question, reply["text"])


async def test_details_show_the_whole_context_in_place(api: BotApiStandIn, bot: BotApp) -> None:
    [reply] = await ask(api, "tỷ lệ bao phủ BHYT 2022")
    assert "Kết quả thực hiện" not in reply["text"]  # the article's title waits in Chi tiết
    context_lines = [line for line in reply["text"].splitlines() if line.startswith("• ")]
    assert len(context_lines) <= 3
    before = len(api.messages())
    api.push_callback(buttons(reply)["ℹ️ Chi tiết"])
    [edit] = await api.wait_for_async(1, method="editMessageText")
    [shown] = [m for m in api.messages() if m["message_id"] == reply["message_id"]]
    assert len(api.messages()) == before  # the same message, now complete
    assert "Nguồn:" in shown["text"] and "Bảo hiểm xã hội tỉnh" in shown["text"]
    assert len([ln for ln in shown["text"].splitlines() if ln.startswith("• ")]) >= len(
        context_lines
    )
    assert "ℹ️ Chi tiết" not in buttons(shown) and "👍" in buttons(shown)
    assert edit.params["text"].count("<blockquote expandable>") == 1


async def test_period_buttons_are_distinct_and_never_the_period_shown(
    api: BotApiStandIn, bot: BotApp
) -> None:
    for question in (*QUESTIONS[:4], "tổng thu BHXH 2022", "tỷ lệ bao phủ"):
        [reply] = await ask(api, question)
        labels = list(buttons(reply))
        assert len(labels) == len(set(labels)), labels
        head = reply["text"].splitlines()[1] if "🗓" in reply["text"] else ""
        shown = head.removeprefix("🗓 ").split(":")[0]
        assert all(len(label) <= 40 for label in labels), labels
        assert shown not in labels, (shown, labels)


async def test_a_period_button_answers_that_period(api: BotApiStandIn, bot: BotApp) -> None:
    [reply] = await ask(api, "tỷ lệ bao phủ BHYT 2019")
    [answer] = await press(api, buttons(reply)["6 tháng đầu năm 2022"])
    assert "86,96%" in answer["text"] and "Lạng Sơn" in answer["text"]
