"""The history file: JSON lines, owner-only, appended under the store's lock, read from the end.

Each line is written and synced before the knowledge file is replaced, so no change is ever in
the file without its line. A line cut short (a crash or a full disk during an append) is moved to
`history.jsonl.torn` before the next append, never merged with it. Past `max_bytes` the file is
rotated to `history.jsonl.1` (one older generation kept). Listing and undo read backwards and stop
as soon as they have what they need, so they cost the same at 50 entries as at 50 000.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from knowledge.store.data_folder import PRIVATE_FILE
from knowledge.store.history import MARKS_UNDONE, NEVER_UNDONE, AuditEntry

log = logging.getLogger(__name__)

_BLOCK = 1 << 18


class AuditLog:
    def __init__(self, path: Path, max_bytes: int = 8_000_000) -> None:
        self.path = path
        self.max_bytes = max_bytes

    @property
    def older(self) -> Path:
        return self.path.with_name(self.path.name + ".1")

    @property
    def torn(self) -> Path:
        return self.path.with_name(self.path.name + ".torn")

    # -- writing (callers hold the store's lock) -----------------------------------------------

    def append(self, entry: AuditEntry) -> int:
        """Write one entry and sync it; return the file's size before, for `truncate`.
        On failure (a full disk) nothing of the entry is left behind."""
        self.repair()
        data = (entry.to_json() + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        size = os.fstat(fd).st_size
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError:
            # if even this fails, repair() sets the torn line aside before the next append
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
        finally:
            os.close(fd)
        return size

    def truncate(self, size: int) -> None:
        """Take back the entry appended at `size` (its change could not be made)."""
        with self.path.open("r+b") as out:
            out.truncate(size)
            os.fsync(out.fileno())

    def repair(self) -> bool:
        """Set aside a last line cut short by a crash; True if there was one."""
        try:
            with self.path.open("r+b") as log_file:
                size = log_file.seek(0, os.SEEK_END)
                if size == 0:
                    return False
                log_file.seek(size - 1)
                if log_file.read(1) == b"\n":
                    return False
                start = _last_line_start(log_file, size)
                log_file.seek(start)
                tail = log_file.read()
                fd = os.open(self.torn, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
                try:
                    os.write(fd, tail + b"\n")
                    os.fsync(fd)
                finally:
                    os.close(fd)
                log_file.truncate(start)
                os.fsync(log_file.fileno())
        except FileNotFoundError:
            return False
        log.warning(
            "history %s ended in a line cut short (%d bytes); set aside in %s",
            self.path,
            len(tail),
            self.torn,
        )
        return True

    def rotate_if_large(self) -> None:
        """Past max_bytes, the file becomes history.jsonl.1 (replacing the one before)."""
        try:
            if self.path.stat().st_size > self.max_bytes > 0:
                os.replace(self.path, self.older)
        except FileNotFoundError:
            pass

    # -- reading ---------------------------------------------------------------------------------

    def newest_first(self) -> Iterator[AuditEntry]:
        """Every readable entry, newest first, across the rotated file too; unreadable lines
        (cut short, or not entries) are skipped."""
        for path in (self.path, self.older):
            for line in _lines_backwards(path):
                try:
                    yield AuditEntry.from_json(line)
                except (ValueError, TypeError):
                    continue

    def entries(self) -> Iterator[AuditEntry]:
        """Oldest first (reads everything: for exports and tests, not for undo)."""
        return reversed(list(self.newest_first()))

    def recent(self, limit: int) -> list[AuditEntry]:
        """The newest `limit` entries, newest first."""
        found: list[AuditEntry] = []
        for entry in self.newest_first():
            if len(found) >= limit:
                break
            found.append(entry)
        return found

    def last(self) -> AuditEntry | None:
        return next(self.newest_first(), None)

    def undo_target(self) -> AuditEntry | None:
        """The newest change that is neither undone nor abandoned, nor itself an undo; an outside
        edit is returned too, so that undo stops there instead of reaching past it."""
        done: set[str] = set()
        for entry in self.newest_first():
            if entry.action in MARKS_UNDONE:
                if entry.undoes:
                    done.add(entry.undoes)
            elif entry.id in done:
                continue
            elif entry.action == "outside_edit" or entry.action not in NEVER_UNDONE:
                return entry
        return None


def _last_line_start(log_file: IO[bytes], size: int) -> int:
    """Offset just after the last newline before `size` (0 if none)."""
    end = size
    while end > 0:
        start = max(0, end - _BLOCK)
        log_file.seek(start)
        cut = log_file.read(end - start).rfind(b"\n")
        if cut >= 0:
            return start + cut + 1
        end = start
    return 0


def _lines_backwards(path: Path) -> Iterator[bytes]:
    """A file's non-empty lines, last first, read in blocks from the end (a line longer than a
    block is gathered in pieces, never by re-copying what was read)."""
    try:
        source = path.open("rb")
    except FileNotFoundError:
        return
    with source:
        end = source.seek(0, os.SEEK_END)
        pending: list[bytes] = []  # the line being gathered, its last piece first
        while end > 0:
            start = max(0, end - _BLOCK)
            source.seek(start)
            pieces = source.read(end - start).split(b"\n")
            end = start
            if len(pieces) == 1:
                pending.append(pieces[0])
                continue
            for line in (pieces[-1] + b"".join(reversed(pending)), *reversed(pieces[1:-1])):
                if line.strip():
                    yield line
            pending = [pieces[0]]
        line = b"".join(reversed(pending))
        if line.strip():
            yield line
