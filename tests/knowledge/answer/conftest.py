from __future__ import annotations

from datetime import date

import pytest

from knowledge.answer.engine import Engine
from tests.knowledge.wide import wide_knowledge


@pytest.fixture(scope="module")
def wide() -> Engine:
    """The engine over a knowledge of Lạng Sơn, Hà Nội, Thái Bình and the nation."""
    return Engine(wide_knowledge(), today=lambda: date(2026, 11, 23))
