"""`bot.py kb import ARTICLE.txt`: candidates as JSON (nothing written), a reviewed save, errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import bot
from knowledge.store.knowledge_file import KnowledgeStore, load_knowledge
from settings import Settings
from tests.cli.kb_harness import kb_run

ARTICLE = Path("/work/shared/eval/articles/05_hatinh-3thang-2022.txt")
PUBLISHER = ("--publisher", "Báo Hà Tĩnh")


def test_json_prints_the_candidates_and_writes_nothing(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    before = settings.knowledge_path.read_bytes()
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER, "--json") == 0
    candidates = json.loads(capsys.readouterr().out)
    assert len(candidates) == 11
    bhyt = next(c for c in candidates if c["value"] == 1109733)
    assert {k: bhyt[k] for k in ("metric", "kind", "value_text", "unit", "region")} == {
        "metric": "bhyt_nguoi_tham_gia",
        "kind": "value",
        "value_text": "1.109.733 người",
        "unit": "người",
        "region": "Hà Tĩnh",
    }
    assert bhyt["period"] == {
        "label": "3 tháng đầu năm 2022",
        "start": "2022-01-01",
        "end": "2022-03-31",
    }
    assert "1.109.733" in bhyt["quote"] and "new_metric" not in bhyt
    change = next(c for c in candidates if c["value"] == 506)
    assert (change["kind"], change["compared_to"]) == ("change", "cùng kỳ năm 2021")
    assert settings.knowledge_path.read_bytes() == before
    assert not list(settings.knowledge_path.parent.glob("history.jsonl*"))


def test_yes_saves_and_ask_answers_from_the_article(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER, "--yes", "--who", "cli:t") == 0
    out = capsys.readouterr().out
    assert "Nguồn: baohatinh-2022-05 — Hà Tĩnh phát động" in out
    assert " 10. Số người tham gia BHYT: 1.109.733 người · 3 tháng đầu năm 2022 · Hà Tĩnh" in out
    assert out.rstrip().endswith(
        "Đã thêm 11 dữ kiện: #30, #31, #32, #33, #34, #35, #36, #37, "
        "#38, #39, #40; bỏ qua 0 dữ kiện đã có."
    )
    entry = KnowledgeStore(settings.knowledge_path).history(1)[0]
    assert (entry.action, entry.who) == ("import", "cli:t")  # one write: source + facts

    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    question = "số người tham gia BHYT Hà Tĩnh 3 tháng đầu năm 2022"
    argv = ["--config", str(config), "--knowledge", str(settings.knowledge_path), "ask", "--json"]
    assert bot.main([*argv, question]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "answered"
    assert "1.109.733 người" in answer["text"]
    assert 'href="https://baohatinh.vn/chinh-sach-xa-hoi/ha-tinh-phat-dong' in answer["text"]

    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER, "--yes") == 0  # again
    assert capsys.readouterr().out.rstrip().endswith("Đã thêm 0 dữ kiện; bỏ qua 11 dữ kiện đã có.")
    assert len(load_knowledge(settings.knowledge_path).sources) == 3


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
    assert "thiếu ngày đăng (date): thêm --published" in err
    assert "title" not in err and "Traceback" not in err
    assert settings.knowledge_path.read_bytes() == before

    flags = ["--url", "https://baohatinh.vn/bai", "--title", "T", "--published", "2022-05-10"]
    assert kb_run(settings, "import", str(article), *flags, *PUBLISHER, "--yes") == 0
    source = load_knowledge(settings.knowledge_path).sources["baohatinh-2022-05"]
    assert (source.url, str(source.published)) == ("https://baohatinh.vn/bai", "2022-05-10")


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


def test_without_yes_it_asks_and_refuses_without_a_terminal(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = settings.knowledge_path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))  # not a TTY
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER) == 1
    assert "thêm --yes để lưu" in capsys.readouterr().err
    assert settings.knowledge_path.read_bytes() == before

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)  # an admin at a terminal
    monkeypatch.setattr("builtins.input", lambda prompt: "n" if "11" in prompt else "?")
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER) == 1
    assert "Đã huỷ, chưa lưu gì." in capsys.readouterr().out
    assert settings.knowledge_path.read_bytes() == before

    monkeypatch.setattr(
        "builtins.input", lambda prompt: "y" if "Lưu 11 dữ kiện? [y/N]" in prompt else "?"
    )
    assert kb_run(settings, "import", str(ARTICLE), *PUBLISHER) == 0
    assert len(load_knowledge(settings.knowledge_path).facts) == 40


def test_an_article_naming_no_place_takes_it_from_its_source_or_the_region_flag(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    brvt = str(ARTICLE.with_name("06_bariavungtau-nam-2021.txt"))  # baobariavungtau.com.vn
    assert kb_run(settings, "import", brvt, "--publisher", "Báo BR-VT", "--json") == 0
    assert {c["region"] for c in json.loads(capsys.readouterr().out)} == {"Bà Rịa - Vũng Tàu"}
    national = str(ARTICLE.with_name("16_national-10thang-2020-bhxh.txt"))  # danviet.vn
    flags = ["--publisher", "Dân Việt", "--json", "--region", "Toàn quốc"]
    assert kb_run(settings, "import", national, *flags) == 0
    assert {c["region"] for c in json.loads(capsys.readouterr().out)} == {"Toàn quốc"}


def test_import_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bot.main(["kb", "import", "--help"])
    out = capsys.readouterr().out
    assert "--published YYYY-MM-DD" in out and "--json" in out and "--yes" in out
