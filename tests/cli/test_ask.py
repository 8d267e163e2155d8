"""`bot.py ask --json -`: the contract other tools rely on, and the development question set."""

import importlib.util
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

from tests.material import SHARED_EVAL, needs_shared

ROOT = Path(__file__).parents[2]


def ask(*questions: str) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "bot.py", "ask", "--json", "-"],
        cwd=ROOT,
        check=True,
        input="".join(q + "\n" for q in questions),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_one_json_object_per_question_in_order_with_the_documented_keys() -> None:
    replies = ask("tỷ lệ bao phủ BHYT 2022", "", "xin chào")
    assert [r["question"] for r in replies] == ["tỷ lệ bao phủ BHYT 2022", "", "xin chào"]
    for reply in replies:
        assert set(reply) == {"question", "status", "text", "facts", "suggestions"}
    assert replies[0]["status"] == "answered" and "86,96%" in str(replies[0]["text"])
    assert replies[2]["status"] == "not_found" and replies[2]["facts"] == []


@needs_shared(SHARED_EVAL / "questions.dev.tsv")
def test_the_development_question_set_scores_100_percent_with_nfd_variants() -> None:
    spec = importlib.util.spec_from_file_location("score", SHARED_EVAL / "score.py")
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    rows = score.load(SHARED_EVAL / "questions.dev.tsv")
    rows += [(i + "-nfd", unicodedata.normalize("NFD", q), e, t) for i, q, e, t in rows]
    replies = ask(*(q for _, q, _, _ in rows))
    failures = [
        (qid, why)
        for (qid, _, expect, _), reply in zip(rows, replies, strict=True)
        for good, why in [score.judge(expect, reply)]
        if not good
    ]
    assert failures == []


def test_every_input_line_gets_one_answer_whatever_its_bytes() -> None:
    lines = [
        "tỷ lệ bao phủ BHYT 2022".encode(),
        b"ty le bao phu \xff\xfe bhyt",  # not UTF-8
        "bảo hiểm".encode("cp1258", "replace") + b"\x81\xc0",
        b'{"chat": 1, "question": "t\\ud800 l\\u1ec7 bao ph\\u1ee7 BHYT"}',  # lone surrogate
        "xin chào".encode(),
    ]
    out = subprocess.run(
        [sys.executable, "bot.py", "ask", "--json", "-"],
        cwd=ROOT,
        check=True,
        input=b"\n".join(lines) + b"\n",
        capture_output=True,
        timeout=120,
    )
    replies = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert len(replies) == len(lines), out.stderr
    assert replies[0]["status"] == "answered" and replies[-1]["question"] == "xin chào"
    assert "\ufffd" in replies[1]["question"] and "\ufffd" in replies[3]["question"]
