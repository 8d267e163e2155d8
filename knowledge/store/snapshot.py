"""An immutable, validated view of the knowledge file with the lookups the engine needs."""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from knowledge.model import Fact, Metric, Period, Source
from knowledge.store.json_file import loads, shared_period

TABLES: dict[str, type[BaseModel]] = {"sources": Source, "metrics": Metric, "facts": Fact}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge file, precise enough for an admin to fix it."""

    file: str
    table: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: bảng '{self.table}', bản ghi {self.record}"
        if self.field:
            where += f", trường '{self.field}'"
        return f"{where}: {self.message}"


class InvalidKnowledge(Exception):
    """The knowledge is not valid; `problems` says where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n… và {len(problems) - 20} lỗi khác" if len(problems) > 20 else ""
        super().__init__(f"Dữ liệu tri thức không hợp lệ ({len(problems)} lỗi):\n{shown}{more}")


@dataclass(frozen=True, slots=True)
class StoredFact:
    """A fact with the id it has in the file (short enough for button callback data)."""

    id: int
    fact: Fact


@dataclass(frozen=True)
class Knowledge:
    sources: Mapping[str, Source]
    metrics: Mapping[str, Metric]
    facts: Mapping[int, Fact]
    _index: Mapping[tuple[str, str | None], tuple[StoredFact, ...]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def build(
        cls, sources: Iterable[Source], metrics: Iterable[Metric], facts: Mapping[int, Fact]
    ) -> Knowledge:
        grouped: dict[tuple[str, str | None], list[StoredFact]] = defaultdict(list)
        # one sort, then grouping keeps that order: every group is oldest period first
        for fact_id in sorted(facts, key=lambda i: (facts[i].period.end, i)):
            fact = facts[fact_id]
            stored = StoredFact(fact_id, fact)
            grouped[fact.metric, None].append(stored)
            grouped[fact.metric, fact.region].append(stored)
        return cls(
            sources={s.id: s for s in sources},
            metrics={m.id: m for m in metrics},
            facts=dict(facts),
            _index={key: tuple(group) for key, group in grouped.items()},
        )

    @classmethod
    def from_tables(
        cls, tables: Mapping[str, Any], file: str = "<knowledge>", consume: bool = False
    ) -> Knowledge:
        """Validate raw TinyDB tables ({table: {doc_id: record}}); raise InvalidKnowledge.

        consume: the caller owns `tables` and will not use them again, so fact records are
        dropped as they are validated and raw records and models never all coexist (100 000
        facts then peak at about the size of the models, not raw + models).
        """
        if not isinstance(tables, Mapping):
            raise InvalidKnowledge([Problem(file, "-", "-", "", "tệp phải là một đối tượng JSON")])
        problems = _check_ids(file, tables)  # before `consume` empties the facts table
        parsed: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
        for name in TABLES:
            table = tables.get(name)
            if table is None:
                problems.append(Problem(file, name, "-", "", "thiếu bảng này"))
            elif not isinstance(table, Mapping):
                problems.append(Problem(file, name, "-", "", "bảng phải là một đối tượng JSON"))
            elif consume and name == "facts" and isinstance(table, dict):
                parsed[name], found = _validate_draining(file, table)
                problems += found
            else:
                parsed[name], found = _validate_table(file, name, table)
                problems += found
        problems += _check_references(file, parsed)
        if problems:
            raise InvalidKnowledge(problems)
        facts = {int(doc_id): fact for doc_id, fact in parsed["facts"].items()}
        return cls.build(parsed["sources"].values(), parsed["metrics"].values(), facts)

    def facts_of(self, metric_id: str, region: str | None = None) -> tuple[StoredFact, ...]:
        """The metric's facts, oldest period first, optionally in one region."""
        return self._index.get((metric_id, region), ())

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(region for _, region in self._index if region is not None)


# One pydantic pass per table is several times faster than a model_validate per record.
_ADAPTERS: dict[str, TypeAdapter[dict[str, Any]]] = {
    "sources": TypeAdapter(dict[str, Source]),
    "metrics": TypeAdapter(dict[str, Metric]),
    "facts": TypeAdapter(dict[str, Fact]),
}


def _validate_table(
    file: str, name: str, table: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """Valid records and the problems of the others (a bad record never hides another)."""
    records = _share_periods(table) if name == "facts" else dict(table)
    try:
        return _ADAPTERS[name].validate_python(records), []
    except ValidationError:
        pass  # a bad file: the slow path below keeps every valid record for the other checks
    valid: dict[str, Any] = {}
    problems: list[Problem] = []
    model = TABLES[name]
    for doc_id, record in records.items():
        try:
            valid[doc_id] = model.model_validate(record)
        except ValidationError as error:
            label = _record_label(doc_id, table.get(doc_id))
            for e in error.errors():
                field_path = ".".join(str(p) for p in e["loc"])
                problems.append(Problem(file, name, label, field_path, e["msg"]))
    return valid, problems


_CHUNK = 2_000


def _validate_draining(file: str, table: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """_validate_table in chunks, emptying `table` as it goes."""
    valid: dict[str, Any] = {}
    problems: list[Problem] = []
    while table:
        chunk = dict(table.popitem() for _ in range(min(_CHUNK, len(table))))
        found_valid, found = _validate_table(file, "facts", chunk)
        valid.update(found_valid)
        problems += found
    return valid, problems


def _share_periods(table: Mapping[str, Any]) -> dict[str, Any]:
    """Facts of one period share one Period object: less memory, less validation.

    The caller's records are copied, never changed (the store writes them back as JSON).
    """
    shared: dict[tuple[Any, ...], Period] = {}
    out: dict[str, Any] = {}
    for doc_id, record in table.items():
        period = record.get("period") if isinstance(record, dict) else None
        if isinstance(period, dict):
            with contextlib.suppress(ValidationError):  # the table pass reports it with its id
                record = {**record, "period": shared_period(period, shared)}
        out[doc_id] = record
    return out


def parse_json(text: str) -> Any:
    """json.loads for knowledge files that are only read: identical periods become one Period
    and repeated short strings one string (json_file.loads with share=True)."""
    return loads(text, share=True)[0]


def _record_label(doc_id: str, record: object) -> str:
    if isinstance(record, Mapping):
        name = record.get("id") or record.get("metric")
        if isinstance(name, str):
            return f"{doc_id} ({name})"
    return str(doc_id)


_CANONICAL_ID = re.compile(r"[1-9][0-9]*")


def _check_ids(file: str, tables: Mapping[str, Any]) -> list[Problem]:
    """Record ids are TinyDB's: 1, 2, 3 … written plainly. '012' beside '12' would be one record
    to TinyDB and two to json, and '²' passes str.isdigit but not int()."""
    problems = []
    for name in TABLES:
        table = tables.get(name)
        if not isinstance(table, Mapping):
            continue  # reported as a table problem
        for doc_id in table:
            if _CANONICAL_ID.fullmatch(str(doc_id)):
                continue
            message = "mã bản ghi phải là số nguyên dương viết bằng chữ số 0-9 (1, 2, 3 …)"
            if str(doc_id).isascii() and str(doc_id).isdigit() and int(doc_id) > 0:
                same = str(int(doc_id))
                message = f"mã bản ghi phải viết là '{same}'" + (
                    f" (đã có bản ghi {same})" if same in table else ""
                )
            problems.append(Problem(file, name, repr(str(doc_id)), "", message))
    return problems


def _check_references(file: str, parsed: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    for table in ("sources", "metrics"):
        seen: dict[str, str] = {}
        for doc_id, record in parsed[table].items():
            if record.id in seen:
                problems.append(
                    Problem(
                        file,
                        table,
                        f"{doc_id} ({record.id})",
                        "id",
                        f"trùng mã với bản ghi {seen[record.id]}",
                    )
                )
            seen[record.id] = doc_id
    metric_ids = {m.id for m in parsed["metrics"].values()}
    source_ids = {s.id for s in parsed["sources"].values()}
    for doc_id, metric in parsed["metrics"].items():
        for related in metric.related:
            if related not in metric_ids:
                problems.append(
                    Problem(
                        file,
                        "metrics",
                        f"{doc_id} ({metric.id})",
                        "related",
                        f"không có chỉ tiêu '{related}'",
                    )
                )
    for doc_id, fact in parsed["facts"].items():
        label = f"{doc_id} ({fact.metric})"
        if fact.kind in ("change", "gap") and not fact.compared_to:
            problems.append(
                Problem(
                    file, "facts", label, "compared_to", f"dữ kiện '{fact.kind}' cần compared_to"
                )
            )
        if fact.metric not in metric_ids:
            problems.append(
                Problem(
                    file,
                    "facts",
                    label,
                    "metric",
                    f"không có chỉ tiêu '{fact.metric}' trong bảng metrics",
                )
            )
        if fact.source not in source_ids:
            problems.append(
                Problem(
                    file,
                    "facts",
                    label,
                    "source",
                    f"không có nguồn '{fact.source}' trong bảng sources",
                )
            )
    return problems
