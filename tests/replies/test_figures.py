"""A figure in words and in its quote: one wording everywhere, the bold span on the digits."""

from __future__ import annotations

import re
from datetime import date

import pytest

from knowledge.answer.engine import Engine
from knowledge.ingest.article import extract_facts
from knowledge.model import Fact, Period, Source
from knowledge.numbers import figure_digits
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from replies.answer import render_html
from replies.figures import excerpt, figure_html, figure_words, quote_html
from tests.material import SHARED_ARTICLES, SHARED_EVAL, needs_shared

KB_DEV = SHARED_EVAL / "kb_dev" / "knowledge.json"
ARTICLES = sorted(SHARED_ARTICLES.glob("*.txt"))
BOLD = re.compile(r"<b>(.*?)</b>", re.S)


def fact(value_text: str, quote: str, **fields: object) -> Fact:
    record: dict[str, object] = {
        "metric": "m",
        "value": 1.0,
        "value_text": value_text,
        "unit": "%",
        "period": Period(label="năm 2023", start=date(2023, 1, 1), end=date(2023, 12, 31)),
        "region": "Lạng Sơn",
        "source": "s",
        "quote": quote,
        **fields,
    }
    return Fact.model_validate(record)


def bold_holds_digits(item: Fact) -> None:
    bold = BOLD.findall(quote_html(item))
    assert len(bold) == 1, (item.value_text, item.quote)
    digits = figure_digits(item.value_text)
    assert digits is not None and digits in bold[0], (item.value_text, bold[0], item.quote)


# -- the class: hedges, scale words, digits that also occur inside other numbers ---------------


@pytest.mark.parametrize(
    ("value_text", "hedge", "quote", "bold"),
    [
        ("gần 97,5%", "gần", "tỷ lệ bao phủ đạt gần 97,5% dân số.", "gần 97,5%"),
        ("gần 909 tỷ đồng", "gần", "Tổng thu gần 909 tỷ đồng, tăng 11%.", "gần 909 tỷ đồng"),
        ("Hơn 1,2 triệu người", "hơn", "hơn 1,2 triệu người tham gia", "hơn 1,2 triệu người"),
        ("khoảng 54.100 người", "khoảng", "còn thiếu 6,79% (khoảng 54.100 người)", None),
        ("ước 941,9 tỷ đồng", "ước", "chi ước đạt 941,9 tỷ đồng, tăng 19,8%", "941,9 tỷ đồng"),
        ("19%", None, "Năm 2019 tăng 119% rồi 19,5% và cuối cùng 19%.", "19%"),
        ("2,15%", None, "nợ 12,15% năm trước, nay 2,15% số phải thu", "2,15%"),
        ("8/11 đơn vị", None, "của 8/11 đơn vị giảm so với năm 2021", "8/11 đơn vị"),
        ("15,67 triệu người", None, "đạt 15,67 triệu, tức 15,67 triệu người", "15,67 triệu người"),
    ],
)
def test_the_bold_span_is_the_figure_as_written(
    value_text: str, hedge: str | None, quote: str, bold: str | None
) -> None:
    item = fact(value_text, quote, hedge=hedge)
    [found] = BOLD.findall(quote_html(item))
    assert found.casefold() == (bold or value_text).casefold()
    bold_holds_digits(item)


def test_a_quote_without_the_figure_is_shown_plain() -> None:
    assert "<b>" not in quote_html(fact("12%", "Một câu không có con số đó."))


def test_the_quote_is_escaped_around_the_bold_span() -> None:
    html = quote_html(fact("5%", "a <b> & 5% > c"))
    assert html == "a &lt;b&gt; &amp; <b>5%</b> &gt; c"


def test_every_stored_fact_shows_its_digits_in_bold() -> None:
    for item in load_knowledge(DEFAULT_PATH).facts.values():
        bold_holds_digits(item)


@needs_shared(KB_DEV)
def test_every_fact_of_the_dev_knowledge_shows_its_digits_in_bold() -> None:
    for item in load_knowledge(KB_DEV).facts.values():
        bold_holds_digits(item)


@needs_shared(SHARED_ARTICLES)
def test_every_candidate_of_the_eval_articles_shows_its_digits_in_bold() -> None:
    metrics = load_knowledge(DEFAULT_PATH).metrics
    source = Source(
        id="bai", title="Bài", publisher="Báo", published=date(2023, 1, 1), url="https://x.vn"
    )
    found = 0
    for article in ARTICLES:
        for candidate in extract_facts(
            article.read_text(encoding="utf-8"), source=source, known_metrics=metrics
        ):
            bold_holds_digits(candidate.fact)
            found += 1
    assert found > 100


def test_every_answer_bolds_the_headline_digits_in_its_quote() -> None:
    knowledge = load_knowledge(DEFAULT_PATH)
    engine = Engine(knowledge)
    for item in knowledge.facts.values():
        answer = engine.answer(
            engine.question_for(knowledge.metrics[item.metric], item.period.label)
        )
        if answer.headline is None:
            continue
        quote = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", render_html(answer), re.S)
        assert quote is not None
        digits = figure_digits(answer.headline.fact.value_text)
        assert digits is not None and digits in "".join(BOLD.findall(quote.group(1)))


# -- one wording ------------------------------------------------------------------------------


def test_a_gap_reads_the_same_for_users_and_reviewers() -> None:
    gap = fact(
        "0,42%",
        "cao hơn 0,42% so với chỉ tiêu giao",
        kind="gap",
        value=0.42,
        unit="điểm %",
        compared_to="chỉ tiêu giao",
    )
    assert figure_words(gap) == "cao hơn 0,42 điểm % so với chỉ tiêu giao"
    assert figure_html(gap, capital=True) == "Cao hơn <b>0,42 điểm %</b> so với chỉ tiêu giao"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"kind": "plan", "value_text": "94,1%", "of": None}, "đạt 94,1% kế hoạch"),
        ({"kind": "value", "value_text": "86,96%", "of": "dân số"}, "86,96% dân số"),
        ({"kind": "target", "value_text": "95%", "of": "dân số"}, "chỉ tiêu 95% dân số"),
        (
            {"kind": "change", "value": -17, "value_text": "17 người", "unit": "người",
             "compared_to": "cùng kỳ năm 2019"},
            "giảm 17 người so với cùng kỳ năm 2019",
        ),
    ],
)  # fmt: skip
def test_each_kind_has_one_wording(fields: dict[str, object], words: str) -> None:
    value_text = str(fields["value_text"])
    assert figure_words(fact(value_text=value_text, quote=f"… {value_text} …", **{
        k: v for k, v in fields.items() if k != "value_text"
    })) == words  # fmt: skip


def test_the_excerpt_keeps_the_figure_of_a_long_quote() -> None:
    long = "Mở đầu dài " * 20 + "tổng thu gần 909 tỷ đồng" + " và phần cuối" * 20
    cut = excerpt(fact("gần 909 tỷ đồng", long, hedge="gần", unit="tỷ đồng"), width=40)
    assert "gần 909 tỷ đồng" in cut and cut.startswith("…") and cut.endswith("…")
