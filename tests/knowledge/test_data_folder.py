"""Runtime data lives in the data folder, never in the package; old files keep loading."""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.store import data_folder
from knowledge.store.data_folder import SEED_PATH, prepare
from knowledge.store.knowledge_file import KnowledgeStore, StoreError, load_knowledge
from knowledge.store.schema import SCHEMA_VERSION
from knowledge.store.snapshot import InvalidKnowledge
from settings import Settings, data_path, load_settings

ROOT = Path(__file__).parents[2]
FROZEN_V1 = Path(__file__).parent / "fixtures" / "knowledge_schema1.json"
"""The bundled knowledge file as it was before files carried a schema version (frozen)."""
KB_DEV = ROOT.parent / "shared" / "eval" / "kb_dev" / "knowledge.json"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_is_made_owner_only_from_the_seed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    prepare(data, data / "knowledge.json")
    assert (data / "knowledge.json").read_bytes() == SEED_PATH.read_bytes()
    assert _mode(data) == 0o700 and _mode(data / "knowledge.json") == 0o600
    (data / "knowledge.json").write_text("{}", encoding="utf-8")
    prepare(data, data / "knowledge.json")  # an existing file is the admins': never replaced
    assert (data / "knowledge.json").read_text(encoding="utf-8") == "{}"


def test_a_missing_knowledge_file_named_elsewhere_is_not_quietly_seeded(tmp_path: Path) -> None:
    prepare(tmp_path / "data", tmp_path / "typo.json")
    assert not (tmp_path / "typo.json").exists()


def test_the_live_file_an_earlier_version_kept_in_the_package_is_picked_up_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    old_live = package / "knowledge.json"
    tables = json.loads(FROZEN_V1.read_text(encoding="utf-8"))
    tables["facts"]["1"]["value"] = 12345  # an admin's edit, made by the old version
    old_live.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    (package / "knowledge.audit.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    (package / "unanswered.jsonl").write_text('{"question": "q"}\n', encoding="utf-8")
    (package / "backups").mkdir()
    (package / "backups" / "knowledge-20240101T000000000000Z.json").write_text("{}")
    data = tmp_path / "data"
    with caplog.at_level(logging.WARNING):
        prepare(data, data / "knowledge.json", seed=old_live)
    assert "picked up" in caplog.text
    assert load_knowledge(data / "knowledge.json").facts[1].value == 12345
    assert (data / "history.jsonl").read_text(encoding="utf-8") == '{"id": "x"}\n'
    assert (data / "unanswered.jsonl").exists() and (data / "backups").is_dir()
    assert _mode(data / "unanswered.jsonl") == 0o600
    assert sorted(p.name for p in package.iterdir()) == ["knowledge.json"]
    # once: a second data folder starts from the (package's) file, with nothing to carry over
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        prepare(tmp_path / "other", tmp_path / "other" / "knowledge.json", seed=old_live)
    assert "picked up" not in caplog.text


def test_a_file_without_a_schema_version_loads_and_is_migrated_after_a_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "knowledge.json"
    shutil.copyfile(FROZEN_V1, path)
    assert load_knowledge(path).facts  # reading alone changes nothing on disk
    assert path.read_bytes() == FROZEN_V1.read_bytes()
    store = KnowledgeStore(path)
    tables = json.loads(path.read_text(encoding="utf-8"))
    assert tables["_meta"] == {"schema": SCHEMA_VERSION}
    assert tables["facts"] == json.loads(FROZEN_V1.read_text(encoding="utf-8"))["facts"]
    [backup] = store.backups()
    assert backup.read_bytes() == FROZEN_V1.read_bytes()
    assert store.current.facts == load_knowledge(FROZEN_V1).facts
    assert store.history(1)[0].action == "migrate"


@pytest.mark.skipif(not KB_DEV.exists(), reason="../shared/eval/kb_dev is not beside this checkout")
def test_the_evaluation_knowledge_file_keeps_loading() -> None:
    assert len(load_knowledge(KB_DEV).facts) > 0


def test_a_file_from_a_newer_version_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "knowledge.json"
    tables = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    tables["_meta"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(InvalidKnowledge) as caught:
        load_knowledge(path)
    assert "_meta" in str(caught.value) and "cập nhật bot" in str(caught.value)


def test_the_bundled_seed_is_never_opened_for_writing() -> None:
    with pytest.raises(StoreError, match="chỉ để đọc"):
        KnowledgeStore(SEED_PATH)


def test_where_the_settings_put_the_data_folder_and_the_knowledge_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    default = load_settings(empty, env={})
    assert default.data_dir == data_folder.DEFAULT_DATA_DIR
    assert default.knowledge_path == data_folder.DEFAULT_DATA_DIR / "knowledge.json"
    both = load_settings(
        empty, env={"BOT_DATA_DIR": str(tmp_path / "d"), "BOT_KNOWLEDGE_PATH": str(tmp_path / "k")}
    )
    assert (both.data_dir, both.knowledge_path) == (tmp_path / "d", tmp_path / "k")
    folder_only = load_settings(empty, env={"BOT_DATA_DIR": str(tmp_path / "d")})
    assert folder_only.knowledge_path == tmp_path / "d" / "knowledge.json"
    file_only = Settings(knowledge_path=tmp_path / "x" / "kb.json")
    assert file_only.data_dir == tmp_path / "x"
    assert data_path(file_only, "unanswered.jsonl") == tmp_path / "x" / "unanswered.jsonl"


def test_the_command_line_keeps_everything_in_the_data_folder_it_is_given(tmp_path: Path) -> None:
    """As outside checks run it: both variables set; `kb add` and `kb undo` write only there."""
    package = sorted(p.name for p in SEED_PATH.parent.iterdir())
    data = tmp_path / "data"
    env = {
        **os.environ,
        "BOT_DATA_DIR": str(data),
        "BOT_KNOWLEDGE_PATH": str(data / "knowledge.json"),
    }

    def bot(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "bot.py", *argv],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )

    asked = bot("ask", "--json", "-", stdin="tỷ lệ bao phủ BHYT 2022\n")
    assert json.loads(asked.stdout)["status"] == "answered", asked.stderr
    added = bot(
        "kb", "add", "--metric", "bhyt_ty_le_bao_phu", "--value", "91,5", "--unit", "%",
        "--period-label", "năm 2031", "--start", "2031-01-01", "--end", "2031-12-31",
        "--source", "tuyentruyen-langson-2019-09", "--quote", "91,5% dân số", "--who", "t",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "2031" in (data / "knowledge.json").read_text(encoding="utf-8")
    assert [e["action"] for e in map(json.loads, (data / "history.jsonl").open())] == ["add_fact"]
    assert bot("kb", "undo", "--who", "t").returncode == 0
    assert "2031" not in (data / "knowledge.json").read_text(encoding="utf-8")
    assert (data / "backups").is_dir()
    assert sorted(p.name for p in SEED_PATH.parent.iterdir()) == package


def test_old_temp_files_of_killed_writers_are_removed_on_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    prepare(data, data / "knowledge.json")
    old, fresh = data / ".subscriptions.json.ab12.tmp", data / ".feedback.json.cd34.tmp"
    old.write_text("{")
    fresh.write_text("{")  # may belong to a writer at work right now
    os.utime(old, (0, 0))
    prepare(data, data / "knowledge.json")
    assert not old.exists() and fresh.exists()
