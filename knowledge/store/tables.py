"""The knowledge file as raw TinyDB tables: its JSON format and the record edits the store makes.

Everything here works on plain dicts ({table: {doc_id: record}}) and names the file in its errors,
so KnowledgeStore only adds what needs state: the lock, whole-file validation, backups, history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from knowledge.model import Fact, Metric, Source
from knowledge.numbers import format_number
from knowledge.store.json_file import (
    MAX_DEPTH,
    Place,
    duplicate_places,
    loads,
    locate_deep,
    nesting_problem,
)
from knowledge.store.snapshot import InvalidKnowledge, Problem
from knowledge.understand.folding import fold, nfc

Tables = dict[str, dict[str, Any]]
"""Raw TinyDB tables as stored: {table: {doc_id: record}}."""

_M = TypeVar("_M", bound=BaseModel)

KNOWN_TABLES = ("_meta", "sources", "metrics", "facts")
"""Every top-level key a knowledge file may have (_meta: schema.py)."""

TABLE_NAMES = {"facts": "dữ kiện", "metrics": "chỉ tiêu", "sources": "nguồn"}
"""Each table's name in messages to admins."""


class StoreError(Exception):
    """A change could not be made: unknown record, conflict, lock held too long (in Vietnamese)."""


def parse_tables(raw: bytes, file: str, for_reading: bool = False) -> Tables:
    """Decode a knowledge file's bytes into raw tables in the current schema; raise
    InvalidKnowledge saying where the file is wrong (never another exception).

    for_reading: the tables are only validated, never written back, so identical periods and
    repeated strings may be shared while parsing (json_file.loads): faster, less memory.
    """
    return parse_versioned(raw, file, for_reading)[0]


def parse_versioned(raw: bytes, file: str, for_reading: bool = False) -> tuple[Tables, int]:
    """parse_tables, and the schema version the file was written in (older ones are migrated)."""
    from knowledge.store.schema import migrate

    tables = decode_tables(raw, file, for_reading)
    for name in tables:
        if name not in KNOWN_TABLES:
            message = f"bảng lạ; tệp chỉ có các bảng {', '.join(KNOWN_TABLES)}"
            raise InvalidKnowledge([Problem(file, name, "-", "", message)])
    deep = nesting_problem(tables)
    if deep is not None:
        message = f"giá trị lồng nhau quá sâu (quá {MAX_DEPTH} tầng)"
        raise InvalidKnowledge([Problem(file, deep.table, deep.record, deep.field, message)])
    return migrate(tables, file)


def decode_tables(raw: bytes, file: str, for_reading: bool = False) -> Tables:
    """Any TinyDB file's bytes as tables: UTF-8, valid JSON, no key twice, tables are objects."""

    def problem(message: str, table: str = "-") -> InvalidKnowledge:
        return InvalidKnowledge([Problem(file, table, "-", "", message)])

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise problem(f"tệp không phải UTF-8 (byte {error.start})") from error
    if not text.strip():
        raise problem("tệp rỗng")
    try:
        tables, duplicates = loads(text, share=for_reading)
    except json.JSONDecodeError as error:
        raise problem(f"JSON hỏng ở dòng {error.lineno}, cột {error.colno}: {error.msg}") from error
    except RecursionError as error:
        where = locate_deep(text)
        message = f"giá trị lồng nhau quá sâu (quá {MAX_DEPTH} tầng)"
        raise InvalidKnowledge(
            [Problem(file, where.table, where.record, where.field, message)]
        ) from error
    if not isinstance(tables, dict):
        raise problem("tệp phải là một đối tượng JSON")
    found = [_duplicate(file, place, key) for place, key in duplicate_places(tables, duplicates)]
    if found:
        raise InvalidKnowledge(found)
    for name, table in tables.items():
        if not isinstance(table, dict):  # TinyDB needs every top-level value to be a table
            raise problem("bảng phải là một đối tượng JSON", name)
    return tables


def _duplicate(file: str, place: Place, key: str) -> Problem:
    """A key written twice: json would keep only the second, silently dropping the first."""
    if place.table == "-":
        return Problem(file, key, "-", "", "bảng xuất hiện hai lần trong tệp")
    if place.record == "-":
        message = "mã bản ghi xuất hiện hai lần (bản ghi sau sẽ xoá mất bản ghi trước)"
        return Problem(file, place.table, key, "", message)
    field = f"{place.field}.{key}" if place.field else key
    return Problem(file, place.table, place.record, field, "trường xuất hiện hai lần")


def dump_tables(tables: Mapping[str, Any]) -> bytes:
    """Readable Vietnamese for admins who open the file (no \\u escapes), one field per line."""
    # allow_nan=False: a NaN that got past validation is an error, never written to the file
    text = json.dumps(tables, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def record_of(item: BaseModel) -> dict[str, Any]:
    """A validated record as it is stored."""
    record: dict[str, Any] = item.model_dump(mode="json")
    value = record.get("value")
    if isinstance(value, float) and value.is_integer():
        record["value"] = int(value)  # "741213", not "741213.0", for admins reading the file
    return record


def validated(model: type[_M], record: Any, file: str, table: str, doc_id: str) -> _M:
    """Parse one record; InvalidKnowledge names it the way snapshot.py does: '3 (tong_thu)'."""
    try:
        return model.model_validate(record)
    except ValidationError as error:
        name = record.get("id") or record.get("metric") if isinstance(record, dict) else None
        label = f"{doc_id} ({name})" if isinstance(name, str) else doc_id
        raise InvalidKnowledge(
            [
                Problem(file, table, label, ".".join(str(p) for p in e["loc"]), e["msg"])
                for e in error.errors()
            ]
        ) from error


def require(tables: Tables, table: str, doc_id: str, file: str) -> dict[str, Any]:
    """The record with this doc id, or StoreError 'knowledge.json: không có dữ kiện #42'."""
    record: dict[str, Any] | None = tables.get(table, {}).get(doc_id)
    if record is None:
        raise StoreError(f"{file}: không có {TABLE_NAMES[table]} #{doc_id}")
    return record


def insert(table: dict[str, Any], record: dict[str, Any]) -> int:
    """Add a record under TinyDB's next id (one more than the largest); return the id."""
    doc_id = max((int(k) for k in table if k.isdigit()), default=0) + 1
    table[str(doc_id)] = record
    return doc_id


def set_fields(record: dict[str, Any], changes: Mapping[str, Any], file: str, doc_id: str) -> None:
    """Apply {"value": 6, "period.label": "…", "period": {…}} to a raw record in place."""
    for key, value in changes.items():
        *parents, last = key.split(".")
        node: Any = record
        for part in parents:
            node = node.get(part)
            if not isinstance(node, dict):
                problem = Problem(file, "facts", doc_id, key, "không phải một đối tượng")
                raise InvalidKnowledge([problem])
        node[last] = to_jsonable_python(value)


def add_unique(tables: Tables, table: str, item: Source | Metric, file: str) -> bool:
    """Add a source or metric; False if an identical one is there, StoreError if it differs."""
    records = tables.setdefault(table, {})
    for doc_id, record in records.items():
        if record.get("id") == item.id:
            if validated(type(item), record, file, table, doc_id) == item:
                return False
            raise StoreError(
                f"{file}: đã có {TABLE_NAMES[table]} '{item.id}' (bản ghi {doc_id}) "
                "với nội dung khác"
            )
    insert(records, record_of(item))
    return True


def add_alias(tables: Tables, metric_id: str, alias: str, file: str) -> Metric:
    """Add an alias unless this or another metric already has it, whatever case or diacritics."""
    metrics = tables.get("metrics", {})
    doc_id = next((k for k, m in metrics.items() if m.get("id") == metric_id), None)
    if doc_id is None:
        raise StoreError(f"{file}: không có chỉ tiêu '{metric_id}'")
    metric = validated(Metric, metrics[doc_id], file, "metrics", doc_id)
    key = _alias_key(alias)
    if not key:
        raise StoreError(f"{file}: bí danh rỗng")
    for other in metrics.values():
        names = [other.get("name", ""), *other.get("aliases", [])]
        if any(_alias_key(str(n)) == key for n in names):
            raise StoreError(
                f"{file}: '{alias}' đã là tên hoặc bí danh của chỉ tiêu '{other.get('id')}'"
            )
    record = {**record_of(metric), "aliases": [*metric.aliases, alias.strip()]}
    metric = validated(Metric, record, file, "metrics", doc_id)
    metrics[doc_id] = record_of(metric)
    return metric


def add_new_facts(tables: Tables, facts: Sequence[Fact]) -> list[int]:
    """Add the facts not already there (same figure, whatever the wording); return new ids."""
    table = tables.setdefault("facts", {})
    known = {_fact_key(record) for record in table.values()}
    ids = []
    for fact in facts:
        record = record_of(fact)
        if _fact_key(record) not in known:
            known.add(_fact_key(record))
            ids.append(insert(table, record))
    return ids


def _fact_key(record: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes two facts the same figure: metric, kind, period, region and value."""
    period = record.get("period")
    period = period if isinstance(period, dict) else {}
    value = record.get("value")
    value = float(value) if isinstance(value, int | float) else value
    return (
        record.get("metric"),
        record.get("kind", "value"),
        period.get("start"),
        period.get("end"),
        record.get("region"),
        value,
    )


def _alias_key(text: str) -> str:
    # the matcher's folding: 'Hoà', 'hòa' and 'HOA' are one alias to it, so they are one here
    return fold(nfc(text))


def check_upload_size(n_bytes: int, limit: int) -> None:
    """Refuse an uploaded knowledge file larger than `limit` bytes before reading it."""
    if n_bytes > limit:
        raise StoreError(
            f"tệp tải lên quá lớn: {format_number(n_bytes)} byte, "
            f"tối đa {format_number(limit)} byte"
        )
