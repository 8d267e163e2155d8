"""Helpers for the end-to-end tests: the bot built from Settings alone, polling the stand-in.

Nothing in PTB is patched: the bot talks HTTP to tests/botapi.py exactly as it would to Telegram.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from botapi import BotApiStandIn, RecordedRequest
from conftest_botapi import polling

from handlers.app import BotApp, build_application
from handlers.services import Services
from settings import Settings, load_settings

TOKEN = "123456:TEST-token"


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
