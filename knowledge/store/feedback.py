"""👍/👎 on answers: one vote per user per answer, changeable, with an optional reason.

An answer is one message the bot sent ('<chat id>:<message id>'); a user is their Telegram id
and nothing more. Kept in memory and written whole to a private JSON file after each change, so
votes survive restarts; the oldest answers are dropped beyond `max_answers`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from knowledge.store.private_file import read_private_json, write_private_json

Vote = Literal["up", "down"]
MAX_TEXT = 300  # characters kept of a question, an answer's headline or a reason


@dataclass(frozen=True)
class WrongAnswer:
    """An answer someone marked 👎: what was asked, what the bot said, the votes and reasons."""

    key: str
    question: str
    answered: str
    up: int
    down: int
    reasons: tuple[str, ...]
    last_down: str  # ISO time of the latest 👎


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _short(text: str) -> str:
    return " ".join(text.split())[:MAX_TEXT]


class FeedbackLog:
    def __init__(self, path: Path, max_answers: int = 5_000) -> None:
        self.path = path
        self.max_answers = max_answers
        self._lock = threading.Lock()
        loaded = read_private_json(path)
        answers = loaded.get("answers") if isinstance(loaded, dict) else None
        self._answers: dict[str, dict[str, Any]] = answers if isinstance(answers, dict) else {}

    def vote(
        self, key: str, user_id: int, vote: Vote, question: str, answered: str
    ) -> tuple[int, int]:
        """Record (or change) the user's vote on an answer; the answer's 👍 and 👎 counts."""
        with self._lock:
            entry = self._answers.pop(key, None) or {"votes": {}}
            self._answers[key] = entry  # most recently voted last
            if question:
                entry["question"] = _short(question)
            if answered:
                entry["answered"] = _short(answered)
            votes: dict[str, Any] = entry["votes"]
            previous = votes.get(str(user_id), {})
            reason = previous.get("reason") if previous.get("vote") == vote else None
            votes[str(user_id)] = {"vote": vote, "at": _now(), "reason": reason}
            while len(self._answers) > self.max_answers:
                del self._answers[next(iter(self._answers))]
            self._save()
            return self._counts(entry)

    def add_reason(self, key: str, user_id: int, reason: str) -> bool:
        """Attach a reason to the user's 👎 on an answer; False when there is no such vote."""
        with self._lock:
            vote = self._answers.get(key, {}).get("votes", {}).get(str(user_id))
            if vote is None or vote.get("vote") != "down":
                return False
            vote["reason"] = _short(reason)
            self._save()
            return True

    def counts(self, key: str) -> tuple[int, int]:
        with self._lock:
            return self._counts(self._answers.get(key, {"votes": {}}))

    def user_vote(self, key: str, user_id: int) -> Vote | None:
        with self._lock:
            vote = self._answers.get(key, {}).get("votes", {}).get(str(user_id), {})
            found = vote.get("vote")
            return found if found in ("up", "down") else None

    def wrong(self, limit: int = 10) -> list[WrongAnswer]:
        """Answers with at least one 👎, the most recently marked first."""
        found: list[WrongAnswer] = []
        with self._lock:
            for key, entry in reversed(self._answers.items()):  # most recently voted first
                downs = [v for v in entry["votes"].values() if v.get("vote") == "down"]
                if not downs:
                    continue
                up, down = self._counts(entry)
                found.append(
                    WrongAnswer(
                        key,
                        entry.get("question", ""),
                        entry.get("answered", ""),
                        up,
                        down,
                        tuple(v["reason"] for v in downs if v.get("reason")),
                        max(v.get("at", "") for v in downs),
                    )
                )
        found.sort(key=lambda w: w.last_down, reverse=True)
        return found[:limit]

    @staticmethod
    def _counts(entry: dict[str, Any]) -> tuple[int, int]:
        votes = [v.get("vote") for v in entry["votes"].values()]
        return votes.count("up"), votes.count("down")

    def _save(self) -> None:
        write_private_json(self.path, {"version": 1, "answers": self._answers})
