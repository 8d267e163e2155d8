"""Users' data (votes, subscriptions) as small JSON files in the data folder: readable only by
the bot's own account (0600) and replaced whole (temp file, fsync, rename), never half-written."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from knowledge.store.atomic_files import write_atomic
from knowledge.store.data_folder import PRIVATE_FILE, make_private_dir

log = logging.getLogger(__name__)


def read_private_json(path: Path) -> Any:
    """The file's JSON, or None when it is missing, empty or unreadable (logged: the bot keeps
    serving, and the next write replaces the broken file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        log.error("cannot read %s: %s", path, error)
        return None
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        log.error("%s is not valid JSON (%s); starting from an empty one", path, error)
        return None


def write_private_json(path: Path, data: Any) -> None:
    """Replace `path` with `data` as JSON; a new file is created owner-only first, and
    write_atomic keeps that mode."""
    make_private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_atomic(path, text.encode("utf-8"))
