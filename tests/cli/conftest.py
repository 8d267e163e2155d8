"""Fixtures for the `bot.py kb …` tests (the helper that runs a command is in kb_harness.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import Settings


@pytest.fixture
def settings(knowledge_copy: Path) -> Settings:
    """Settings whose knowledge file is a private copy of the seed file."""
    return Settings(knowledge_path=knowledge_copy)
