"""/nhap corrections before saving: 📍 địa bàn, 🗓 kỳ, 📊 chỉ tiêu — for one candidate, a few
('2,4-5') or all of them.

    📍 → "Hà Tĩnh" (all) or "2,4-5 Hà Tĩnh"      🗓 → "9 tháng đầu năm 2023" or "1-3 năm 2022"
    📊 → "3" (which candidates) → a button per existing metric (adm:imp:<token>:m<i>)

After each correction the review is sent again with fresh buttons (the old ones expire); the
corrected candidates say "quản trị viên sửa" where their place or period came from.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from html import escape

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.callbacks import IMPORT
from handlers.services import Context
from knowledge.ingest.article import Candidate
from knowledge.ingest.corrections import (
    metric_choices,
    read_period,
    read_place,
    read_selection,
    with_metric,
    with_period,
    with_place,
)
from knowledge.ingest.when import article_periods
from knowledge.understand.folding import fold, nfc

ASK = {
    "place": "📍 Gửi địa bàn đúng cho <b>mọi</b> số liệu, ví dụ <code>Hà Tĩnh</code> hoặc "
    "<code>cả nước</code>; chỉ một số số liệu: <code>2,4-5 Hà Tĩnh</code>. /huy để thôi.",
    "period": "🗓 Gửi kỳ đúng cho <b>mọi</b> số liệu, ví dụ <code>9 tháng đầu năm 2023</code>, "
    "<code>năm 2022</code>; chỉ một số số liệu: <code>1-3 hết tháng 6/2023</code>.",
    "metric": "📊 Gửi số thứ tự các số liệu cần đổi chỉ tiêu, ví dụ <code>3</code> hoặc "
    "<code>1,3-5</code>.",
}
_LEADING_SELECTION = re.compile(r"^\s*(\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*)\s+")


def split_selection(text: str, count: int) -> tuple[set[int] | None, str]:
    """'2,4-5 Hà Tĩnh' → ({1, 3, 4}, 'Hà Tĩnh'); 'Hà Tĩnh' → (all, 'Hà Tĩnh'); a value that
    itself starts with a number ('6 tháng đầu năm 2024') is for all."""
    match = _LEADING_SELECTION.match(text)
    if not match or _starts_a_period(text):
        return set(range(count)), text.strip()
    return read_selection(match.group(1), count), text[match.end() :].strip()


def _starts_a_period(text: str) -> bool:
    folded = fold(nfc(text.strip()))
    return any(a.start == 0 for a in article_periods(folded, date.today()))


def corrected(
    action: str, text: str, candidates: list[Candidate], today_year_of: Candidate
) -> tuple[list[Candidate] | None, str]:
    """Apply a typed place or period; (None, why) when it cannot be read."""
    chosen, value = split_selection(text, len(candidates))
    if chosen is None:
        return None, f"Số thứ tự phải từ 1 đến {len(candidates)}."
    if action == "place":
        place = read_place(value)
        if place is None:
            return None, f"'{escape(value)}' không phải một tỉnh hay 'cả nước'."
        return [with_place(c, place) if n in chosen else c for n, c in enumerate(candidates)], ""
    period = read_period(value, today_year_of.fact.period.end)
    if period is None:
        return None, f"Không hiểu kỳ '{escape(value)}' (vd. 9 tháng đầu năm 2023, năm 2022)."
    return [with_period(c, period) if n in chosen else c for n, c in enumerate(candidates)], ""


def metric_keyboard(token: str, names: list[str]) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(name[:60], callback_data=IMPORT.data(f"{token}:m{i}"))]
        for i, name in enumerate(names)
    ]
    return InlineKeyboardMarkup(rows)


async def ask_for(query: CallbackQuery, action: str) -> None:
    await query.answer()
    message = query.message
    if message is not None:
        await query.get_bot().send_message(message.chat.id, ASK[action])


async def pick_metrics(
    update: Update,
    context: Context,
    text: str,
    candidates: list[Candidate],
    token: str,
) -> tuple[set[int], list[str]] | None:
    """The admin named which candidates: offer existing metrics as buttons."""
    message = update.effective_message
    assert message is not None
    chosen = read_selection(text, len(candidates))
    if chosen is None:
        await message.reply_text(f"Số thứ tự phải từ 1 đến {len(candidates)}, vd. 3 hoặc 1,3-5.")
        return None
    knowledge = context.bot_data.store.current
    options = metric_choices(knowledge.metrics.values(), candidates[min(chosen)])
    numbers = ", ".join(str(n + 1) for n in sorted(chosen))
    await message.reply_text(
        f"📊 Chỉ tiêu có sẵn cho số liệu {numbers}:",
        reply_markup=metric_keyboard(token, [m.name for m in options]),
    )
    return chosen, [m.id for m in options]


def apply_metric(
    candidates: list[Candidate], chosen: set[int], metric_id: str, context: Context
) -> list[Candidate]:
    metric = context.bot_data.store.current.metrics[metric_id]
    return [with_metric(c, metric) if n in chosen else c for n, c in enumerate(candidates)]


def fresh_token() -> str:
    return secrets.token_hex(3)
