"""Hot reload: an edited knowledge file is served at once; a broken one is reported to admins
once, while the bot keeps answering from the last good version."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from settings import Settings
from tests.handlers.bot_harness import new_messages, running
from tests.standin.server import DEFAULT_USER_ID, BotApiStandIn

ADMIN = 4242
QUESTION = "tỷ lệ bao phủ BHYT 2022"


def replace_file(path: Path, tables: dict[str, object]) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, path)


async def ask(api: BotApiStandIn) -> str:
    messages = await new_messages(api, lambda: api.push_message(QUESTION), chat_id=DEFAULT_USER_ID)
    return str(messages[-1]["text"])


async def test_knowledge_file_is_hot_reloaded(api: BotApiStandIn, settings: Settings) -> None:
    api.add_chat(ADMIN)  # the admin has opened a chat with the bot
    settings = dataclasses.replace(settings, reload_seconds=0.0, admin_ids=frozenset({ADMIN}))
    path = settings.knowledge_path
    tables = json.loads(path.read_text(encoding="utf-8"))
    async with running(settings):
        assert "86,96% dân số" in await ask(api)

        tables["facts"]["22"].update(value=87.01, value_text="87,01%")
        replace_file(path, tables)
        assert "87,01% dân số" in await ask(api)

        tables["facts"]["22"]["value"] = "nhiều"
        replace_file(path, tables)
        assert "87,01% dân số" in await ask(api)  # the last good knowledge stays in service
        [notice] = await api.wait_for_messages_async(1, chat_id=ADMIN)
        assert "knowledge.json" in notice["text"]
        assert "bảng 'facts', bản ghi 22 (bhyt_ty_le_bao_phu), trường 'value'" in notice["text"]

        assert "87,01% dân số" in await ask(api)
        assert len(api.messages(ADMIN)) == 1  # the same broken file is reported only once


async def test_reload_waits_for_reload_seconds(api: BotApiStandIn, settings: Settings) -> None:
    settings = dataclasses.replace(settings, reload_seconds=3600.0)
    tables = json.loads(settings.knowledge_path.read_text(encoding="utf-8"))
    async with running(settings):
        tables["facts"]["22"].update(value=87.01, value_text="87,01%")
        replace_file(settings.knowledge_path, tables)
        assert "86,96% dân số" in await ask(api)  # not checked again within the hour
