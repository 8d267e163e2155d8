"""`python bot.py ask [--json] QUESTION…`: answers in the terminal, one JSON object per line.

With `-` (or no question) it reads one question per line from stdin, answering each as it
comes, so a hundred questions cost one start-up. Every input line gets exactly one answer,
an empty one too: callers pair questions and answers by order.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from knowledge.answer.engine import Answer, Engine, Figure
from replies.answer import render_html


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("question", nargs="*", help="the question; '-' or nothing reads stdin")


def figure_json(figure: Figure) -> dict[str, Any]:
    fact = figure.fact
    return {
        "id": figure.id,
        "metric": fact.metric,
        "metric_name": figure.metric.name,
        "kind": fact.kind,
        "value": fact.value,
        "value_text": fact.value_text,
        "unit": fact.unit,
        "of": fact.of,
        "compared_to": fact.compared_to,
        "period": fact.period.label,
        "region": fact.region,
        "source": figure.source.url,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "status": answer.status,
        "text": render_html(answer),
        "facts": [figure_json(f) for f in answer.figures],
        "suggestions": [{"label": s.label, "question": s.question} for s in answer.suggestions],
    }


def questions(args: argparse.Namespace, stdin: TextIO) -> Iterator[str]:
    if args.question and args.question != ["-"]:
        yield " ".join(args.question)
        return
    for line in stdin:
        yield line.rstrip("\n")


def run(
    args: argparse.Namespace, engine: Engine, out: TextIO = sys.stdout, stdin: TextIO = sys.stdin
) -> int:
    for question in questions(args, stdin):
        answer = engine.answer(question)
        if args.json:
            out.write(json.dumps(answer_json(answer), ensure_ascii=False) + "\n")
        else:
            out.write(render_html(answer) + "\n\n")
        out.flush()
    return 0
