"""Inline mode: "@bot query" → figures with their period, the inserted message with its source."""

from __future__ import annotations

from typing import Any

from handlers.app import BotApp
from tests.handlers.bot_harness import sent
from tests.standin.server import BotApiStandIn


async def inline(api: BotApiStandIn, query: str) -> dict[str, Any]:
    before = len(sent(api, "answerInlineQuery"))
    api.push_inline_query(query)
    answers = await api.wait_for_async(
        lambda r: r.method == "answerInlineQuery" and len(sent(api, "answerInlineQuery")) > before
    )
    return answers[-1].params


async def test_inline_query_lists_figures(api: BotApiStandIn, bot: BotApp) -> None:
    params = await inline(api, "tỷ lệ bao phủ BHYT")
    results = params["results"]
    assert 1 <= len(results) <= 10
    assert params["cache_time"] == 30
    first = results[0]
    assert first["title"] == "Tỷ lệ bao phủ BHYT"
    assert first["description"] == "86,96% dân số · 6 tháng đầu năm 2022"
    content = first["input_message_content"]
    assert (
        content["parse_mode"] == "HTML"
        and '<a href="https://baolangson.vn/' in (content["message_text"])
    )
    assert len({r["id"] for r in results}) == len(results)
    assert all(len(r["id"]) <= 8 for r in results)


async def test_empty_or_unknown_inline_query_offers_examples(
    api: BotApiStandIn, bot: BotApp
) -> None:
    for query in ("", "giá vàng"):
        results = (await inline(api, query))["results"]
        assert len(results) >= 3
        assert all(r["description"] for r in results)
