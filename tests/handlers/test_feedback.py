"""👍/👎 under every answer: recorded, changeable, one vote per user per answer, an optional
reason, kept across restarts with nothing about a user but their id; admins read /phanhoi."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from handlers.admin.common import DENIED
from handlers.app import BotApp
from knowledge.store.data_folder import FEEDBACK_FILE
from settings import Settings, data_path
from tests.handlers.bot_harness import buttons, make_settings, running
from tests.handlers.test_admin import press, say
from tests.standin.server import JSON, BotApiStandIn

ADMIN, LAN, MAI = 4242, 5151, 6161
COVERAGE = "tỷ lệ bao phủ BHYT 2022"


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path, admin_ids=frozenset({ADMIN}))


def current(api: BotApiStandIn, message: JSON) -> JSON:
    """The message as its chat shows it now (after edits)."""
    chat = message["chat"]["id"]
    return next(m for m in api.messages(chat) if m["message_id"] == message["message_id"])


def vote_labels(api: BotApiStandIn, message: JSON) -> list[str]:
    return [k for k in buttons(current(api, message)) if k.startswith(("👍", "👎"))]


def stored(settings: Settings) -> dict[str, object]:
    path = data_path(settings, FEEDBACK_FILE)
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


async def vote(
    api: BotApiStandIn, message: JSON, face: str, user: int, changes: bool = True
) -> None:
    """Tap 👍 or 👎 as `user`; wait for the counts to be shown (when they change)."""
    edits = len([r for r in api.sent if r.method == "editMessageReplyMarkup"])
    data = next(v for k, v in buttons(current(api, message)).items() if k.startswith(face))
    await press(api, data, current(api, message), user=user, chat=message["chat"]["id"])
    if changes:
        await api.wait_for_async(
            lambda r: len([r for r in api.sent if r.method == "editMessageReplyMarkup"]) > edits
        )


async def test_votes_are_recorded_changeable_and_one_per_user(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    [answer] = await say(api, COVERAGE, user=LAN)
    await vote(api, answer, "👍", LAN)
    assert vote_labels(api, answer) == ["👍 1", "👎"]
    await vote(api, answer, "👍", LAN, changes=False)  # the same tap again: still one vote
    assert vote_labels(api, answer) == ["👍 1", "👎"]
    await vote(api, answer, "👎", LAN)  # changed
    assert vote_labels(api, answer) == ["👍", "👎 1"]
    [votes] = [entry["votes"] for entry in stored(settings)["answers"].values()]  # type: ignore[attr-defined]
    assert list(votes) == [str(LAN)] and votes[str(LAN)]["vote"] == "down"
    path = data_path(settings, FEEDBACK_FILE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_down_vote_takes_a_reason_and_admins_see_it(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    [answer] = await say(api, COVERAGE, user=LAN)
    await vote(api, answer, "👎", LAN)
    ask_reason = (await api.wait_for_messages_async(2, chat_id=LAN))[-1]
    assert "lý do" in ask_reason["text"] and "Bỏ qua" in buttons(ask_reason)
    [thanks] = await say(api, "số liệu đã cũ, năm 2023 có rồi", user=LAN)
    assert "Đã ghi lý do" in thanks["text"]
    [next_answer] = await say(api, COVERAGE, user=LAN)  # the reason is taken once
    assert "86,96%" in next_answer["text"]

    [listing] = await say(api, "/phanhoi")
    assert f"«{COVERAGE}»" in listing["text"] and "👎 1" in listing["text"]
    assert "số liệu đã cũ, năm 2023 có rồi" in listing["text"]
    assert "86,96%" in listing["text"]  # what was answered
    [teach] = [v for k, v in buttons(listing).items() if k.startswith("➕")]
    before = len(api.messages(ADMIN))
    await press(api, teach, listing)
    metrics = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[-1]
    assert "hỏi về chỉ tiêu nào" in metrics["text"]


async def test_a_question_after_a_down_vote_is_answered_not_taken_as_reason(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    [answer] = await say(api, COVERAGE, user=LAN)
    await vote(api, answer, "👎", LAN)
    await api.wait_for_messages_async(2, chat_id=LAN)
    [reply] = await say(api, "số người tham gia BHXH 2022", user=LAN)
    assert "67.186" in reply["text"]
    [entry] = stored(settings)["answers"].values()  # type: ignore[attr-defined]
    assert entry["votes"][str(LAN)]["reason"] is None


async def test_votes_of_several_users_and_a_restart(api: BotApiStandIn, settings: Settings) -> None:
    group = -100777
    async with running(settings):
        api.add_chat(group, "group")
        api.push_message(f"@{api.bot_user['username']} {COVERAGE}", user_id=LAN, chat_id=group)
        [answer] = await api.wait_for_messages_async(1, chat_id=group)
        await vote(api, answer, "👍", LAN)
        await vote(api, answer, "👍", MAI)
        assert vote_labels(api, answer) == ["👍 2", "👎"]
    async with running(settings):  # a new process reads the votes back
        await vote(api, answer, "👎", MAI)
        assert vote_labels(api, answer) == ["👍 1", "👎 1"]
    text = data_path(settings, FEEDBACK_FILE).read_text(encoding="utf-8")
    assert "Lan" not in text and "Mai" not in text  # ids only, no names


async def test_only_admins_open_phanhoi(api: BotApiStandIn, bot: BotApp) -> None:
    [refused] = await say(api, "/phanhoi", user=LAN)
    assert refused["text"] == DENIED
