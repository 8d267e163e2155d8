"""Chats that follow a metric in a place, and the newest period each has been told about.

`seen` is the end of the newest period the chat knows for that metric and place (set when it
subscribes, advanced when it is notified), so a figure is announced once, and a figure of an older
period never. A chat is its Telegram id and nothing more. Written whole to a private JSON file
after each change: subscriptions survive restarts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.store.private_file import read_private_json, write_private_json

MAX_PER_CHAT = 20


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    metric: str
    region: str
    seen: date | None


class Subscriptions:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._chats: dict[int, list[Subscription]] = {}
        loaded = read_private_json(path)
        chats = loaded.get("chats") if isinstance(loaded, dict) else None
        for chat, items in (chats or {}).items():
            try:
                self._chats[int(chat)] = [self._parse(int(chat), item) for item in items]
            except (TypeError, ValueError, KeyError):
                continue  # a damaged entry is dropped, the others kept

    @staticmethod
    def _parse(chat_id: int, item: dict[str, Any]) -> Subscription:
        seen = item.get("seen")
        return Subscription(
            chat_id,
            str(item["metric"]),
            str(item["region"]),
            date.fromisoformat(seen) if seen else None,
        )

    def add(self, chat_id: int, metric: str, region: str, seen: date | None) -> bool:
        """Follow a metric in a place; False when the chat already does (or follows too many)."""
        with self._lock:
            items = self._chats.setdefault(chat_id, [])
            if any((s.metric, s.region) == (metric, region) for s in items):
                return False
            if len(items) >= MAX_PER_CHAT:
                return False
            items.append(Subscription(chat_id, metric, region, seen))
            self._save()
            return True

    def remove(self, chat_id: int, metric: str, region: str) -> bool:
        with self._lock:
            items = self._chats.get(chat_id, [])
            kept = [s for s in items if (s.metric, s.region) != (metric, region)]
            if len(kept) == len(items):
                return False
            self._set(chat_id, kept)
            self._save()
            return True

    def drop_chat(self, chat_id: int) -> None:
        """Forget a chat (it blocked the bot or was deleted)."""
        with self._lock:
            if self._chats.pop(chat_id, None) is not None:
                self._save()

    def of_chat(self, chat_id: int) -> list[Subscription]:
        with self._lock:
            return list(self._chats.get(chat_id, []))

    def all(self) -> list[Subscription]:
        with self._lock:
            return [s for items in self._chats.values() for s in items]

    def mark_seen(self, seen: list[tuple[Subscription, date]], save: bool = True) -> None:
        """Advance what chats know (never backwards); one write for the lot."""
        with self._lock:
            for sub, end in seen:
                items = self._chats.get(sub.chat_id, [])
                self._set(
                    sub.chat_id,
                    [
                        Subscription(s.chat_id, s.metric, s.region, end)
                        if (s.metric, s.region) == (sub.metric, sub.region)
                        and (s.seen is None or end > s.seen)
                        else s
                        for s in items
                    ],
                )
            if save:
                self._save()

    def _set(self, chat_id: int, items: list[Subscription]) -> None:
        if items:
            self._chats[chat_id] = items
        else:
            self._chats.pop(chat_id, None)

    def _save(self) -> None:
        chats = {
            str(chat): [
                {
                    "metric": s.metric,
                    "region": s.region,
                    "seen": s.seen.isoformat() if s.seen else None,
                }
                for s in items
            ]
            for chat, items in self._chats.items()
        }
        write_private_json(self.path, {"version": 1, "chats": chats})
