"""An admin corrects an import before saving, on Telegram through the Bot API stand-in: the place
or the period of all candidates or of a few, another existing metric; then saves, and a user's
question about the new place and period is answered from the article at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handlers.app import BotApp
from settings import Settings
from tests.handlers.bot_harness import buttons, make_settings
from tests.handlers.test_admin import ADMIN, OTHER, press, save_button, say, sent_to, transcript
from tests.standin.server import JSON, BotApiStandIn

# A national paper's story about one province that never names it ("toàn tỉnh"): the importer
# cannot know the province, files it under the bot's default and flags it for the admin.
ARTICLE = """URL: https://vnexpress.net/bhyt-vung-cao-4701234.html
Title: Vùng cao nỗ lực mở rộng bảo hiểm y tế
Date: 2024-06-12
---
Vùng cao nỗ lực mở rộng bảo hiểm y tế

Tính đến hết tháng 5/2024, toàn tỉnh có 498.765 người tham gia BHYT, đạt tỷ lệ bao phủ \
93,4% dân số. Số người tham gia BHXH tự nguyện là 16.321 người, tăng 1.204 người so với \
cùng kỳ năm 2023.
"""


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path, admin_ids=frozenset({ADMIN}))


async def review_of(api: BotApiStandIn, text: str) -> list[JSON]:
    return await say(api, f"/nhap {text}")


def listing(messages: list[JSON]) -> str:
    return "\n".join(m["text"] for m in messages)


async def fix(api: BotApiStandIn, review: list[JSON], button: str, typed: str) -> list[JSON]:
    """Press 📍/🗓 under the review, then type the correction; the new review."""
    before = len(sent_to(api, ADMIN))
    await press(api, buttons(review[-1])[button], review[-1])
    await api.wait_for_messages_async(before + 1, chat_id=ADMIN)  # what to type
    return await say(api, typed)


async def test_admin_corrects_the_place_of_all_candidates_then_saves(
    api: BotApiStandIn, bot: BotApp
) -> None:
    first = await review_of(api, ARTICLE)
    assert "📍 Lạng Sơn (mặc định:" in listing(first)  # a guess, and said so
    corrected = await fix(api, first, "📍 Địa bàn", "cao bang")
    text = listing(corrected)
    assert "📍 Lạng Sơn" not in text
    assert text.count("📍 Cao Bằng (quản trị viên sửa)") == 4
    label, found = save_button(corrected[-1])
    assert found == 4
    stale = await press(api, buttons(first[-1])[label], first[-1])
    assert "hết hạn" in stale["text"]  # the uncorrected review can no longer be saved
    before = len(sent_to(api, ADMIN))
    await press(api, buttons(corrected[-1])[label], corrected[-1])
    [saved] = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
    assert "Đã lưu 4 số liệu mới" in saved["text"]
    facts = [f for f in bot.bot_data.store.current.facts.values() if f.value == 498765]
    assert [f.region for f in facts] == ["Cao Bằng"]

    [answer] = await say(api, "số người tham gia BHYT Cao Bằng tháng 5/2024", user=OTHER)
    assert "498.765 người" in answer["text"]
    print(transcript(api))


async def test_admin_corrects_the_period_of_some_candidates(
    api: BotApiStandIn, bot: BotApp
) -> None:
    first = await review_of(api, ARTICLE)
    corrected = await fix(api, first, "🗓 Kỳ", "1-2 6 tháng đầu năm 2024")
    text = listing(corrected)
    assert text.count("🗓 6 tháng đầu năm 2024 (quản trị viên sửa)") == 2
    assert "🗓 hết tháng 5/2024 (câu" in text  # the others keep theirs
    label, _ = save_button(corrected[-1])
    before = len(sent_to(api, ADMIN))
    await press(api, buttons(corrected[-1])[label], corrected[-1])
    await api.wait_for_messages_async(before + 1, chat_id=ADMIN)
    periods = {
        f.value: (f.period.start, f.period.end)
        for f in bot.bot_data.store.current.facts.values()
        if f.source == "vnexpress-2024-06"
    }
    assert periods[498765] == periods[93.4] == (date(2024, 1, 1), date(2024, 6, 30))
    assert periods[16321] == (date(2024, 1, 1), date(2024, 5, 31))


async def test_an_article_over_the_limit_is_refused_saying_the_limit(
    api: BotApiStandIn, bot: BotApp
) -> None:
    long = ("Số người tham gia BHYT là 5.000 người. " * 6_000).encode()
    api.push_document("dai.txt", long, user_id=ADMIN, mime_type="text/plain")
    [refused] = await api.wait_for_messages_async(1, chat_id=ADMIN)
    assert "tối đa 200.000 ký tự" in refused["text"]


async def test_a_place_that_is_not_one_is_refused_and_nothing_changes(
    api: BotApiStandIn, bot: BotApp
) -> None:
    first = await review_of(api, ARTICLE)
    before = len(sent_to(api, ADMIN))
    await press(api, buttons(first[-1])["📍 Địa bàn"], first[-1])
    await api.wait_for_messages_async(before + 1, chat_id=ADMIN)
    [refused] = await say(api, "Atlantis")
    assert "không phải một tỉnh" in refused["text"]


async def test_admin_picks_an_existing_metric_for_one_candidate(
    api: BotApiStandIn, bot: BotApp
) -> None:
    first = await review_of(api, ARTICLE)
    before = len(sent_to(api, ADMIN))
    await press(api, buttons(first[-1])["📊 Chỉ tiêu"], first[-1])
    await api.wait_for_messages_async(before + 1, chat_id=ADMIN)
    [picker] = await say(api, "3")
    options = buttons(picker)
    assert "Số người tham gia BHXH tự nguyện" in options
    wanted = "Số người tham gia BHXH bắt buộc"
    count = len(sent_to(api, ADMIN))
    await press(api, options[wanted], picker)
    again = (await api.wait_for_messages_async(count + 1, chat_id=ADMIN))[count:]
    assert f"16.321 người — {wanted}" in listing(again)
