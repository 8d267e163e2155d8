"""Fixtures for the end-to-end tests: the bot, polling the ``api`` stand-in
(tests/standin/fixtures.py), which ends every test by checking that it rejected nothing.
Helpers are in bot_harness.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.app import BotApp
from settings import Settings
from tests.handlers.bot_harness import make_settings, running
from tests.standin.server import BotApiStandIn


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotApp]:
    async with running(settings) as app:
        yield app
