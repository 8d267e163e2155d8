"""The history of the knowledge file: one entry per change, and what undoing one means.

An entry stores every record a change touched as it was before and after, so a change can be
undone exactly (and refused when the record was edited again since) without keeping whole copies,
and the SHA-256 of the whole file before and after, so undo can tell whether the file is still the
one the history describes (history_log.AuditLog keeps the entries on disk).
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from knowledge.store.tables import StoreError, Tables

MANY = "*"
"""The `table` of an entry that touched several records; before/after are then {table: {id: …}}."""

MARKS_UNDONE = frozenset({"undo", "abandoned"})
"""Entries whose `undoes` names a change that is no longer in the file: reversed by an undo, or
abandoned (its writer died after writing the entry and before replacing the file)."""
NEVER_UNDONE = frozenset({"migrate", "outside_edit"}) | MARKS_UNDONE
"""Entries that `kb undo` does not reverse by itself (an outside edit stops it instead)."""


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
    # SHA-256 of the whole file before and after (None in entries of earlier versions)
    hash_before: str | None = None
    hash_after: str | None = None
    # what the change came from, in words: the article of an import
    label: str | None = None

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
        hashes: tuple[str | None, str | None] = (None, None),
        label: str | None = None,
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
            hash_before=hashes[0],
            hash_after=hashes[1],
            label=label,
        )

    @classmethod
    def from_json(cls, line: str | bytes) -> AuditEntry:
        """One log line; ValueError/TypeError when it is not an entry. Keys this version does not
        know (from a newer one) are ignored."""
        data = json.loads(line)
        if not isinstance(data, dict):
            raise TypeError("not an entry")
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})

    def changes(self) -> list[Change]:
        if self.table != MANY:
            return [Change(self.table, str(self.record), self.before, self.after)]
        return [
            Change(table, record, before, self.after[table][record])
            for table, records in self.before.items()
            for record, before in records.items()
        ]

    def summary(self) -> str:
        """'2024-05-01T10:00:00+07:00 cli:hoa add_fact facts #30' for listings, with the article
        an import came from: '… import 12 bản ghi — «Lạng Sơn: …»'."""
        target = f"{self.table} #{self.record}" if self.record else f"{len(self.changes())} bản ghi"
        label = f" — «{self.label}»" if self.label else ""
        return f"{self.ts} {self.who} {self.action} {target}{label}"

    @property
    def is_whole_import(self) -> bool:
        """An import of several records from one article: undoing it removes them all at once."""
        return self.action == "import" and self.table == MANY

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
                # no copies: the store parses old and new separately and changes neither after
                changes.append(Change(table, record, before.get(record), after.get(record)))
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


_FIELDS = frozenset(f.name for f in fields(AuditEntry))
