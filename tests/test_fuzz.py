"""Property-based fuzzing: normalisation, period parsing and answering any text at all.

Whatever a user types (NFD from some phones, emoji, control characters, right-to-left text,
pasted pages, Vietnamese words mixed with junk) the engine returns one of its four statuses and
the reply is valid Telegram HTML within 4096 characters. Derandomized: CI sees the same examples
every run.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from knowledge.answer.engine import Engine
from knowledge.answer.results import Answer
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.understand.folding import fold, nfc
from knowledge.understand.lexicon import CONCEPT_PHRASES, GREETINGS, HOW_TO_PHRASES
from knowledge.understand.periods import find_periods
from knowledge.understand.places import PROVINCES
from replies.answer import render_blocks, render_html
from replies.limits import MAX_MESSAGE, split_blocks, visible_length
from tests.standin.markup import parse_html

pytestmark = pytest.mark.slow  # thousands of generated inputs (~5 s)

TODAY = date(2024, 6, 15)
STATUSES = {"answered", "ambiguous", "not_found", "no_data"}

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=40)

# -- strategies ---------------------------------------------------------------------------------

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", case(v) + tone)
        for v in _VOWELS
        for tone in _TONES
        for case in (str.lower, str.upper)
    }
    | set("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX")
)
vietnamese_text = st.text(
    alphabet=st.sampled_from([*VIETNAMESE_LETTERS, *"abcdefghijklmnopqrstuvwxyz0123456789 .,?%/-"]),
    max_size=80,
)

# fmt: off
SPECIALS = [
    *(chr(c) for c in range(0x0300, 0x0370, 7)),  # combining marks
    "\U0001f600", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # emoji
    "\U0001f1fb\U0001f1f3", "\u200d", "\ufe0f",  # a flag, ZWJ, variation selector
    "\u202e", "\u202d", "\u200f", "\u200e", "مرحبا", "שלום",  # bidi controls, RTL text
    "\x00", "\x1b", "\x7f", "\u200b", "\ufeff", "\u2028", "\r\n", "\t",  # controls, odd spaces
    "<", ">", "&", '"', "'", "&amp;", "<b>", "</i>", "<a href='x'>", "&#0;", "&lt",  # markup
    "\U0001d400", "\U000e0001", "\uffff", "ｆｕｌｌ", "Ⅻ", "ǅ", "ß", "İ", "ﬁ",  # odd letters
]
# fmt: on
special_text = st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(max_size=5)), max_size=30).map(
    "".join
)

# fmt: off
PERIOD_WORDS = [
    "tháng", "8/2019", "tháng 8/2019", "hết tháng 8", "6 tháng đầu năm", "9 tháng", "quý",
    "quý I/2022", "II", "IV", "năm", "2022", "2019", "1999", "2099", "năm nay", "năm ngoái",
    "năm trước", "hiện nay", "mới nhất", "ngày 31/12/2021", "31/12", "so với", "cùng kỳ",
    "đến năm 2025", "mục tiêu", "first half of 2022", "2021-2022", "/", "0/0", "13/2020",
    "32/13/2020", "tháng mười hai", "tháng 0", "năm 20222",
]
# fmt: on
LEXICON = sorted(
    {p for phrases in CONCEPT_PHRASES.values() for p in phrases}
    | set(GREETINGS)
    | set(HOW_TO_PHRASES)
    | set(PROVINCES)
    | set(PERIOD_WORDS)
    | {"bao nhiêu", "là", "của", "tỉnh", "ở", "vậy ad", "bn", "ko", "?", "!!!", "..."}
)
junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=6)


def _spell(text: str, form: int) -> str:
    return [text, unicodedata.normalize("NFD", text), text.upper(), fold(nfc(text))][form]


word_soup = st.builds(
    _spell,
    st.lists(
        st.one_of(st.sampled_from(LEXICON), st.sampled_from(LEXICON), junk), min_size=1, max_size=25
    ).map(" ".join),
    st.integers(0, 3),
)
_KNOWLEDGE = load_knowledge(DEFAULT_PATH)
METRIC_NAMES = sorted({t for m in _KNOWLEDGE.metrics.values() for t in (m.name, *m.aliases)})
# Close to real questions: a metric's name, then periods, places, asks and some junk.
question_like = st.builds(
    _spell,
    st.tuples(
        st.sampled_from(METRIC_NAMES),
        st.lists(st.one_of(st.sampled_from(LEXICON), junk), max_size=6),
    ).map(lambda t: " ".join([t[0], *t[1]])),
    st.integers(0, 3),
)
period_soup = st.lists(st.one_of(st.sampled_from(PERIOD_WORDS), junk), max_size=15).map(" ".join)
anything = st.one_of(st.text(), special_text, word_soup)

# -- a strict checker of Telegram's HTML ---------------------------------------------------------

ALLOWED_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler", "span"}
ENTITIES = {"lt", "gt", "amp", "quot"}


class TelegramHTML(HTMLParser):
    """Telegram's HTML subset, strictly: its tags only, balanced, href only on <a>, and no bare
    '<', '>' or '&' in the text (only &lt; &gt; &amp; &quot; and numeric references)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> is not supported")
        names = [name for name, _ in attrs]
        if tag == "a":
            if names != ["href"] or not re.match(r"^(https?|tg)://\S+$", attrs[0][1] or ""):
                self.errors.append(f"<a> needs one valid href, got {attrs}")
        elif tag == "span":
            if attrs != [("class", "tg-spoiler")]:
                self.errors.append(f"<span> must be class=tg-spoiler, got {attrs}")
        elif tag == "blockquote":
            if attrs not in ([], [("expandable", None)]):
                self.errors.append(f"<blockquote> takes only 'expandable', got {attrs}")
        elif attrs:
            self.errors.append(f"<{tag}> takes no attributes, got {attrs}")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(c in data for c in "<>&"):
            self.errors.append(f"unescaped markup character in {data[:40]!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            self.errors.append(f"entity &{name}; is not supported")

    def handle_charref(self, name: str) -> None:
        if not re.fullmatch(r"[0-9]+|[xX][0-9a-fA-F]+", name):
            self.errors.append(f"bad character reference &#{name};")

    def handle_comment(self, data: str) -> None:
        self.errors.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.errors.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.errors.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.errors.append("unknown declaration")


def telegram_html_errors(html: str) -> list[str]:
    parser = TelegramHTML()
    parser.feed(html)
    parser.close()
    if parser.rawdata:  # html.parser keeps what it could not parse (e.g. a lone '<')
        parser.errors.append(f"unparsed text {parser.rawdata[:40]!r}")
    if parser.stack:
        parser.errors.append(f"unclosed {parser.stack}")
    return parser.errors


def test_the_checker_itself() -> None:
    good = (
        '<b>a</b> &lt;3 &amp; <a href="https://x.vn/a?b=1&amp;c=2">x</a><blockquote>q</blockquote>'
    )
    assert telegram_html_errors(good) == []
    for bad in (
        "<b>a",
        "<b><i>a</b></i>",
        "<div>a</div>",
        "a < b",
        "a & b",
        "&nbsp;",
        '<a href="x" title="t">x</a>',
        "<span>x</span>",
        "<br/>",
        "<b class='x'>a</b>",
    ):
        assert telegram_html_errors(bad), bad


# -- normalisation ------------------------------------------------------------------------------


# The 11 code points (all of Unicode checked) where folding once used to differ from folding
# twice: ligatures and Nordic capitals, whose folded form is itself a special letter.
LIGATURES_AND_NORDIC = "ÆÐØŒǢǣǼǽǾǿẞ"


def test_fold_is_idempotent_on_ligatures_and_nordic_capitals() -> None:
    for char in LIGATURES_AND_NORDIC:
        assert fold(fold(char)) == fold(char), char


@FUZZ
@given(st.one_of(st.text(), special_text))
def test_fold_keeps_length_and_is_idempotent(text: str) -> None:
    composed = unicodedata.normalize("NFC", text)
    folded = fold(composed)
    assert len(folded) == len(composed)  # spans in the folded text are spans in the NFC text
    if not any(c in LIGATURES_AND_NORDIC for c in composed):
        assert fold(folded) == folded


@FUZZ
@given(vietnamese_text)
def test_fold_makes_vietnamese_plain_ascii(text: str) -> None:
    folded = fold(nfc(text))
    assert folded.isascii()
    assert not any(c.isupper() for c in folded)
    assert fold(nfc(unicodedata.normalize("NFD", text))) == folded  # NFD from phones: the same


@FUZZ
@given(anything)
def test_nfc_is_idempotent_composed_and_single_spaced(text: str) -> None:
    out = nfc(text)
    assert nfc(out) == out
    assert unicodedata.is_normalized("NFC", out)
    assert out == out.strip()
    assert not re.search(r"\s\s", out)


# -- periods ------------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(period_soup, anything))
def test_find_periods_spans_are_inside_and_apart(text: str) -> None:
    folded = fold(nfc(text))
    found = find_periods(folded, TODAY)
    previous_end = 0
    for ask in found:
        assert 0 <= previous_end <= ask.start < ask.end <= len(folded), found
        previous_end = ask.end
        assert ask.label
        assert ask.year is None or 1900 <= ask.year <= 2100
        assert ask.first_month is None or 1 <= ask.first_month <= 12
        assert ask.last_month is None or 1 <= ask.last_month <= 12


# -- answering ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(_KNOWLEDGE, today=lambda: TODAY)


def check_reply(answer: Answer) -> None:
    assert answer.status in STATUSES
    html = render_html(answer)
    assert telegram_html_errors(html) == [], html
    parse_html(html, strict_ampersand=True)  # the stand-in's Telegram-like parser agrees
    assert 0 < visible_length(html) <= MAX_MESSAGE
    for message in split_blocks(render_blocks(answer)):
        assert telegram_html_errors(message) == [], message
        assert 0 < visible_length(message) <= MAX_MESSAGE


def answers_validly(engine: Engine, text: str) -> None:
    answer = engine.answer(text)
    check_reply(answer)
    event(answer.status)  # --hypothesis-show-statistics: how often each status came up


@FUZZ
@given(text=st.text())
def test_any_unicode_text_gets_a_valid_reply(engine: Engine, text: str) -> None:
    answers_validly(engine, text)


@FUZZ
@given(text=special_text)
def test_emoji_controls_rtl_and_markup_get_a_valid_reply(engine: Engine, text: str) -> None:
    answers_validly(engine, text)


@FUZZ
@given(text=word_soup)
def test_vietnamese_words_mixed_with_junk_get_a_valid_reply(engine: Engine, text: str) -> None:
    answers_validly(engine, text)


@FUZZ
@given(text=question_like)
def test_question_like_text_gets_a_valid_reply(engine: Engine, text: str) -> None:
    answers_validly(engine, text)


@FEW
@given(text=st.one_of(st.text(min_size=2000, max_size=6000), word_soup.map(lambda s: s * 60)))
def test_very_long_text_gets_a_valid_reply(engine: Engine, text: str) -> None:
    answers_validly(engine, text)


def test_replies_to_markup_in_questions_are_escaped(engine: Engine) -> None:
    for text in ("<b>tỷ lệ bao phủ BHYT 2022</b>", "BHYT & BHXH <script>", "&amp; 2019 &lt;"):
        check_reply(engine.answer(text))
