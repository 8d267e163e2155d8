from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def knowledge_file(knowledge_copy: Path) -> Path:
    """A private copy of the seed knowledge file, safe to write to (tests/conftest.py)."""
    return knowledge_copy
