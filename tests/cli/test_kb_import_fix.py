"""`kb import`: a dry run never refuses and reports its guesses; corrections for all (--region,
--period), a selection (--only) and the interactive edit; a size limit that says what it is."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cli.kb_import import apply_edit
from knowledge.ingest.article import extract_facts
from knowledge.model import Source
from knowledge.store.knowledge_file import KnowledgeStore, load_knowledge
from settings import Settings
from tests.cli.kb_harness import kb_run

BODY = """Tính đến hết tháng 5/2024, toàn tỉnh có 498.765 người tham gia BHYT, đạt tỷ lệ bao phủ \
93,4% dân số. Số người tham gia BHXH tự nguyện là 16.321 người.
"""
STAMPED = "Thứ tư, 12/06/2024 | 09:15\n\n" + BODY


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bai.txt"
    path.write_text(STAMPED, encoding="utf-8")
    return path


def test_a_dry_run_without_publisher_or_date_works_and_reports_its_guesses(
    settings: Settings, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://baocaobang.vn/xa-hoi/bhyt-123.html"
    assert kb_run(settings, "import", str(article), "--json", "--url", url) == 0
    out = capsys.readouterr()
    candidates = json.loads(out.out)
    assert {c["region"] for c in candidates} == {"Cao Bằng"}  # from the outlet
    assert "nơi đăng (publisher): Báo Cao Bằng (đoán từ địa chỉ bài báo)" in out.err
    assert "ngày đăng (date): 2024-06-12 (đoán từ ngày ghi trong bài)" in out.err


def test_a_dry_run_with_nothing_but_the_text_still_reads_it(
    settings: Settings, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kb_run(settings, "import", str(article), "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_a_save_refuses_a_guessed_source_without_showing_it(
    settings: Settings, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = settings.knowledge_path.read_bytes()
    url = "https://baocaobang.vn/xa-hoi/bhyt-123.html"
    assert kb_run(settings, "import", str(article), "--url", url, "--title", "T", "--yes") == 1
    assert "được đoán" in capsys.readouterr().err
    assert settings.knowledge_path.read_bytes() == before


def test_region_period_and_only_correct_what_is_saved(settings: Settings, article: Path) -> None:
    flags = ["--url", "https://vnexpress.net/bhyt-1.html", "--title", "BHYT vùng cao"]
    flags += ["--publisher", "VnExpress", "--published", "2024-06-12", "--who", "test"]
    fix = ["--region", "cao bang", "--period", "6 tháng đầu năm 2024", "--only", "1,3"]
    assert kb_run(settings, "import", str(article), *flags, *fix, "--yes") == 0
    knowledge = load_knowledge(settings.knowledge_path)
    saved = [f for f in knowledge.facts.values() if f.source == "vnexpress-2024-06"]
    assert sorted(f.value for f in saved) == [16321, 498765]
    assert {f.region for f in saved} == {"Cao Bằng"}
    assert {(f.period.start, f.period.end) for f in saved} == {
        (date(2024, 1, 1), date(2024, 6, 30))
    }
    entry = KnowledgeStore(settings.knowledge_path).history(1)[0]
    assert entry.label is not None and "BHYT vùng cao (VnExpress, 12/06/2024)" in entry.label


def test_a_bad_selection_or_place_is_explained(
    settings: Settings, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kb_run(settings, "import", str(article), "--json", "--only", "2-9") == 1
    assert "từ 1 đến 3" in capsys.readouterr().err
    assert kb_run(settings, "import", str(article), "--json", "--region", "Atlantis") == 1
    assert "không phải một tỉnh" in capsys.readouterr().err


def test_an_article_over_the_limit_is_refused_saying_the_limit(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dai.txt"
    path.write_text(BODY * 2_000, encoding="utf-8")
    assert kb_run(settings, "import", str(path), "--json") == 1
    assert "tối đa 200.000" in capsys.readouterr().err


def test_the_interactive_edit_corrects_one_candidate_and_drops_another(settings: Settings) -> None:
    knowledge = load_knowledge(settings.knowledge_path)
    source = Source(
        id="x", title="t", publisher="p", published=date(2024, 6, 12), url="https://x.vn/a"
    )
    found = extract_facts(BODY, source=source, known_metrics=knowledge.metrics)
    today = date(2024, 6, 12)
    fixed, _, done = apply_edit("2 địa bàn Hà Giang", found, knowledge, today)
    assert not done and [c.fact.region for c in fixed][1] == "Hà Giang"
    assert fixed[0].fact.region == found[0].fact.region
    fixed, _, _ = apply_edit("tất cả kỳ năm 2023", fixed, knowledge, today)
    assert {c.fact.period.end for c in fixed} == {date(2023, 12, 31)}
    fixed, _, _ = apply_edit("bỏ 3", fixed, knowledge, today)
    assert len(fixed) == 2
    kept, message, done = apply_edit("1 địa bàn Atlantis", fixed, knowledge, today)
    assert kept == fixed and "không phải một tỉnh" in message and not done
    assert apply_edit("lưu", fixed, knowledge, today) == (fixed, "", True)
