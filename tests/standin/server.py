"""A loopback stand-in for the Telegram Bot API, for end-to-end tests of the bot.

The bot under test talks to it through the real python-telegram-bot HTTP stack (httpx), exactly as
it talks to api.telegram.org: only ``base_url``/``base_file_url`` differ. The stand-in answers the
methods this bot uses, keeps a record of every request, lets tests play the user's side (push
messages, button presses, inline queries, files) and validates replies the way Telegram does, with
Telegram's wording, so a malformed reply fails a test instead of failing in production.

    async def test_echo(api: BotApiStandIn) -> None:  # the api fixture: tests/standin/fixtures.py
        app = build_application(api)  # ApplicationBuilder().base_url(api.base_url)...
        app.add_handler(...)
        async with polling(app):  # app.start() + updater.start_polling(), never run_polling
            api.push_message("xin chào")
            [reply] = await api.wait_for_messages_async(1)
        assert reply["text"] == "..."

Here: the server's life, what tests read and wait for, fault injection and the dispatch of one
call (fault, then method, then record). The user's side is in users.py, the methods in
methods.py, the state in state.py (tests/standin/__init__.py has the map).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from tests.standin.dispatch import answer
from tests.standin.faults import Fault, FaultKind
from tests.standin.markup import utf16_len
from tests.standin.media import JPEG_MAGIC, PNG_MAGIC, image_size, make_png
from tests.standin.methods import HOUSEKEEPING, MESSAGE_METHODS
from tests.standin.records import (
    DEFAULT_BOT_ID,
    DEFAULT_BOT_USERNAME,
    DEFAULT_GROUP_ID,
    DEFAULT_USER_ID,
    JSON,
    ApiError,
    RecordedRequest,
    Reply,
    Sender,
    ServedFault,
    UploadedFile,
)
from tests.standin.state import World
from tests.standin.transport import Server
from tests.standin.users import UserSide

_Record = TypeVar("_Record")  # an entry of one of the stand-in's record lists


class BotApiStandIn(UserSide):
    """A fake Telegram Bot API server on 127.0.0.1 for one bot, safe to use from any thread.

    Test-facing state (all reads return copies):
      ``sent``      successful requests except getUpdates, in arrival order
      ``rejected``  requests answered 4xx by validation (the ``api`` fixture checks it is empty
                    at the end; ``take_rejected()`` for a test that provokes some)
      ``requests``  every request that reached a method, including polls and injected faults
      ``faults_served``  injected faults as they were served
      ``dropped_updates``  pushed updates Telegram would not deliver (privacy mode,
                    allowed_updates), with the reason
    """

    def __init__(
        self,
        *,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = "BHXH Test Bot",
        privacy_mode: bool = True,
        strict_ampersand: bool = True,
    ) -> None:
        """``privacy_mode``: in groups only commands, @mentions of the bot and replies to it are
        delivered (BotFather's default). ``strict_ampersand``: see markup.parse_html."""
        bot_user = {"id": bot_id, "is_bot": True, "first_name": bot_first_name}
        bot_user["username"] = bot_username
        self.world = World(bot_user, privacy_mode=privacy_mode, strict_ampersand=strict_ampersand)
        self._stop_event = threading.Event()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._active = 0  # requests being answered right now

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> BotApiStandIn:
        if self._server is not None:
            raise RuntimeError("BotApiStandIn is single-use; create a new one")
        self._server = Server(self)
        # A short poll interval keeps shutdown() (and so stop()) well under a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="bot-api-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Answer pending long polls, stop serving and cut kept-alive connections (< ~1 s)."""
        server, lock = self._server, self.world.lock
        if server is None or self._stop_event.is_set():
            return
        with lock:
            self.world.stopping = True
            lock.notify_all()
        self._stop_event.set()  # wakes "slow" faults
        server.shutdown()
        with lock:  # let answers already being written go out
            lock.wait_for(lambda: self._active == 0, timeout=0.5)
            connections = list(self._connections)
        for connection in connections:  # idle keep-alive handlers block in readline otherwise
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    def __enter__(self) -> BotApiStandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def connection_opened(self, connection: socket.socket) -> None:
        with self.world.lock:
            self._connections.add(connection)

    def connection_closed(self, connection: socket.socket) -> None:
        with self.world.lock:
            self._connections.discard(connection)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)``/``ApplicationBuilder().base_url(...)``; PTB adds the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- what tests read -------------------------------------------------------------------

    def _snapshot(self, records: list[_Record]) -> list[_Record]:
        with self.world.lock:
            return list(records)

    @property
    def sent(self) -> list[RecordedRequest]:
        return self._snapshot(self.world.log.sent)

    @property
    def rejected(self) -> list[RecordedRequest]:
        return self._snapshot(self.world.log.rejected)

    def take_rejected(self) -> list[RecordedRequest]:
        """The rejections so far, forgotten (for tests that provoke them on purpose)."""
        with self.world.lock:
            taken = list(self.world.log.rejected)
            self.world.log.rejected.clear()
            return taken

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._snapshot(self.world.log.requests)

    @property
    def faults_served(self) -> list[ServedFault]:
        return self._snapshot(self.world.log.faults_served)

    @property
    def dropped_updates(self) -> list[tuple[JSON, str]]:
        return self._snapshot(self.world.log.dropped)

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates pushed but not yet confirmed by the bot (an offset past them)."""
        with self.world.lock:
            return copy.deepcopy(self.world.updates)

    @property
    def bot_user(self) -> JSON:
        return dict(self.world.bot_user)

    @property
    def tokens(self) -> set[str]:
        with self.world.lock:
            return set(self.world.tokens)

    @property
    def commands(self) -> dict[tuple[str, str], list[JSON]]:
        """setMyCommands as received: (scope as JSON, language code) -> commands."""
        with self.world.lock:
            return copy.deepcopy(self.world.commands)

    @property
    def webhook(self) -> JSON:
        with self.world.lock:
            return copy.deepcopy(self.world.webhook)

    def clear(self) -> None:
        """Forget recorded requests, rejections and served faults (chats and messages stay)."""
        with self.world.lock:
            self.world.log.clear()

    def messages(self, chat_id: int | None = None) -> list[JSON]:
        """The bot's messages as users see them now (edits applied)."""
        with self.world.lock:
            return self.world.bot_messages(chat_id)

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Text (or caption) of ``messages(chat_id)``, as displayed: markup already parsed."""
        return [str(m.get("text") or m.get("caption") or "") for m in self.messages(chat_id)]

    def file_for_path(self, path: str) -> bytes | None:
        with self.world.lock:
            stored = self.world.file_paths.get(path)
            return stored.data if stored else None

    # -- waiting ---------------------------------------------------------------------------

    def wait_for(
        self,
        predicate_or_count: Callable[[RecordedRequest], bool] | int = 1,
        timeout: float = 10.0,
        *,
        method: str | None = None,
        fail_on_reject: bool = True,
    ) -> list[RecordedRequest]:
        """Block until recorded successful requests satisfy the condition; return the matches.

        An int N waits for N requests that are not housekeeping (getMe, getUpdates, webhook
        calls); a predicate waits for at least one request it accepts. ``method`` narrows either
        form. With ``fail_on_reject`` a validation rejection ends the wait at once, since the
        reply the test waits for will never arrive. On timeout an AssertionError lists
        everything received.
        """
        log = self.world.log

        def matches() -> list[RecordedRequest]:
            found = [r for r in log.sent if method is None or r.method == method]
            if isinstance(predicate_or_count, int):
                found = [r for r in found if method is not None or r.method not in HOUSEKEEPING]
                return found if len(found) >= predicate_or_count else []
            return [r for r in found if predicate_or_count(r)]

        deadline = time.monotonic() + timeout
        with self.world.lock:
            while True:
                found = matches()
                if found:
                    return found
                if fail_on_reject and log.rejected:
                    raise AssertionError(
                        "the stand-in rejected a request while waiting:\n" + self._describe()
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out after {timeout:g}s waiting for {predicate_or_count!r}"
                        f"{f' ({method})' if method else ''}:\n{self._describe()}"
                    )
                self.world.lock.wait(remaining)

    def wait_for_messages(
        self, count: int = 1, *, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[JSON]:
        """Wait until the bot has sent ``count`` messages (to ``chat_id``); return them as sent."""

        def messages_in(requests: list[RecordedRequest]) -> list[JSON]:
            return [
                r.result
                for r in requests
                if r.method in MESSAGE_METHODS
                and r.message
                and (chat_id is None or r.result["chat"]["id"] == chat_id)
            ]

        self.wait_for(lambda _: len(messages_in(self.world.log.sent)) >= count, timeout)
        with self.world.lock:
            return copy.deepcopy(messages_in(self.world.log.sent))

    async def wait_for_async(
        self,
        predicate_or_count: Callable[[RecordedRequest], bool] | int = 1,
        timeout: float = 10.0,
        *,
        method: str | None = None,
        fail_on_reject: bool = True,
    ) -> list[RecordedRequest]:
        """``wait_for`` for async tests: blocking there would freeze the bot's own event loop."""
        return await asyncio.to_thread(
            self.wait_for, predicate_or_count, timeout, method=method, fail_on_reject=fail_on_reject
        )

    async def wait_for_messages_async(
        self, count: int = 1, *, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[JSON]:
        """``wait_for_messages`` for async tests."""
        return await asyncio.to_thread(
            self.wait_for_messages, count, chat_id=chat_id, timeout=timeout
        )

    @property
    def polls_waiting(self) -> int:
        """How many getUpdates calls are parked in a long poll right now."""
        with self.world.lock:
            return self.world.polls_waiting

    def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Block until some getUpdates call is parked waiting for updates."""
        with self.world.lock:
            if not self.world.lock.wait_for(lambda: self.world.polls_waiting > 0, timeout):
                raise AssertionError(f"no getUpdates long poll started within {timeout:g}s")

    def _describe(self) -> str:
        log, world = self.world.log, self.world
        lines = [f"  sent: {r.summary()}" for r in log.sent if r.method not in HOUSEKEEPING]
        lines += [f"  REJECTED: {r.summary()}" for r in log.rejected]
        lines += [f"  fault served: {f.kind} on {f.method}" for f in log.faults_served]
        lines += [f"  not delivered ({why}): {json.dumps(u)[:120]}" for u, why in log.dropped]
        lines.append(
            f"  {len(world.updates)} update(s) pending; {world.poll_count} poll(s) answered"
        )
        return "\n".join(lines)

    # -- faults ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str = "*",
        times: int = 1,
        kind: FaultKind = "429",
        retry_after: int = 1,
        delay: float = 1.0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*": any, getUpdates included) fail
        (the kinds: tests/standin/faults.py); ``delay`` is for "slow"."""
        with self.world.lock:
            self.world.faults.add(Fault(method, kind, times, retry_after, delay))

    # -- one call (from the HTTP handler's thread) -----------------------------------------

    def handle(
        self,
        token: str,
        method_name: str,
        params: JSON,
        files: dict[str, UploadedFile],
        alive: Callable[[], bool],
    ) -> Reply:
        """Answer one Bot API call: faults first, then the method, recording everything."""
        with self.world.lock:
            self._active += 1
        try:
            return answer(self.world, self._stop_event, token, method_name, params, files, alive)
        finally:
            with self.world.lock:
                self._active -= 1
                self.world.lock.notify_all()


# What tests import from here (the names stay put when modules move).
# fmt: off
__all__ = [
    "DEFAULT_BOT_ID", "DEFAULT_BOT_USERNAME", "DEFAULT_GROUP_ID", "DEFAULT_USER_ID", "JPEG_MAGIC",
    "JSON", "PNG_MAGIC", "ApiError", "BotApiStandIn", "FaultKind", "RecordedRequest", "Sender",
    "ServedFault", "UploadedFile", "image_size", "make_png", "utf16_len",
]
# fmt: on
