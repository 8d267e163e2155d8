"""bhxh-bot: answers Vietnamese questions about social-insurance coverage in Lạng Sơn.

python bot.py run               serve on Telegram (the offline chat when no token is set)
python bot.py ask [--json] Q…   answer in the terminal ('-' reads questions from stdin)
python bot.py chat              talk to the bot in the terminal, as a Telegram user would
python bot.py kb …              admin commands on the knowledge file
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from knowledge.answer.engine import Engine

log = logging.getLogger("bhxh_bot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", type=Path, help="config file (default ./config.toml)")
    parser.add_argument("--knowledge", type=Path, help="knowledge file to use")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve on Telegram")
    from cli import ask

    ask.add_arguments(commands.add_parser("ask", help="answer questions in the terminal"))
    commands.add_parser("chat", help="offline conversation in the terminal")
    from cli import kb

    kb.add_arguments(commands.add_parser("kb", help="admin commands on the knowledge file"))
    return parser


def make_engine(settings: Settings) -> Engine:
    from knowledge.answer.engine import Engine
    from knowledge.store.knowledge_file import load_knowledge

    return Engine(load_knowledge(settings.knowledge_path), default_region=settings.default_region)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        settings = load_settings(args.config, knowledge_path=args.knowledge)
    except SettingsError as error:
        print(f"Lỗi cấu hình: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from knowledge.store import data_folder
    from knowledge.store.snapshot import InvalidKnowledge
    from knowledge.store.tables import StoreError

    try:
        data_folder.prepare(settings.data_dir, settings.knowledge_path)
    except OSError as error:
        print(f"Không tạo được thư mục dữ liệu {settings.data_dir}: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "ask":
            from cli import ask

            return ask.run(args, make_engine(settings))
        if args.command == "chat" or (args.command == "run" and not settings.token):
            from cli import chat

            if args.command == "run":
                print("Chưa có TELEGRAM_BOT_TOKEN: chạy trò chuyện ngoại tuyến.", file=sys.stderr)
            return chat.run(make_engine(settings))
        if args.command == "kb":
            from cli import kb

            return kb.run(args, settings)
        from handlers.app import serve

        status: int = serve(settings)
        return status
    except InvalidKnowledge as error:
        print(str(error), file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
