"""Fixtures for the end-to-end tests (helpers in bot_harness.py).

Every test ends by checking that the stand-in rejected nothing (bad HTML, > 4096 characters,
oversized callback data, a callback query answered twice…).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from handlers.app import BotApp
from settings import Settings
from tests.handlers.bot_harness import make_settings, running
from tests.standin.server import BotApiStandIn


@pytest.fixture
def api() -> Iterator[BotApiStandIn]:
    with BotApiStandIn() as standin:
        yield standin
        assert standin.rejected == [], [r.summary() for r in standin.rejected]


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[BotApp]:
    async with running(settings) as app:
        yield app
