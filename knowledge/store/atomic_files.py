"""Whole files replaced atomically, and the backup copies kept before each change.

A crash at any moment leaves either the old or the new file, whole; a writer killed before its
rename leaves only a temp file, which the next writer (holding the store's lock) removes.
"""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from knowledge.store.data_folder import PRIVATE_FILE, make_private_dir
from knowledge.store.tables import Tables, decode_tables, dump_tables


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole.

    mode: the new file's permissions; default: those of the file it replaces, else 0o666 minus
    the umask, like a plain open(). Files holding users' or admins' data pass PRIVATE_FILE."""
    temp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    # created with the umask applied, like open(); then the mode asked for or the old file's
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            elif path.exists():
                os.fchmod(out.fileno(), stat.S_IMODE(path.stat().st_mode))
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable: without it a power cut can bring the old name back."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stale_temp_files(path: Path, backups: Path) -> list[Path]:
    """Temp files left by writers of `path` or of its backups killed before their rename. Only
    theirs: other files in the folder (votes, subscriptions) are written without the lock."""
    found = list(path.parent.glob(f".{path.name}.*.tmp"))
    return found + (list(backups.glob(".*.tmp")) if backups.is_dir() else [])


class Backups:
    """Copies of the file before each change, named by UTC time so names sort by age.

    A copy is written before the change and the oldest beyond `keep` are dropped only once the
    change has succeeded (`prune`): failed writes never push an older version out."""

    def __init__(self, directory: Path, original: Path, keep: int) -> None:
        self.directory = directory
        self.stem, self.suffix = original.stem, original.suffix
        self.keep = keep

    def save(self, data: bytes) -> Path | None:
        """Write a backup of `data`, owner-only; None when keep is 0."""
        if self.keep <= 0:
            return None
        make_private_dir(self.directory)
        when = datetime.now(UTC)
        while True:
            path = self.directory / f"{self.stem}-{when:%Y%m%dT%H%M%S%fZ}{self.suffix}"
            if not path.exists():
                break
            when += timedelta(microseconds=1)  # two writes in one microsecond: still unique
        write_atomic(path, data, mode=PRIVATE_FILE)
        return path

    def prune(self) -> None:
        """Drop the oldest copies beyond `keep` (after a successful write)."""
        if self.keep <= 0:
            return
        for old in self.list()[: -self.keep]:
            old.unlink(missing_ok=True)

    def list(self) -> list[Path]:
        """Oldest first."""
        return sorted(self.directory.glob(f"{self.stem}-*Z{self.suffix}"))


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves half a file: temp file, fsync, rename."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> Tables | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return decode_tables(raw, str(self.path)) if raw.strip() else None

    def write(self, data: Mapping[str, Any]) -> None:
        write_atomic(self.path, dump_tables(data))
