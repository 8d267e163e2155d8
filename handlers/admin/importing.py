"""/nhap: an admin gives an article (pasted, or a .txt file), reviews the figures found, saves.

    /nhap [text]  or a .txt document (caption: url/title/publisher/date lines)
      → the source from the article's 'URL:/Title:/Date:' header and the caption; what is missing
        is asked for ('publisher: …' lines in the next message)
      → the candidates, numbered, with ✅/❌ toggles and 💾 Lưu   (adm:imp:<token>:<n|save|cancel>)
      → store.import_facts: source, facts and new metrics in one write, duplicates skipped.

What is pending lives in the admin's chat_data under one key, behind the typed accessor
`pending(context)`: one import per admin chat, dropped after PENDING_SECONDS or by /huy.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field
from html import escape
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.admin import import_fix
from handlers.admin.common import (
    admin_user,
    command_text,
    edit,
    reply_chat,
    send_blocks,
    who,
    write,
)
from handlers.callbacks import IMPORT
from handlers.keyboards import question_rows
from handlers.questions import ask
from handlers.services import Context
from knowledge.ingest.article import Candidate, extract_facts, parse_article_header
from knowledge.ingest.importing import (
    DOUBTFUL,
    MAX_ARTICLE_CHARS,
    SOURCE_FIELDS,
    SourceError,
    build_source,
    history_label,
    source_fields,
    source_key_values,
    split_candidates,
)
from knowledge.ingest.metadata import guess_source_fields
from knowledge.model import Source
from replies.figures import excerpt, figure_words
from replies.sources import source_link

MAX_CANDIDATES = 80  # a keyboard holds 100 buttons; articles rarely state more figures
PENDING_SECONDS = 3600.0
PER_ROW = 5
_STATE_KEY = "admin_import"  # the only chat_data key this module uses

HOW_TO = (
    "Gửi nội dung bài báo trong tin nhắn tiếp theo (bài dài hơn 4096 ký tự: gửi tệp "
    "<b>.txt</b>). Đầu bài nên có "
    "các dòng:\n<pre>URL: https://…\nTitle: Tiêu đề bài báo\nPublisher: Báo Lạng Sơn\n"
    "Date: 2022-07-13</pre>\n/huy để thôi."
)
EXAMPLES = {
    "url": "url: https://baolangson.vn/…",
    "title": "title: Tiêu đề bài báo",
    "publisher": "publisher: Báo Lạng Sơn",
    "published": "date: 2022-07-13",
}


@dataclass
class Draft:
    """An article being imported: its text, the source fields known so far, the review."""

    text: str
    fields: dict[str, str]
    token: str = field(default_factory=lambda: secrets.token_hex(3))
    source: Source | None = None
    candidates: list[Candidate] = field(default_factory=list)
    chosen: set[int] = field(default_factory=set)
    guessed: dict[str, str] = field(default_factory=dict)  # source field → where the guess is from
    metric_for: set[int] = field(default_factory=set)  # candidates the metric picker changes
    metric_ids: list[str] = field(default_factory=list)  # the picker's buttons, in order


Waiting = Literal["article", "source", "place", "period", "metric"]
_FIXES: dict[str, Waiting] = {"place": "place", "period": "period", "metric": "metric"}


@dataclass
class Pending:
    """What an admin's chat is in the middle of."""

    waiting_for: Waiting | None = None
    draft: Draft | None = None
    since: float = field(default_factory=time.monotonic)

    def reset(self) -> None:
        self.waiting_for, self.draft, self.since = None, None, time.monotonic()


def pending(context: Context) -> Pending:
    """The chat's pending import (chat_data is an untyped dict: this is its one typed door)."""
    data = context.chat_data
    if data is None:
        raise RuntimeError("admin imports need a chat")
    state = data.get(_STATE_KEY)
    if not isinstance(state, Pending) or time.monotonic() - state.since > PENDING_SECONDS:
        state = data[_STATE_KEY] = Pending()
    return state


# -- getting the article ---------------------------------------------------------------------


async def start_import(update: Update, context: Context) -> None:
    """/nhap: the article is the rest of the message, or the next message."""
    message = update.effective_message
    if message is None or await admin_user(update, context) is None:
        return
    text = command_text(message)
    if text.strip():
        await take_article(update, context, text, {})
        return
    state = pending(context)
    state.reset()
    state.waiting_for = "article"
    await message.reply_text(HOW_TO)


async def text(update: Update, context: Context) -> None:
    """An admin's text in private: the awaited article, source lines (also to amend a review:
    'region: Hà Tĩnh'), otherwise a question."""
    message = update.effective_message
    if message is None or message.text is None or await admin_user(update, context) is None:
        return
    state = pending(context)
    if state.waiting_for == "article":
        await take_article(update, context, message.text, {})
    elif state.waiting_for == "source" and state.draft is not None:
        given = source_key_values(message.text)
        if not given:
            await message.reply_text(
                "Mình đang chờ thông tin nguồn của bài báo (các dòng "
                "<code>url: …</code>, <code>publisher: …</code>…). /huy để thôi."
            )
            return
        state.draft.fields.update(given)
        await review(update, context, state.draft)
    elif state.waiting_for in ("place", "period", "metric") and state.draft is not None:
        await _take_fix(update, context, state, message.text)
    elif state.draft is not None and (given := source_key_values(message.text)):
        state.draft.fields.update(given)  # amending a review: read the article again
        state.draft.token = secrets.token_hex(3)  # the old review's buttons expire
        await review(update, context, state.draft)
    else:
        await ask(update, context)


async def take_article(
    update: Update, context: Context, article: str, given: dict[str, str]
) -> None:
    """Start reviewing an article; `given` (a caption's lines) overrides its header."""
    message = update.effective_message
    assert message is not None
    if len(article) > MAX_ARTICLE_CHARS:
        await message.reply_text(
            f"❌ Bài quá dài ({len(article):,} ký tự; tối đa {MAX_ARTICLE_CHARS:,} ký tự). "
            "Hãy gửi phần có số liệu.".replace(",", ".")
        )
        return
    state = pending(context)
    state.reset()
    state.draft = Draft(article, source_fields(parse_article_header(article), given))
    await review(update, context, state.draft)


async def cancel(update: Update, context: Context) -> None:
    """/huy: drop the pending import."""
    message = update.effective_message
    if message is None or await admin_user(update, context) is None:
        return
    state = pending(context)
    busy = state.waiting_for is not None or state.draft is not None
    state.reset()
    await message.reply_text("Đã huỷ, chưa lưu gì." if busy else "Không có việc gì đang làm dở.")


# -- the review ------------------------------------------------------------------------------


async def review(update: Update, context: Context, draft: Draft) -> None:
    """Ask for what the source lacks, or list the candidates with their buttons."""
    message = update.effective_message
    assert message is not None
    services = context.bot_data
    state = pending(context)
    knowledge = services.store.current
    fields, draft.guessed = guess_source_fields(draft.fields, draft.text)
    try:
        draft.source = build_source(fields, knowledge.sources)
    except SourceError as error:
        state.waiting_for = "source"
        lines = [f"• thiếu {escape(SOURCE_FIELDS[name])}" for name in error.missing]
        lines += [f"• {escape(problem)}" for problem in error.problems]
        wanted = error.missing or [n for n in SOURCE_FIELDS if n in str(error.problems)]
        examples = "\n".join(escape(EXAMPLES[name]) for name in wanted) or escape(EXAMPLES["url"])
        await message.reply_text(
            "Chưa đủ thông tin nguồn của bài báo:\n"
            + "\n".join(lines)
            + f"\n\nGửi thêm các dòng, ví dụ:\n<pre>{examples}</pre>\n/huy để thôi."
        )
        return
    state.waiting_for = None
    source = draft.source
    region = draft.fields.get("region") or services.settings.default_region
    found = await asyncio.to_thread(
        extract_facts,
        draft.text,
        source=source,
        known_metrics=knowledge.metrics,
        default_region=region,
    )
    if not found:
        state.reset()
        await message.reply_text("Không tìm thấy số liệu nào trong bài này, chưa lưu gì.")
        return
    draft.candidates = found[:MAX_CANDIDATES]
    draft.chosen = set(range(len(draft.candidates)))
    await show_review(context, message.chat_id, draft, len(found))


async def show_review(context: Context, chat_id: int, draft: Draft, found: int) -> None:
    """The source (guesses marked) and the numbered candidates, with their buttons."""
    source = draft.source
    assert source is not None
    knowledge = context.bot_data.store.current
    known = " (nguồn đã có: số liệu trùng sẽ được bỏ qua)" if source.id in knowledge.sources else ""
    guesses = "".join(
        f"\n⚠️ {escape(SOURCE_FIELDS[name])}: <i>{escape(why)}</i>"
        for name, why in draft.guessed.items()
    )
    blocks = [
        f"📄 {source_link(source)} "
        f"(<code>{escape(source.id)}</code>){known}{guesses}\n"
        f"Tìm thấy <b>{found}</b> số liệu"
        + (f", hiện {MAX_CANDIDATES} số liệu đầu" if found > MAX_CANDIDATES else "")
        + ". Bấm số để bỏ chọn số liệu sai; 📍 🗓 📊 để sửa địa bàn, kỳ, chỉ tiêu; rồi 💾 Lưu."
        + (" ⚠️: nên kiểm tra kỹ." if any(c.confidence < DOUBTFUL for c in draft.candidates) else "")
    ]
    blocks += [_candidate_html(n, c) for n, c in enumerate(draft.candidates, 1)]
    await send_blocks(context, chat_id, blocks, markup=_keyboard(draft))


async def _take_fix(update: Update, context: Context, state: Pending, text: str) -> None:
    """The admin typed the place, the period, or which candidates get another metric."""
    message = update.effective_message
    draft = state.draft
    assert message is not None and draft is not None and draft.candidates
    action = state.waiting_for
    if action == "metric":
        picked = await import_fix.pick_metrics(update, context, text, draft.candidates, draft.token)
        if picked is not None:
            draft.metric_for, draft.metric_ids = picked
            state.waiting_for = None
        return
    assert action in ("place", "period")
    fixed, problem = import_fix.corrected(action, text, draft.candidates, draft.candidates[0])
    if fixed is None:
        await message.reply_text(f"❌ {problem} Gửi lại, hoặc /huy để thôi.")
        return
    draft.candidates, state.waiting_for = fixed, None
    draft.token = import_fix.fresh_token()  # the old review's buttons expire
    await show_review(context, message.chat_id, draft, len(draft.candidates))


def _candidate_html(n: int, candidate: Candidate) -> str:
    fact = candidate.fact
    new = (
        f" 🆕 <i>chỉ tiêu mới</i> <code>{escape(fact.metric)}</code>"
        if candidate.new_metric is not None
        else ""
    )
    doubt = " ⚠️" if candidate.confidence < DOUBTFUL else ""
    return (
        f"{n}.{doubt} <b>{escape(figure_words(fact))}</b> — {escape(candidate.metric_name)}{new}\n"
        f"🗓 {escape(fact.period.label)} <i>({escape(candidate.period_from or '?')})</i> · "
        f"📍 {escape(fact.region)} <i>({escape(candidate.place_from or '?')})</i>\n"
        f"<i>«{escape(excerpt(fact, 60))}»</i>"
    )


def _keyboard(draft: Draft) -> InlineKeyboardMarkup:
    toggles = [
        InlineKeyboardButton(
            f"{'✅' if n in draft.chosen else '❌'} {n + 1}",
            callback_data=IMPORT.data(f"{draft.token}:{n}"),
        )
        for n in range(len(draft.candidates))
    ]
    rows = [toggles[i : i + PER_ROW] for i in range(0, len(toggles), PER_ROW)]
    rows.append(
        [
            InlineKeyboardButton("📍 Địa bàn", callback_data=IMPORT.data(f"{draft.token}:place")),
            InlineKeyboardButton("🗓 Kỳ", callback_data=IMPORT.data(f"{draft.token}:period")),
            InlineKeyboardButton("📊 Chỉ tiêu", callback_data=IMPORT.data(f"{draft.token}:metric")),
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(
                f"💾 Lưu ({len(draft.chosen)})", callback_data=IMPORT.data(f"{draft.token}:save")
            ),
            InlineKeyboardButton("✖️ Huỷ", callback_data=IMPORT.data(f"{draft.token}:cancel")),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def press(update: Update, context: Context) -> None:
    """A button of the review: toggle a candidate, save the chosen ones, or cancel."""
    query = update.callback_query
    if query is None or query.data is None or (user := await admin_user(update, context)) is None:
        return
    token, _, action = IMPORT.payload(query.data).partition(":")
    state = pending(context)
    draft = state.draft
    if draft is None or draft.token != token or draft.source is None:
        await query.answer("⌛ Lần nhập này đã xong hoặc đã hết hạn. Gửi lại bài bằng /nhap.")
        await edit(query)
        return
    if action.isdigit() and int(action) < len(draft.candidates):
        n = int(action)
        draft.chosen ^= {n}
        await query.answer(f"{'Chọn' if n in draft.chosen else 'Bỏ'} số liệu {n + 1}")
        await edit(query, markup=_keyboard(draft))
        return
    if action in ("place", "period", "metric"):
        state.waiting_for = (
            "place" if action == "place" else "period" if action == "period" else "metric"
        )
        await import_fix.ask_for(query, action)
        return
    if action.startswith("m") and action[1:].isdigit():
        n = int(action[1:])
        if not draft.metric_for or n >= len(draft.metric_ids):
            await query.answer("⌛ Nút này đã hết hạn.")
            return
        draft.candidates = import_fix.apply_metric(
            draft.candidates, draft.metric_for, draft.metric_ids[n], context
        )
        draft.metric_for, draft.metric_ids = set(), []
        draft.token = import_fix.fresh_token()
        await query.answer("Đã đổi chỉ tiêu")
        await edit(query)
        await show_review(context, reply_chat(update, user), draft, len(draft.candidates))
        return
    if action == "cancel":
        state.reset()
        await query.answer("Đã huỷ")
        await edit(query)
        await context.bot.send_message(query.from_user.id, "Đã huỷ nhập bài, chưa lưu gì.")
        return
    if not draft.chosen:
        await query.answer("Chưa chọn số liệu nào để lưu.", show_alert=True)
        return
    await query.answer("Đang lưu…")
    chosen = [c for n, c in enumerate(draft.candidates) if n in draft.chosen]
    facts, new_metrics = split_candidates(chosen)
    services, source = context.bot_data, draft.source
    chat_id = reply_chat(update, user)
    ids = await write(
        context,
        chat_id,
        lambda: services.store.import_facts(
            source, facts, new_metrics, who(user), label=history_label(source)
        ),
    )
    if ids is None:
        return  # the error was shown; the review stays open to try again
    state.reset()
    await edit(query)
    skipped = f" (bỏ qua {len(facts) - len(ids)} số liệu đã có)" if len(facts) > len(ids) else ""
    knowledge = services.store.current
    tries = [
        services.engine.question_for(knowledge.metrics[f.metric], f.period.label, f.region)
        for f in (knowledge.facts[i] for i in ids[:1])
    ]
    keyboard = question_rows(services.buttons, [(q, q) for q in tries])
    await context.bot.send_message(
        chat_id,
        f"💾 Đã lưu <b>{len(ids)}</b> số liệu mới{skipped} từ "
        f"{source_link(source)}." + (" Bấm để hỏi thử:" if tries else ""),
        reply_markup=InlineKeyboardMarkup(keyboard) if keyboard else None,
    )
