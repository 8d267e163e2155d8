"""Questions the bot could not answer, kept so admins can see what knowledge is missing.

One JSON line per question, appended with a single write() so the bot's threads and processes can
record at once without a lock. `forget` appends a marker instead of rewriting the file, so it never
races with those appends. The file is rotated once it passes `max_bytes` (one old generation kept).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from knowledge.store.data_folder import PRIVATE_FILE
from knowledge.understand.folding import nfc

MAX_QUESTION_CHARS = 500  # a Telegram message can be 4096; the gist fits in far less


def question_key(question: str) -> str:
    """What groups repeated questions: NFC, lower case, single spaces, no trailing '?'."""
    return nfc(question).lower().rstrip(" ?!.")


@dataclass
class _Group:
    text: str
    count: int
    last_seen: str


class UnansweredLog:
    def __init__(self, path: Path, max_bytes: int = 5_000_000, max_groups: int = 10_000) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.max_groups = max_groups

    def record(self, question: str, status: str, when: datetime | None = None) -> None:
        """Remember one unanswered question with the status the engine gave it."""
        when = when or datetime.now().astimezone()
        self._append(
            {
                "ts": when.isoformat(timespec="seconds"),
                "status": status,
                "question": " ".join(question.split())[:MAX_QUESTION_CHARS],
            }
        )

    def forget(self, key: str) -> None:
        """Drop a question (its key or any wording of it) from `top`, e.g. once it is answered."""
        self._append(
            {
                "ts": datetime.now().astimezone().isoformat(timespec="seconds"),
                "forget": question_key(key),
            }
        )

    def top(self, limit: int = 10) -> list[tuple[str, int, str]]:
        """The most asked questions: (latest wording, times asked, last asked), most asked first."""
        groups: dict[str, _Group] = {}
        for line in self._lines():
            if "forget" in line:
                groups.pop(str(line["forget"]), None)
                continue
            question, ts = line.get("question"), line.get("ts")
            if not isinstance(question, str) or not isinstance(ts, str):
                continue
            group = groups.get(key := question_key(question))
            if group is None:
                if len(groups) >= self.max_groups:
                    self._shrink(groups)
                groups[key] = _Group(question, 1, ts)
            else:
                group.text, group.count, group.last_seen = question, group.count + 1, ts
        ranked = sorted(groups.values(), key=lambda g: (g.count, g.last_seen), reverse=True)
        return [(g.text, g.count, g.last_seen) for g in ranked[:limit]]

    @staticmethod
    def _shrink(groups: dict[str, _Group]) -> None:
        # memory stays bounded on a huge log: drop the half asked least (and longest ago)
        ranked = sorted(groups, key=lambda k: (groups[k].count, groups[k].last_seen))
        for key in ranked[: len(ranked) // 2]:
            del groups[key]

    def _append(self, entry: dict[str, Any]) -> None:
        # "replace": a lone surrogate from a Telegram message must not lose the question
        data = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # users' verbatim questions: readable by the bot's own user only
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        try:
            os.write(fd, data)  # one write in append mode: lines from many writers never mix
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size > self.max_bytes:
            os.replace(self.path, self._old)

    @property
    def _old(self) -> Path:
        return self.path.with_name(self.path.name + ".1")

    def _lines(self) -> Iterator[dict[str, Any]]:
        for path in (self._old, self.path):
            try:
                lines = path.open(encoding="utf-8", errors="replace")
            except FileNotFoundError:
                continue
            with lines:
                for line in lines:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a line cut short by a crash
                    if isinstance(entry, dict):
                        yield entry
