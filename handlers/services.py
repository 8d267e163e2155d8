"""What every handler needs, typed: settings, the current engine, the unanswered log, button ids.

The Application keeps one Services as its `bot_data` (see handlers.app), so a handler reads
`context.bot_data.engine` instead of an untyped `context.bot_data["engine"]`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from telegram.ext import CallbackContext, ExtBot

from handlers.callbacks import Callback
from knowledge.answer.engine import Engine
from knowledge.memory import Conversations
from knowledge.store.data_folder import FEEDBACK_FILE, SUBSCRIPTIONS_FILE, UNANSWERED_FILE
from knowledge.store.feedback import FeedbackLog
from knowledge.store.knowledge_file import KnowledgeStore
from knowledge.store.snapshot import Knowledge, Problem
from knowledge.store.subscriptions import Subscriptions
from knowledge.store.unanswered import UnansweredLog
from settings import Settings, data_path

log = logging.getLogger(__name__)

MAX_BUTTONS = 20_000  # button payloads remembered; older buttons answer "hãy hỏi lại"


class ButtonCache:
    """Short callback ids ("q:3f2a9c1b", ≤ 64 bytes) for questions too long to put in a button.

    The id is a hash of the question alone, so every button about one question (ask, chart,
    details, votes) shares one entry and keeps the same id; the least recently used entries are
    forgotten beyond `size`.
    """

    def __init__(self, size: int = MAX_BUTTONS) -> None:
        self.size = size
        self._items: OrderedDict[str, str] = OrderedDict()

    def put(self, kind: Callback, question: str) -> str:
        """Remember `question`; return the callback data for a button of `kind`."""
        digest = hashlib.blake2s(question.encode(), digest_size=5).hexdigest()
        self._items[digest] = question
        self._items.move_to_end(digest)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return kind.data(digest)

    def get(self, data: str) -> str | None:
        """The question behind a button's callback data, or None once it has been forgotten."""
        digest = data.rpartition(":")[2]
        question = self._items.get(digest)
        if question is not None:
            self._items.move_to_end(digest)
        return question


class Services:
    """The bot's dependencies. ContextTypes needs a no-argument constructor: every part defaults.

    The engine is rebuilt from `store` when the knowledge file changes, at most once every
    `settings.reload_seconds`; an invalid file keeps the last good knowledge in service.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        store: KnowledgeStore | None = None,
        unanswered: UnansweredLog | None = None,
        buttons: ButtonCache | None = None,
        clock: Callable[[], float] = time.monotonic,
        feedback: FeedbackLog | None = None,
        subscriptions: Subscriptions | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self._store = store
        self.unanswered = unanswered
        self.buttons = buttons or ButtonCache()
        self.clock = clock
        self.conflict = False  # set when another instance polls the same token
        self._engine: Engine | None = None
        self._checked_at = clock()
        self.conversations = Conversations(
            expiry_seconds=self.settings.follow_up_minutes * 60,
            max_chats=self.settings.follow_up_chats,
            clock=clock,
        )
        self.feedback = feedback
        self.subscriptions = subscriptions
        # (chat id, user id) → (answer key, deadline): a 👎 waiting for its reason
        self.reasons: dict[tuple[int, int], tuple[str, float]] = {}
        # the knowledge subscribers were last checked against (None: not yet since start)
        self.announced: Knowledge | None = None
        self.announcing = asyncio.Lock()  # one announcing round at a time
        self.watcher: asyncio.Task[None] | None = None  # handlers.watch

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        """Open the knowledge file (InvalidKnowledge if it is broken) and the unanswered log."""
        store = KnowledgeStore.from_settings(settings)
        return cls(
            settings,
            store,
            UnansweredLog(data_path(settings, UNANSWERED_FILE)),
            feedback=FeedbackLog(data_path(settings, FEEDBACK_FILE)),
            subscriptions=Subscriptions(data_path(settings, SUBSCRIPTIONS_FILE)),
        )

    @property
    def store(self) -> KnowledgeStore:
        if self._store is None:
            self._store = KnowledgeStore.from_settings(self.settings)
        return self._store

    @property
    def engine(self) -> Engine:
        """The engine over the last valid knowledge."""
        if self._engine is None or self._engine.knowledge is not self.store.current:
            self._engine = Engine(self.store.current, default_region=self.settings.default_region)
        return self._engine

    async def refresh(self) -> list[Problem]:
        """Reload the knowledge file if it changed and is due; the problems of a new bad version."""
        now = self.clock()
        if now - self._checked_at < self.settings.reload_seconds:
            return []
        self._checked_at = now
        outcome = await asyncio.to_thread(self.store.reload_if_changed)
        if outcome.changed:
            log.info(
                "knowledge reloaded from %s: %d facts",
                self.store.path,
                len(outcome.knowledge.facts),
            )
        if outcome.problems:
            log.warning(
                "knowledge file %s is invalid (%d problems); still serving the last good version",
                self.store.path,
                len(outcome.problems),
            )
        return outcome.problems

    def record_unanswered(self, question: str, status: str) -> None:
        """Keep a question the engine could not answer, for the admins; never fail the reply."""
        if self.unanswered is None:
            return
        try:
            self.unanswered.record(question, status)
        except OSError:
            log.exception("could not record an unanswered question")


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], Services]
"""The `context` argument of every handler in this package."""
