"""The knowledge file under crashes, concurrent writers, bad edits and admin mistakes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from tinydb import TinyDB

from knowledge.model import Fact, Metric, Period, Source
from knowledge.store.knowledge_file import (
    AtomicJSONStorage,
    KnowledgeStore,
    ReloadOutcome,
    StoreError,
    check_upload_size,
    load_knowledge,
)
from knowledge.store.snapshot import InvalidKnowledge, Problem

ROOT = Path(__file__).resolve().parents[2]
CHILD_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def new_fact(value: float, metric: str = "tong_thu", label: str = "năm 2023") -> Fact:
    return Fact(
        metric=metric,
        value=value,
        value_text=f"{value:g} tỷ đồng",
        unit="tỷ đồng",
        period=Period(label=label, start=date(2023, 1, 1), end=date(2023, 12, 31)),
        region="Lạng Sơn",
        source="baolangson-2022-07",
        quote="Câu trích dẫn.",
    )


def tables(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# -- crashes and concurrent writers ---------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from knowledge.store.knowledge_file import KnowledgeStore
store = KnowledgeStore(Path(sys.argv[1]), backups=3)
fact = store.current.facts[12]
print("ready", flush=True)
if sys.argv[2] == "wait":
    sys.stdin.readline()
for n in range(int(sys.argv[3])):
    new_id = store.add_fact(fact.model_copy(update={"value": float(sys.argv[4]) + n}), "child")
    if sys.argv[2] == "churn" and n % 2:
        store.remove_fact(new_id, "child")
"""


def start_writer(path: Path, mode: str, count: int, base: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), mode, str(count), str(base)],
        cwd=ROOT,
        env=CHILD_ENV,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


@pytest.mark.slow
def test_killing_a_writer_at_random_moments_never_leaves_a_broken_file(
    knowledge_file: Path,
) -> None:
    rng = random.Random(7)
    audit = knowledge_file.with_name("history.jsonl")
    for _ in range(8):
        child = start_writer(knowledge_file, "churn", 10**6, 1000)
        time.sleep(rng.uniform(0.05, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        knowledge = load_knowledge(knowledge_file)  # raises if the file were cut short
        assert len(knowledge.facts) >= 29
    assert len(audit.read_text(encoding="utf-8").splitlines()) > 20, "the kills came too early"
    store = KnowledgeStore(knowledge_file)
    store.add_fact(new_fact(1), "admin")  # the next writer sweeps the killed writers' temp files
    assert not list(knowledge_file.parent.glob(".knowledge.json.*.tmp"))
    assert [e.who for e in store.history(1)] == ["admin"]


def test_a_write_failing_before_the_rename_changes_nothing(
    knowledge_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = KnowledgeStore(knowledge_file, backups=0)
    before, served = knowledge_file.read_bytes(), store.current

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StoreError, match="không ghi được tệp, chưa có gì thay đổi"):
        store.add_fact(new_fact(1), "a")
    monkeypatch.undo()
    assert knowledge_file.read_bytes() == before and store.current is served
    assert store.history() == [] and not list(knowledge_file.parent.glob(".*.tmp"))


@pytest.mark.slow
def test_two_processes_adding_at_once_lose_nothing(knowledge_file: Path) -> None:
    children = [start_writer(knowledge_file, "wait", 30, base) for base in (1000, 2000)]
    for child in children:  # both start together, so their writes interleave
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        assert child.wait(timeout=60) == 0
    values = {f.value for f in load_knowledge(knowledge_file).facts.values()}
    assert {1000.0 + n for n in range(30)} <= values
    assert {2000.0 + n for n in range(30)} <= values
    assert len(load_knowledge(knowledge_file).facts) == 29 + 60


def test_a_store_with_an_old_snapshot_does_not_overwrite_newer_changes(
    knowledge_file: Path,
) -> None:
    first, second = KnowledgeStore(knowledge_file), KnowledgeStore(knowledge_file)
    a = first.add_fact(new_fact(1), "a")
    b = second.add_fact(new_fact(2), "b")  # `second` never saw fact a
    assert set(load_knowledge(knowledge_file).facts) >= {a, b}
    assert a in second.current.facts


def test_a_held_lock_gives_a_clear_error_and_writes_nothing(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file, lock_timeout=0.1)
    before = knowledge_file.read_bytes()
    with FileLock(str(knowledge_file) + ".lock"), pytest.raises(StoreError, match="đang được"):
        store.add_fact(new_fact(1), "a")
    assert knowledge_file.read_bytes() == before


def test_tinydb_can_use_the_atomic_storage_and_the_file_stays_readable(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert db.all() == []  # a missing file is an empty database
        db.insert({"region": "Lạng Sơn"})
    assert '"Lạng Sơn"' in path.read_text(encoding="utf-8")
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert db.all() == [{"region": "Lạng Sơn"}]


# -- malformed files ------------------------------------------------------------------------------


def edit_json(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def edit(raw: bytes) -> bytes:
        data = json.loads(raw)
        change(data)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    return edit


MALFORMED: dict[str, tuple[Callable[[bytes], bytes], tuple[str, str, str], str]] = {
    "bad json": (lambda raw: raw[:-40], ("-", "-", ""), "JSON hỏng ở dòng"),
    "missing field": (
        edit_json(lambda d: d["facts"]["5"].pop("unit")),
        ("facts", "5 (bhtn_nguoi_tham_gia)", "unit"),
        "required",
    ),
    "wrong type": (
        edit_json(lambda d: d["facts"]["3"].update(value="nhiều")),
        ("facts", "3 (bhxh_bb_nguoi_tham_gia)", "value"),
        "number",
    ),
    "not utf-8": (
        lambda raw: raw.replace("Sơn".encode(), b"S\xe1n"),
        ("-", "-", ""),
        "không phải UTF-8",
    ),
    "empty": (lambda raw: b"", ("-", "-", ""), "tệp rỗng"),
    "dangling metric": (
        edit_json(lambda d: d["facts"]["7"].update(metric="khong_co")),
        ("facts", "7 (khong_co)", "metric"),
        "không có chỉ tiêu 'khong_co'",
    ),
}


def assert_names(problems: list[Problem], where: tuple[str, str, str], message: str) -> None:
    assert problems[0].file.endswith("knowledge.json")
    assert (problems[0].table, problems[0].record, problems[0].field) == where
    assert message in problems[0].message


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_is_refused_with_a_precise_problem(
    knowledge_file: Path, case: str
) -> None:
    corrupt, where, message = MALFORMED[case]
    good = knowledge_file.read_bytes()
    store = KnowledgeStore(knowledge_file)
    with pytest.raises(InvalidKnowledge) as refused:
        store.replace_all(corrupt(good), "admin")
    assert_names(refused.value.problems, where, message)
    assert knowledge_file.read_bytes() == good and store.history() == [] and not store.backups()

    knowledge_file.write_bytes(corrupt(good))
    with pytest.raises(InvalidKnowledge) as refused:
        load_knowledge(knowledge_file)
    assert_names(refused.value.problems, where, message)


@pytest.mark.parametrize("case", MALFORMED)
def test_a_running_store_keeps_serving_when_the_file_goes_bad(
    knowledge_file: Path, case: str
) -> None:
    corrupt, where, message = MALFORMED[case]
    good = knowledge_file.read_bytes()
    store = KnowledgeStore(knowledge_file)
    served = store.current

    knowledge_file.write_bytes(corrupt(good))
    first = store.reload_if_changed()
    assert not first.changed and first.knowledge is served and store.current is served
    assert_names(first.problems, where, message)
    assert store.reload_if_changed().problems == []  # reported once, not on every poll

    fixed = edit_json(lambda d: d["facts"].pop("29"))(good)
    knowledge_file.write_bytes(fixed)
    picked_up = store.reload_if_changed()
    assert picked_up.changed and picked_up.problems == [] and len(store.current.facts) == 28


def test_reload_is_quiet_when_nothing_changed_or_the_file_was_only_touched(
    knowledge_file: Path,
) -> None:
    store = KnowledgeStore(knowledge_file)
    served = store.current
    assert not store.reload_if_changed().changed
    os.utime(knowledge_file, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert store.reload_if_changed() == ReloadOutcome(False, [], served)
    store.add_fact(new_fact(1), "a")  # our own write is not a change to pick up again
    assert not store.reload_if_changed().changed


def test_a_missing_file_is_reported_once_and_its_return_picked_up(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    good = knowledge_file.read_bytes()
    knowledge_file.unlink()
    assert store.reload_if_changed().problems[0].message.startswith("không đọc được tệp")
    assert store.reload_if_changed().problems == []
    knowledge_file.write_bytes(good)
    assert store.reload_if_changed() == ReloadOutcome(False, [], store.current)
    knowledge_file.unlink()  # gone again: a new event, reported again
    assert store.reload_if_changed().problems[0].message.startswith("không đọc được tệp")
    knowledge_file.write_bytes(edit_json(lambda d: d["facts"].pop("1"))(good))
    assert store.reload_if_changed().changed and 1 not in store.current.facts


def test_an_invalid_file_at_start_raises(knowledge_file: Path) -> None:
    knowledge_file.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        KnowledgeStore(knowledge_file)


# -- backups, audit, undo ------------------------------------------------------------------------


def test_backups_keep_the_newest_ten_and_the_newest_is_the_state_before_the_write(
    knowledge_file: Path,
) -> None:
    store = KnowledgeStore(knowledge_file, backups=10)
    for n in range(15):
        before = knowledge_file.read_bytes()
        store.add_fact(new_fact(n), "admin")
    assert len(store.backups()) == 10
    assert store.backups()[-1].read_bytes() == before


def test_audit_lines_record_who_and_the_record_before_and_after(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    fact_id = store.add_fact(new_fact(5), "tg:42")
    store.update_fact(fact_id, {"value": 6, "value_text": "6 tỷ đồng"}, "cli:hoa")
    store.remove_fact(fact_id, "tg:7")
    removed, updated, added = store.history()
    assert (added.who, added.action, added.record, added.before) == (
        "tg:42",
        "add_fact",
        str(fact_id),
        None,
    )
    assert added.after["value"] == 5 and updated.before["value"] == 5
    assert (updated.who, updated.after["value"]) == ("cli:hoa", 6)
    assert (removed.who, removed.after, removed.before["value"]) == ("tg:7", None, 6)
    lines = knowledge_file.with_name("history.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in lines] == [
        "add_fact",
        "update_fact",
        "remove_fact",
    ]


def test_undo_walks_back_through_changes(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    original = dict(store.current.facts)
    fact_id = store.add_fact(new_fact(5), "a")
    after_add = dict(store.current.facts)
    store.update_fact(fact_id, {"period.label": "cả năm 2023"}, "a")

    assert store.undo("b") is not None and store.current.facts == after_add
    undone = store.undo("b")
    assert undone is not None and undone.action == "add_fact"
    assert store.current.facts == original == load_knowledge(knowledge_file).facts
    assert store.undo("b") is None
    assert [e.action for e in store.history()] == ["undo", "undo", "update_fact", "add_fact"]


def test_undo_refuses_when_the_file_was_edited_by_hand_since(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    fact_id = store.add_fact(new_fact(5), "a")
    knowledge_file.write_bytes(
        edit_json(lambda d: d["facts"][str(fact_id)].update(value=7))(knowledge_file.read_bytes())
    )
    edited = knowledge_file.read_bytes()
    with pytest.raises(StoreError, match="đã bị sửa hoặc thay ngoài bot"):
        store.undo("b")
    assert knowledge_file.read_bytes() == edited
    # the admin's next change is undoable; the hand edit still stops undo from reaching past it
    store.add_fact(new_fact(6), "a")
    assert store.undo("b") is not None and tables(knowledge_file) == json.loads(edited)
    with pytest.raises(StoreError, match="ngoài bot"):
        store.undo("b")


def test_upload_size_check_speaks_vietnamese() -> None:
    check_upload_size(1_048_576, 1_048_576)
    with pytest.raises(StoreError, match=r"quá lớn: 2\.000\.000 byte, tối đa 1\.048\.576 byte"):
        check_upload_size(2_000_000, 1_048_576)


# -- the edits admins make -----------------------------------------------------------------------


def test_update_takes_dotted_keys_and_whole_sub_objects(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    assert (
        store.update_fact(1, {"period.label": "đến hết tháng 8/2019"}, "a").period.label
        == "đến hết tháng 8/2019"
    )
    period = {"label": "năm 2019", "start": "2019-01-01", "end": "2019-12-31"}
    assert store.update_fact(1, {"period": period}, "a").period.end.isoformat() == "2019-12-31"
    assert tables(knowledge_file)["facts"]["1"]["period"] == period


def test_a_bad_update_names_the_field_and_writes_nothing(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    before = knowledge_file.read_bytes()
    with pytest.raises(InvalidKnowledge) as refused:
        store.update_fact(1, {"period.start": "2019-13-01"}, "a")
    assert refused.value.problems[0].field == "period.start"
    with pytest.raises(InvalidKnowledge, match="trường 'metric'"):
        store.update_fact(1, {"metric": "khong_co"}, "a")
    assert knowledge_file.read_bytes() == before and store.history() == []


@pytest.mark.parametrize(
    "call", [lambda s: s.update_fact(999, {"value": 1}, "a"), lambda s: s.remove_fact(999, "a")]
)
def test_unknown_ids_are_named(
    knowledge_file: Path, call: Callable[[KnowledgeStore], object]
) -> None:
    with pytest.raises(StoreError, match=r"^knowledge\.json: không có dữ kiện #999$"):
        call(KnowledgeStore(knowledge_file))


def test_sources_and_metrics_are_added_once_and_never_silently_changed(
    knowledge_file: Path,
) -> None:
    store = KnowledgeStore(knowledge_file)
    source = store.current.sources["baolangson-2022-07"]
    assert store.add_source(source, "a") is False and store.history() == []
    with pytest.raises(StoreError, match="đã có nguồn 'baolangson-2022-07'"):
        store.add_source(source.model_copy(update={"title": "Khác"}), "a")
    metric = Metric(id="bhxh_moi", name="Chỉ tiêu mới")
    assert store.add_metric(metric, "a") is True and store.add_metric(metric, "a") is False
    assert store.current.metrics["bhxh_moi"] == metric


def test_aliases_are_not_duplicated_whatever_the_case_or_diacritics(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    metric = store.add_alias("tong_thu", "số tiền thu bảo hiểm", "a")
    assert metric.aliases[-1] == "số tiền thu bảo hiểm"
    for duplicate in ("SỐ TIỀN THU BẢO HIỂM", "so tien  thu bao hiem", "Tổng thu BHXH, BHYT, BHTN"):
        with pytest.raises(StoreError, match="đã là tên hoặc bí danh của chỉ tiêu 'tong_thu'"):
            store.add_alias("tong_thu", duplicate, "a")
    with pytest.raises(StoreError, match="của chỉ tiêu 'so_no'"):
        store.add_alias("tong_thu", "nợ bhxh", "a")
    with pytest.raises(StoreError, match="không có chỉ tiêu 'khong_co'"):
        store.add_alias("khong_co", "x", "a")


def test_import_is_one_write_and_skips_facts_already_known(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    source = Source(
        id="bhxh-2023",
        title="Bài mới",
        publisher="BHXH tỉnh",
        published=date(2024, 1, 5),
        url="https://example.vn/a",
    )
    metric = Metric(id="tien_chi", name="Tổng chi BHXH")
    known = store.current.facts[12]
    facts = [
        new_fact(10).model_copy(update={"source": "bhxh-2023"}),
        new_fact(20, metric="tien_chi").model_copy(update={"source": "bhxh-2023"}),
        known.model_copy(update={"quote": "Cùng số liệu, câu khác."}),
    ]
    ids = store.import_facts(source, facts, [metric], "import")
    assert len(ids) == 2 and len(store.history()) == 1 and len(store.backups()) == 1
    assert "tien_chi" in store.current.metrics and "bhxh-2023" in store.current.sources
    assert store.import_facts(source, facts, [metric], "import") == []
    assert len(store.history()) == 1


def test_replace_all_swaps_the_file_and_can_be_undone(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    original = dict(store.current.facts)
    upload = edit_json(lambda d: d["facts"].pop("2"))(knowledge_file.read_bytes())
    knowledge = store.replace_all(upload, "tg:1")
    assert 2 not in knowledge.facts and store.current.facts == knowledge.facts
    assert store.history()[0].action == "replace_all"
    store.undo("tg:1")
    assert store.current.facts == original


def test_replace_all_repairs_a_file_broken_by_hand(knowledge_file: Path) -> None:
    store = KnowledgeStore(knowledge_file)
    good = knowledge_file.read_bytes()
    knowledge_file.write_bytes(b"{ broken")
    with pytest.raises(InvalidKnowledge):
        store.add_fact(new_fact(1), "a")  # never builds on a file it cannot read
    store.replace_all(good, "a")
    assert load_knowledge(knowledge_file).facts == store.current.facts
    with pytest.raises(StoreError, match="tệp trước đó bị hỏng"):
        store.undo("a")
