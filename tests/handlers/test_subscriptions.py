"""Subscriptions: /theodoi and 🔔 follow a metric in a place, /huytheodoi stops it; when an
admin's `kb import` (another process) adds a newer period, each follower hears of it once,
through the rate limiter, in the background; older periods are never announced."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from handlers.app import BotApp
from knowledge.store.data_folder import SUBSCRIPTIONS_FILE
from knowledge.store.subscriptions import Subscriptions
from settings import Settings, data_path
from tests.handlers.bot_harness import buttons, make_settings, running
from tests.handlers.test_admin import press, say
from tests.standin.ptb import TOKEN
from tests.standin.server import BotApiStandIn

ROOT = Path(__file__).resolve().parents[2]
KB = (sys.executable, "bot.py", "--knowledge")
NEW_FIGURE = "🔔 <b>Số liệu mới</b>"
LAN = 5151
COVERAGE_END = date(2022, 6, 30)  # the newest coverage figure of the seed knowledge
NEWER = """url: https://baolangson.vn/ket-qua-nam-2023
title: Kết quả thực hiện BHXH, BHYT năm 2023
date: 15/01/2024
publisher: Báo Lạng Sơn

Tính đến hết năm 2023, toàn tỉnh Lạng Sơn có 712.345 người tham gia BHYT,
tỷ lệ bao phủ BHYT đạt 90,12% dân số.
"""
OLDER = """url: https://baolangson.vn/ket-qua-nam-2018
title: Kết quả thực hiện BHXH, BHYT năm 2018
date: 10/01/2019
publisher: Báo Lạng Sơn

Tính đến hết năm 2018, toàn tỉnh Lạng Sơn có 701.234 người tham gia BHYT,
tỷ lệ bao phủ BHYT đạt 95,3% dân số.
"""


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path, reload_seconds=0.1)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotApp]:
    """The bot as `bot.py run` starts it: post_init starts the watcher, post_stop stops it."""
    async with running(settings) as app:
        assert app.post_init is not None and app.post_stop is not None
        await app.post_init(app)
        yield app
        await app.post_stop(app)


async def kb_import(settings: Settings, tmp_path: Path, article: str) -> None:
    """`python bot.py kb import ARTICLE --yes` in another process, as an admin would run it."""
    path = tmp_path / f"bai-{len(list(tmp_path.glob('bai-*')))}.txt"
    path.write_text(article, encoding="utf-8")
    done = await asyncio.to_thread(
        subprocess.run,
        [*KB, str(settings.knowledge_path), "kb", "import", str(path), "--yes", "--who", "cli:t"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def announcements(api: BotApiStandIn, chat: int) -> list[str]:
    return [t for t in api.texts(chat) if t.startswith("🔔 Số liệu mới")]


async def test_subscribe_by_command_and_unsubscribe(api: BotApiStandIn, bot: BotApp) -> None:
    [done] = await say(api, "/theodoi tỷ lệ bao phủ BHYT", user=LAN)
    assert "Đã theo dõi" in done["text"] and "Tỷ lệ bao phủ BHYT" in done["text"]
    assert "6 tháng đầu năm 2022" in done["text"]  # what it knows now
    [again] = await say(api, "/theodoi ty le bao phu bhyt", user=LAN)
    assert "đã theo dõi" in again["text"]
    [unknown] = await say(api, "/theodoi giá vàng <b>", user=LAN)
    assert "chưa biết chỉ số" in unknown["text"] and "&lt;b&gt;" not in unknown["text"]
    [listing] = await say(api, "/huytheodoi", user=LAN)
    assert "Tỷ lệ bao phủ BHYT" in listing["text"]
    [stop] = [v for k, v in buttons(listing).items() if k.startswith("🔕 1.")]
    await press(api, stop, listing, user=LAN, chat=LAN)
    [empty] = await say(api, "/huytheodoi", user=LAN)
    assert "chưa theo dõi" in empty["text"]


async def test_a_cli_import_of_a_newer_period_is_announced_once(
    api: BotApiStandIn, bot: BotApp, settings: Settings, tmp_path: Path
) -> None:
    [answer] = await say(api, "tỷ lệ bao phủ BHYT", user=LAN)
    await press(api, buttons(answer)["🔔 Theo dõi"], answer, user=LAN, chat=LAN)
    await api.wait_for_messages_async(2, chat_id=LAN)
    assert "Đã theo dõi" in api.texts(LAN)[-1]

    await kb_import(settings, tmp_path, OLDER)  # only an older period: nothing to announce
    await asyncio.sleep(1.0)  # ten rounds of the watcher
    assert bot.bot_data.store.current.facts.keys() != set()  # reloaded
    assert any(f.period.year == 2018 for f in bot.bot_data.store.current.facts.values())
    assert announcements(api, LAN) == []

    await kb_import(settings, tmp_path, NEWER)
    [request] = await api.wait_for_async(
        lambda r: r.method == "sendMessage" and NEW_FIGURE in r.params["text"], timeout=20
    )
    await asyncio.sleep(1.0)
    [told] = announcements(api, LAN)
    assert "90,12% dân số" in told and "cuối năm 2023" in told and "Báo Lạng Sơn" in told
    assert "<blockquote expandable>" in request.params["text"]
    path = data_path(settings, SUBSCRIPTIONS_FILE)
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.slow
async def test_a_thousand_followers_are_told_within_the_rate_limit(
    api: BotApiStandIn, settings: Settings, tmp_path: Path
) -> None:
    chats = list(range(700_001, 701_001))
    followers = Subscriptions(data_path(settings, SUBSCRIPTIONS_FILE))
    for chat in chats:
        api.add_chat(chat)
        followers.add(chat, "bhyt_ty_le_bao_phu", "Lạng Sơn", COVERAGE_END)
    api.block_user(chats[-1])  # this one blocked the bot: dropped, not retried
    api.fail_next("sendMessage", times=5, kind="429", retry_after=1)
    async with running(settings) as app:
        assert app.post_init is not None and app.post_stop is not None
        await app.post_init(app)
        await kb_import(settings, tmp_path, NEWER)
        await api.wait_for_async(
            lambda r: r.ok and r.method == "sendMessage" and r.params["chat_id"] == chats[-2],
            timeout=180,
        )
        await asyncio.sleep(0.5)
        await app.post_stop(app)
    sent = [r for r in api.sent if r.ok and r.method == "sendMessage"]
    told = [r.params["chat_id"] for r in sent if NEW_FIGURE in r.params["text"]]
    assert sorted(told) == chats[:-1]  # everyone once, nobody twice, nothing lost to the 429s
    times = sorted(r.time for r in sent)
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= 60  # a burst of 30, then Telegram's 30 messages a second
    assert times[-1] - times[0] >= (len(times) - 60) / 30
    assert [s.chat_id for s in Subscriptions(followers.path).all()] == chats[:-1]
    assert [(r.method, r.status) for r in api.rejected] == [("sendMessage", 403)]
    api.clear()  # the one expected refusal: the chat that blocked the bot


@pytest.mark.slow
def test_subscriptions_survive_a_restart_of_bot_py_run(
    api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[knowledge]\nreload_seconds = 0.2\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, PYTHONUNBUFFERED="1")
    command = [
        sys.executable,
        "bot.py",
        "--config",
        str(config),
        "--knowledge",
        str(knowledge_copy),
    ]

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*command, "run"], cwd=ROOT, env=env, text=True, stderr=subprocess.PIPE
        )

    first = start()
    try:
        api.push_message("/theodoi tỷ lệ bao phủ BHYT", user_id=LAN)
        api.wait_for_messages(1, chat_id=LAN, timeout=30)
        assert "Đã theo dõi" in api.texts(LAN)[-1]
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=20)
    second = start()
    try:
        api.push_message("tỷ lệ bao phủ BHYT", user_id=LAN)  # serving again
        api.wait_for_messages(2, chat_id=LAN, timeout=30)
        article = tmp_path / "moi.txt"
        article.write_text(NEWER, encoding="utf-8")
        subprocess.run(
            [*command, "kb", "import", str(article), "--yes"], cwd=ROOT, env=env, check=True,
            capture_output=True, timeout=120,
        )  # fmt: skip
        api.wait_for_messages(3, chat_id=LAN, timeout=30)
        assert announcements(api, LAN) and "90,12%" in announcements(api, LAN)[0]
    finally:
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=20)
