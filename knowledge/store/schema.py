"""The knowledge file's schema version, and the steps that bring an older file up to date.

A file says which version of the format it is in a small `_meta` table ({"schema": 2}). Files
written before the version existed (no `_meta`) are version 1. Reading migrates in memory;
KnowledgeStore also writes the migrated file back, after a backup, the first time it opens one.
A file from a newer version of the bot is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.store.snapshot import InvalidKnowledge, Problem
from knowledge.store.tables import Tables

META_TABLE = "_meta"
SCHEMA_VERSION = 2
DATA_TABLES = ("sources", "metrics", "facts")


def _v1_to_v2(tables: Tables) -> Tables:
    # version 2 only adds the version stamp itself; the records are unchanged
    return {META_TABLE: {"schema": 2}, **{k: v for k, v in tables.items() if k != META_TABLE}}


_STEPS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2}
"""version n → a function taking a version-n file to version n + 1."""


def version_of(tables: Tables, file: str) -> int:
    """The file's schema version; InvalidKnowledge when `_meta` is not one this bot can read."""
    meta = tables.get(META_TABLE)
    if meta is None:
        return 1
    version = meta.get("schema")
    extra = sorted(set(meta) - {"schema"})
    if extra:
        raise InvalidKnowledge([Problem(file, META_TABLE, "-", extra[0], "trường không được phép")])
    if type(version) is not int or version < 1:
        raise InvalidKnowledge(
            [Problem(file, META_TABLE, "-", "schema", "phiên bản phải là số nguyên dương")]
        )
    if version > SCHEMA_VERSION:
        raise InvalidKnowledge(
            [
                Problem(
                    file,
                    META_TABLE,
                    "-",
                    "schema",
                    f"tệp ở định dạng phiên bản {version}, do một bản bot mới hơn ghi; bản này "
                    f"chỉ đọc được đến phiên bản {SCHEMA_VERSION}: hãy cập nhật bot",
                )
            ]
        )
    return version


def migrate(tables: Tables, file: str) -> tuple[Tables, int]:
    """The tables in the current format, and the version they were in."""
    found = version = version_of(tables, file)
    while version < SCHEMA_VERSION:
        tables = _STEPS[version](tables)
        version += 1
    return tables, found
