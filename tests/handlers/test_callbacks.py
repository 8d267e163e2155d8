"""Every kind of button is routed to its handler from its one definition in handlers.callbacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram.ext import CallbackQueryHandler

from handlers import callbacks
from handlers.app import build_application
from handlers.questions import press_unknown
from settings import Settings


def routes(knowledge_copy: Path) -> list[CallbackQueryHandler[Any, Any]]:
    app = build_application(Settings(token="1:T", knowledge_path=knowledge_copy))
    return [h for h in app.handlers[0] if isinstance(h, CallbackQueryHandler)]


def test_each_kind_of_button_reaches_exactly_one_handler(knowledge_copy: Path) -> None:
    handlers = routes(knowledge_copy)
    for kind in callbacks.ALL:
        sample = {r"\d+": "22", callbacks.IMPORT.payload_pattern: "a1b2:save"}
        data = kind.data(sample.get(kind.payload_pattern, "3f2a9c1b0d"))
        assert len(data.encode()) <= 64
        first = next(h for h in handlers if h.check_update(_press(data)))
        assert first.callback is not press_unknown, kind
        assert sum(1 for h in handlers[:-1] if h.check_update(_press(data))) == 1, kind


def test_forged_or_old_buttons_reach_the_fallback(knowledge_copy: Path) -> None:
    handlers = routes(knowledge_copy)
    for data in ("adm:del:abc", "zz:1", "q", "adm:imp:x:drop"):
        first = next(h for h in handlers if h.check_update(_press(data)))
        assert first.callback is press_unknown, data


def _press(data: str) -> object:
    from telegram import CallbackQuery, Update, User

    user = User(1, "A", is_bot=False)
    return Update(1, callback_query=CallbackQuery("1", user, "chat", data=data))
