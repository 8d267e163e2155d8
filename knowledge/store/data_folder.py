"""The data folder: where the bot keeps what it writes at run time, outside the source tree.

It holds the live knowledge file, its lock, backups, the change history and the unanswered-question
log (and the generated webhook secret). Nothing in it belongs in git: it is users' and admins' data.
On first use it is created, owner-only, from the seed knowledge bundled in the package (which is
never written to); a knowledge file kept in the package by an earlier version is picked up once.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = PROJECT_ROOT / "knowledge" / "data" / "knowledge.json"
"""The knowledge bundled with the code: read-only, copied into a new data folder."""
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"

KNOWLEDGE_FILE = "knowledge.json"
HISTORY_FILE = "history.jsonl"
UNANSWERED_FILE = "unanswered.jsonl"
FEEDBACK_FILE = "feedback.json"  # users' 👍/👎 (knowledge.store.feedback)
SUBSCRIPTIONS_FILE = (
    "subscriptions.json"  # chats following a metric (knowledge.store.subscriptions)
)
BACKUPS_DIR = "backups"
WEBHOOK_SECRET_FILE = "webhook_secret"

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600

# What versions before the data folder wrote next to the bundled file (knowledge/data/).
_LEGACY_HISTORY = "knowledge.audit.jsonl"
_LEGACY_MOVED = (_LEGACY_HISTORY, UNANSWERED_FILE, UNANSWERED_FILE + ".1", BACKUPS_DIR)


def make_private_dir(path: Path) -> None:
    """Create a folder (and its parents) that only its owner can open; leave an existing one."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, PRIVATE_DIR)


def prepare(data_dir: Path, knowledge_path: Path, seed: Path = SEED_PATH) -> None:
    """Make sure the data folder exists and, when the knowledge file is the folder's own and is
    missing, create it: from the package's old live file if an earlier version kept one there,
    else from the seed. A knowledge file named elsewhere is never created (a typo in
    --knowledge must not quietly serve the seed)."""
    make_private_dir(data_dir)
    remove_stale_temp_files(data_dir)
    if knowledge_path.exists() or knowledge_path != data_dir / KNOWLEDGE_FILE:
        return
    legacy = seed.parent
    if (legacy / _LEGACY_HISTORY).exists():
        _adopt_legacy(legacy, seed, data_dir, knowledge_path)
        return
    _copy_private(seed, knowledge_path)
    log.info("created the data folder %s from the bundled knowledge %s", data_dir, seed)


STALE_SECONDS = 600.0


def remove_stale_temp_files(data_dir: Path, older_than: float = STALE_SECONDS) -> None:
    """Temp files of any writer killed before its rename (votes, subscriptions, the seed copy),
    once they are old enough that no live writer can still be filling them."""
    now = time.time()
    for temp in data_dir.glob(".*.tmp"):
        try:
            if now - temp.stat().st_mtime > older_than:
                temp.unlink()
        except OSError:
            continue  # gone already, or not ours to remove


def _adopt_legacy(legacy: Path, seed: Path, data_dir: Path, knowledge_path: Path) -> None:
    """An earlier version wrote the live file, its audit log and backups into the package: carry
    them over once (moving the logs marks the move as done), leaving the package read-only."""
    _copy_private(seed, knowledge_path)
    for name in _LEGACY_MOVED:
        old = legacy / name
        if not old.exists():
            continue
        new = data_dir / (HISTORY_FILE if name == _LEGACY_HISTORY else name)
        if new.exists():
            continue  # never overwrite the data folder's own files
        shutil.move(str(old), str(new))
        _restrict(new)
    log.warning(
        "picked up the knowledge file an earlier version kept in %s, with its history, backups "
        "and unanswered log; they now live in %s (the copy in the package is no longer used)",
        legacy,
        data_dir,
    )


def _copy_private(source: Path, target: Path) -> None:
    temp = target.with_name(f".{target.name}.seed.tmp")
    shutil.copyfile(source, temp)
    os.chmod(temp, PRIVATE_FILE)
    os.replace(temp, target)


def _restrict(path: Path) -> None:
    """Owner-only permissions on a file, or on a folder and everything in it."""
    if path.is_dir():
        os.chmod(path, PRIVATE_DIR)
        for child in path.iterdir():
            _restrict(child)
    else:
        os.chmod(path, PRIVATE_FILE)


def webhook_secret(data_dir: Path) -> tuple[str, Path, bool]:
    """The webhook secret kept in the data folder, created (owner-only) on first use: (secret,
    its file, whether it was just created). Telegram sends it with every update; a request
    without it is refused, so nobody can forge updates "from" an admin."""
    path = data_dir / WEBHOOK_SECRET_FILE
    try:
        secret = path.read_text(encoding="ascii").strip()
        if re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            return secret, path, False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    make_private_dir(data_dir)
    secret = secrets.token_urlsafe(32)  # 43 characters of A-Z, a-z, 0-9, _ and -
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret + "\n")
    os.chmod(path, PRIVATE_FILE)  # an older file with wider permissions
    return secret, path, True
