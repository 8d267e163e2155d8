"""Knowledge files a hostile user or a clumsy admin could produce, each with where the error is.

Shared by the tests of the CLI (`kb check`, `ask`), the running bot (hot reload) and uploads:
every one must be refused naming the file, table, record and field, never with a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Hostile:
    name: str
    content: bytes
    where: str  # what the error must say: "bảng 'facts', bản ghi 3, trường 'quote'"


def _dump(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, indent=2)


def hostile_files(good: bytes) -> list[Hostile]:
    tables: dict[str, Any] = json.loads(good)

    def with_fact(doc_id: str, **changes: Any) -> dict[str, Any]:
        copy: dict[str, Any] = json.loads(good)
        copy["facts"][doc_id].update(changes)
        return copy

    deep = _dump(with_fact("3", quote="SÂU"))
    shallow_deep = deep.replace('"SÂU"', "[" * 40 + "]" * 40)
    very_deep = deep.replace('"SÂU"', "[" * 100_000 + "]" * 100_000)
    twelve = _dump(tables["facts"]["12"])
    # the same id twice: json keeps the second, silently dropping the first
    text = _dump(tables)
    first_fact = '"facts": {\n'
    dup_id = text.replace(first_fact, first_fact + f'"12": {twelve},\n', 1)
    leading_zero = text.replace(first_fact, first_fact + f'"012": {twelve},\n', 1)
    odd_id = text.replace(first_fact, first_fact + f'"²": {twelve},\n', 1)
    dup_field = text.replace('"value": ', '"value": 1, "value": ', 1)
    nan = _dump(with_fact("5", value="NAN")).replace('"NAN"', "NaN")
    infinity = _dump(with_fact("6", value="INF")).replace('"INF"', "-Infinity")
    huge = _dump(with_fact("6", value="INF")).replace('"INF"', "1e999")
    return [
        Hostile("sau.json", shallow_deep.encode(), "bảng 'facts', bản ghi 3, trường 'quote'"),
        Hostile("rat_sau.json", very_deep.encode(), "bảng 'facts', bản ghi 3, trường 'quote'"),
        Hostile("trung_ma.json", dup_id.encode(), "bảng 'facts', bản ghi 12: mã bản ghi xuất"),
        Hostile("ma_012.json", leading_zero.encode(), "bảng 'facts', bản ghi '012'"),
        Hostile("ma_mu.json", odd_id.encode(), "bảng 'facts', bản ghi '²'"),
        Hostile(
            "trung_truong.json",
            dup_field.encode(),
            "bảng 'facts', bản ghi 1, trường 'value': trường xuất hiện",
        ),
        Hostile(
            "bool.json",
            _dump(with_fact("4", value=True)).encode(),
            "bảng 'facts', bản ghi 4 (bhxh_bb_nguoi_tham_gia), trường 'value'",
        ),
        Hostile("nan.json", nan.encode(), "bảng 'facts', bản ghi 5"),
        Hostile("vo_cuc.json", infinity.encode(), "bảng 'facts', bản ghi 6"),
        Hostile("qua_lon.json", huge.encode(), "bảng 'facts', bản ghi 6"),
    ]
