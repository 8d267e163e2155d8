"""python-telegram-bot wired to the stand-in, for tests and bench/e2e.py (no pytest needed)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from tests.standin.server import BotApiStandIn

TOKEN = "123456:TEST-token"
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(api: BotApiStandIn, token: str = TOKEN) -> AnyApplication:
    """An Application wired to the stand-in; add handlers, then use ``polling(app)``."""
    return (
        ApplicationBuilder()
        .token(token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )


@contextlib.asynccontextmanager
async def polling(app: AnyApplication, poll_timeout: int = 1) -> AsyncIterator[AnyApplication]:
    """Run ``app`` with long polling for the duration of the block, the way run_polling would
    (run_polling itself owns and closes the event loop, so tests must not call it) — including
    where a failed getUpdates is reported: to the application's error handlers."""

    def polling_failed(error: TelegramError) -> None:
        app.create_task(app.process_error(error=error, update=None))

    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=poll_timeout, error_callback=polling_failed
        )
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
