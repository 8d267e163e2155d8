"""Votes and subscriptions on disk: private, whole after every change, readable after a damaged
write, and never moving backwards."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from knowledge.store.feedback import FeedbackLog
from knowledge.store.subscriptions import Subscriptions


def test_a_damaged_votes_file_starts_empty_and_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "data" / "feedback.json"
    path.parent.mkdir()
    path.write_text('{"answers": {"1:2": {"votes"', encoding="utf-8")  # cut mid-write
    log = FeedbackLog(path)
    assert log.wrong() == []
    assert log.vote("1:2", 7, "down", "tỷ lệ bao phủ", "86,96%") == (0, 1)
    assert FeedbackLog(path).counts("1:2") == (0, 1)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob("*.tmp"))


def test_the_oldest_answers_are_dropped_beyond_the_limit(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "feedback.json", max_answers=3)
    for n in range(5):
        log.vote(f"1:{n}", 7, "down", f"câu {n}", "")
    assert [w.question for w in FeedbackLog(log.path).wrong(10)] == ["câu 4", "câu 3", "câu 2"]


def test_a_reason_needs_the_users_down_vote(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "feedback.json")
    log.vote("1:1", 7, "up", "q", "a")
    assert not log.add_reason("1:1", 7, "sai")
    log.vote("1:1", 7, "down", "q", "a")
    assert log.add_reason("1:1", 7, "sai kỳ")
    assert log.wrong()[0].reasons == ("sai kỳ",)
    log.vote("1:1", 7, "up", "q", "a")  # changed its mind: no longer wrong
    assert log.wrong() == []


def test_what_a_chat_has_seen_never_goes_back(tmp_path: Path) -> None:
    subs = Subscriptions(tmp_path / "subscriptions.json")
    assert subs.add(5, "m", "Lạng Sơn", date(2022, 6, 30))
    assert not subs.add(5, "m", "Lạng Sơn", None)
    [sub] = subs.all()
    subs.mark_seen([(sub, date(2019, 8, 31))])
    assert Subscriptions(subs.path).all()[0].seen == date(2022, 6, 30)
    subs.mark_seen([(sub, date(2023, 12, 31))])
    assert Subscriptions(subs.path).all()[0].seen == date(2023, 12, 31)
    subs.drop_chat(5)
    assert Subscriptions(subs.path).all() == []
