"""The knowledge file on disk: validated reads, hot reload, and locked, atomic, audited writes.

Every write re-reads the file under a lock shared by all processes (the bot and the CLI), applies
one change to the raw tables, validates the result and commits it through the journal (backup,
history entry, rename). An invalid file never replaces the snapshot being served.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from filelock import FileLock, Timeout

from knowledge.model import Fact, Metric, Source
from knowledge.store.atomic_files import AtomicJSONStorage as AtomicJSONStorage  # API
from knowledge.store.atomic_files import Backups
from knowledge.store.data_folder import BACKUPS_DIR, HISTORY_FILE, SEED_PATH
from knowledge.store.history import AuditEntry, diff_tables, revert
from knowledge.store.history_log import AuditLog
from knowledge.store.journal import Journal, sha
from knowledge.store.schema import SCHEMA_VERSION
from knowledge.store.snapshot import InvalidKnowledge, Knowledge, Problem
from knowledge.store.tables import StoreError as StoreError  # part of this module's API
from knowledge.store.tables import (
    Tables,
    add_alias,
    add_new_facts,
    add_unique,
    dump_tables,
    insert,
    parse_tables,
    parse_versioned,
    record_of,
    require,
    set_fields,
    validated,
)
from knowledge.store.tables import check_upload_size as check_upload_size  # API

if TYPE_CHECKING:
    from settings import Settings

DEFAULT_PATH = SEED_PATH
"""The seed knowledge bundled in the package (read-only); the live file is in the data folder."""

_T = TypeVar("_T")

log = logging.getLogger(__name__)


def load_knowledge(path: Path) -> Knowledge:
    """Read and validate a knowledge file; raise InvalidKnowledge naming file, record and field."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidKnowledge([_unreadable(name, error)]) from error
    tables = parse_tables(raw, name, for_reading=True)
    del raw  # 38 MB at 100 000 facts: not needed while validating
    return Knowledge.from_tables(tables, file=name, consume=True)


@dataclass(frozen=True)
class ReloadOutcome:
    changed: bool
    problems: list[Problem]
    knowledge: Knowledge


class KnowledgeStore:
    """The knowledge file, served as `current` and changed only through the methods below."""

    def __init__(
        self,
        path: Path,
        backups: int = 10,
        audit_path: Path | None = None,
        backup_dir: Path | None = None,
        lock_timeout: float = 10.0,
        data_dir: Path | None = None,
        history_max_bytes: int = 8_000_000,
    ) -> None:
        """data_dir: where history and backups go (default: the file's folder)."""
        self.path = Path(path)
        self.name = self.path.name
        if self.path.resolve() == SEED_PATH.resolve():
            raise StoreError(
                f"{self.path} là tri thức gốc đi kèm mã nguồn, chỉ để đọc; bot ghi vào bản sao "
                "trong thư mục dữ liệu (BOT_DATA_DIR): bỏ --knowledge hoặc chép tệp ra chỗ khác"
            )
        data_dir = Path(data_dir) if data_dir is not None else self.path.parent
        self._lock = FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()  # one writer/reloader at a time inside this process
        self._journal = Journal(
            self.path,
            AuditLog(audit_path or data_dir / HISTORY_FILE, history_max_bytes),
            Backups(backup_dir or data_dir / BACKUPS_DIR, self.path, backups),
        )
        self._clean_up()
        try:
            raw, self._stat = self._read()
        except OSError as error:
            raise InvalidKnowledge([_unreadable(self.name, error)]) from error
        self._digest = sha(raw)
        self._bad_digest: str | None = None
        tables, version = parse_versioned(raw, self.name, for_reading=True)
        del raw  # the bytes are not needed while validating (38 MB at 100 000 facts)
        self._current = Knowledge.from_tables(tables, file=self.name, consume=True)
        if version < SCHEMA_VERSION:
            self._migrate(version)

    @classmethod
    def from_settings(cls, settings: Settings) -> KnowledgeStore:
        """The store of settings.knowledge_path, with its history and backups in the data folder."""
        return cls(
            settings.knowledge_path,
            backups=settings.backups,
            data_dir=settings.data_dir,
            history_max_bytes=settings.history_max_bytes,
        )

    def _clean_up(self) -> None:
        """On open, if no one is writing: drop killed writers' temp files, mend a torn history."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return  # a writer is at work; it cleans up itself
        try:
            self._journal.clean_temp_files()
            self._journal.history.repair()
        except OSError as error:
            log.warning("could not tidy the data folder of %s: %s", self.path, error)
        finally:
            self._lock.release()

    def _migrate(self, version: int) -> None:
        """Write a file of an older schema back in the current one, after a backup of it."""
        self._change("migrate", "bot", lambda tables: None)
        log.warning(
            "%s was in format version %d; converted to version %d (the old file is in %s)",
            self.path,
            version,
            SCHEMA_VERSION,
            self._journal.backups.directory,
        )

    @property
    def current(self) -> Knowledge:
        """The last valid version of the file."""
        return self._current

    # -- reading ------------------------------------------------------------------------------

    def _read(self) -> tuple[bytes, tuple[int, int, int]]:
        # stat and content from one open file, so they describe the same version
        with self.path.open("rb") as src:
            return src.read(), _stat_key(os.fstat(src.fileno()))

    def reload_if_changed(self) -> ReloadOutcome:
        """Pick up an edited file if it is valid; report each distinct invalid version once."""
        with self._mutex:
            unchanged = ReloadOutcome(False, [], self._current)
            try:
                if _stat_key(os.stat(self.path)) == self._stat:
                    return unchanged  # the common case costs one stat, no read
                raw, stat = self._read()
            except OSError as error:
                return self._bad_version("missing", [_unreadable(self.name, error)])
            self._stat = stat
            digest = sha(raw)
            if digest == self._digest:  # only touched, or back to the version being served
                self._bad_digest = None
                return unchanged
            if digest == self._bad_digest:  # reported already
                return unchanged
            try:
                tables = parse_tables(raw, self.name, for_reading=True)
                del raw
                knowledge = Knowledge.from_tables(tables, file=self.name, consume=True)
            except InvalidKnowledge as error:
                return self._bad_version(digest, error.problems)
            self._current, self._digest, self._bad_digest = knowledge, digest, None
            return ReloadOutcome(True, [], knowledge)

    def _bad_version(self, digest: str, problems: list[Problem]) -> ReloadOutcome:
        if digest == self._bad_digest:
            problems = []
        self._bad_digest = digest
        if digest == "missing":
            self._stat = (0, 0, 0)  # so the file coming back counts as a change
        return ReloadOutcome(False, problems, self._current)

    def history(self, limit: int = 20) -> list[AuditEntry]:
        """The latest changes, newest first."""
        return self._journal.history.recent(limit)

    def backups(self) -> list[Path]:
        """Backup copies, oldest first."""
        return self._journal.backups.list()

    # -- the write path -----------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        with self._mutex:
            try:
                self._lock.acquire()
            except Timeout as error:
                raise StoreError(
                    f"{self.name}: tệp đang được tiến trình khác ghi, đã chờ quá "
                    f"{self._lock_timeout:g} giây; hãy thử lại sau"
                ) from error
            try:
                yield
            finally:
                self._lock.release()

    def _change(
        self,
        action: str,
        who: str,
        edit: Callable[[Tables], _T],
        *,
        undoes: str | None = None,
        tolerate_broken: bool = False,
        checked: Knowledge | None = None,
        label: str | None = None,
    ) -> _T:
        """Apply `edit` to the tables as they are on disk now and commit the result, if any.

        checked: the result already validated (replace_all), so it is not validated again."""
        with self._guard():
            try:
                old_raw, _ = self._read()
            except OSError as error:
                raise StoreError(f"{self.name}: không đọc được tệp: {error}") from error
            undoable, version = True, SCHEMA_VERSION
            try:
                old, version = parse_versioned(old_raw, self.name)
                # a second parse is a deep copy that is faster than copy.deepcopy
                new = parse_tables(old_raw, self.name)
            except InvalidKnowledge:
                if not tolerate_broken:
                    raise
                old, new, undoable = {}, {}, False
            result = edit(new)
            changes = diff_tables(old, new)
            if not changes and version == SCHEMA_VERSION:
                return result
            # refuse before writing
            knowledge = checked if checked is not None else Knowledge.from_tables(new, self.name)
            try:
                data = dump_tables(new)
            except ValueError as error:  # NaN or infinity outside a validated field
                raise StoreError(f"{self.name}: {error}") from error
            self._journal.commit(
                old_raw,
                data,
                changes,
                who=who,
                action=action,
                undoes=undoes,
                undoable=undoable,
                label=label,
            )
            self._current, self._digest, self._bad_digest = knowledge, sha(data), None
            self._stat = _stat_key(os.stat(self.path))
            return result

    # -- changes ------------------------------------------------------------------------------

    def add_fact(self, fact: Fact, who: str) -> int:
        """Add a fact; return its id."""
        return self.add_facts([fact], who)[0]

    def add_facts(self, facts: Sequence[Fact], who: str) -> list[int]:
        """Add several facts in one write; return their ids."""

        def edit(tables: Tables) -> list[int]:
            return [insert(tables.setdefault("facts", {}), record_of(f)) for f in facts]

        return self._change("add_fact", who, edit)

    def update_fact(self, fact_id: int, changes: Mapping[str, Any], who: str) -> Fact:
        """Change fields of a fact; keys may be dotted ("period.label") or whole sub-objects."""

        def edit(tables: Tables) -> Fact:
            doc_id = str(fact_id)
            record = require(tables, "facts", doc_id, self.name)  # a fresh parse: ours to change
            set_fields(record, changes, self.name, doc_id)
            fact = validated(Fact, record, self.name, "facts", doc_id)
            tables["facts"][doc_id] = record_of(fact)
            return fact

        return self._change("update_fact", who, edit)

    def remove_fact(self, fact_id: int, who: str) -> Fact:
        """Remove a fact; return it as it was."""

        def edit(tables: Tables) -> Fact:
            doc_id = str(fact_id)
            record = require(tables, "facts", doc_id, self.name)
            del tables["facts"][doc_id]
            return validated(Fact, record, self.name, "facts", doc_id)

        return self._change("remove_fact", who, edit)

    def add_source(self, source: Source, who: str) -> bool:
        """Add a source; False if an identical one is there, StoreError if it differs."""
        return self._change(
            "add_source", who, lambda t: add_unique(t, "sources", source, self.name)
        )

    def add_metric(self, metric: Metric, who: str) -> bool:
        """Add a metric; False if an identical one is there, StoreError if it differs."""
        return self._change(
            "add_metric", who, lambda t: add_unique(t, "metrics", metric, self.name)
        )

    def add_alias(self, metric_id: str, alias: str, who: str) -> Metric:
        """Add a name people use for a metric; refuse one it (or another metric) already has."""
        return self._change("add_alias", who, lambda t: add_alias(t, metric_id, alias, self.name))

    def import_facts(
        self,
        source: Source,
        facts: Sequence[Fact],
        new_metrics: Sequence[Metric],
        who: str,
        label: str | None = None,
    ) -> list[int]:
        """Add an article's facts in one write, skipping those already known; return new ids.

        label: the article in words, for the history (default: the source's title)."""

        def edit(tables: Tables) -> list[int]:
            add_unique(tables, "sources", source, self.name)
            for metric in new_metrics:
                add_unique(tables, "metrics", metric, self.name)
            return add_new_facts(tables, facts)

        return self._change("import", who, edit, label=label or source.title)

    def replace_all(self, raw: bytes, who: str) -> Knowledge:
        """Replace the whole file with an uploaded one, once it is known to be valid."""
        tables = parse_tables(raw, self.name)
        knowledge = Knowledge.from_tables(tables, file=self.name)  # before waiting for the lock

        def edit(current: Tables) -> None:
            current.clear()
            current.update(tables)  # no copy: nothing else holds or changes `tables`

        self._change("replace_all", who, edit, tolerate_broken=True, checked=knowledge)
        return knowledge

    def undo_target(self) -> AuditEntry | None:
        """The change `undo` would reverse now (to show it, or to ask before a whole import);
        StoreError when undo would refuse."""
        with self._guard():
            return self._journal.undo_target(self._disk_hash(), self.name)

    def undo(self, who: str, expected: str | None = None) -> AuditEntry | None:
        """Undo the last change not undone yet; return that change, or None if there is none.

        expected: the id of the change the admin confirmed; StoreError if another change has
        become the last one meanwhile. Refused, with the reason, when the file is not the one
        the history ends with (changed outside the bot) or a record was edited again since."""
        with self._guard():
            target = self._journal.undo_target(self._disk_hash(), self.name)
            if target is None:
                return None
            if expected is not None and target.id != expected:
                raise StoreError(
                    f"{self.name}: đã có thay đổi mới hơn ({target.summary()}); "
                    "chưa hoàn tác gì, hãy xem lại rồi thử lại"
                )
            self._change("undo", who, lambda t: revert(t, target, self.name), undoes=target.id)
            return target

    def _disk_hash(self) -> str:
        try:
            return sha(self._read()[0])
        except OSError as error:
            raise StoreError(f"{self.name}: không đọc được tệp: {error}") from error


def _unreadable(file: str, error: OSError) -> Problem:
    return Problem(file, "-", "-", "", f"không đọc được tệp: {error.strerror or error}")


def _stat_key(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_mtime_ns, st.st_size, st.st_ino
