"""Conversations: follow-ups take what they lack from the question before in the same chat and
nothing else; several metrics, trends, targets, freshness, small talk and unknown subjects.
The dialogues are our own (tests/knowledge/conversations.tsv), over our own knowledge."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from knowledge.answer.engine import Answer, Engine
from knowledge.memory import Conversations
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from replies.answer import render_blocks, render_html
from replies.limits import MAX_MESSAGE, split_blocks, visible_length
from tests.knowledge.wide import wide_knowledge

TODAY = date(2026, 11, 23)
ROWS = [
    line.split("\t")
    for line in (Path(__file__).parent / "conversations.tsv").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.fixture(scope="module")
def replies() -> dict[tuple[str, str], tuple[Answer, str]]:
    """Every turn answered in order, each dialogue its own chat."""
    engines = {
        "wide": Engine(wide_knowledge(), today=lambda: TODAY),
        "seed": Engine(load_knowledge(DEFAULT_PATH), today=lambda: TODAY),
    }
    memory = Conversations()
    out = {}
    for dialogue, turn, question, _, kb, *_ in ROWS:
        answer = engines[kb].answer(question, memory.get(dialogue))
        memory.remember(dialogue, answer.topic)
        out[dialogue, turn] = answer, render_html(answer)
    return out


def _shows(text: str, figure: str) -> bool:
    return re.search(r"(?<![\d.,])" + re.escape(figure) + r"(?![\d]|[.,]\d)", text) is not None


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}.{r[1]} {r[2][:30]}" for r in ROWS])
def test_turn(replies: dict[tuple[str, str], tuple[Answer, str]], row: list[str]) -> None:
    dialogue, turn, _, expect, _, *rest = row
    answer, html = replies[dialogue, turn]
    plain = re.sub(r"<[^>]+>", "", html)
    body = re.sub(r"📰 Nguồn:[^\n]*", " ", re.sub(r"<blockquote>.*?</blockquote>", " ", html))
    body = re.sub(r"<[^>]+>", "", body)
    if expect.startswith("all:"):
        assert answer.status in ("answered", "ambiguous"), plain
        for item in expect[4:].split("&"):
            assert any(_shows(body, f) for f in item.split("|")), (item, plain)
    elif expect.startswith("nodata:"):
        assert answer.status in ("no_data", "not_found"), plain
        assert any(n in plain for n in expect[7:].split("|")), plain
        assert answer.figures == (), plain
    elif expect.startswith("says:"):
        assert answer.status == "not_found" and answer.figures == (), plain
        assert expect[5:] in plain, plain
    else:
        assert expect == "none" and answer.status != "answered" and answer.figures == (), plain
    shows = rest[0].strip() if rest else ""
    if shows:
        assert shows in plain, plain


def test_a_figure_of_another_period_is_never_the_answer() -> None:
    """Whatever follows, a turn that names a year shows that year's figures in its body."""
    engine = Engine(wide_knowledge(), today=lambda: TODAY)
    topic = engine.answer("tỷ lệ bao phủ BHYT năm 2019").topic
    answer = engine.answer("còn năm 2022 thì sao", topic)
    assert answer.headline is not None and answer.headline.fact.period.year == 2022
    missing = engine.answer("còn năm 2018 thì sao", topic)
    assert missing.status == "no_data" and missing.figures == ()


def _shown(answer: Answer) -> tuple[str, tuple[int, ...], str | None]:
    return answer.status, tuple(f.id for f in answer.figures), answer.asked


@pytest.mark.parametrize("kb", ["wide", "seed"])
def test_a_suggestion_never_leads_back_to_the_reply_it_sits_under(kb: str) -> None:
    knowledge = wide_knowledge() if kb == "wide" else load_knowledge(DEFAULT_PATH)
    engine = Engine(knowledge, today=lambda: TODAY)
    questions = {row[2] for row in ROWS if row[4] == kb}
    if kb == "seed":  # the paraphrase questions too: the seed dialogues are few
        questions |= {
            line.split("\t")[0]
            for line in (Path(__file__).parent / "paraphrases.tsv").read_text("utf-8").splitlines()
            if line and not line.startswith("#")
        }
    pressed = 0
    for question in sorted(questions):
        answer = engine.answer(question)
        for suggestion in answer.suggestions:
            after = engine.answer(suggestion.question)
            pressed += 1
            assert _shown(after) != _shown(answer), (question, suggestion)
            assert after.status != "not_found", (question, suggestion)
    assert pressed > 30


def test_every_dialogue_typed_in_nfd_gets_the_same_replies(
    replies: dict[tuple[str, str], tuple[Answer, str]],
) -> None:
    """Some phones send decomposed Unicode: a conversation goes the same way."""
    engines = {
        "wide": Engine(wide_knowledge(), today=lambda: TODAY),
        "seed": Engine(load_knowledge(DEFAULT_PATH), today=lambda: TODAY),
    }
    memory = Conversations()
    for dialogue, turn, question, _, kb, *_ in ROWS:
        answer = engines[kb].answer(unicodedata.normalize("NFD", question), memory.get(dialogue))
        memory.remember(dialogue, answer.topic)
        nfc = replies[dialogue, turn][0]
        assert (answer.status, answer.figures) == (nfc.status, nfc.figures), question


def test_any_question_after_any_topic_gets_a_reply_within_telegram_limits() -> None:
    """Follow-ups meet every kind of topic: nothing crashes, every message fits."""
    engine = Engine(wide_knowledge(), today=lambda: TODAY)
    questions = sorted({row[2] for row in ROWS if row[4] == "wide"})
    topics = [t for t in (engine.answer(q).topic for q in questions[::3]) if t is not None]
    assert len(topics) > 20
    for n, question in enumerate(questions):
        for topic in topics[n % 5 :: 5]:
            answer = engine.answer(question, topic)
            for html in split_blocks(render_blocks(answer)):
                assert 0 < visible_length(html) <= MAX_MESSAGE, question
