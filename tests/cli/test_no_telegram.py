"""`bot.py ask` and `bot.py chat` render through replies/ and never load python-telegram-bot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys, bot
status = bot.main(sys.argv[1:])
names = ("telegram", "telegram.", "handlers")
loaded = sorted(m for m in sys.modules if m == "telegram" or m.startswith(names[1:]))
print("LOADED", loaded, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["ask", "--json", "tỷ lệ bao phủ BHYT 2019"], ""),
        (["chat"], "/start\n/help\n/chiso\n/nguon\ntỷ lệ bao phủ BHYT\n1\nq\n"),
    ],
)
def test_terminal_commands_import_no_telegram(argv: list[str], stdin: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "97,5%" in done.stdout or "86,96%" in done.stdout  # it did answer
    assert "LOADED []" in done.stderr
