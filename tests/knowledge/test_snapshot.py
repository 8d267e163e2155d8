"""Validation of knowledge records: every problem names table, record and field."""

import json
from typing import Any

import pytest

from knowledge.store.knowledge_file import DEFAULT_PATH
from knowledge.store.snapshot import InvalidKnowledge, Knowledge, parse_json


def seed() -> dict[str, Any]:
    tables: dict[str, Any] = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    return tables


def problems_of(tables: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidKnowledge) as caught:
        Knowledge.from_tables(tables, file="k.json")
    return [(p.table, p.record, p.field) for p in caught.value.problems]


def test_a_change_without_what_it_is_compared_to_is_refused() -> None:
    tables = seed()
    change = next(k for k, f in tables["facts"].items() if f["kind"] == "change")
    tables["facts"][change]["compared_to"] = None
    assert [(t, f) for t, _, f in problems_of(tables)] == [("facts", "compared_to")]


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("value", "nhiều"),
        ("value", float("nan")),
        ("period", {"label": "x", "start": "2022-13-01", "end": "2022-06-30"}),
        ("metric", "khong_co"),
    ],
)
def test_a_bad_field_is_named_with_its_record(field: str, bad: object) -> None:
    tables = seed()
    tables["facts"]["3"][field] = bad
    ((table, record, where),) = problems_of(tables)
    assert table == "facts" and record.startswith("3 ") and where.startswith(field)


def test_validation_never_changes_the_callers_records() -> None:
    tables = seed()
    before = json.dumps(tables, sort_keys=True)
    Knowledge.from_tables(tables)
    assert json.dumps(tables, sort_keys=True) == before


def test_parsing_shares_identical_periods_between_facts() -> None:
    knowledge = Knowledge.from_tables(parse_json(DEFAULT_PATH.read_text(encoding="utf-8")))
    periods = {id(f.period) for f in knowledge.facts.values()}
    assert len(periods) == 2  # the two seed articles' periods, each one object


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    tables = seed()
    del tables["facts"]["9"]["unit"]
    tables["facts"]["7"]["metric"] = "khong_co"
    found = problems_of(tables)
    assert ("facts", "unit") in [(t, f) for t, _, f in found]
    assert ("facts", "metric") in [(t, f) for t, _, f in found]
