"""`bot.py kb import ARTICLE.txt`: candidates as JSON (nothing written), a reviewed save, errors."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import bot
from knowledge.store.knowledge_file import DEFAULT_PATH, KnowledgeStore, load_knowledge
from settings import Settings
from tests.cli.kb_harness import kb_run
from tests.material import ARTICLE_2019, ARTICLE_2022, SHARED_ARTICLES, needs_shared

ARTICLE = ARTICLE_2022  # not in the knowledge of the tests marked IMPORTED_AS_NEW
IMPORTED_AS_NEW = pytest.mark.without_source("baolangson-2022-07")
PUBLISHER = ("--publisher", "Báo Lạng Sơn")
SAVED = re.compile(r"Đã thêm (\d+) dữ kiện: (?:#\d+, )*#\d+; bỏ qua 0 dữ kiện đã có\.")


def seed_facts(source_id: str) -> list[dict[str, Any]]:
    """The facts the bundled seed knowledge has from one article, as JSON."""
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    return [f for f in data["facts"].values() if f["source"] == source_id]


def key(fact: dict[str, Any]) -> tuple[Any, ...]:
    return (fact["metric"], fact["kind"], fact["value"], fact["period"]["end"], fact["region"])


@IMPORTED_AS_NEW
def test_json_prints_the_candidates_and_writes_nothing(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    before = settings.knowledge_path.read_bytes()
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER, "--json") == 0
    candidates = json.loads(capsys.readouterr().out)
    # every figure the seed knowledge holds from this article is found again
    assert {key(f) for f in seed_facts("baolangson-2022-07")} <= {key(c) for c in candidates}
    bhyt = next(c for c in candidates if c["value"] == 693033)
    assert {k: bhyt[k] for k in ("metric", "kind", "value_text", "unit", "region")} == {
        "metric": "bhyt_nguoi_tham_gia",
        "kind": "value",
        "value_text": "693.033 người",
        "unit": "người",
        "region": "Lạng Sơn",
    }
    assert bhyt["period"] == {
        "label": "6 tháng đầu năm 2022",
        "start": "2022-01-01",
        "end": "2022-06-30",
    }
    assert "693.033" in bhyt["quote"] and "new_metric" not in bhyt
    change = next(c for c in candidates if c["value"] == 9226)
    assert (change["kind"], change["compared_to"]) == ("change", "năm 2021")
    assert settings.knowledge_path.read_bytes() == before
    assert not list(settings.knowledge_path.parent.glob("history.jsonl*"))


@IMPORTED_AS_NEW
def test_yes_saves_and_ask_answers_from_the_article(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts_before = len(load_knowledge(settings.knowledge_path).facts)
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER, "--yes", "--who", "cli:t") == 0
    out = capsys.readouterr().out
    assert "Nguồn: baolangson-2022-07 — Bảo hiểm xã hội tỉnh triển khai" in out
    assert ". Số người tham gia BHYT: 693.033 người\n     kỳ 6 tháng đầu năm 2022 (câu" in out
    assert "địa bàn Lạng Sơn (tỉnh bài nêu nhiều nhất)" in out
    saved = SAVED.search(out.rstrip().splitlines()[-1])
    assert saved is not None, out
    added = int(saved.group(1))
    assert len(load_knowledge(settings.knowledge_path).facts) == facts_before + added
    entry = KnowledgeStore(settings.knowledge_path).history(1)[0]
    assert (entry.action, entry.who) == ("import", "cli:t")  # one write: source + facts

    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    question = "số người tham gia BHYT 6 tháng đầu năm 2022"
    argv = ["--config", str(config), "--knowledge", str(settings.knowledge_path), "ask", "--json"]
    assert bot.main([*argv, question]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "answered"
    assert "693.033 người" in answer["text"]
    assert 'href="https://baolangson.vn/xa-hoi/bao-hiem-xa-hoi/512840-' in answer["text"]

    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER, "--yes") == 0  # again
    skipped = f"Đã thêm 0 dữ kiện; bỏ qua {added} dữ kiện đã có."
    assert capsys.readouterr().out.rstrip().endswith(skipped)
    assert len(load_knowledge(settings.knowledge_path).sources) == 2


@IMPORTED_AS_NEW
def test_flags_fill_a_missing_header(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = ARTICLE.read_text(encoding="utf-8").split("---\n", 1)[1]
    article = tmp_path / "bai.txt"
    article.write_text(body, encoding="utf-8")
    before = settings.knowledge_path.read_bytes()
    assert kb_run(settings, "import", str(article), "--title", "T", *PUBLISHER, "--yes") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"lỗi: {article}: chưa đủ thông tin nguồn")
    assert "thiếu địa chỉ bài báo (url): thêm --url hoặc dòng 'URL: …' ở đầu bài" in err
    assert "ngày đăng" not in err  # the page's date stamp is read (and marked as a guess)
    assert "title" not in err and "Traceback" not in err
    assert settings.knowledge_path.read_bytes() == before

    flags = ["--url", "https://baolangson.vn/bai", "--title", "T", "--published", "2022-07-13"]
    assert kb_run(settings, "import", str(article), *flags, *PUBLISHER, "--yes") == 0
    source = load_knowledge(settings.knowledge_path).sources["baolangson-2022-07"]
    assert (source.url, str(source.published)) == ("https://baolangson.vn/bai", "2022-07-13")


def test_a_missing_title_is_asked_for(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # The 2019 article has no headline, so its header has no Title line.
    assert kb_run(settings, "import", str(ARTICLE_2019), "--publisher", "P", "--yes") == 1
    err = capsys.readouterr().err
    assert "thiếu tiêu đề (title): thêm --title hoặc dòng 'Title: …' ở đầu bài" in err
    assert "url" not in err and "date" not in err


@pytest.mark.parametrize(
    ("content", "flags", "said"),
    [
        (
            b"URL: https://x.vn/a\nTitle: T\nPublisher: P\nDate: sometime\n---\nx",
            [],
            "ngày đăng (date) không đọc được: 'sometime'",
        ),
        (
            b"URL: x.vn/a\nTitle: T\nPublisher: P\nDate: 2022-01-02\n---\nx",
            [],
            "địa chỉ bài báo (url) phải bắt đầu bằng http:// hoặc https://",
        ),
        ("Tổng thu 5 tỷ đồng".encode("utf-16"), [], "không phải UTF-8"),
        (
            b"Hello, no figures here.",
            [
                "--url",
                "https://x.vn",
                "--title",
                "T",
                "--publisher",
                "P",
                "--published",
                "2022-01-02",
            ],
            "không tìm thấy số liệu nào trong bài",
        ),
    ],
)
def test_bad_articles_are_explained(
    settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    flags: list[str],
    said: str,
) -> None:
    article = tmp_path / "bai.txt"
    article.write_bytes(content)
    before = settings.knowledge_path.read_bytes()
    assert kb_run(settings, "import", str(article), *flags, "--yes") == 1
    err = capsys.readouterr().err
    assert err.startswith("lỗi: ") and said in err and "Traceback" not in err
    assert settings.knowledge_path.read_bytes() == before


@IMPORTED_AS_NEW
def test_without_yes_it_asks_and_refuses_without_a_terminal(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = settings.knowledge_path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # not a TTY
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER) == 1
    assert "thêm --yes để lưu" in capsys.readouterr().err
    assert settings.knowledge_path.read_bytes() == before

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)  # an admin at a terminal
    monkeypatch.setattr("builtins.input", lambda prompt: "n" if "[y/N]" in prompt else "?")
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER) == 1
    assert "Đã huỷ, chưa lưu gì." in capsys.readouterr().out
    assert settings.knowledge_path.read_bytes() == before

    asked: list[str] = []

    def yes(prompt: str) -> str:
        asked.append(prompt)
        return "y"

    monkeypatch.setattr("builtins.input", yes)
    facts_before = len(load_knowledge(settings.knowledge_path).facts)
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER) == 0
    [prompt] = asked
    wanted = re.fullmatch(r".*Lưu (\d+) dữ kiện\? \[y/N\] ?", prompt, re.S)
    assert wanted is not None, prompt
    facts = len(load_knowledge(settings.knowledge_path).facts)
    assert facts == facts_before + int(wanted.group(1))


@needs_shared(SHARED_ARTICLES)
def test_an_article_naming_no_place_takes_it_from_its_source_or_the_region_flag(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    brvt = str(SHARED_ARTICLES / "06_bariavungtau-nam-2021.txt")  # baobariavungtau.com.vn
    assert kb_run(settings, "import", brvt, "--publisher", "Báo BR-VT", "--json") == 0
    assert {c["region"] for c in json.loads(capsys.readouterr().out)} == {"Bà Rịa - Vũng Tàu"}
    national = str(SHARED_ARTICLES / "16_national-10thang-2020-bhxh.txt")  # danviet.vn
    flags = ["--publisher", "Dân Việt", "--json", "--region", "Toàn quốc"]
    assert kb_run(settings, "import", national, *flags) == 0
    assert {c["region"] for c in json.loads(capsys.readouterr().out)} == {"Toàn quốc"}


def test_import_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bot.main(["kb", "import", "--help"])
    out = capsys.readouterr().out
    assert "--published YYYY-MM-DD" in out and "--json" in out and "--yes" in out
