"""What a reply says about the conversation: what a follow-up carried over from the question
before, how fresh the figure is, that the bot holds figures and not explanations, and the
short replies to thanks, goodbyes, "ok", and to a follow-up with nothing to follow."""

from __future__ import annotations

from html import escape

from knowledge.answer.results import Answer

SHORT_REPLIES = {
    "thanks": "Không có gì ạ! 😊 Bạn cần số liệu nào nữa cứ hỏi mình nhé.",
    "bye": "Tạm biệt bạn! 👋 Khi cần số liệu BHXH, BHYT, BHTN cứ nhắn mình nhé.",
    "ack": "Vâng ạ 👍 Bạn muốn xem số liệu nào tiếp theo?",
}
FOLLOW_UP_ALONE = (
    "Bạn muốn hỏi số liệu nào? Mình chưa có câu hỏi trước để hiểu tiếp. Bạn hãy nêu chỉ số, "
    "ví dụ: <i>tỷ lệ bao phủ BHYT năm 2022</i>."
)
WHY = (
    "Mình chỉ có các số liệu đã công bố, không có phân tích nguyên nhân. Đây là số liệu liên quan:"
)


def short_reply(answer: Answer) -> list[str] | None:
    """The whole reply for small talk and for a follow-up with nothing before; else None."""
    reason = answer.reason or ""
    if reason in SHORT_REPLIES:
        return [escape(SHORT_REPLIES[reason])]
    if reason == "follow_up":
        return [FOLLOW_UP_ALONE]
    if reason == "subject" and answer.asked:
        return [
            f"🔎 Mình chưa có số liệu về <b>{escape(answer.asked)}</b>. Mình có số liệu về "
            "số người tham gia, tỷ lệ bao phủ, thu, nợ BHXH, BHYT, BHTN."
        ]
    return None


def carried_line(answer: Answer) -> str:
    """'↪️ Theo câu hỏi trước: Tỷ lệ bao phủ BHYT · Lạng Sơn' (empty when nothing carried)."""
    if not answer.carried:
        return ""
    return "↪️ <i>Theo câu hỏi trước: " + " · ".join(escape(c) for c in answer.carried) + "</i>"


def freshness_line(answer: Answer) -> str:
    """The latest figure says so, and how old it is past a year; 'năm nay' without a figure
    yet says the latest is shown instead."""
    head = answer.headline
    if head is None or not answer.latest:
        return ""
    label = escape(head.fact.period.label)
    age = f", cách đây hơn {answer.age_years} năm" if answer.age_years >= 1 else ""
    if answer.instead_of:
        return (
            f"🕒 <i>Chưa có số liệu {escape(answer.instead_of)}. Số liệu mới nhất hiện có là "
            f"{label}{age}.</i>"
        )
    return f"🕒 <i>Số liệu mới nhất hiện có ({label}{age}).</i>"


def framed(answer: Answer, blocks: list[str]) -> list[str]:
    """The blocks with the carried-over line first, the freshness line after the figure and
    the "figures, not explanations" line on top of a "vì sao" question."""
    out = list(blocks)
    if answer.status == "no_data" and answer.note:
        out.append(f"<i>{escape(answer.note)}</i>")
    fresh = freshness_line(answer)
    if fresh:
        out.insert(min(2, len(out)), fresh)
    if answer.why:
        out.insert(0, escape(WHY))
    line = carried_line(answer)
    if line:
        out.insert(0, line)
    return out
