"""Fixtures for the stand-in's own tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import telegram

from tests.standin.ptb import TOKEN
from tests.standin.server import BotApiStandIn


@pytest.fixture
async def ptb_bot(api: BotApiStandIn) -> AsyncIterator[telegram.Bot]:
    """A bare, initialised PTB Bot talking to ``api`` (no Application, no handlers)."""
    async with telegram.Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as b:
        yield b
