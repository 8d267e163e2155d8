"""Replies as Telegram shows them: valid HTML, escaped, Vietnamese numbers, within the limit."""

from datetime import date
from html.parser import HTMLParser

import pytest

from knowledge.answer.engine import Engine
from knowledge.model import Metric
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.store.snapshot import Knowledge
from replies.answer import render_html
from replies.limits import MAX_MESSAGE, split_blocks, visible_length

ALLOWED = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}


class TelegramHTML(HTMLParser):
    """Fails on what Telegram's HTML parse mode refuses: unknown or unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, f"tag <{tag}> is not allowed"
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"


def assert_valid(html: str) -> None:
    parser = TelegramHTML()
    parser.feed(html)
    parser.close()
    assert parser.open == [], f"unclosed {parser.open}"
    assert visible_length(html) <= MAX_MESSAGE


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_PATH)


@pytest.fixture(scope="module")
def engine(knowledge: Knowledge) -> Engine:
    return Engine(knowledge, today=lambda: date(2026, 11, 23))


@pytest.mark.parametrize(
    "question",
    [
        "tỷ lệ bao phủ BHYT 2022",
        "so sánh số người tham gia BHYT 2019 và 2022",
        "tổng thu BHXH 2022",
        "tỷ lệ bao phủ",
        "xin chào",
        "tỷ lệ bao phủ BHYT Hà Nội",
        "<b>bhyt</b> & <script>",
    ],
)
def test_every_kind_of_reply_is_valid_telegram_html(engine: Engine, question: str) -> None:
    assert_valid(render_html(engine.answer(question)))


def test_numbers_are_in_vietnamese_format_with_source_link(engine: Engine) -> None:
    html = render_html(engine.answer("số người tham gia BHYT 2019"))
    assert "734.462 người" in html and "98,1%" in html
    assert '<a href="http://tuyentruyen.langson.gov.vn/node/1892">' in html
    assert "24/09/2019" in html


def test_a_comparison_shows_both_figures_and_the_change(engine: Engine) -> None:
    html = render_html(engine.answer("so sánh tỷ lệ bao phủ BHYT 2019 và 2022"))
    assert "gần 97,5%" in html and "86,96%" in html and "Giảm <b>10,54 điểm %</b>" in html


def test_dynamic_strings_are_escaped(knowledge: Knowledge) -> None:
    metric = next(iter(knowledge.metrics.values()))
    hostile = Metric(
        id=metric.id, name='Số <i>người</i> & "x"', aliases=metric.aliases, related=metric.related
    )
    patched = Knowledge.build(
        knowledge.sources.values(),
        [hostile, *(m for m in knowledge.metrics.values() if m.id != metric.id)],
        knowledge.facts,
    )
    html = render_html(Engine(patched).answer(hostile.aliases[0]))
    assert "Số &lt;i&gt;người&lt;/i&gt; &amp;" in html
    assert_valid(html)


def test_a_long_reply_is_split_into_messages_within_the_limit() -> None:
    blocks = ["<b>tiêu đề</b>", "<blockquote>" + "rất dài " * 700 + "</blockquote>", "cuối"]
    messages = split_blocks(blocks)
    assert len(messages) >= 2
    for message in messages:
        assert_valid(message)


def test_no_data_reply_names_what_was_asked_and_what_exists(engine: Engine) -> None:
    html = render_html(engine.answer("tỷ lệ bao phủ BHYT năm 2018"))
    assert "năm 2018" in html and "hết tháng 8/2019" in html and "86,96" not in html


def test_the_limit_is_counted_as_telegram_counts_emoji_twice() -> None:
    block = "📊" * 3000  # 3000 characters, 6000 UTF-16 units
    (message,) = split_blocks([block])
    assert visible_length(message) <= MAX_MESSAGE
    assert (
        len(split_blocks(["📰 " + "a" * 4094])[0]) < 4096
        or len(split_blocks(["📰 " + "a" * 4094])) == 2
    )
