"""`kb check` refuses a fact the replies could not show, naming its record and field."""

from __future__ import annotations

import json

import pytest

from settings import Settings
from tests.cli.kb_harness import kb_run


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"hedge": "gần", "value_text": "97,5%"}, "hedge", "'gần' không có trong value_text"),
        ({"value_text": "gần một nửa"}, "value_text", "không có con số"),
    ],
)
def test_check_refuses_a_fact_the_replies_cannot_show(
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, str],
    field: str,
    said: str,
) -> None:
    data = json.loads(settings.knowledge_path.read_text(encoding="utf-8"))
    data["facts"]["22"].update(change)
    settings.knowledge_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert kb_run(settings, "check") == 1
    [line] = capsys.readouterr().out.splitlines()
    assert f"bản ghi 22 (bhyt_ty_le_bao_phu), trường '{field}'" in line and said in line


def test_a_hedge_written_in_capitals_or_two_words_is_fine(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(settings.knowledge_path.read_text(encoding="utf-8"))
    data["facts"]["22"].update({"hedge": "xấp xỉ", "value_text": "Xấp xỉ 86,96%"})
    settings.knowledge_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert kb_run(settings, "check") == 0
