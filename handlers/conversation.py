"""Commands and everything that is not a question: /start, /help, /chiso, /nguon, stickers…

The texts are built by plain functions of the engine (the offline chat shows them too); the
handlers only send them.
"""

from __future__ import annotations

from html import escape

from telegram import BotCommand, Update

from handlers.keyboards import examples_keyboard
from handlers.services import Context
from knowledge.answer.engine import Engine
from knowledge.model import Period
from replies.answer import EXAMPLES, source_link, split_blocks

COMMANDS = (
    BotCommand("start", "Giới thiệu và câu hỏi mẫu"),
    BotCommand("help", "Cách hỏi và các lệnh"),
    BotCommand("chiso", "Các chỉ số và kỳ số liệu đang có"),
    BotCommand("nguon", "Các bài báo nguồn số liệu"),
)

TEXT_ONLY = (
    "Mình chỉ đọc được câu hỏi bằng chữ thôi 🙂 Bạn hãy gõ câu hỏi, ví dụ: "
    "<i>tỷ lệ bao phủ BHYT 2022</i>."
)
UNKNOWN_COMMAND = "Mình không biết lệnh này. Gõ /help để xem hướng dẫn nhé."


def examples(engine: Engine, limit: int = 4) -> list[str]:
    """Example questions the current knowledge really answers."""
    good = [q for q in EXAMPLES if engine.answer(q).status == "answered"]
    good += [s.question for s in engine.answer("xin chào").suggestions if s.question not in good]
    return good[:limit]


def welcome_html(engine: Engine) -> str:
    """/start: what the bot is and what it knows."""
    knowledge = engine.knowledge
    years = sorted({f.period.year for f in knowledge.facts.values()})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    return (
        f"Xin chào! 👋 Mình trả lời câu hỏi về số liệu <b>BHXH, BHYT, BHTN</b> của tỉnh "
        f"<b>{escape(engine.default_region)}</b> (số người tham gia, tỷ lệ bao phủ, thu, nợ…),"
        f" kèm nguồn bài báo.\n\nMình đang có <b>{len(knowledge.facts)}</b> số liệu về "
        f"<b>{len(knowledge.metrics)}</b> chỉ số ({escape(span)}), lấy từ "
        f"<b>{len(knowledge.sources)}</b> bài báo.\n\n"
        "Gõ câu hỏi bằng tiếng Việt, hoặc bấm một câu hỏi mẫu:"
    )


def help_html(engine: Engine, username: str | None) -> str:
    """/help: how to ask, the commands, groups and inline mode."""
    name = escape(username or "ten_bot")
    sample = "\n".join(f"• {escape(q)}" for q in examples(engine))
    return (
        "<b>Cách hỏi</b>\nGõ câu hỏi bằng tiếng Việt (có dấu hoặc không dấu, viết tắt BHXH, "
        "BHYT, BHTN đều được). Có thể nêu kỳ (<i>năm 2022</i>, <i>6 tháng đầu năm</i>, "
        "<i>tháng 8/2019</i>) hoặc so sánh hai kỳ. Ví dụ:\n"
        f"{sample}\n\n"
        "<b>Lệnh</b>\n/chiso — các chỉ số và kỳ số liệu đang có\n"
        "/nguon — các bài báo nguồn\n/start — giới thiệu\n\n"
        f"<b>Trong nhóm</b>: nhắc tên @{name} hoặc trả lời tin nhắn của bot.\n"
        f"<b>Ở bất kỳ cuộc trò chuyện nào</b>: gõ <code>@{name} câu hỏi</code> để chèn "
        "số liệu."
    )


def _periods(periods: set[Period]) -> str:
    return ", ".join(escape(p.label) for p in sorted(periods, key=lambda p: (p.end, p.start)))


def metrics_blocks(engine: Engine) -> list[str]:
    """/chiso: every metric with the periods (and other places) it has figures for."""
    knowledge = engine.knowledge
    blocks = ["📊 <b>Các chỉ số đang có</b> (và các kỳ có số liệu):"]
    for metric in knowledge.metrics.values():
        by_region: dict[str, set[Period]] = {}
        for stored in knowledge.facts_of(metric.id):
            by_region.setdefault(stored.fact.region, set()).add(stored.fact.period)
        if not by_region:
            continue
        home = by_region.pop(engine.default_region, set())
        parts = [_periods(home)] if home else []
        parts += [
            f"{escape(region)}: {_periods(periods)}"
            for region, periods in sorted(by_region.items())
        ]
        blocks.append(f"• <b>{escape(metric.name)}</b> — {'; '.join(parts)}")
    return blocks


def sources_blocks(engine: Engine) -> list[str]:
    """/nguon: the source articles, newest first: linked title, publisher, date."""
    blocks = ["📰 <b>Nguồn số liệu</b>:"]
    for source in sorted(
        engine.knowledge.sources.values(), key=lambda s: s.published, reverse=True
    ):
        blocks.append(f"• {source_link(source)}")
    return blocks


async def start(update: Update, context: Context) -> None:
    """/start: what the bot knows, with example questions as buttons."""
    message = update.effective_message
    if message is None:
        return
    services = context.bot_data
    keyboard = examples_keyboard(examples(services.engine), services.buttons)
    await message.reply_text(welcome_html(services.engine), reply_markup=keyboard)


async def help_command(update: Update, context: Context) -> None:
    """/help: how to ask, the commands, groups and inline mode."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(help_html(context.bot_data.engine, context.bot.username))


async def metrics(update: Update, context: Context) -> None:
    """/chiso: every metric with the periods it has figures for."""
    message = update.effective_message
    if message is not None:
        for html in split_blocks(metrics_blocks(context.bot_data.engine)):
            await message.reply_text(html)


async def sources(update: Update, context: Context) -> None:
    """/nguon: the source articles: title (linked), publisher, date."""
    message = update.effective_message
    if message is not None:
        for html in split_blocks(sources_blocks(context.bot_data.engine)):
            await message.reply_text(html)


async def text_only(update: Update, context: Context) -> None:
    """Stickers, photos, voice, documents…: say politely that the bot reads text questions."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(TEXT_ONLY)


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: point to /help."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(UNKNOWN_COMMAND)
