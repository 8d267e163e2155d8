"""Every malformed knowledge file is refused with file, table, record and field, by `kb check`,
`ask` and the store, never with a traceback; a good file keeps being served."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot
from knowledge.store.data_folder import SEED_PATH
from knowledge.store.knowledge_file import KnowledgeStore, load_knowledge
from knowledge.store.snapshot import InvalidKnowledge
from settings import Settings
from tests.cli.kb_harness import kb_run
from tests.knowledge.hostile_files import Hostile, hostile_files

HOSTILE = hostile_files(SEED_PATH.read_bytes())


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_kb_check_and_ask_name_the_place_of_the_problem(
    hostile: Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / hostile.name
    path.write_bytes(hostile.content)
    assert kb_run(Settings(knowledge_path=path), "check") == 1
    out = capsys.readouterr().out
    assert f"{hostile.name}: {hostile.where}" in out, out
    assert bot.main(["--knowledge", str(path), "ask", "--json", "tỷ lệ bao phủ BHYT"]) == 1
    captured = capsys.readouterr()
    assert hostile.where in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_the_store_refuses_them_and_keeps_serving_the_last_good_file(
    hostile: Hostile, knowledge_file: Path
) -> None:
    store = KnowledgeStore(knowledge_file)
    served = store.current
    knowledge_file.write_bytes(hostile.content)
    outcome = store.reload_if_changed()
    assert not outcome.changed and store.current is served
    assert any(hostile.where in f"{p}" for p in outcome.problems), outcome.problems
    assert store.reload_if_changed().problems == []  # reported once
    with pytest.raises(InvalidKnowledge):
        load_knowledge(knowledge_file)
    with pytest.raises(InvalidKnowledge) as refused:
        store.replace_all(hostile.content, "a")
    assert hostile.where in str(refused.value)


def test_an_accepted_file_is_written_back_without_nan(tmp_path: Path) -> None:
    """NaN never reaches the file: every value is validated finite, and dumping refuses it."""
    from knowledge.store.tables import dump_tables

    with pytest.raises(ValueError):
        dump_tables({"facts": {"1": {"value": float("nan")}}})
