"""`kb check` warns about figures that disagree; `kb history` names the article an import came
from; `kb undo` asks before removing a whole import."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from knowledge.model import Source
from knowledge.store.knowledge_file import KnowledgeStore, load_knowledge
from settings import Settings
from tests.cli.kb_harness import kb_run


def _plant(settings: Settings, doc_id: str, **changes: object) -> None:
    tables = json.loads(settings.knowledge_path.read_text(encoding="utf-8"))
    tables["facts"][doc_id] = {**tables["facts"]["22"], **changes}
    settings.knowledge_path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


def test_check_warns_about_two_sources_giving_one_figure_two_values(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    fact = load_knowledge(settings.knowledge_path).facts[22]
    other = next(s for s in load_knowledge(settings.knowledge_path).sources if s != fact.source)
    _plant(settings, "91", source=other, value=fact.value, value_text=fact.value_text)
    assert kb_run(settings, "check") == 0
    assert "cảnh báo" not in capsys.readouterr().out  # another source, the same value: agreed
    _plant(settings, "90", source=other, value=91.3, value_text="91,3%")
    assert kb_run(settings, "check") == 0  # a warning, not an error
    out = capsys.readouterr().out.splitlines()
    [warning] = [line for line in out if line.startswith("cảnh báo:")]
    assert f"'{fact.metric}'" in warning and fact.period.label in warning
    assert "#22" in warning and "#90" in warning
    assert "91,3%" in warning and fact.value_text in warning


def test_a_hedged_headline_figure_is_not_a_conflict(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    fact = load_knowledge(settings.knowledge_path).facts[22]
    other = next(s for s in load_knowledge(settings.knowledge_path).sources if s != fact.source)
    _plant(settings, "90", source=other, value=87.0, value_text="gần 87%", hedge="gần")
    assert kb_run(settings, "check") == 0
    assert "cảnh báo" not in capsys.readouterr().out


def _import(settings: Settings) -> list[int]:
    store = KnowledgeStore.from_settings(settings)
    source = Source(
        id="bhxh-2031",
        title="BHXH tỉnh: kết quả năm 2031",
        publisher="BHXH tỉnh",
        published=date(2032, 1, 5),
        url="https://example.vn/a",
    )
    base = store.current.facts[12]
    facts = [
        base.model_copy(
            update={
                "source": "bhxh-2031",
                "value": v,
                "value_text": f"{v:g} tỷ đồng",
                "hedge": None,
            }
        )
        for v in (1.0, 2.0)
    ]
    return store.import_facts(source, facts, [], "cli:t", label="«Kết quả 2031» example.vn")


def test_history_names_the_article_and_undo_asks_before_a_whole_import(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _import(settings)
    assert kb_run(settings, "history", "--limit", "1") == 0
    assert "«Kết quả 2031» example.vn" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: refuse without --yes
    assert kb_run(settings, "undo", "--who", "t") == 1
    assert "--yes" in capsys.readouterr().err
    assert set(ids) <= set(load_knowledge(settings.knowledge_path).facts)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("k\n"))  # asked, and the admin says no
    assert kb_run(settings, "undo", "--who", "t") == 1
    assert "3 bản ghi" in capsys.readouterr().out
    assert set(ids) <= set(load_knowledge(settings.knowledge_path).facts)
    monkeypatch.setattr("sys.stdin", Terminal("c\n"))
    assert kb_run(settings, "undo", "--who", "t") == 0
    assert not set(ids) & set(load_knowledge(settings.knowledge_path).facts)


def test_undo_with_yes_removes_a_whole_import_without_asking(settings: Settings) -> None:
    ids = _import(settings)
    assert kb_run(settings, "undo", "--yes", "--who", "t") == 0
    assert not set(ids) & set(load_knowledge(settings.knowledge_path).facts)
