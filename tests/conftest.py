"""Shared fixtures for every test folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.store.knowledge_file import DEFAULT_PATH
from tests.material import drop_source

pytest_plugins = ["tests.standin.fixtures"]  # the api fixture (a running Bot API stand-in)


@pytest.fixture
def knowledge_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A private copy of the seed knowledge file, safe to edit or break; without a source and
    its facts under ``@pytest.mark.without_source("id")`` (to import that article as new)."""
    path = tmp_path / "knowledge.json"
    shutil.copyfile(DEFAULT_PATH, path)
    marker = request.node.get_closest_marker("without_source")
    if marker is not None:
        drop_source(path, *marker.args)
    return path


@pytest.fixture(autouse=True, scope="session")
def _temporary_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test touches the project's data/ folder: every `bot.py` the tests start, and every
    Settings read from the environment, use a temporary one, seeded from the bundled knowledge."""
    saved = {name: os.environ.get(name) for name in ("BOT_DATA_DIR", "BOT_KNOWLEDGE_PATH")}
    os.environ["BOT_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ.pop("BOT_KNOWLEDGE_PATH", None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
