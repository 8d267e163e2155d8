"""The ``api`` fixture: a running Bot API stand-in for one test (offered to every test folder by
tests/conftest.py).

It ends the test by checking that the stand-in rejected nothing (bad HTML, > 4096 characters,
oversized callback data, a callback query answered twice…) that the test did not take with
``api.take_rejected()``. Options of the stand-in come from a marker:

    @pytest.mark.standin(privacy_mode=False)
    async def test_group_chatter(api: BotApiStandIn, bot: BotApp) -> None: ...

PYTEST_DONT_REWRITE: it holds no test assertions worth rewriting.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.standin.ptb import TOKEN, build_application, polling
from tests.standin.server import BotApiStandIn

__all__ = ["TOKEN", "api", "build_application", "polling"]


@pytest.fixture
def api(request: pytest.FixtureRequest) -> Iterator[BotApiStandIn]:
    """A running stand-in, stopped after the test; fails the test on a rejection left over."""
    marker = request.node.get_closest_marker("standin")
    with BotApiStandIn(**(marker.kwargs if marker else {})) as standin:
        yield standin
        rejected = standin.rejected
        assert rejected == [], [r.summary() for r in rejected]
