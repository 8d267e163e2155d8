"""`bot.py ask --json -` with JSON chat lines: lines of one chat are one conversation, in order;
other chats and plain lines never follow on; one object out per line in, whatever comes in."""

import json
import subprocess
import sys

from tests.cli.test_ask import ROOT, ask


def line(chat: object, question: str) -> str:
    return json.dumps({"chat": chat, "question": question}, ensure_ascii=False)


def test_lines_of_one_chat_are_one_conversation_and_chats_stay_apart() -> None:
    replies = ask(
        line(1, "tỷ lệ bao phủ BHYT năm 2022"),
        line(2, "số người tham gia BHXH tự nguyện hết tháng 8/2019"),
        line(1, "còn năm 2019 thì sao?"),
        line(2, "thế BHTN?"),
        "còn năm 2019 thì sao?",  # a plain line is a question of its own
        line("khác", "thế còn năm 2022?"),  # a chat that has said nothing before
    )
    assert [r["question"] for r in replies][2:4] == ["còn năm 2019 thì sao?", "thế BHTN?"]
    assert replies[2]["status"] == "answered" and "97,5%" in str(replies[2]["text"])
    assert replies[3]["status"] == "answered" and "40.437" in str(replies[3]["text"])
    assert replies[4]["status"] == "not_found" and replies[4]["facts"] == []
    assert replies[5]["status"] == "not_found" and replies[5]["facts"] == []


def test_broken_or_odd_json_lines_are_questions_of_their_own() -> None:
    odd = ['{"chat": 1, "question": ', '{"chat": 1}', "[1, 2]", '{"question": 5}', "{}"]
    replies = ask(*odd)
    assert len(replies) == len(odd)
    assert all(set(r) == {"question", "status", "text", "facts", "suggestions"} for r in replies)


def test_undecodable_bytes_still_get_one_object_per_line() -> None:
    lines = [b"ab\xffc", b'{"chat": 1, "question": "t\xe1', "tỷ lệ hộ nghèo".encode(), b"\xfe"]
    out = subprocess.run(
        [sys.executable, "bot.py", "ask", "--json", "-"],
        cwd=ROOT,
        check=True,
        input=b"".join(line + b"\n" for line in lines),
        capture_output=True,
        timeout=120,
    )
    replies = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert len(replies) == len(lines)
    assert "hộ nghèo" in str(replies[2]["text"]) and replies[2]["facts"] == []
