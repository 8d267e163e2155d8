"""Shared fixtures for every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.store.knowledge_file import DEFAULT_PATH

pytest_plugins = ["tests.standin.fixtures"]  # the api fixture (a running Bot API stand-in)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the seed knowledge file, safe to edit or break."""
    path = tmp_path / "knowledge.json"
    shutil.copyfile(DEFAULT_PATH, path)
    return path
