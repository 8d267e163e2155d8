"""`python bot.py run` as a real process, configured by TELEGRAM_BOT_TOKEN and
TELEGRAM_API_BASE_URL alone: it serves, stops cleanly on SIGTERM, stops with an error when
another instance polls the same token, and never logs the token."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.standin.ptb import TOKEN
from tests.standin.server import DEFAULT_USER_ID, BotApiStandIn

pytestmark = pytest.mark.slow  # each test starts the bot as a process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


ADMIN = 4242


@pytest.fixture
def process(
    api: BotApiStandIn, knowledge_copy: Path, config: Path
) -> Iterator[subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, PYTHONUNBUFFERED="1")
    env.update(BOT_ADMIN_IDS=str(ADMIN))
    api.add_chat(ADMIN)  # the admin has opened a chat with the bot
    proc = subprocess.Popen(
        [
            sys.executable,
            "bot.py",
            "--config",
            str(config),
            "--knowledge",
            str(knowledge_copy),
            "run",
        ],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def serving(api: BotApiStandIn) -> None:
    api.push_message("tỷ lệ bao phủ BHYT 2022")
    [reply] = api.wait_for_messages(1, timeout=30)
    assert "86,96% dân số" in reply["text"]
    api.wait_for(1, method="setMyCommands")
    api.wait_until_polling(timeout=10)


def test_admins_get_their_commands_in_their_own_chat(
    api: BotApiStandIn, process: subprocess.Popen[str]
) -> None:
    serving(api)
    [scoped] = api.wait_for(
        lambda r: r.method == "setMyCommands" and "scope" in r.params, timeout=10
    )
    assert scoped.params["scope"] == {"type": "chat", "chat_id": ADMIN}
    assert "nhap" in [c["command"] for c in scoped.params["commands"]]


def test_sigterm_stops_cleanly(api: BotApiStandIn, process: subprocess.Popen[str]) -> None:
    serving(api)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert TOKEN not in err


def test_a_second_instance_stops_the_bot(
    api: BotApiStandIn, process: subprocess.Popen[str]
) -> None:
    serving(api)
    # Another process polls with the same token: Telegram ends our long poll with 409 Conflict.
    request = urllib.request.Request(f"{api.base_url}{TOKEN}/getUpdates", data=b"timeout=0")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    _, err = process.communicate(timeout=20)
    assert process.returncode == 1, err
    assert err.count("another instance is polling this token") == 1
    assert TOKEN not in err
    assert [(r.method, r.status) for r in api.rejected] == [("getUpdates", 409)]
    api.clear()  # the one expected rejection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def webhook_config(config: Path) -> tuple[int, str]:
    port, secret = free_port(), "s3cret-webhook-token"
    config.write_text(
        f"""
[telegram]
mode = "webhook"
[webhook]
url = "https://bot.example.org/bhxh-hook"
secret_token = "{secret}"
listen = "127.0.0.1"
port = {port}
""",
        encoding="utf-8",
    )
    return port, secret


def wait_listening(port: int, timeout: float = 10.0) -> None:
    """PTB sets the webhook first and starts its server just after: wait until it accepts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def post_update(port: int, secret: str, update: dict[str, object]) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/bhxh-hook",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_mode_checks_the_secret(
    api: BotApiStandIn, webhook_config: tuple[int, str], process: subprocess.Popen[str]
) -> None:
    port, secret = webhook_config
    [hook] = api.wait_for(lambda r: r.method == "setWebhook", timeout=30)
    assert hook.params["url"] == "https://bot.example.org/bhxh-hook"
    assert hook.params["secret_token"] == secret
    wait_listening(port)
    chat = api.add_chat(DEFAULT_USER_ID)
    message = {
        "message_id": 1,
        "date": 0,
        "chat": chat,
        "text": "tỷ lệ bao phủ BHYT 2022",
        "from": {"id": DEFAULT_USER_ID, "is_bot": False, "first_name": "Lan"},
    }
    assert post_update(port, "wrong", {"update_id": 1, "message": message}) == 403
    assert post_update(port, secret, {"update_id": 2, "message": message}) == 200
    [reply] = api.wait_for_messages(1, timeout=10)
    assert "86,96% dân số" in reply["text"]
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert TOKEN not in err and secret not in err


def test_config_example_has_every_setting_with_working_defaults() -> None:
    from settings import _FILE_KEYS, Settings, load_settings

    example = ROOT / "config.example.toml"
    text = example.read_text(encoding="utf-8")
    assert all(f"\n{key} =" in text or f"# {key} =" in text for _, key in _FILE_KEYS)
    assert load_settings(example, env={}) == Settings()


def test_webhook_without_a_configured_secret_uses_a_generated_one_and_refuses_forgeries(
    api: BotApiStandIn, config: Path, knowledge_copy: Path, process: subprocess.Popen[str]
) -> None:
    port = free_port()
    config.write_text(
        f"""
[telegram]
mode = "webhook"
[webhook]
url = "https://bot.example.org/bhxh-hook"
listen = "127.0.0.1"
port = {port}
""",
        encoding="utf-8",
    )
    process.kill()  # the fixture's process read the config before it was written
    process.communicate()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url, BOT_ADMIN_IDS="4242")
    argv = ["bot.py", "--config", str(config), "--knowledge", str(knowledge_copy), "run"]
    proc = subprocess.Popen(
        [sys.executable, *argv], cwd=ROOT, env=env, text=True, stderr=subprocess.PIPE
    )
    try:
        [hook] = api.wait_for(lambda r: r.method == "setWebhook", timeout=30)
        stored = knowledge_copy.parent / "webhook_secret"
        secret = stored.read_text(encoding="ascii").strip()
        assert hook.params["secret_token"] == secret and len(secret) >= 32
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
        wait_listening(port)
        before = knowledge_copy.read_bytes()
        forged = {
            "message_id": 1,
            "date": 0,
            "chat": api.add_chat(ADMIN),
            "text": "/sua 22 value=1",
            "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Hoa"},
        }
        assert post_update(port, "", {"update_id": 1, "message": forged}) == 403
        assert post_update(port, "guess", {"update_id": 2, "message": forged}) == 403
        time.sleep(0.5)
        assert knowledge_copy.read_bytes() == before and not api.messages(ADMIN)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert str(stored) in err and secret not in err and TOKEN not in err
