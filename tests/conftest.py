"""Shared fixtures for every test folder."""

from __future__ import annotations

import shutil
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
