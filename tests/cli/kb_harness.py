"""`bot.py kb …` run in-process, for the tests of the admin command line."""

from __future__ import annotations

import argparse

from cli import kb
from settings import Settings


def kb_run(settings: Settings, *argv: str) -> int:
    """`bot.py kb ARGV…` against `settings`; its exit status."""
    parser = argparse.ArgumentParser()
    kb.add_arguments(parser)
    return kb.run(parser.parse_args(argv), settings)
