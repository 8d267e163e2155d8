"""Admins keep the knowledge current on Telegram: add, correct, remove, undo, import an article,
export and replace the file, teach the bot unanswered questions. Anyone else changes nothing.

Everything goes through the Bot API stand-in and the real PTB stack; each test ends with the
stand-in having rejected nothing (see conftest.py)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from handlers.admin.common import DENIED
from handlers.app import BotApp
from knowledge.ingest.fields import FormError, changes_for, new_fact, read_assignments, read_form
from knowledge.store.knowledge_file import load_knowledge
from knowledge.store.snapshot import Knowledge
from knowledge.store.tables import parse_tables
from settings import Settings
from tests.handlers.bot_harness import buttons, make_settings, running, sent
from tests.material import ARTICLE_2022, SHARED_ARTICLES, needs_shared
from tests.standin.server import JSON, BotApiStandIn

ADMIN = 4242
OTHER = 5151
ARTICLE = ARTICLE_2022  # not in the knowledge of the tests marked IMPORTED_AS_NEW
ARTICLE_URL = "https://baolangson.vn/xa-hoi/bao-hiem-xa-hoi/512840-bao-hiem-xa-hoi-tinh-trien"
IMPORTED_AS_NEW = pytest.mark.without_source("baolangson-2022-07")
COVERAGE = "tỷ lệ bao phủ BHYT 2022"


@pytest.fixture
def settings(api: BotApiStandIn, knowledge_copy: Path, tmp_path: Path) -> Settings:
    return make_settings(api, knowledge_copy, tmp_path, admin_ids=frozenset({ADMIN}))


async def say(api: BotApiStandIn, text: str, user: int = ADMIN, count: int = 1) -> list[JSON]:
    """Send a message as `user` and wait for `count` replies in that chat."""
    before = len(sent_to(api, user))
    api.push_message(text, user_id=user, first_name="Hoa" if user == ADMIN else "Lan")
    await api.wait_for_messages_async(before + count, chat_id=user)
    return sent_to(api, user)[before:]


def sent_to(api: BotApiStandIn, chat: int) -> list[JSON]:
    """The bot's messages to a chat as sent (before any edit)."""
    return [
        r.result
        for r in api.sent
        if r.method in ("sendMessage", "sendDocument") and r.result["chat"]["id"] == chat
    ]


async def press(
    api: BotApiStandIn,
    data: str,
    message: JSON | None = None,
    user: int = ADMIN,
    chat: int = ADMIN,
    check_button: bool = True,
    edit: str | None = None,
) -> JSON:
    """Press a button; wait until the bot has answered the press (and made an `edit` call such
    as "editMessageText", when given); return the answer's params."""
    edits = len(sent(api, edit)) if edit else 0
    update = api.push_callback(data, message, user_id=user, chat_id=chat, check_button=check_button)
    query_id = update["callback_query"]["id"]
    [answer] = await api.wait_for_async(
        lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id
    )
    if edit:
        await api.wait_for_async(lambda r: len(sent(api, edit)) > edits)
    return answer.params


def html_of(api: BotApiStandIn, message: JSON) -> str:
    """The HTML the bot sent for a message (entities are parsed away in `text`)."""
    [request] = [
        r
        for r in api.sent
        if r.message
        and r.result is not None
        and r.result.get("message_id") == message["message_id"]
        and r.result["chat"]["id"] == message["chat"]["id"]
        and r.method in ("sendMessage", "sendDocument")
    ]
    return str(request.params.get("text") or request.params.get("caption"))


def transcript(api: BotApiStandIn) -> str:
    """The exchange as people saw it: what users sent and pressed, what the bot did (run the
    import test with -s to read one)."""
    lines: list[str] = []
    for request in api.requests:
        if not request.ok:
            continue
        params, result = request.params, request.result
        if request.method == "getUpdates":
            for update in result or []:
                if "message" in update:
                    message = update["message"]
                    who = message["from"]["id"]
                    if "document" in message:
                        doc = message["document"]
                        said = f"[document {doc['file_name']}, {doc['file_size']} bytes]"
                        if message.get("caption"):
                            said += f" caption: {message['caption']!r}"
                    else:
                        said = message.get("text", "")
                    lines.append(f">>> user {who}: {said}")
                elif "callback_query" in update:
                    query = update["callback_query"]
                    lines.append(f">>> user {query['from']['id']} presses [{query['data']}]")
        elif request.method in ("sendMessage", "sendDocument", "editMessageText"):
            text = result.get("text") or result.get("caption") or ""
            if request.method == "sendDocument":
                text = f"[document {result['document'].get('file_name')}] {text}"
            verb = "edits its message to" if request.method == "editMessageText" else "says"
            lines.append(f"<<< bot {verb}: " + text.replace("\n", "\n    "))
            links = [e["url"] for e in result.get("entities", []) if e["type"] == "text_link"]
            lines += [f"    🔗 {url}" for url in links]
            rows = result.get("reply_markup", {}).get("inline_keyboard", [])
            for row in rows:
                lines.append(
                    "    " + "  ".join(f"[{b['text']} → {b['callback_data']}]" for b in row)
                )
        elif request.method == "editMessageReplyMarkup":
            rows = params.get("reply_markup", {}).get("inline_keyboard", [])
            shown = "  ".join(f"[{b['text']}]" for row in rows for b in row) or "(removed)"
            lines.append(f"<<< bot updates the buttons: {shown}")
        elif request.method == "answerCallbackQuery":
            lines.append(f"<<< bot answers the press: {params.get('text', '')!r}")
    return "\n".join(lines)


# -- /them, /sua, /hoantac, /xoa ------------------------------------------------------------


async def test_admin_adds_a_fact_and_it_is_answered(api: BotApiStandIn, bot: BotApp) -> None:
    [form] = await say(api, "/them")
    assert "metric: " in form["text"] and "quote" in form["text"]
    [refused] = await say(api, "/them\nmetric: khong_co\nvalue: nhiều\nunit: người")
    assert "metric: không có chỉ tiêu 'khong_co'" in refused["text"]
    assert "value: 'nhiều' không phải một số" in refused["text"]
    assert "period: bắt buộc" in refused["text"] and "quote: bắt buộc" in refused["text"]

    [added] = await say(
        api,
        "/them\nmetric: tong_thu\nvalue: 1.234,5\nhedge: gần\nunit: tỷ đồng\n"
        "period: năm 2023\nsource: baolangson-2022-07\nquote: Năm 2023 tổng thu gần 1.234,5 tỷ.",
    )
    assert "Đã thêm dữ kiện" in added["text"] and "#30" in added["text"]
    [answer] = await say(api, "tổng thu BHXH năm 2023", user=OTHER)
    assert "gần 1.234,5 tỷ đồng" in answer["text"] and "năm 2023" in answer["text"]
    entry = bot.bot_data.store.history(1)[0]
    assert (entry.who, entry.action) == (f"telegram:{ADMIN} (Hoa Nguyễn)", "add_fact")
    print(transcript(api))


async def test_edit_shows_before_and_after_and_undo_restores(
    api: BotApiStandIn, bot: BotApp
) -> None:
    [edited] = await say(api, "/sua 22 value=87,01")
    assert "value: 86.96 → 87.01" in edited["text"]
    assert "value_text: 86,96% → 87,01%" in edited["text"]
    [answer] = await say(api, COVERAGE, user=OTHER)
    assert "87,01% dân số" in answer["text"]

    [undone] = await say(api, "/hoantac")
    assert "Đã hoàn tác: sửa dữ kiện #22" in undone["text"]
    [answer] = await say(api, COVERAGE, user=OTHER)
    assert "86,96% dân số" in answer["text"]

    [bad] = await say(api, "/sua 22 value=nhiều mau=xanh")
    assert "mau: không có trường này" in bad["text"]
    [missing] = await say(api, "/sua 999 value=1")
    assert "Không có dữ kiện #999" in missing["text"]


async def test_remove_asks_first_and_only_the_check_removes(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    before = settings.knowledge_path.read_bytes()
    [ask] = await say(api, "/xoa 22")
    assert "86,96%" in ask["text"]
    assert buttons(ask) == {"✅ Xoá": "adm:del:22", "❌ Huỷ": "adm:keep:22"}
    assert (await press(api, "adm:keep:22", ask, edit="editMessageText"))["text"] == "Đã huỷ"
    assert settings.knowledge_path.read_bytes() == before
    assert "Không xoá" in api.messages(ADMIN)[-1]["text"]

    [ask] = await say(api, "/xoa 22")
    assert (await press(api, "adm:del:22", ask, edit="editMessageText"))["text"] == "Đã xoá"
    assert 22 not in load_knowledge(settings.knowledge_path).facts
    assert "Đã xoá" in api.messages(ADMIN)[-1]["text"]
    [answer] = await say(api, COVERAGE, user=OTHER)
    assert "86,96%" not in answer["text"].split("📰")[0]  # the figure; the quote may repeat it


async def test_non_admins_change_nothing(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    before = settings.knowledge_path.read_bytes()
    for command in (
        "/them\nmetric: tong_thu\nvalue: 1\nunit: người",
        "/xoa 22",
        "/xuat",
        "/sua 22 value=1",
        "/hoantac",
        "/nhap URL: https://x.vn",
        "/chuatraloi",
    ):
        [reply] = await say(api, command, user=OTHER)
        assert reply["text"] == DENIED, command
    # a forged press of the admin's button, and of a button data on the user's own message
    [ask] = await say(api, "/xoa 22")
    answer = await press(api, "adm:del:22", ask, user=OTHER, check_button=False)
    assert answer == {**answer, "text": DENIED, "show_alert": True}
    await say(api, COVERAGE, user=OTHER)
    answer = await press(api, "adm:del:22", user=OTHER, chat=OTHER, check_button=False)
    assert answer["text"] == DENIED
    # an admin's command in a group is refused too: admin work happens in private
    before_group = len(api.messages())
    api.push_message("/xoa 22", user_id=ADMIN, chat_type="group")
    [reply] = (await api.wait_for_messages_async(before_group + 1))[before_group:]
    assert reply["text"] == "Lệnh quản trị chỉ dùng trong tin nhắn riêng với bot."
    # a non-admin's .json is no replacement: the bot asks for a text question
    before_docs = len(sent_to(api, OTHER))
    api.push_document("knowledge.json", b"{}", user_id=OTHER, mime_type="application/json")
    [reply] = (await api.wait_for_messages_async(before_docs + 1, chat_id=OTHER))[-1:]
    assert "chỉ đọc được câu hỏi bằng chữ" in reply["text"]

    assert settings.knowledge_path.read_bytes() == before
    assert not sent(api, "sendDocument") and not sent(api, "getFile")
    assert bot.bot_data.store.history() == []
    [reply] = await say(api, COVERAGE, user=OTHER)
    assert "86,96% dân số" in reply["text"]


# -- importing an article --------------------------------------------------------------------


async def whole_review(api: BotApiStandIn, before: int) -> list[JSON]:
    """The review sent after the first `before` messages, up to the one with its buttons (a
    long review takes several messages)."""

    def done() -> bool:
        return any("💾" in " ".join(buttons(m)) for m in sent_to(api, ADMIN)[before:])

    await api.wait_for_async(lambda _: done())
    return sent_to(api, ADMIN)[before:]


def save_button(message: JSON) -> tuple[str, int]:
    """The review's save button: its label and how many facts it saves."""
    [(label, count)] = [
        (text, int(found.group(1)))
        for text in buttons(message)
        if (found := re.fullmatch(r"💾 Lưu \((\d+)\)", text))
    ]
    return label, count


@IMPORTED_AS_NEW
async def test_admin_imports_an_article_from_a_txt_file(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    facts_before = len(load_knowledge(settings.knowledge_path).facts)
    api.push_document("bai-bao.txt", ARTICLE.read_bytes(), user_id=ADMIN, mime_type="text/plain")
    # the header has URL, Title, Date only: the publisher is read from the web address
    review = await api.wait_for_messages_async(1, chat_id=ADMIN)
    listing = "\n".join(m["text"] for m in review)
    assert "nơi đăng (publisher): đoán từ địa chỉ bài báo" in listing
    label, found = save_button(review[-1])
    assert f"Tìm thấy {found} số liệu" in listing
    assert "693.033 người — Số người tham gia BHYT" in listing
    assert "🗓 6 tháng đầu năm 2022 (câu chứa số liệu) · 📍 Lạng Sơn (" in listing
    keys = buttons(review[-1])
    assert "✅ 1" in keys
    assert all(len(data.encode()) <= 64 for data in keys.values())

    await press(api, keys["✅ 3"], review[-1], edit="editMessageReplyMarkup")  # leave one out
    assert f"💾 Lưu ({found - 1})" in buttons(api.messages(ADMIN)[-1])
    before = len(sent_to(api, ADMIN))
    await press(api, keys[label], review[-1])
    [saved] = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
    assert f"Đã lưu {found - 1} số liệu mới" in saved["text"]
    assert not buttons(api.messages(ADMIN)[-2])  # the review's buttons are gone

    [answer] = await say(api, "số người tham gia BHYT 6 tháng đầu năm 2022", user=OTHER)
    assert "693.033 người" in answer["text"] and "Lạng Sơn" in answer["text"]
    assert ARTICLE_URL in html_of(api, answer)
    knowledge = load_knowledge(settings.knowledge_path)
    assert knowledge.sources["baolangson-2022-07"].publisher == "Báo Lạng Sơn"
    assert len(knowledge.facts) == facts_before + found - 1
    assert bot.bot_data.store.history(1)[0].action == "import"
    print(transcript(api))


@IMPORTED_AS_NEW
async def test_admin_imports_a_pasted_article_and_duplicates_are_skipped(
    api: BotApiStandIn, bot: BotApp
) -> None:
    body = ARTICLE.read_text(encoding="utf-8").replace(
        "Date: 2022-07-13", "Publisher: Báo Lạng Sơn\nDate: 2022-07-13"
    )
    for round_ in (1, 2):
        [waiting] = await say(api, "/nhap")
        assert "Gửi nội dung bài báo" in waiting["text"]
        review = await say(api, body)
        if round_ == 2:
            assert "nguồn đã có" in review[0]["text"]
        label, found = save_button(review[-1])
        before = len(sent_to(api, ADMIN))
        await press(api, buttons(review[-1])[label], review[-1])
        [saved] = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
        said = (
            f"Đã lưu {found} số liệu mới"
            if round_ == 1
            else f"Đã lưu 0 số liệu mới (bỏ qua {found}"
        )
        assert said in saved["text"]
    # after the import, a text is a question again
    [answer] = await say(api, "số nợ BHXH, BHYT, BHTN 6 tháng đầu năm 2022")
    assert "61.504 triệu đồng" in answer["text"]


@IMPORTED_AS_NEW
async def test_an_import_can_be_cancelled_and_stale_buttons_expire(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    before = settings.knowledge_path.read_bytes()
    text = ARTICLE.read_text(encoding="utf-8")
    review = await say(api, f"/nhap {text}\npublisher: x")  # caption-style line is no header
    assert "đoán từ địa chỉ bài báo" in review[0]["text"]
    review = await say(api, "publisher: Báo Lạng Sơn")
    [cancelled] = await say(api, "/huy")
    assert cancelled["text"] == "Đã huỷ, chưa lưu gì."
    label, _ = save_button(review[-1])
    answer = await press(api, buttons(review[-1])[label], review[-1])
    assert "hết hạn" in answer["text"]
    assert settings.knowledge_path.read_bytes() == before


@needs_shared(SHARED_ARTICLES)
async def test_a_region_line_amends_the_review(api: BotApiStandIn, bot: BotApp) -> None:
    article = (SHARED_ARTICLES / "06_bariavungtau-nam-2021.txt").read_bytes()
    caption = "publisher: Báo Bà Rịa - Vũng Tàu"
    api.push_document("brvt.txt", article, user_id=ADMIN, mime_type="text/plain", caption=caption)
    first = await whole_review(api, 0)
    assert "📍 Bà Rịa - Vũng Tàu (nơi đăng" in first[0]["text"]  # from the source's address
    before = len(sent_to(api, ADMIN))
    api.push_message("region: Bà Rịa - Vũng Tàu", user_id=ADMIN, first_name="Hoa")
    review = await whole_review(api, before)
    listing = "\n".join(m["text"] for m in review)
    assert "📍 Lạng Sơn" not in listing and "📍 Bà Rịa - Vũng Tàu" in listing
    label, found = save_button(first[-1])
    stale = await press(api, buttons(first[-1])[label], first[-1])
    assert "hết hạn" in stale["text"]
    before = len(sent_to(api, ADMIN))
    label, found = save_button(review[-1])
    await press(api, buttons(review[-1])[label], review[-1])
    [saved] = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
    assert f"Đã lưu {found} số liệu mới" in saved["text"]
    regions = {f.region for f in bot.bot_data.store.current.facts.values()}
    assert regions == {"Lạng Sơn", "Bà Rịa - Vũng Tàu"}


# -- export and replace ----------------------------------------------------------------------


async def test_export_sends_a_valid_knowledge_file(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    [document] = await say(api, "/xuat")
    assert document["document"]["file_name"] == "knowledge.json"
    data = sent(api, "sendDocument")[0].files["document"].data
    assert data == settings.knowledge_path.read_bytes()
    knowledge = Knowledge.from_tables(parse_tables(data, "export"))
    assert len(knowledge.facts) == 29


async def test_a_valid_upload_replaces_the_file_and_undo_brings_it_back(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    original = settings.knowledge_path.read_bytes()
    tables = json.loads(original)
    tables["facts"]["22"].update(value=90.5, value_text="90,5%")
    upload = json.dumps(tables, ensure_ascii=False).encode()
    api.push_document("moi.json", upload, user_id=ADMIN, mime_type="application/json")
    [done] = await api.wait_for_messages_async(1, chat_id=ADMIN)
    assert "Đã thay tệp tri thức: 29 dữ kiện, 12 chỉ tiêu, 2 nguồn" in done["text"]
    assert "bản sao lưu knowledge-" in done["text"]
    assert settings.knowledge_path.parent.joinpath("backups").is_dir()
    [answer] = await say(api, COVERAGE, user=OTHER)
    assert "90,5% dân số" in answer["text"]
    [undone] = await say(api, "/hoantac")
    assert "Đã hoàn tác: thay toàn bộ tệp tri thức (dữ kiện #22)" in undone["text"]
    assert json.loads(settings.knowledge_path.read_bytes()) == json.loads(original)


def _broken(path: Path) -> list[tuple[str, bytes, str]]:
    """(file name, content, what the error must say) for each way an upload can be wrong."""
    good = json.loads(path.read_text(encoding="utf-8"))
    missing = json.loads(json.dumps(good))
    del missing["facts"]["9"]["unit"]
    wrong = json.loads(json.dumps(good))
    wrong["facts"]["7"]["value"] = "nhiều"
    no_table = {k: v for k, v in good.items() if k != "sources"}
    return [
        ("hong.json", b'{"facts": {', "JSON hỏng ở dòng 1"),
        (
            "thieu.json",
            json.dumps(missing).encode(),
            "thieu.json: bảng 'facts', bản ghi 9 (bhyt_nguoi_tham_gia), trường 'unit'",
        ),
        (
            "sai.json",
            json.dumps(wrong).encode(),
            "sai.json: bảng 'facts', bản ghi 7 (bhxh_tn_nguoi_tham_gia), trường 'value'",
        ),
        ("bang.json", json.dumps(no_table).encode(), "bảng 'sources', bản ghi -: thiếu bảng này"),
        (
            "latin1.json",
            '{"x": "Lạng Sơn"}'.encode("cp1258", "replace") + b"\xff",
            "tệp không phải UTF-8",
        ),
        ("rong.json", b"   ", "tệp rỗng"),
        ("mang.json", b"[1, 2]", "tệp phải là một đối tượng JSON"),
    ]


async def test_malformed_uploads_are_refused_and_nothing_changes(
    api: BotApiStandIn, bot: BotApp, settings: Settings
) -> None:
    before = settings.knowledge_path.read_bytes()
    for name, content, said in _broken(settings.knowledge_path):
        count = len(sent_to(api, ADMIN))
        api.push_document(name, content, user_id=ADMIN, mime_type="application/json")
        replies = (await api.wait_for_messages_async(count + 1, chat_id=ADMIN))[count:]
        text = "\n".join(r["text"] for r in replies)
        assert "không hợp lệ" in text and "Tệp tri thức không thay đổi" in text, name
        assert said in text, (name, text)
        assert settings.knowledge_path.read_bytes() == before, name
    [answer] = await say(api, COVERAGE, user=OTHER)
    assert "86,96% dân số" in answer["text"]
    assert bot.bot_data.store.history() == []


async def test_an_upload_over_the_limit_is_refused_before_download(
    api: BotApiStandIn, settings: Settings
) -> None:
    small = make_settings(
        api,
        settings.knowledge_path,
        settings.knowledge_path.parent,
        admin_ids=frozenset({ADMIN}),
        max_upload_bytes=1000,
    )
    before = settings.knowledge_path.read_bytes()
    async with running(small):
        api.push_document("lon.json", before, user_id=ADMIN, mime_type="application/json")
        [refused] = await api.wait_for_messages_async(1, chat_id=ADMIN)
        assert "tệp tải lên quá lớn" in refused["text"] and "tối đa 1.000 byte" in refused["text"]
        [answer] = await say(api, COVERAGE, user=OTHER)
    assert "86,96% dân số" in answer["text"]
    assert not sent(api, "getFile")
    assert settings.knowledge_path.read_bytes() == before


# -- unanswered questions --------------------------------------------------------------------


async def test_an_unanswered_question_becomes_an_alias_and_is_answered(
    api: BotApiStandIn, bot: BotApp
) -> None:
    question = "người lao động đóng sổ"
    for _ in range(2):
        [reply] = await say(api, question, user=OTHER)
        assert "chưa tìm thấy" in reply["text"]
    await say(api, "giá vàng hôm nay", user=OTHER)

    listing = await say(api, "/chuatraloi", count=2)
    assert f"1. «{question}» — 2 lần" in listing[0]["text"]
    assert "2. «giá vàng hôm nay» — 1 lần" in listing[0]["text"]
    teach = buttons(listing[1])
    [data] = [d for label, d in teach.items() if question in label]
    before = len(sent_to(api, ADMIN))
    await press(api, data, listing[1])
    [choices] = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
    metric = buttons(choices)["Số người tham gia BHXH"]
    before = len(sent_to(api, ADMIN))
    await press(api, metric, choices)
    done, shown = (await api.wait_for_messages_async(before + 2, chat_id=ADMIN))[before:]
    assert "giờ là bí danh của Số người tham gia BHXH" in done["text"]
    assert "67.186 người" in shown["text"]

    [reply] = await say(api, question, user=OTHER)
    assert "Số người tham gia BHXH" in reply["text"] and "67.186 người" in reply["text"]
    listing = await say(api, "/chuatraloi", count=2)
    assert question not in listing[0]["text"]
    assert bot.bot_data.store.current.metrics["bhxh_nguoi_tham_gia"].aliases[-1] == question
    print(transcript(api))


async def test_a_short_question_made_an_alias_is_answered_and_leaves_the_list(
    api: BotApiStandIn, bot: BotApp
) -> None:
    await say(api, "số sổ hưu", user=OTHER)
    listing = await say(api, "/chuatraloi", count=2)
    [data] = buttons(listing[1]).values()
    before = len(sent_to(api, ADMIN))
    await press(api, data, listing[1])
    [choices] = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
    before = len(sent_to(api, ADMIN))
    await press(api, buttons(choices)["Số người tham gia BHXH"], choices)
    done = (await api.wait_for_messages_async(before + 1, chat_id=ADMIN))[before:]
    assert "giờ là bí danh của Số người tham gia BHXH" in done[0]["text"]
    [reply] = await say(api, "số sổ hưu", user=OTHER)
    assert "67.186 người" in reply["text"]
    listing = await say(api, "/chuatraloi")
    assert "số sổ hưu" not in listing[0]["text"]


# -- what admins type ------------------------------------------------------------------------

TODAY = date(2024, 5, 1)


def test_the_form_reads_vietnamese_keys_and_periods() -> None:
    knowledge = load_knowledge(Path(__file__).parents[2] / "knowledge/data/knowledge.json")
    fields = read_form(
        "Chỉ tiêu: Tổng thu BHXH, BHYT, BHTN\nGiá trị: 97,5\nĐơn vị: %\nhedge: gần\n"
        "kind: plan\nof: kế hoạch\nKỳ: 6 tháng đầu năm 2023\nnguồn: "
        "http://tuyentruyen.langson.gov.vn/node/1892\ntrích dẫn: Tổng thu đạt gần 97,5% kế hoạch."
    )
    fact = new_fact(fields, knowledge, "Lạng Sơn", TODAY)
    assert (fact.metric, fact.kind, fact.value, fact.value_text) == (
        "tong_thu",
        "plan",
        97.5,
        "gần 97,5%",
    )
    assert (fact.period.start, fact.period.end) == (date(2023, 1, 1), date(2023, 6, 30))
    assert fact.source == "tuyentruyen-langson-2019-09" and fact.region == "Lạng Sơn"

    with pytest.raises(FormError) as error:
        new_fact(
            read_form(
                "metric: tong_thu\nvalue: 5\nunit: người\nkind: change\n"
                "period: khi nào đó\nsource: x\nquote: q"
            ),
            knowledge,
            "LS",
            TODAY,
        )
    assert dict(error.value.problems) == {
        "period": "không hiểu kỳ 'khi nào đó' (vd. 6 tháng đầu năm 2022, hết tháng 8/2019, "
        "năm 2023; hoặc thêm start và end)",
        "source": "không có nguồn 'x': dùng mã hoặc URL trong /nguon, hoặc nhập bài báo bằng /nhap",
    }

    fact = knowledge.facts[22]
    changes = changes_for(
        read_assignments("period=năm 2022 quote=Một câu: có dấu = lạ"), fact, knowledge, TODAY
    )
    assert changes["period"] == {"label": "năm 2022", "start": "2022-01-01", "end": "2022-12-31"}
    assert changes["quote"] == "Một câu: có dấu = lạ"
    assert changes_for({"end": "2022-06-29"}, fact, knowledge, TODAY) == {
        "period": {"label": fact.period.label, "start": "2022-01-01", "end": "2022-06-29"}
    }
    with pytest.raises(FormError, match="compared_to: bắt buộc với kind change"):
        changes_for({"kind": "change"}, fact, knowledge, TODAY)
