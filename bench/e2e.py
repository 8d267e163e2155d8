"""Questions answered per second through the real PTB stack, next to a plain echo bot.

Both bots long-poll the loopback Bot API stand-in (tests/standin/) over real HTTP. N messages
from C private chats are pushed at once; the clock runs from the first push until the stand-in
has recorded a reply to every one of them (the arrival time of the last sendMessage).

Variants, each with a fresh stand-in:
  bot                the real bot, as handlers.app.build_application builds it: its rate limiter
                     (AIORateLimiter) caps sends at Telegram's 30 messages/s across chats
  bot_unthrottled    the same bot with that overall 30/s cap lifted (the limiter's retries kept)
  echo               a plain Application with one MessageHandler replying the text
  echo_throttled     the echo bot with the real bot's rate limiter
  echo_per_chat      the echo bot processing updates as the real bot does (chats concurrently,
                     each chat in order: handlers.ordering.PerChatOrder) — the fair baseline
  echo_rich          an echo bot that sends, for each question, the real bot's own reply (HTML,
                     buttons, quoting the question), computed before the clock starts: what
                     sending such replies costs, without the thinking
  echo_rtt, bot_rtt   the plain echo bot and the bot as built (rate limiter included) when every
                     sendMessage takes RTT_MS more, as it does when Telegram is a network away:
                     where answering chats concurrently, each in order, pays off
The capped variants are run with fewer messages: at 30/s more would only measure the cap.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

import handlers.app
from bench.questions import dev_rows
from handlers.app import RetryingRateLimiter, build_application
from handlers.keyboards import answer_keyboard
from handlers.ordering import PerChatOrder
from handlers.services import ButtonCache
from knowledge.answer.engine import Engine
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from replies.answer import render_html
from settings import Settings
from tests.standin.ptb import polling
from tests.standin.server import BotApiStandIn

TOKEN = "123456:BENCH-token"
FIRST_CHAT = 5_000_000
AnyApp = Application[Any, Any, Any, Any, Any, Any]
Progress = Callable[[int], None]
VARIANTS = (
    "echo",
    "echo_per_chat",
    "echo_rich",
    "bot_unthrottled",
    "echo_throttled",
    "bot",
    "echo_rtt",
    "bot_rtt",
)
CAPPED = ("bot", "echo_throttled", "echo_rtt", "bot_rtt")
RTT_MS = 50


class UncappedRateLimiter(RetryingRateLimiter):
    """The bot's limiter without the overall messages-per-second cap (retries unchanged)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "overall_max_rate": 0})


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def echo_application(api: BotApiStandIn, throttled: bool = False, per_chat: bool = False) -> AnyApp:
    builder = ApplicationBuilder().token(TOKEN).base_url(api.base_url)
    if per_chat:
        builder = builder.concurrent_updates(PerChatOrder())
    app: AnyApp = (
        builder.rate_limiter(RetryingRateLimiter(max_retries=3)).build()
        if throttled
        else builder.build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


def rich_echo_application(api: BotApiStandIn, texts: list[str], knowledge: Path) -> AnyApp:
    """Replies to each question with the real bot's reply to it, computed in advance."""
    engine = Engine(load_knowledge(knowledge))
    buttons = ButtonCache()
    replies: dict[str, tuple[str, InlineKeyboardMarkup | None]] = {}
    for text in set(texts):
        answer = engine.answer(text)
        replies[text] = (render_html(answer), answer_keyboard(answer, buttons))

    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            html, keyboard = replies[message.text]
            await message.reply_text(html, reply_markup=keyboard, do_quote=True)

    app: AnyApp = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(api.base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, allow_sending_without_reply=True))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, reply))
    return app


def bot_application(api: BotApiStandIn, knowledge: Path, uncapped: bool = False) -> AnyApp:
    settings = Settings(token=TOKEN, base_url=api.base_url, knowledge_path=knowledge)
    if not uncapped:
        return build_application(settings)
    with mock.patch.object(handlers.app, "RetryingRateLimiter", UncappedRateLimiter):
        return build_application(settings)


def questions_for(n: int) -> list[str]:
    """n questions cycling through the dev set (answered, no-data and out-of-scope ones)."""
    pool = [r.question for r in dev_rows()]
    return [pool[i % len(pool)] for i in range(n)]


async def _measure(
    api: BotApiStandIn,
    app: AnyApp,
    texts: list[str],
    chats: int,
    timeout: float,
    progress: Progress | None,
) -> float:
    """Messages per second for `texts` pushed from `chats` private chats to a running `app`."""
    async with polling(app):
        await asyncio.to_thread(api.wait_until_polling, 10.0)
        expected = {FIRST_CHAT + i % chats for i in range(len(texts))}
        start = time.time()
        for i, text in enumerate(texts):
            api.push_message(text, user_id=FIRST_CHAT + i % chats)
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            replies = [
                r for r in api.sent if r.method == "sendMessage" and r.params["chat_id"] in expected
            ]
            if progress is not None and len(replies) > seen:
                progress(len(replies) - seen)
            seen = len(replies)
            if seen >= len(texts):
                break
            if api.rejected:
                raise RuntimeError(f"the stand-in rejected a reply: {api.rejected[0].summary()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{seen}/{len(texts)} replies after {timeout:g}s")
            await asyncio.sleep(0.01)  # a benchmark's poll; the reply times come from the records
        last = max(r.time for r in replies)
    return len(texts) / (last - start)


def throughput(
    variant: str,
    n: int,
    chats: int,
    knowledge: Path = DEFAULT_PATH,
    timeout: float = 300.0,
    progress: Progress | None = None,
) -> float:
    """Messages/s of one variant ("bot", "bot_unthrottled", "echo", "echo_rich",
    "echo_throttled")."""
    texts = questions_for(n)
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp, BotApiStandIn() as api:
        path = Path(tmp) / "knowledge.json"
        shutil.copyfile(knowledge, path)
        if variant.endswith("_rtt"):
            api.fail_next("sendMessage", times=10 * n, kind="slow", delay=RTT_MS / 1000)
        if variant.startswith("bot"):
            app = bot_application(api, path, uncapped=variant == "bot_unthrottled")
        elif variant == "echo_rich":
            app = rich_echo_application(api, texts, path)
        else:
            app = echo_application(
                api, throttled=variant == "echo_throttled", per_chat=variant == "echo_per_chat"
            )
        return asyncio.run(_measure(api, app, texts, chats, timeout, progress))


def run(
    n: int,
    chats: int,
    n_capped: int,
    knowledge: Path = DEFAULT_PATH,
    progress: Callable[[str, int], Progress] | None = None,
) -> dict[str, Any]:
    """All the variants; the capped ones with `n_capped` messages."""
    out: dict[str, Any] = {"messages": n, "chats": chats, "messages_capped": n_capped}
    for variant in VARIANTS:
        count = n_capped if variant in CAPPED else n
        bar = progress(variant, count) if progress is not None else None
        out[f"{variant}_per_s"] = round(
            throughput(variant, count, chats, knowledge, progress=bar), 1
        )
    out["ratio"] = round(out["bot_per_s"] / out["echo_per_s"], 3)
    out["ratio_same_limiter"] = round(out["bot_per_s"] / out["echo_throttled_per_s"], 3)
    out["ratio_unthrottled"] = round(out["bot_unthrottled_per_s"] / out["echo_per_s"], 3)
    out["ratio_same_reply"] = round(out["bot_unthrottled_per_s"] / out["echo_rich_per_s"], 3)
    out["ratio_same_processing"] = round(
        out["bot_unthrottled_per_s"] / out["echo_per_chat_per_s"], 3
    )
    out["ratio_rtt"] = round(out["bot_rtt_per_s"] / out["echo_rtt_per_s"], 3)
    out["rtt_ms"] = RTT_MS
    return out
