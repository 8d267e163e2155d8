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
from knowledge.memory import Conversations
from knowledge.understand.folding import well_formed
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


def questions(args: argparse.Namespace, stdin: TextIO) -> Iterator[tuple[str | None, str]]:
    """(chat, question) pairs: a JSON line {"chat": ID, "question": TEXT} belongs to the
    conversation of its chat; any other line is a question of its own (chat None)."""
    if args.question and args.question != ["-"]:
        yield None, " ".join(args.question)
        return
    for line in _lines(stdin):
        yield chat_line(line)


def _lines(stdin: TextIO) -> Iterator[str]:
    """Each input line, whatever its bytes: invalid UTF-8 and lone surrogates become U+FFFD, so
    every line still gets its one answer (lines end at \\n only, as callers count them)."""
    raw = getattr(stdin, "buffer", None)
    source = raw if raw is not None else stdin
    for line in source:
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        yield well_formed(text.removesuffix("\n").removesuffix("\r"))


def chat_line(line: str) -> tuple[str | None, str]:
    """A JSON chat line's (chat key, question), or (None, the line) for anything else."""
    if not line.lstrip().startswith("{"):
        return None, line
    try:
        data = json.loads(line)
    except ValueError:
        return None, line
    if not isinstance(data, dict) or not isinstance(data.get("question"), str):
        return None, line
    chat = data.get("chat")
    question = well_formed(data["question"])
    return (None if chat is None else json.dumps(chat, sort_keys=True)), question


def run(
    args: argparse.Namespace, engine: Engine, out: TextIO = sys.stdout, stdin: TextIO = sys.stdin
) -> int:
    memory = Conversations()
    for chat, question in questions(args, stdin):
        answer = engine.answer(question, memory.get(chat) if chat is not None else None)
        if chat is not None:
            memory.remember(chat, answer.topic)
        if args.json:
            out.write(json.dumps(answer_json(answer), ensure_ascii=False) + "\n")
        else:
            out.write(render_html(answer) + "\n\n")
        out.flush()
    return 0
