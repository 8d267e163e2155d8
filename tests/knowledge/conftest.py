from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.store import DEFAULT_PATH


@pytest.fixture
def knowledge_file(tmp_path: Path) -> Path:
    """A private copy of the seed knowledge file, safe to write to."""
    path = tmp_path / "knowledge.json"
    shutil.copyfile(DEFAULT_PATH, path)
    return path
