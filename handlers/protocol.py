"""What Telegram sends that is not an ordinary update: one PTB cannot read, one sent twice.

- `UpdatesRequest` is PTB's own HTTPX request for getUpdates, reading the answer through the
  documented `parse_json_payload` hook: an update PTB cannot parse is logged once and replaced
  by an empty update with the same id. Without this, PTB fails on the whole batch, asks for it
  again forever and logs a CRITICAL line each time, and no later update is ever handled.
- `RepeatedUpdates` runs before every other handler and drops an update id already handled
  (the same id twice in one batch, or a webhook delivery Telegram retried), so nobody is
  answered twice.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop
from telegram.request import HTTPXRequest

from handlers.services import Context

log = logging.getLogger(__name__)

REMEMBERED = 10_000  # update ids kept to recognise a repeat


class UpdatesRequest(HTTPXRequest):
    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)  # PTB's own default for getUpdates
        self._reported: OrderedDict[int, None] = OrderedDict()

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        data: dict[str, Any] = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result")
        if isinstance(result, list):
            data["result"] = [u for u in map(self._readable, result) if u is not None]
        return data

    def _readable(self, raw: Any) -> Any:
        """The update if PTB can read it, else an empty update with its id (None without one)."""
        try:
            Update.de_json(raw, None)
            return raw
        except Exception as error:  # whatever PTB fails with, this update must not block others
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                log.error("dropped an update without an id: %.200r", raw)
                return None
            if update_id not in self._reported:
                self._reported[update_id] = None
                if len(self._reported) > REMEMBERED:
                    self._reported.popitem(last=False)
                log.error("skipped update %d, which could not be read: %s", update_id, error)
            return {"update_id": update_id}


class RepeatedUpdates:
    """A TypeHandler callback for group -2: stop an update whose id was handled already."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._seen: OrderedDict[int, None] = OrderedDict()

    async def __call__(self, update: Update, context: Context) -> None:
        # no await before the id is recorded: two copies handled at once still count as two
        if update.update_id in self._seen:
            log.info("update %d arrived again; handled once already", update.update_id)
            raise ApplicationHandlerStop
        self._seen[update.update_id] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
