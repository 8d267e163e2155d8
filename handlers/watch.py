"""The background watcher: every `reload_seconds`, pick up a changed knowledge file (an admin's
`kb import` from the CLI, an edit by hand) and announce new figures to their followers.

Handlers already reload before each update (handlers.questions.refresh_knowledge); the watcher
makes a change noticed when nobody writes to the bot, and catches the admins' own saves from
Telegram. It runs beside the handlers, never blocking them; `start` is called once the bot is
connected (post_init), `stop` when it stops (post_stop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot

from handlers.questions import tell_admins
from handlers.services import Services
from handlers.subscriptions import announce_new_figures

log = logging.getLogger(__name__)


async def check_once(services: Services, bot: Bot) -> None:
    """One round: reload if due and changed (admins hear of a bad file), then announce."""
    problems = await services.refresh()
    if problems:
        await tell_admins(services, bot, problems)
    await announce_new_figures(services, bot)


async def _watch(services: Services, bot: Bot) -> None:
    while True:
        try:
            await check_once(services, bot)
        except asyncio.CancelledError:
            raise
        except Exception:  # the watcher must outlive any one bad round
            log.exception("watching the knowledge file failed; trying again")
        await asyncio.sleep(max(0.05, services.settings.reload_seconds))


def start(services: Services, bot: Bot) -> None:
    """Start watching (once)."""
    if services.watcher is None or services.watcher.done():
        services.watcher = asyncio.create_task(_watch(services, bot), name="knowledge-watcher")


async def stop(services: Services) -> None:
    task, services.watcher = services.watcher, None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
