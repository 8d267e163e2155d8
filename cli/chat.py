"""`python bot.py chat`: an offline terminal conversation showing what a Telegram user sees.

Suggestion buttons appear as numbered choices: type the number to press one.
"""

from __future__ import annotations

import re
import sys
from html import unescape
from typing import TextIO

from handlers.render import render_blocks, split_blocks
from knowledge.answer import Engine, Suggestion

WELCOME = (
    "BHXH bot — trò chuyện ngoại tuyến (không cần Telegram). Gõ câu hỏi, số để chọn gợi ý, "
    "hoặc 'q' để thoát."
)


def html_to_terminal(html: str) -> str:
    """Telegram HTML as a terminal shows it: quotes indented, links with their address."""
    text = re.sub(
        r"<blockquote[^>]*>(.*?)</blockquote>",
        lambda m: "\n".join("  │ " + line for line in m.group(1).split("\n")),
        html,
        flags=re.S,
    )
    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"\2 <\1>", text, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", text))


def run(engine: Engine, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    out.write(WELCOME + "\n")
    suggestions: list[Suggestion] = []
    while True:
        out.write("\nBạn: ")
        out.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in ("q", "quit", "exit", "thoát"):
            out.write("\nTạm biệt!\n")
            return 0
        text = line.strip()
        if not text:
            continue
        if text.isdigit() and 1 <= int(text) <= len(suggestions):
            text = suggestions[int(text) - 1].question
            out.write(f"(chọn) {text}\n")
        answer = engine.answer(text)
        for message in split_blocks(render_blocks(answer)):
            out.write("\nBot:\n" + html_to_terminal(message) + "\n")
        suggestions = list(answer.suggestions)
        for n, suggestion in enumerate(suggestions, 1):
            out.write(f"  [{n}] {suggestion.label}\n")
