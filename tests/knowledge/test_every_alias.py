"""Every figure can be asked for by every name of its metric, with its year, in any spelling;
every metric compares its periods and declines years and places it has no figure for."""

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest

from knowledge.answer.engine import Answer, Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.understand.folding import fold, nfc
from replies.answer import render_html

KNOWLEDGE = load_knowledge(DEFAULT_PATH)
ASPECT_WORDS = {
    "value": ["", "là bao nhiêu"],
    "plan": ["đạt bao nhiêu % kế hoạch", "so với kế hoạch"],
    "change": ["tăng hay giảm so với cùng kỳ", "tăng bao nhiêu"],
    "gap": ["còn thiếu bao nhiêu so với chỉ tiêu"],
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KNOWLEDGE, today=lambda: date(2026, 11, 23))


def spellings(question: str) -> Iterator[str]:
    yield question
    yield fold(nfc(question))  # typed without diacritics
    yield unicodedata.normalize("NFD", question)  # as some phones send it


def figure(value_text: str) -> str:
    return str(re.findall(r"\d[\d.,]*\d|\d", value_text)[0])


def shows(answer: Answer, wanted: str) -> bool:
    text = re.sub(r"<[^>]+>", "", render_html(answer))
    return re.search(r"(?<![\d.,])" + re.escape(wanted) + r"(?![\d])", text) is not None


def test_every_figure_by_every_name_of_its_metric(engine: Engine) -> None:
    missed = []
    for fact in KNOWLEDGE.facts.values():
        metric = KNOWLEDGE.metrics[fact.metric]
        for name in (metric.name, *metric.aliases):
            for aspect in ASPECT_WORDS.get(fact.kind, []):
                for question in spellings(f"{name} năm {fact.period.year} {aspect}".strip()):
                    answer = engine.answer(question)
                    if answer.status == "not_found" or not shows(answer, figure(fact.value_text)):
                        missed.append(question)
    assert missed == []


def test_every_metric_compares_its_periods_and_declines_what_it_lacks(engine: Engine) -> None:
    missed = []
    for metric in KNOWLEDGE.metrics.values():
        values = [
            sf.fact for sf in KNOWLEDGE.facts_of(metric.id, "Lạng Sơn") if sf.fact.kind == "value"
        ]
        for name in (metric.name, *metric.aliases):
            if len(values) >= 2:
                first, last = values[0], values[-1]
                for question in spellings(
                    f"so sánh {name} {first.period.year} và {last.period.year}"
                ):
                    answer = engine.answer(question)
                    if not all(shows(answer, figure(f.value_text)) for f in (first, last)):
                        missed.append(question)
            for question in [*spellings(f"{name} năm 2017"), *spellings(f"{name} ở Hà Nội")]:
                answer = engine.answer(question)
                if answer.status != "no_data" or answer.figures:
                    missed.append(question)
    assert missed == []
