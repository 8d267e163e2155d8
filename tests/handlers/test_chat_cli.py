"""`python bot.py chat`: the offline conversation shows buttons as numbered choices."""

from __future__ import annotations

import io
from pathlib import Path

from cli.chat import run
from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge


def chat(lines: list[str], tmp_path: Path) -> str:
    out = io.StringIO()
    engine = Engine(load_knowledge(DEFAULT_PATH))
    assert run(engine, io.StringIO("\n".join(lines) + "\n"), out, chart_dir=tmp_path) == 0
    return out.getvalue()


def test_buttons_are_numbered_and_the_chart_is_saved(tmp_path: Path) -> None:
    text = chat(["tỷ lệ bao phủ", "1", "4", "q"], tmp_path)
    assert "[1] Tỷ lệ bao phủ BHYT" in text
    assert "(chọn) Tỷ lệ bao phủ BHYT 6 tháng đầu năm 2022" in text and "86,96% dân số" in text
    chart = tmp_path / "bieu-do-bhyt_ty_le_bao_phu.png"
    assert f"[4] 📈 Biểu đồ (lưu PNG vào {chart})" in text
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "<https://baolangson.vn/" in text  # links keep their address in the terminal


def test_commands_work_offline(tmp_path: Path) -> None:
    text = chat(["/start", "/chiso", "/nguon", "/khong", "q"], tmp_path)
    assert "[1] tỷ lệ bao phủ BHYT 2022" in text
    assert "Các chỉ số đang có" in text and "Nguồn số liệu" in text and "/help" in text


def test_the_terminal_chat_follows_on_and_start_forgets(tmp_path: Path) -> None:
    text = chat(
        ["số người tham gia BHXH bắt buộc năm 2019", "thế BHTN?", "/start", "thế BHYT?", "q"],
        tmp_path,
    )
    replies = text.split("Bạn: ")
    assert "40.437 người" in replies[2] and "Theo câu hỏi trước" in replies[2]
    assert "Bạn muốn hỏi số liệu nào" not in replies[2]
    # after /start "thế BHYT?" stands alone: BHYT's own latest figure, nothing carried over
    assert "Theo câu hỏi trước" not in replies[4] and "693.033 người" in replies[4]
