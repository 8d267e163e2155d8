"""Many ways of typing a question (and their NFD forms) get the reply a user expects."""

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from replies.answer import render_html

ROWS = [
    line.rstrip("\n").split("\t")
    for line in (Path(__file__).parent / "paraphrases.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(DEFAULT_PATH), today=lambda: date(2026, 11, 23))


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize(("question", "status", "figure"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_reply(
    engine: Engine, question: str, status: str, figure: str, form: Literal["NFC", "NFD"]
) -> None:
    answer = engine.answer(unicodedata.normalize(form, question))
    text = re.sub(r"<[^>]+>", "", render_html(answer))
    assert answer.status == status, text
    if figure:
        assert re.search(r"(?<![\d.,])" + re.escape(figure) + r"(?![\d])", text), text
    if status in ("not_found", "no_data"):
        assert answer.figures == ()
