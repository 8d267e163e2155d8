"""The history of the knowledge file: atomic replacement, backups and an audit line per change.

An audit entry stores every record a change touched as it was before and after, so a change can be
undone exactly (and refused when the record was edited again since) without keeping whole copies.
"""

from __future__ import annotations

import copy
import json
import os
import stat
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from knowledge.store.tables import StoreError, Tables

MANY = "*"
"""The `table` of an entry that touched several records; before/after are then {table: {id: …}}."""


@dataclass(frozen=True)
class Change:
    """One record before and after a change; None means the record did not exist."""

    table: str
    record: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who changed what, with each touched record before and after.

    One record: `table` and `record` name it and before/after are the record itself (None when it
    did not exist). Several: `table` is MANY and before/after are {table: {doc_id: record}}.
    """

    id: str
    ts: str
    who: str
    action: str
    table: str
    record: str | None
    before: Any
    after: Any
    undoes: str | None = None
    backup: str | None = None
    # False when the file before the change could not be read, so there is nothing to go back to
    undoable: bool = True

    @classmethod
    def create(
        cls,
        who: str,
        action: str,
        changes: list[Change],
        *,
        undoes: str | None = None,
        backup: str | None = None,
        undoable: bool = True,
    ) -> AuditEntry:
        table: str
        record: str | None
        before: Any
        after: Any
        if len(changes) == 1:
            (c,) = changes
            table, record, before, after = c.table, c.record, c.before, c.after
        else:
            table, record, before, after = MANY, None, {}, {}
            for c in changes:
                before.setdefault(c.table, {})[c.record] = c.before
                after.setdefault(c.table, {})[c.record] = c.after
        return cls(
            id=uuid.uuid4().hex[:12],
            ts=datetime.now().astimezone().isoformat(timespec="seconds"),
            who=who,
            action=action,
            table=table,
            record=record,
            before=before,
            after=after,
            undoes=undoes,
            backup=backup,
            undoable=undoable,
        )

    def changes(self) -> list[Change]:
        if self.table != MANY:
            return [Change(self.table, str(self.record), self.before, self.after)]
        return [
            Change(table, record, before, self.after[table][record])
            for table, records in self.before.items()
            for record, before in records.items()
        ]

    def summary(self) -> str:
        """'2024-05-01T10:00:00+07:00 cli:hoa add_fact facts #30' for listings."""
        target = f"{self.table} #{self.record}" if self.record else f"{len(self.changes())} bản ghi"
        return f"{self.ts} {self.who} {self.action} {target}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def diff_tables(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> list[Change]:
    """Every record that differs between two versions of the tables."""
    changes: list[Change] = []
    for table in dict.fromkeys([*old, *new]):
        before, after = old.get(table, {}), new.get(table, {})
        for record in dict.fromkeys([*before, *after]):
            if before.get(record) != after.get(record):
                changes.append(
                    Change(
                        table,
                        record,
                        copy.deepcopy(before.get(record)),
                        copy.deepcopy(after.get(record)),
                    )
                )
    return changes


def revert(tables: Tables, entry: AuditEntry, file: str) -> None:
    """Put back what `entry` changed, unless one of its records was changed again since."""
    for change in entry.changes():
        if tables.get(change.table, {}).get(change.record) != change.after:
            raise StoreError(
                f"{file}: không thể hoàn tác '{entry.action}' lúc {entry.ts}: "
                f"bản ghi {change.table} #{change.record} đã bị sửa sau đó"
            )
    for change in entry.changes():
        table = tables.setdefault(change.table, {})
        if change.before is None:
            table.pop(change.record, None)
        else:
            table[change.record] = copy.deepcopy(change.before)
        # keep records in id order so the file still reads top to bottom after an undo
        if all(key.isdigit() for key in table):
            tables[change.table] = dict(sorted(table.items(), key=lambda item: int(item[0])))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole."""
    temp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    # 0o666 minus the umask, like a plain open(); an existing file keeps its own permissions
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            if path.exists():
                os.fchmod(out.fileno(), stat.S_IMODE(path.stat().st_mode))
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    # the rename itself must reach the disk, or a power cut can bring the old name back
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def stale_temp_files(path: Path) -> list[Path]:
    """Temp files left by writers killed before their rename."""
    return list(path.parent.glob(f".{path.name}.*.tmp"))


class AuditLog:
    """Append-only JSON lines; a line cut short by a crash is skipped when reading."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: AuditEntry) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(entry.to_json() + "\n")
            out.flush()
            os.fsync(out.fileno())

    def entries(self) -> Iterator[AuditEntry]:
        """Oldest first, streamed."""
        try:
            lines = self.path.open(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return
        with lines:
            for line in lines:
                try:
                    yield AuditEntry(**json.loads(line))
                except (ValueError, TypeError):
                    continue

    def recent(self, limit: int) -> list[AuditEntry]:
        """The newest `limit` entries, newest first."""
        return list(reversed(deque(self.entries(), maxlen=max(limit, 0))))

    def undo_target(self) -> AuditEntry | None:
        """The last change that is neither an undo nor undone already."""
        # two passes so that only ids, not every before/after, are held in memory
        changes: list[str] = []
        undone: set[str] = set()
        for entry in self.entries():
            if entry.action != "undo":
                changes.append(entry.id)
            elif entry.undoes:
                undone.add(entry.undoes)
        target = next((i for i in reversed(changes) if i not in undone), None)
        return next((e for e in self.entries() if e.id == target), None) if target else None


class Backups:
    """Copies of the file before each change, named by UTC time so names sort by age."""

    def __init__(self, directory: Path, original: Path, keep: int) -> None:
        self.directory = directory
        self.stem, self.suffix = original.stem, original.suffix
        self.keep = keep

    def save(self, data: bytes) -> Path | None:
        """Write a backup of `data` and drop the oldest beyond `keep`; None when keep is 0."""
        if self.keep <= 0:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        when = datetime.now(UTC)
        while True:
            path = self.directory / f"{self.stem}-{when:%Y%m%dT%H%M%S%fZ}{self.suffix}"
            if not path.exists():
                break
            when += timedelta(microseconds=1)  # two writes in one microsecond: still unique
        write_atomic(path, data)
        for old in self.list()[: -self.keep]:
            old.unlink(missing_ok=True)
        return path

    def list(self) -> list[Path]:
        """Oldest first."""
        return sorted(self.directory.glob(f"{self.stem}-*Z{self.suffix}"))
