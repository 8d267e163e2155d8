"""The question sets of the benchmarks.

The dev set and its judge come from the shared evaluation (../shared/eval/score.py), imported
as a module so that what counts as a correct answer is defined in one place only.
"""

from __future__ import annotations

import importlib.util
import os
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from knowledge.understand.folding import fold
from knowledge.understand.places import PROVINCES

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(os.environ.get("BENCH_EVAL_DIR", ROOT.parent / "shared" / "eval"))
DEV_SET = EVAL_DIR / "questions.dev.tsv"

Judge = Callable[[str, dict[str, Any]], tuple[bool, str]]


class Row(NamedTuple):
    id: str
    question: str
    expect: str
    tags: str


def score_module(eval_dir: Path = EVAL_DIR) -> ModuleType:
    """../shared/eval/score.py as a module (its load() and judge())."""
    path = eval_dir / "score.py"
    spec = importlib.util.spec_from_file_location("bhxh_eval_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no scoring script at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_rows(eval_dir: Path = EVAL_DIR) -> list[Row]:
    """The dev questions, then the NFD spelling of each one that has one (as `score.py --nfd`)."""
    score = score_module(eval_dir)
    rows = [Row(*r) for r in score.load(str(eval_dir / "questions.dev.tsv"))]
    nfd = [
        Row(r.id + "-nfd", unicodedata.normalize("NFD", r.question), r.expect, r.tags + ",nfd")
        for r in rows
        if unicodedata.normalize("NFD", r.question) != r.question
    ]
    return rows + nfd


def judge(eval_dir: Path = EVAL_DIR) -> Judge:
    fn: Judge = score_module(eval_dir).judge
    return fn


# Questions naming other places and periods, so the region and period indexes are exercised
# (most of these are answered from synthetic knowledge, some are "no data" on purpose).
_TEMPLATES = (
    "tỷ lệ bao phủ BHYT {place} {year}",
    "ty le bao phu bhyt {place_ascii} nam {year}",
    "số người tham gia BHXH tự nguyện của {place} năm {year}",
    "số người tham gia BHXH bắt buộc tỉnh {place} 6 tháng đầu năm {year}",
    "bn người tham gia bhyt ở {place} vậy ad",
    "tổng số đối tượng tham gia BHXH, BHYT, BHTN {place} 9 tháng đầu năm {year}",
    "số người tham gia BHTN {place} năm {year} là bao nhiêu",
    "so sánh số người tham gia BHYT {place} năm {year} và {year2}",
    "tỷ lệ người tham gia BHXH so với lực lượng lao động {place} {year}",
    "health insurance coverage {place_ascii} {year}",
    "số nợ BHXH, BHYT, BHTN {place} 3 tháng đầu năm {year}",
    "tổng thu BHXH BHYT BHTN {place} {year}",
)


FOLLOW_UPS = (
    "còn năm 2019 thì sao?",
    "thế BHTN?",
    "ở Hà Nội thì sao?",
    "đạt bao nhiêu % kế hoạch?",
    "còn tỷ lệ bao phủ?",
    "qua các năm thì sao",
    "so với cả nước?",
)


def latency_mix(n_extra: int = 120, seed: int = 11) -> list[str]:
    """The dev questions (NFC and NFD) plus `n_extra` questions about other places and years,
    with a follow-up after every third question (they are asked as conversations)."""
    rng = random.Random(seed)
    out = [r.question for r in dev_rows()]
    places = [p for p in PROVINCES if p != "Lạng Sơn"]
    for i in range(n_extra):
        place = rng.choice(places)
        year = rng.randint(2015, 2030)
        text = _TEMPLATES[i % len(_TEMPLATES)].format(
            place=place, place_ascii=fold(place).title(), year=year, year2=year + rng.randint(1, 4)
        )
        out.append(text)
    mixed: list[str] = []
    for i, question in enumerate(out):
        mixed.append(question)
        if i % 3 == 2:
            mixed.append(FOLLOW_UPS[(i // 3) % len(FOLLOW_UPS)])
    return mixed
