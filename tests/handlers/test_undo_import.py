"""/hoantac on a whole import: the admin sees which article and how many records, and only
✅ Hoàn tác removes them all; ❌ Giữ nguyên and other people's presses change nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handlers.app import BotApp
from knowledge.model import Fact, Period, Source
from settings import Settings
from tests.handlers.bot_harness import buttons, make_settings
from tests.handlers.test_admin import ADMIN, OTHER, press, say
from tests.standin.server import BotApiStandIn


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path, admin_ids=frozenset({ADMIN}))


def _import(bot: BotApp) -> list[int]:
    source = Source(
        id="bhxh-2031",
        title="BHXH tỉnh: kết quả năm 2031",
        publisher="BHXH tỉnh",
        published=date(2032, 1, 5),
        url="https://example.vn/a",
    )
    facts = [
        Fact(
            metric="tong_thu",
            value=value,
            value_text=f"{value:g} tỷ đồng",
            unit="tỷ đồng",
            period=Period(label="năm 2031", start=date(2031, 1, 1), end=date(2031, 12, 31)),
            region="Lạng Sơn",
            source="bhxh-2031",
            quote="Câu trích dẫn.",
        )
        for value in (1000, 2000)
    ]
    return bot.bot_data.store.import_facts(source, facts, [], "tg:4242 Hoa", label="example.vn/a")


async def test_undoing_a_whole_import_asks_first(api: BotApiStandIn, bot: BotApp) -> None:
    ids = _import(bot)
    [question] = await say(api, "/hoantac")
    assert "cả một lần nhập bài" in question["text"] and "example.vn/a" in question["text"]
    assert "3 bản ghi" in question["text"]  # two facts and their source
    choice = buttons(question)
    await press(api, choice["✅ Hoàn tác"], question, user=OTHER, chat=ADMIN)  # not an admin
    await press(api, choice["❌ Giữ nguyên"], question, edit="editMessageText")
    assert set(ids) <= set(bot.bot_data.store.current.facts)
    [question] = await say(api, "/hoantac")
    await press(api, buttons(question)["✅ Hoàn tác"], question, edit="editMessageText")
    assert not set(ids) & set(bot.bot_data.store.current.facts)
    assert "bhxh-2031" not in bot.bot_data.store.current.sources
    [again] = await say(api, "/hoantac")  # the next change back is not an import: no question
    assert "Đã hoàn tác" in again["text"] or "Không có thay đổi" in again["text"]
