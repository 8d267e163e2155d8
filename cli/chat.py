"""`python bot.py chat`: an offline terminal conversation showing what a Telegram user sees.

Buttons appear as numbered choices: type the number to press one. The chart button saves the
PNG the bot would send. /start, /help, /chiso and /nguon work as on Telegram.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from html import unescape
from pathlib import Path
from typing import TextIO

from knowledge.answer.engine import Answer, Engine
from knowledge.memory import Conversations
from replies.answer import render_blocks
from replies.buttons import answer_buttons
from replies.limits import split_blocks

WELCOME = (
    "BHXH bot — trò chuyện ngoại tuyến (không cần Telegram). Gõ câu hỏi, số để bấm nút, "
    "/help để xem hướng dẫn, hoặc 'q' để thoát."
)
CHAT = "terminal"  # the one conversation of the terminal
Choice = tuple[str, Callable[[], None]]  # (button text, what pressing it does)


def html_to_terminal(html: str) -> str:
    """Telegram HTML as a terminal shows it: quotes indented, links with their address."""
    text = re.sub(
        r"<blockquote[^>]*>(.*?)</blockquote>",
        lambda m: "\n".join("  │ " + line for line in m.group(1).split("\n")),
        html,
        flags=re.S,
    )
    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', "\\2 \x01\\1\x02", text, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", "", text))  # the address survives the tag stripping
    return text.replace("\x01", "<").replace("\x02", ">")


class Chat:
    """One terminal conversation: what the bot sends, and the buttons under its last message."""

    def __init__(self, engine: Engine, out: TextIO, chart_dir: Path) -> None:
        self.engine = engine
        self.memory = Conversations()  # one conversation: follow-ups read its topic
        self.out = out
        self.chart_dir = chart_dir
        self.choices: list[Choice] = []

    def send(self, blocks: list[str]) -> None:
        for message in split_blocks(blocks):
            self.out.write("\nBot:\n" + html_to_terminal(message) + "\n")

    def show_choices(self) -> None:
        for n, (text, _) in enumerate(self.choices, 1):
            self.out.write(f"  [{n}] {text}\n")

    def ask(self, question: str) -> None:
        answer = self.engine.answer(question, self.memory.get(CHAT))
        self.memory.remember(CHAT, answer.topic)
        self.send(render_blocks(answer))
        self.offer(answer, details=True)

    def offer(self, answer: Answer, details: bool) -> None:
        """The answer's buttons that work offline (votes and 🔔 need Telegram)."""
        self.choices = []
        for button in (b for row in answer_buttons(answer, details) for b in row):
            if button.action == "ask":
                self.choices.append((button.label, partial(self.press, button.payload)))
            elif button.action == "details":
                self.choices.append((button.label, partial(self.details, answer)))
            elif button.action == "chart":
                path = self.chart_dir / f"bieu-do-{answer.metric.id if answer.metric else 'x'}.png"
                self.choices.append(
                    (f"{button.label} (lưu PNG vào {path})", partial(self.chart, answer, path))
                )
        self.show_choices()

    def details(self, answer: Answer) -> None:
        self.send(render_blocks(answer, full=True))
        self.offer(answer, details=False)

    def press(self, question: str) -> None:
        self.out.write(f"(chọn) {question}\n")
        self.ask(question)

    def chart(self, answer: Answer, path: Path) -> None:
        from replies.charts import chart_caption, render_chart  # matplotlib only when asked

        region = answer.region or self.engine.default_region
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_chart(answer.history, region))
        self.send([f"🖼 Đã lưu biểu đồ: {path}", chart_caption(answer.history, region)])

    def command(self, name: str) -> None:
        from replies import pages as c

        if name == "start":
            self.memory.forget(CHAT)
            self.send([c.welcome_html(self.engine)])
            self.choices = [(q, partial(self.press, q)) for q in c.examples(self.engine)]
            self.show_choices()
        elif name == "help":
            self.send([c.help_html(self.engine, None)])
        elif name == "chiso":
            self.send(c.metrics_blocks(self.engine))
        elif name == "nguon":
            self.send(c.sources_blocks(self.engine))
        else:
            self.send([c.UNKNOWN_COMMAND])


def run(
    engine: Engine,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    chart_dir: Path | None = None,
) -> int:
    chat = Chat(engine, out, chart_dir or Path(tempfile.gettempdir()))
    out.write(WELCOME + "\n")
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
        if text.isdigit() and 1 <= int(text) <= len(chat.choices):
            chat.choices[int(text) - 1][1]()
        elif text.startswith("/") and len(text) > 1:
            chat.command(text[1:].split()[0].split("@")[0].lower())
        else:
            chat.ask(text)
