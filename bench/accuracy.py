"""Accuracy on the dev questions (with their NFD spellings) of this bot and two plain FAQ bots.

All three answer from the same knowledge file and are judged by the shared judge
(../shared/eval/score.py judge()) from {"status", "text"} dicts made the same way.

The peers are what a quick FAQ bot would be. Their FAQ: one entry per distinct
"metric name + period label" string of the facts; the reply lists every figure of that entry
(value, % of plan, change …), which is generous: the judge only needs the figure to be shown.
Both lowercase (rapidfuzz through its standard `utils.default_process`), neither folds
diacritics, takes out years or knows synonyms: that is the point of the comparison.

  difflib    difflib.get_close_matches(question, entries, n=1, cutoff=c)
  rapidfuzz  rapidfuzz.process.extractOne(question, entries, scorer=fuzz.WRatio,
                                          processor=utils.default_process, score_cutoff=c)

Below the cutoff a peer declines ("not_found", no figure). The cutoff is swept over the whole
range and the best one on this very set is used: an upper bound for the peers, the fairest
possible to them (ties go to the cutoff nearest the usual default: 0.6 for difflib — its own
default — and 80 for WRatio). Every cutoff's score is kept in the results.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from bench.questions import EVAL_DIR, Row, dev_rows, judge
from cli.ask import answer_json
from knowledge.answer.engine import Engine
from knowledge.model import Fact
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.store.snapshot import Knowledge
from replies.figures import figure_words

Reply = dict[str, Any]
System = Callable[[str], Reply]

DIFFLIB_CUTOFFS = tuple(round(0.05 * i, 2) for i in range(0, 20))  # 0.00 … 0.95
WRATIO_CUTOFFS = tuple(float(5 * i) for i in range(0, 20))  # 0 … 95
DIFFLIB_DEFAULT = 0.6
WRATIO_DEFAULT = 80.0
DECLINE = "Xin lỗi, tôi không tìm thấy câu trả lời cho câu hỏi này."


def faq_entries(knowledge: Knowledge) -> dict[str, str]:
    """FAQ key ("metric name + period label") → the reply a simple FAQ bot would send."""
    grouped: dict[str, list[Fact]] = {}
    for fact_id in sorted(knowledge.facts):
        fact = knowledge.facts[fact_id]
        key = f"{knowledge.metrics[fact.metric].name} {fact.period.label}"
        grouped.setdefault(key, []).append(fact)
    return {
        key: f"<b>{escape(key)}</b>: " + "; ".join(escape(figure_words(f)) for f in facts)
        for key, facts in grouped.items()
    }


def _reply(entries: dict[str, str], key: str | None) -> Reply:
    if key is None:
        return {"status": "not_found", "text": escape(DECLINE)}
    return {"status": "answered", "text": entries[key]}


def difflib_bot(knowledge: Knowledge, cutoff: float) -> System:
    entries = faq_entries(knowledge)
    lowered = {key.lower(): key for key in entries}

    def ask(question: str) -> Reply:
        found = difflib.get_close_matches(question.lower(), list(lowered), n=1, cutoff=cutoff)
        return _reply(entries, lowered[found[0]] if found else None)

    return ask


def rapidfuzz_bot(knowledge: Knowledge, cutoff: float) -> System:
    entries = faq_entries(knowledge)
    keys = list(entries)

    def ask(question: str) -> Reply:
        found = process.extractOne(
            question, keys, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=cutoff
        )
        return _reply(entries, found[0] if found else None)

    return ask


def this_bot(knowledge: Knowledge) -> System:
    engine = Engine(knowledge)

    def ask(question: str) -> Reply:
        return answer_json(engine.answer(question))

    return ask


def score(system: System, rows: Iterable[Row], eval_dir: Path = EVAL_DIR) -> dict[str, Any]:
    """Judge one system on the rows: percent correct, per tag, and the failures."""
    check = judge(eval_dir)
    good = 0
    total = 0
    by_tag: dict[str, list[int]] = {}
    failures: list[str] = []
    for row in rows:
        ok, why = check(row.expect, system(row.question))
        total += 1
        good += ok
        for tag in row.tags.split(","):
            counts = by_tag.setdefault(tag, [0, 0])
            counts[0] += ok
            counts[1] += 1
        if not ok:
            failures.append(f"{row.id}: {why}")
    return {
        "percent": round(100.0 * good / total, 1) if total else 0.0,
        "correct": good,
        "total": total,
        "by_tag": {t: f"{g}/{n}" for t, (g, n) in sorted(by_tag.items())},
        "failures": failures,
    }


def _best(
    make: Callable[[float], System], cutoffs: Iterable[float], default: float, rows: list[Row]
) -> tuple[float, dict[str, Any], dict[str, float]]:
    sweep: dict[float, dict[str, Any]] = {c: score(make(c), rows) for c in cutoffs}
    best = max(sweep, key=lambda c: (sweep[c]["percent"], -abs(c - default)))
    return best, sweep[best], {str(c): s["percent"] for c, s in sweep.items()}


def run(path: Path = DEFAULT_PATH, eval_dir: Path = EVAL_DIR) -> dict[str, Any]:
    """Accuracy of the three systems on the dev set (+ NFD) over the knowledge at `path`."""
    knowledge = load_knowledge(path)
    rows = dev_rows(eval_dir)
    bot = score(this_bot(knowledge), rows, eval_dir)
    d_cut, d_best, d_sweep = _best(
        lambda c: difflib_bot(knowledge, c), DIFFLIB_CUTOFFS, DIFFLIB_DEFAULT, rows
    )
    r_cut, r_best, r_sweep = _best(
        lambda c: rapidfuzz_bot(knowledge, c), WRATIO_CUTOFFS, WRATIO_DEFAULT, rows
    )
    return {
        "questions": len(rows),
        "systems": {
            "bhxh-bot": {**bot},
            "difflib": {**d_best, "cutoff": d_cut, "sweep": d_sweep},
            "rapidfuzz-wratio": {**r_best, "cutoff": r_cut, "sweep": r_sweep},
        },
    }
