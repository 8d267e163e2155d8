"""A malformed knowledge file, edited in place or uploaded, is refused with file, table, record
and field; the admins are told once; users keep getting answers from the last good file."""

from __future__ import annotations

import dataclasses
import os
from functools import partial
from pathlib import Path

from settings import Settings
from tests.handlers.bot_harness import new_messages, running
from tests.knowledge.hostile_files import hostile_files
from tests.standin.server import DEFAULT_USER_ID, BotApiStandIn

ADMIN = 4242
QUESTION = "tỷ lệ bao phủ BHYT 2022"


def _replace(path: Path, content: bytes) -> None:
    temp = path.with_name(".edit.tmp")
    temp.write_bytes(content)
    os.replace(temp, path)


async def test_each_hostile_file_is_refused_precisely_on_reload_and_on_upload(
    api: BotApiStandIn, settings: Settings
) -> None:
    api.add_chat(ADMIN)
    settings = dataclasses.replace(settings, reload_seconds=0.0, admin_ids=frozenset({ADMIN}))
    good = settings.knowledge_path.read_bytes()
    async with running(settings):
        for hostile in hostile_files(good):
            _replace(settings.knowledge_path, hostile.content)
            for _ in range(2):  # asked twice: the admins hear of this file once
                [answer] = await new_messages(
                    api, lambda: api.push_message(QUESTION), chat_id=DEFAULT_USER_ID
                )
                assert "86,96% dân số" in answer["text"], hostile.name
            notices = [m["text"] for m in api.messages(ADMIN)]
            assert hostile.where in notices[-1], (hostile.name, notices[-1])
            count = len(notices)

            _replace(settings.knowledge_path, good)
            [refused] = await new_messages(
                api,
                partial(
                    api.push_document,
                    hostile.name,
                    hostile.content,
                    user_id=ADMIN,
                    mime_type="application/json",
                ),
                chat_id=ADMIN,
            )
            assert f"{hostile.name}: {hostile.where}" in refused["text"], refused["text"]
            assert settings.knowledge_path.read_bytes() == good
            assert len(api.messages(ADMIN)) == count + 1
