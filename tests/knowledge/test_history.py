"""History that undo can trust: kills mid-write, torn lines, failed writes, rotation, size."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from knowledge.model import Fact, Period, Source
from knowledge.store.history import AuditEntry
from knowledge.store.history_log import AuditLog
from knowledge.store.knowledge_file import KnowledgeStore, StoreError, load_knowledge


def fact(value: float) -> Fact:
    return Fact(
        metric="tong_thu",
        value=value,
        value_text=f"{value:g} tỷ đồng",
        unit="tỷ đồng",
        period=Period(label="năm 2031", start=date(2031, 1, 1), end=date(2031, 12, 31)),
        region="Lạng Sơn",
        source="baolangson-2022-07",
        quote="Câu trích dẫn.",
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _temp_appears(folder: Path, child: int, timeout: float = 10.0) -> bool:
    """Wait until a writer's temp knowledge file exists (False if the child died first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(n.startswith(".knowledge.json.") and n.endswith(".tmp") for n in os.listdir(folder)):
            return True
        if os.waitpid(child, os.WNOHANG) != (0, 0):
            return False
        time.sleep(0.0002)
    raise TimeoutError("the writer never started a write")


def _writer(path: Path, seed: int) -> None:
    """In a forked child: add and remove facts until killed."""
    try:
        store = KnowledgeStore(path, backups=3)
        for n in range(10**6):
            new_id = store.add_fact(fact(seed + n), "child")
            if n % 2:
                store.remove_fact(new_id, "child")
    finally:
        os._exit(0)


@pytest.mark.slow
def test_200_kills_inside_writes_leave_no_change_outside_history_and_undo_takes_the_latest(
    knowledge_file: Path,
) -> None:
    rng = random.Random(11)
    history = AuditLog(knowledge_file.with_name("history.jsonl"))
    abandoned = 0
    for kill in range(200):
        child = os.fork()
        if child == 0:
            _writer(knowledge_file, 1000 * (kill + 1))
        if _temp_appears(knowledge_file.parent, child):
            time.sleep(rng.uniform(0, 0.030))
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        load_knowledge(knowledge_file)  # whole and valid
        last = history.last()
        assert last is not None
        # the file is what the last entry produced, or (killed before the rename) what it started
        # from: no change is in the file without its entry
        assert sha(knowledge_file) in (last.hash_after, last.hash_before), kill
        abandoned += sha(knowledge_file) != last.hash_after
        if kill % 4 == 0:
            store = KnowledgeStore(knowledge_file, backups=3)
            expected = store.undo_target()
            assert expected is not None and expected.action in ("add_fact", "remove_fact")
            # the change undo will reverse is the one that produced the file as it is
            assert expected.hash_after == sha(knowledge_file), kill
            others = json.loads(knowledge_file.read_bytes())["facts"]
            assert store.undo("admin") == expected
            facts = json.loads(knowledge_file.read_bytes())["facts"]
            [change] = expected.changes()
            assert facts.get(change.record) == change.before
            others.pop(change.record, None)
            facts.pop(change.record, None)
            assert facts == others  # and nothing else changed
    assert abandoned > 0, "no kill landed between the history entry and the rename"
    store = KnowledgeStore(knowledge_file)  # opening sweeps killed writers' temp files
    assert not [p for p in knowledge_file.parent.rglob(".*.tmp")]


def test_a_write_killed_after_its_entry_is_marked_abandoned_and_undo_goes_past_it(
    knowledge_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = KnowledgeStore(knowledge_file)
    first = store.add_fact(fact(1), "a")
    before = knowledge_file.read_bytes()

    def killed(*args: object) -> None:  # the rename never happens, nor any clean-up
        raise KeyboardInterrupt

    monkeypatch.setattr("knowledge.store.journal.write_atomic", killed)
    with pytest.raises(KeyboardInterrupt):
        store.add_fact(fact(2), "a")
    monkeypatch.undo()
    assert knowledge_file.read_bytes() == before
    assert store.history(1)[0].action == "add_fact"  # the entry of the change that never landed
    undone = KnowledgeStore(knowledge_file).undo("a")
    assert undone is not None and undone.record == str(first)
    assert [e.action for e in store.history(3)] == ["undo", "abandoned", "add_fact"]


def test_a_torn_last_line_is_set_aside_and_never_swallows_the_next_entry(
    knowledge_file: Path,
) -> None:
    store = KnowledgeStore(knowledge_file)
    store.add_fact(fact(1), "a")
    log_path = knowledge_file.with_name("history.jsonl")
    with log_path.open("ab") as out:
        out.write(b'{"id": "half", "ts": "2024')  # a disk filled up mid-append
    second = store.add_fact(fact(2), "b")
    lines = log_path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["who"] for line in lines] == ["a", "b"]
    assert log_path.with_name("history.jsonl.torn").read_text() == '{"id": "half", "ts": "2024\n'
    assert store.undo("c") is not None and second not in store.current.facts


def test_a_failed_append_leaves_nothing_and_changes_nothing(
    knowledge_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = KnowledgeStore(knowledge_file)
    store.add_fact(fact(1), "a")
    log_path = knowledge_file.with_name("history.jsonl")
    log_before, file_before = log_path.read_bytes(), knowledge_file.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        monkeypatch.setattr(os, "write", full)
        return real_write(fd, data[:10])

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreError, match="chưa có gì thay đổi"):
        store.add_fact(fact(2), "a")
    monkeypatch.undo()
    assert log_path.read_bytes() == log_before and knowledge_file.read_bytes() == file_before


def test_three_failed_writes_keep_the_older_backups(
    knowledge_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = KnowledgeStore(knowledge_file, backups=3)
    for n in range(3):
        store.add_fact(fact(n), "a")
    kept = [p.read_bytes() for p in store.backups()]

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    for n in range(3):
        with pytest.raises(StoreError):
            store.add_fact(fact(10 + n), "a")
    monkeypatch.undo()
    assert [p.read_bytes() for p in store.backups()] == kept


def test_temp_files_of_killed_writers_are_cleaned_wherever_they_are(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    store.add_fact(fact(1), "a")
    left = [
        knowledge_file.with_name(".knowledge.json.0123.tmp"),
        knowledge_file.parent / "backups" / ".knowledge-20240101T000000000000Z.json.0123.tmp",
    ]
    for temp in left:
        temp.write_text("{", encoding="utf-8")
    KnowledgeStore(knowledge_file)
    assert not any(temp.exists() for temp in left)


def test_history_backups_and_the_knowledge_file_are_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    from knowledge.store.data_folder import prepare

    prepare(data, data / "knowledge.json")
    store = KnowledgeStore(data / "knowledge.json")
    store.add_fact(fact(1), "tg:42 An")
    for path in [data / "knowledge.json", data / "history.jsonl", *store.backups()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((data / "backups").stat().st_mode) == 0o700


def test_history_rotates_past_its_size_and_undo_reaches_into_the_older_file(
    knowledge_file: Path,
) -> None:
    store = KnowledgeStore(knowledge_file, history_max_bytes=3_000)
    ids = [store.add_fact(fact(n), "a") for n in range(6)]
    log_path = knowledge_file.with_name("history.jsonl")
    assert log_path.with_name("history.jsonl.1").exists()
    assert log_path.stat().st_size < 3_000 * 2
    for fact_id in reversed(ids[-3:]):
        assert store.undo("a") is not None and fact_id not in store.current.facts


def test_undo_and_history_read_only_the_newest_entries_of_a_long_history(
    knowledge_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo read all 50 000 entries twice (2.6 s); now it reads from the end and stops."""
    store = KnowledgeStore(knowledge_file, history_max_bytes=0)  # never rotated
    fact_id = store.add_fact(fact(1), "a")
    log_path = knowledge_file.with_name("history.jsonl")
    last = log_path.read_bytes()
    old = AuditEntry.create("x", "update_fact", []).to_json().encode() + b"\n"
    log_path.write_bytes(old * 50_000 + last)  # 50 000 older entries before the latest
    parsed: list[object] = []
    real = AuditEntry.from_json.__func__  # type: ignore[attr-defined]

    def counting(cls: type[AuditEntry], line: str) -> AuditEntry:
        parsed.append(1)
        return real(cls, line)  # type: ignore[no-any-return]

    monkeypatch.setattr(AuditEntry, "from_json", classmethod(counting))
    assert [e.who for e in store.history(5)] == ["a", "x", "x", "x", "x"]
    assert store.undo("b") is not None and fact_id not in store.current.facts
    assert len(parsed) < 30


def test_kb_history_names_the_article_an_import_came_from(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    source = Source(
        id="bhxh-2031",
        title="BHXH tỉnh: kết quả năm 2031",
        publisher="BHXH tỉnh",
        published=date(2032, 1, 5),
        url="https://example.vn/a",
    )
    facts = [fact(7).model_copy(update={"source": "bhxh-2031"}), fact(8)]
    store.import_facts(source, facts, [], "tg:1", label="«BHXH tỉnh…» example.vn")
    entry = store.history(1)[0]
    assert entry.label == "«BHXH tỉnh…» example.vn" and entry.is_whole_import
    assert "example.vn" in entry.summary()
