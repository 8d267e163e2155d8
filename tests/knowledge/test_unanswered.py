"""The log of questions the bot could not answer, as admins read it."""

from __future__ import annotations

import json
import threading
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

from knowledge.store.unanswered import UnansweredLog

T0 = datetime(2024, 5, 1, 8, 0).astimezone()


def test_the_same_question_written_differently_is_counted_once(tmp_path: Path) -> None:
    log = UnansweredLog(tmp_path / "unanswered.jsonl")
    nfd = unicodedata.normalize("NFD", "số người tham gia BHXH năm 2030")
    log.record("Số người tham gia BHXH năm 2030?", "no_data", when=T0)
    log.record(nfd, "no_data", when=T0 + timedelta(hours=1))
    log.record("  số người  tham gia bhxh năm 2030 ", "no_data", when=T0 + timedelta(hours=2))
    log.record("giá vé xe buýt", "not_found", when=T0 + timedelta(hours=3))
    (text, count, last_seen), other = log.top()
    assert count == 3 and text == "số người tham gia bhxh năm 2030"  # the latest wording
    assert last_seen == (T0 + timedelta(hours=2)).isoformat(timespec="seconds")
    assert other[:2] == ("giá vé xe buýt", 1)
    assert len(log.top(limit=1)) == 1


def test_forget_drops_a_question_until_it_is_asked_again(tmp_path: Path) -> None:
    log = UnansweredLog(tmp_path / "unanswered.jsonl")
    for _ in range(3):
        log.record("tỷ lệ nợ năm 2030", "no_data")
    log.record("giá vé xe buýt", "not_found")
    log.forget("Tỷ lệ nợ năm 2030")  # any wording of the question will do
    assert [text for text, _, _ in log.top()] == ["giá vé xe buýt"]
    log.record("tỷ lệ nợ năm 2030", "no_data")
    assert ("tỷ lệ nợ năm 2030", 1) in [(text, count) for text, count, _ in log.top()]


def test_many_threads_recording_at_once_leave_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "unanswered.jsonl"
    log = UnansweredLog(path)

    def ask(n: int) -> None:
        for _ in range(200):
            log.record(f"câu hỏi {n % 2} " + "rất dài " * 50, "not_found")

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1600 and all(json.loads(line)["status"] == "not_found" for line in lines)
    assert sorted(count for _, count, _ in log.top()) == [800, 800]


def test_the_log_rotates_and_memory_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "unanswered.jsonl"
    log = UnansweredLog(path, max_bytes=20_000, max_groups=50)
    for n in range(400):
        log.record(f"câu hỏi hiếm số {n}", "not_found")
        log.record("câu hỏi hay gặp", "not_found")
    assert path.with_name("unanswered.jsonl.1").exists() and path.stat().st_size <= 20_000 + 200
    text, count, _ = log.top()[0]
    assert text == "câu hỏi hay gặp" and count > 50  # counted across both generations


def test_an_empty_or_damaged_log_reads_as_what_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "unanswered.jsonl"
    log = UnansweredLog(path)
    assert log.top() == []
    log.record("x" * 5000, "not_found")
    with path.open("a", encoding="utf-8") as out:
        out.write('{"ts": "2024-05-01T08:00:00+07:00", "question": "cắt ngang')  # a crash
    ((text, count, _),) = log.top()
    assert count == 1 and len(text) == 500
