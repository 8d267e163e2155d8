"""The bot's pages: /start, /help, /chiso (metrics and their periods), /nguon (sources), and the
short texts for what is not a question. Plain functions of the engine: Telegram and the offline
chat show the same pages."""

from __future__ import annotations

from html import escape

from knowledge.answer.engine import Engine
from knowledge.model import Period
from replies.sources import source_link

EXAMPLES = (
    "tỷ lệ bao phủ BHYT 2022",
    "số người tham gia BHXH tự nguyện 2019",
    "so sánh số người tham gia BHYT 2019 và 2022",
    "tổng thu BHXH, BHYT, BHTN",
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
        "/nguon — các bài báo nguồn\n"
        "/theodoi <i>tên chỉ số</i> — nhắn bạn khi có số liệu kỳ mới (/huytheodoi để bỏ)\n"
        "/start — giới thiệu\n\n"
        "Dưới mỗi câu trả lời: ℹ️ Chi tiết, 📈 Biểu đồ, 👍/👎 để báo câu trả lời đúng hay "
        "chưa đúng, 🔔 để theo dõi.\n\n"
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
