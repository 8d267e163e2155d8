"""One change committed so that undo can trust the history: backup, entry, rename, in that order.

The order is what makes a change and its history entry one step from undo's point of view:
1. a backup of the old file (its oldest siblings are dropped only after success);
2. the history entry, with the SHA-256 of the file before and after, written and synced;
3. the new file renamed into place.
A writer killed between 2 and 3 leaves an entry whose `hash_before` is still the file's: the next
writer (or undo) records it as abandoned. A file whose hash is neither is one changed outside the
store (edited by hand, replaced): that is recorded too, and undo stops there instead of guessing.
Every method here runs with the store's lock held.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge.store.atomic_files import Backups, stale_temp_files, write_atomic
from knowledge.store.history import AuditEntry, Change
from knowledge.store.history_log import AuditLog
from knowledge.store.tables import StoreError

log = logging.getLogger(__name__)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Journal:
    path: Path
    history: AuditLog
    backups: Backups

    def clean_temp_files(self) -> None:
        """Remove temp files of writers killed before their rename (none can be in use: every
        writer holds the lock)."""
        for temp in stale_temp_files(self.path, self.backups.directory):
            temp.unlink(missing_ok=True)

    def reconcile(self, current: str) -> None:
        """Make the history end with the file as it is (hash `current`)."""
        last = self.history.last()
        if last is None or last.hash_after is None or last.hash_after == current:
            return
        if last.hash_before == current and last.action != "outside_edit":
            entry = AuditEntry.create(
                "bot", "abandoned", [], undoes=last.id, hashes=(current, current)
            )
            log.warning("history entry %s (%s) never reached %s", last.id, last.action, self.path)
        else:
            entry = AuditEntry.create(
                "?", "outside_edit", [], undoable=False, hashes=(last.hash_after, current)
            )
            log.warning("%s was changed outside the bot since its last recorded change", self.path)
        self.history.append(entry)

    def commit(
        self,
        old_raw: bytes,
        data: bytes,
        changes: list[Change],
        *,
        who: str,
        action: str,
        undoes: str | None = None,
        undoable: bool = True,
        label: str | None = None,
    ) -> AuditEntry:
        """Back up, record, replace; StoreError (nothing changed) when any step fails."""
        before = sha(old_raw)
        self.clean_temp_files()
        self.reconcile(before)
        backup: Path | None = None
        appended_at: int | None = None
        try:
            backup = self.backups.save(old_raw)
            entry = AuditEntry.create(
                who,
                action,
                changes,
                undoes=undoes,
                undoable=undoable,
                backup=backup.name if backup else None,
                hashes=(before, sha(data)),
                label=label,
            )
            appended_at = self.history.append(entry)
            write_atomic(self.path, data)
        except (OSError, ValueError) as error:
            self._roll_back(backup, appended_at)
            reason = error.strerror if isinstance(error, OSError) else None
            raise StoreError(
                f"{self.path.name}: không ghi được tệp, chưa có gì thay đổi: {reason or error}"
            ) from error
        # only now: a failed write must never push an older backup out
        self.backups.prune()
        self.history.rotate_if_large()
        return entry

    def _roll_back(self, backup: Path | None, appended_at: int | None) -> None:
        try:
            if appended_at is not None:
                self.history.truncate(appended_at)
        except OSError:
            log.exception("could not take back a history entry; it will be marked abandoned")
        if backup is not None:
            backup.unlink(missing_ok=True)

    def undo_target(self, current: str, file: str) -> AuditEntry | None:
        """The change undo would reverse, after checking that the file is the one the history
        ends with; StoreError saying why not otherwise."""
        self.reconcile(current)
        target = self.history.undo_target()
        if target is None:
            return None
        if target.action == "outside_edit":
            raise StoreError(
                f"{file}: không thể hoàn tác: tệp đã bị sửa hoặc thay ngoài bot (phát hiện lúc "
                f"{target.ts}), nên lịch sử không còn khớp với tệp. Các bản sao lưu trong "
                f"{self.backups.directory} giữ những phiên bản trước"
            )
        if not target.undoable:
            raise StoreError(
                f"{file}: không thể hoàn tác '{target.action}' lúc {target.ts}: "
                f"tệp trước đó bị hỏng (bản sao lưu: {target.backup})"
            )
        return target
