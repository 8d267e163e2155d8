"""Helpers for the end-to-end tests: the bot built from Settings alone, polling the stand-in.

Nothing in PTB is patched: the bot talks HTTP to tests/standin/ exactly as it would to Telegram.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

from handlers.app import BotApp, build_application
from handlers.services import Services
from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import load_knowledge
from replies.answer import render_html
from settings import Settings, load_settings
from tests.standin.ptb import TOKEN, polling
from tests.standin.server import JSON, BotApiStandIn, RecordedRequest


def make_settings(api: BotApiStandIn, knowledge: Path, tmp_path: Path, **changes: Any) -> Settings:
    """What `python bot.py run` would read with only these two variables set (and the knowledge)."""
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    settings = load_settings(
        config,
        env={
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "BOT_KNOWLEDGE_PATH": str(knowledge),
        },
    )
    return dataclasses.replace(settings, **changes)


@contextlib.asynccontextmanager
async def running(settings: Settings, services: Services | None = None) -> AsyncIterator[BotApp]:
    """The app built from `settings`, started and long-polling as run_polling would run it."""
    async with polling(build_application(settings, services)) as app:
        yield app


def sent(api: BotApiStandIn, method: str = "sendMessage") -> list[RecordedRequest]:
    return [r for r in api.sent if r.method == method]


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A sent message's inline buttons: text → callback_data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b.get("callback_data", "") for row in rows for b in row}


async def new_messages(
    api: BotApiStandIn, push: Callable[[], object], count: int = 1, chat_id: int | None = None
) -> list[JSON]:
    """Do `push` (a user's message, command or button press), wait until the bot has sent
    `count` more messages (to `chat_id`, or to any chat), and return those, as users see them."""
    before = len(api.messages(chat_id))
    push()
    messages = await api.wait_for_messages_async(before + count, chat_id=chat_id)
    return messages[before:]


def first_block(html: str) -> str:
    """A reply's first block (up to the first blank line): what identifies the answer."""
    return html.split("\n\n", 1)[0]


def heads(settings: Settings, questions: Iterable[str]) -> list[str]:
    """The first block of each question's reply, as the engine gives it; all different."""
    engine = Engine(load_knowledge(settings.knowledge_path), settings.default_region)
    found = [first_block(render_html(engine.answer(q))) for q in questions]
    assert len(set(found)) == len(found), found
    return found
