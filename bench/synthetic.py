"""Synthetic but realistic knowledge of any size: every province × the real metrics × periods.

Real metric names and aliases come from the bundled knowledge; values, periods and quotes are
generated the way articles state them, so matching and answering work as on real data.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.store.knowledge_file import DEFAULT_PATH
from knowledge.understand.places import PROVINCES

PERIOD_SHAPES = [
    (1, 3, "3 tháng đầu năm"),
    (1, 6, "6 tháng đầu năm"),
    (1, 9, "9 tháng đầu năm"),
    (1, 12, "năm"),
]


def _periods(count: int) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    year = 2015
    while len(out) < count:
        for first, last, words in PERIOD_SHAPES:
            end_day = 31 if last in (3, 12) else 30
            label = f"{words} {year}" if words != "năm" else f"năm {year}"
            out.append(
                {
                    "label": label,
                    "start": date(year, first, 1).isoformat(),
                    "end": date(year, last, end_day).isoformat(),
                }
            )
        year += 1
    return out[:count]


def generate(n_facts: int, seed: int = 7) -> dict[str, Any]:
    """TinyDB tables with about n_facts facts (the seed knowledge's own facts included)."""
    rng = random.Random(seed)
    base = json.loads(Path(DEFAULT_PATH).read_text(encoding="utf-8"))
    metrics = list(base["metrics"].values())
    facts = dict(base["facts"])
    source = {
        "id": "synthetic",
        "title": "Số liệu tổng hợp (thử nghiệm hiệu năng)",
        "publisher": "bench",
        "published": "2024-01-01",
        "url": "https://example.org/bench",
    }
    sources = {**base["sources"], str(len(base["sources"]) + 1): source}
    provinces = [p for p in PROVINCES if p != "Lạng Sơn"]
    per_region_metric = max(1, n_facts // (len(provinces) * len(metrics)))
    periods = _periods(per_region_metric)
    next_id = len(facts) + 1
    for province in provinces:
        for metric in metrics:
            for period in periods:
                if next_id > n_facts:
                    break
                value = (
                    round(rng.uniform(1_000, 900_000))
                    if "ty_le" not in metric["id"]
                    else round(rng.uniform(10, 99), 2)
                )
                unit = "%" if "ty_le" in metric["id"] else "người"
                text = f"{value:,}".replace(",", ".") + (" người" if unit == "người" else "%")
                facts[str(next_id)] = {
                    "metric": metric["id"],
                    "kind": "value",
                    "value": value,
                    "value_text": text,
                    "unit": unit,
                    "period": period,
                    "region": province,
                    "source": "synthetic",
                    "quote": f"{metric['name']} của tỉnh {province} {period['label']} là {text}.",
                }
                next_id += 1
    return {"sources": sources, "metrics": base["metrics"], "facts": facts}


def write(n_facts: int, path: Path) -> Path:
    path.write_text(json.dumps(generate(n_facts), ensure_ascii=False), encoding="utf-8")
    return path
