"""`bot.py kb …` as an admin uses it: exit statuses, what is printed, what reaches the file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.store.knowledge_file import KnowledgeStore, load_knowledge
from settings import Settings
from tests.cli.kb_harness import kb_run

ROOT = Path(__file__).resolve().parents[2]
ADD_FLAGS = [
    "add",
    "--metric",
    "tong_thu",
    "--value",
    "1.234,5",
    "--unit",
    "tỷ đồng",
    "--hedge",
    "gần",
    "--period-label",
    "năm 2023",
    "--start",
    "2023-01-01",
    "--end",
    "2023-12-31",
    "--source",
    "baolangson-2022-07",
    "--quote",
    "Tổng thu …",
]


def test_check_passes_the_seed_file(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_run(settings, "check") == 0
    assert capsys.readouterr().out == "OK: 29 dữ kiện, 12 chỉ tiêu, 2 nguồn\n"


def test_check_names_the_broken_record(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(settings.knowledge_path.read_text(encoding="utf-8"))
    data["facts"]["7"]["value"] = "nhiều"
    del data["facts"]["9"]["unit"]
    settings.knowledge_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert kb_run(settings, "check") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "bảng 'facts', bản ghi 7 (bhxh_tn_nguoi_tham_gia), trường 'value'" in "\n".join(lines)
    assert "bản ghi 9 (bhyt_nguoi_tham_gia), trường 'unit'" in "\n".join(lines)


def test_an_added_fact_shows_in_the_list(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kb_run(settings, *ADD_FLAGS, "--who", "cli:test") == 0
    assert "Đã thêm 1 dữ kiện: #30" in capsys.readouterr().out
    assert kb_run(settings, "list", "--metric", "tong_thu", "--period", "2023") == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split()[:2] == ["ID", "CHỈ"]
    assert row.split("  ")[0] == "30" and "gần 1.234,5 tỷ đồng" in row and "năm 2023" in row
    assert kb_run(settings, "list", "--json", "--period", "2023") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["value"], listed["region"]) == (30, 1234.5, "Lạng Sơn")
    assert KnowledgeStore(settings.knowledge_path).history()[0].who == "cli:test"


def test_add_reads_a_list_of_facts_from_stdin(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fact = load_knowledge(settings.knowledge_path).facts[12].model_dump(mode="json")
    facts = [{**fact, "value": 1.0}, {**fact, "value": 2.0}]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(facts)))
    assert kb_run(settings, "add", "--json", "-") == 0
    assert "#30, #31" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["add", "--metric", "tong_thu", "--value", "nhiều"], "--value: 'nhiều' không phải một số"),
        (["add", "--metric", "tong_thu", "--value", "5"], "--unit: Field required"),
        ([*ADD_FLAGS[:2], "khong_co", *ADD_FLAGS[3:]], "không có chỉ tiêu 'khong_co'"),
        (["add", "--json", "/khong/co/tep.json"], "No such file"),
        (["remove", "abc", "--yes"], "mã dữ kiện phải là số"),
        (["remove", "999", "--yes"], "knowledge.json: không có dữ kiện #999"),
        (["list", "--metric", "khong_co"], "không có chỉ tiêu 'khong_co'"),
    ],
)
def test_bad_input_is_explained_on_stderr_without_a_traceback(
    settings: Settings, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    before = settings.knowledge_path.read_bytes()
    assert kb_run(settings, *argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("lỗi: ") and said in err and "Traceback" not in err
    assert settings.knowledge_path.read_bytes() == before


def test_remove_needs_yes_when_nobody_can_answer(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a TTY
    assert kb_run(settings, "remove", "3") == 1
    assert "--yes" in capsys.readouterr().err
    assert 3 in load_knowledge(settings.knowledge_path).facts
    assert kb_run(settings, "remove", "3", "--yes") == 0
    assert 3 not in load_knowledge(settings.knowledge_path).facts


def test_remove_asks_on_a_terminal(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "không")
    assert kb_run(settings, "remove", "3") == 1
    monkeypatch.setattr("builtins.input", lambda prompt: "c")
    assert kb_run(settings, "remove", "3") == 0
    assert 3 not in load_knowledge(settings.knowledge_path).facts


def test_export_round_trips(
    settings: Settings, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    exported = tmp_path / "export.json"
    assert kb_run(settings, "export", str(exported)) == 0
    assert exported.read_bytes() == settings.knowledge_path.read_bytes()
    store = KnowledgeStore(settings.knowledge_path)
    assert store.replace_all(exported.read_bytes(), "a").facts == store.current.facts
    assert store.history() == []  # nothing changed, so nothing was written
    assert kb_run(settings, "export") == 0
    assert capsysbinary.readouterr().out == settings.knowledge_path.read_bytes()


def test_history_and_undo(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert kb_run(settings, "undo") == 0
    assert "Không có thay đổi nào" in capsys.readouterr().out
    kb_run(settings, *ADD_FLAGS, "--who", "cli:hoa")
    kb_run(settings, "history")
    assert "cli:hoa add_fact facts #30" in capsys.readouterr().out.splitlines()[-1]
    assert kb_run(settings, "undo") == 0
    assert "Đã hoàn tác" in capsys.readouterr().out
    assert 30 not in load_knowledge(settings.knowledge_path).facts


def test_through_bot_py_a_refusal_is_one_line_not_a_traceback(settings: Settings) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "bot.py",
            "--knowledge",
            str(settings.knowledge_path),
            "kb",
            "remove",
            "1",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("lỗi: ") and "--yes" in done.stderr
