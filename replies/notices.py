"""What the bot says about feedback and subscriptions: thanks for a vote, the request for a 👎's
reason, /theodoi and /huytheodoi, the message that announces a new figure, and the admins'
/phanhoi list."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from knowledge.answer.engine import Answer
from knowledge.model import Metric
from knowledge.store.feedback import WrongAnswer
from replies.answer import render_blocks

THANKS_UP = "Cảm ơn bạn! 👍"
THANKS_DOWN = "Cảm ơn bạn đã báo! 👎"
ASK_REASON = (
    "Cảm ơn bạn đã báo câu trả lời chưa đúng. Nếu muốn, hãy gửi <b>lý do ngắn</b> trong tin "
    "nhắn tiếp theo (vd. <i>sai kỳ</i>, <i>số liệu cũ</i>, <i>hỏi tỉnh khác</i>), hoặc bấm Bỏ qua."
)
REASON_SKIP = "Bỏ qua"
REASON_SAVED = "✅ Đã ghi lý do, cảm ơn bạn! Quản trị viên sẽ xem lại câu trả lời này."
REASON_SKIPPED = "Đã bỏ qua. Cảm ơn bạn!"
SUBSCRIBE_HOW = (
    "Gõ <code>/theodoi</code> kèm tên chỉ số, vd. <code>/theodoi tỷ lệ bao phủ BHYT</code>, "
    "hoặc bấm 🔔 Theo dõi dưới một câu trả lời. Mình sẽ nhắn khi có số liệu kỳ mới."
)
SUBSCRIBE_UNKNOWN = "Mình chưa biết chỉ số nào khớp với «{}». Thử tên khác, vd. tỷ lệ bao phủ BHYT."
NO_SUBSCRIPTIONS = "Bạn chưa theo dõi chỉ số nào. " + SUBSCRIBE_HOW
TOO_MANY = "Mỗi cuộc trò chuyện theo dõi được tối đa {} chỉ số; hãy bỏ bớt bằng /huytheodoi."


def followed(metric: Metric, region: str) -> str:
    return f"<b>{escape(metric.name)}</b> · {escape(region)}"


def subscribed(metric: Metric, region: str, latest: str | None) -> str:
    now = f" Số liệu mới nhất hiện có: kỳ <i>{escape(latest)}</i>." if latest else ""
    return (
        f"🔔 Đã theo dõi {followed(metric, region)}.{now} Khi có số liệu kỳ mới, mình sẽ nhắn "
        "bạn. /huytheodoi để bỏ."
    )


def already_subscribed(metric: Metric, region: str) -> str:
    return f"🔔 Bạn đã theo dõi {followed(metric, region)} rồi. /huytheodoi để bỏ."


def subscriptions_list(items: Sequence[tuple[Metric, str]]) -> str:
    lines = [f"{n}. {followed(m, r)}" for n, (m, r) in enumerate(items, 1)]
    return "🔔 <b>Bạn đang theo dõi</b>:\n" + "\n".join(lines) + "\nBấm 🔕 để bỏ theo dõi."


def unsubscribed(metric: Metric, region: str) -> str:
    return f"🔕 Đã bỏ theo dõi {followed(metric, region)}."


def new_figure_blocks(answer: Answer) -> list[str]:
    """The message to a subscriber: the new figure as a phone-sized answer, with its source."""
    assert answer.metric is not None
    header = f"🔔 <b>Số liệu mới</b> — {followed(answer.metric, answer.region or '')}"
    return [header, *render_blocks(answer)]


def wrong_answers_blocks(wrong: Sequence[WrongAnswer]) -> list[str]:
    """/phanhoi: answers marked 👎, the most recent first."""
    if not wrong:
        return ["Chưa có câu trả lời nào bị đánh dấu 👎. 🎉"]
    blocks = ["👎 <b>Câu trả lời bị đánh dấu chưa đúng</b> (mới nhất trước):"]
    for n, item in enumerate(wrong, 1):
        reasons = "".join(f"\n   💬 {escape(r)}" for r in item.reasons)
        blocks.append(
            f"{n}. «{escape(item.question or '?')}» — 👎 {item.down} · 👍 {item.up} "
            f"({escape(item.last_down[:10])})\n   ↳ {escape(item.answered or '?')}{reasons}"
        )
    return blocks
