"""An immutable, validated view of the knowledge file with the lookups the engine needs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from knowledge.model import Fact, Metric, Source

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


@dataclass(frozen=True)
class StoredFact:
    """A fact with the id it has in the file (short enough for button callback data)."""

    id: int
    fact: Fact


@dataclass(frozen=True)
class Knowledge:
    sources: Mapping[str, Source]
    metrics: Mapping[str, Metric]
    facts: Mapping[int, Fact]
    _by_metric: Mapping[str, tuple[StoredFact, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, sources: Iterable[Source], metrics: Iterable[Metric], facts: Mapping[int, Fact]
    ) -> Knowledge:
        by_metric: dict[str, list[StoredFact]] = defaultdict(list)
        for fact_id, fact in facts.items():
            by_metric[fact.metric].append(StoredFact(fact_id, fact))
        return cls(
            sources={s.id: s for s in sources},
            metrics={m.id: m for m in metrics},
            facts=dict(facts),
            _by_metric={
                k: tuple(sorted(v, key=lambda sf: (sf.fact.period.end, sf.id)))
                for k, v in by_metric.items()
            },
        )

    @classmethod
    def from_tables(cls, tables: Mapping[str, Any], file: str = "<knowledge>") -> Knowledge:
        """Validate raw TinyDB tables ({table: {doc_id: record}}); raise InvalidKnowledge."""
        problems: list[Problem] = []
        parsed: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
        if not isinstance(tables, Mapping):
            raise InvalidKnowledge([Problem(file, "-", "-", "", "tệp phải là một đối tượng JSON")])
        for name, model in TABLES.items():
            table = tables.get(name)
            if table is None:
                problems.append(Problem(file, name, "-", "", "thiếu bảng này"))
                continue
            if not isinstance(table, Mapping):
                problems.append(Problem(file, name, "-", "", "bảng phải là một đối tượng JSON"))
                continue
            for doc_id, record in table.items():
                try:
                    parsed[name][doc_id] = model.model_validate(record)
                except ValidationError as error:
                    label = _record_label(doc_id, record)
                    for e in error.errors():
                        loc = ".".join(str(p) for p in e["loc"])
                        problems.append(Problem(file, name, label, loc, e["msg"]))
        problems += _check_references(file, parsed)
        if problems:
            raise InvalidKnowledge(problems)
        facts: dict[int, Fact] = {}
        for doc_id, fact in parsed["facts"].items():
            if not str(doc_id).isdigit():
                problems.append(Problem(file, "facts", str(doc_id), "", "mã bản ghi phải là số"))
            else:
                facts[int(doc_id)] = fact
        if problems:
            raise InvalidKnowledge(problems)
        return cls.build(parsed["sources"].values(), parsed["metrics"].values(), facts)

    def facts_of(self, metric_id: str, region: str | None = None) -> tuple[StoredFact, ...]:
        """The metric's facts, oldest period first, optionally in one region."""
        facts = self._by_metric.get(metric_id, ())
        if region is None:
            return facts
        return tuple(sf for sf in facts if sf.fact.region == region)

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(f.region for f in self.facts.values())


def _record_label(doc_id: str, record: object) -> str:
    if isinstance(record, Mapping):
        name = record.get("id") or record.get("metric")
        if isinstance(name, str):
            return f"{doc_id} ({name})"
    return str(doc_id)


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
