"""`python -m bench.import_speed`: article import time from 1k to 100k characters.

Three shapes of text, generated (no shared material needed): report prose (sentences of the
kinds real articles use, several figures each), a pasted table (one row per line, tab
separated) and one endless list sentence (';' and ',' only, no full stop: the worst case for
per-sentence work). For each size: seconds, milliseconds per 1,000 characters (flat = linear)
and candidates found. Then the event loop's worst delay while a 100k import runs off the loop
(asyncio.to_thread, as /nhap does): what the admin's chat would feel.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Callable
from datetime import date

from knowledge.ingest.article import extract_facts
from knowledge.model import Metric, Source
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.understand.places import PROVINCES

SIZES = (1_000, 3_000, 10_000, 30_000, 100_000)
SOURCE = Source(
    id="bench-import",
    title="Bench",
    publisher="bench",
    published=date(2024, 7, 1),
    url="https://example.vn/bench",
)

_PROSE = (
    "Tính đến hết tháng {m}/20{y}, toàn tỉnh có {n} người tham gia BHXH, đạt {p}% kế hoạch, "
    "tăng {k} người so với cùng kỳ năm 20{y0}.",
    "Số người tham gia BHYT là {n} người, tỷ lệ bao phủ đạt {p}% dân số, thấp hơn {q}% so "
    "với chỉ tiêu giao.",
    "Tổng thu BHXH, BHYT, BHTN đạt {t} tỷ đồng, bằng {p}% dự toán thu; số nợ là {s} tỷ đồng.",
    "BHTN đạt {p}%; BHXH tự nguyện đạt {p}% kế hoạch; BHYT đạt {p}% kế hoạch với {n} người "
    "tham gia.",
    "Lũy kế {m} tháng năm 20{y}, {prov} có {n} người tham gia BHXH tự nguyện.",
    "Công tác tuyên truyền được đẩy mạnh với nhiều hình thức phong phú tại các xã, phường.",
)


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        m=rng.randint(1, 12),
        y=rng.randint(17, 24),
        y0=rng.randint(15, 16),
        n=f"{rng.randint(1_000, 999_999):,}".replace(",", "."),
        k=f"{rng.randint(100, 9_999):,}".replace(",", "."),
        p=f"{rng.randint(50, 99)},{rng.randint(1, 9)}",
        q=f"{rng.randint(0, 5)},{rng.randint(1, 9)}",
        t=f"{rng.randint(100, 9_999):,}".replace(",", "."),
        s=f"{rng.randint(10, 999)},{rng.randint(1, 9)}",
        prov=rng.choice(PROVINCES),
    )


def prose(size: int, rng: random.Random) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(_fill(rng, rng.choice(_PROSE)))
        parts.append("\n\n" if rng.random() < 0.3 else " ")
    return "".join(parts)[:size]


def table(size: int, rng: random.Random) -> str:
    rows: list[str] = []
    while sum(map(len, rows)) < size:
        row = _fill(rng, "{prov}\t{n} người\t{p}%\ttăng {k} người")
        rows.append(row + "\n")
    return "".join(rows)[:size]


def one_sentence(size: int, rng: random.Random) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(_fill(rng, "{prov} có {n} người tham gia BHYT, đạt {p}% dân số; "))
    return "".join(parts)[:size]


SHAPES: dict[str, Callable[[int, random.Random], str]] = {
    "văn báo cáo": prose,
    "bảng dán": table,
    "một câu dài": one_sentence,
}


def measure(text: str, metrics: list[Metric]) -> tuple[float, int]:
    start = time.perf_counter()
    found = extract_facts(text, source=SOURCE, known_metrics=metrics)
    return time.perf_counter() - start, len(found)


async def loop_delay(text: str, metrics: list[Metric]) -> tuple[float, float]:
    """(seconds of the import, the event loop's worst lateness meanwhile) with the import run
    in a thread as /nhap runs it."""
    worst = 0.0
    done = asyncio.Event()

    async def tick() -> None:
        nonlocal worst
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            worst = max(worst, time.perf_counter() - before - 0.01)

    ticker = asyncio.create_task(tick())
    start = time.perf_counter()
    await asyncio.to_thread(extract_facts, text, source=SOURCE, known_metrics=metrics)
    took = time.perf_counter() - start
    done.set()
    await ticker
    return took, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args()
    metrics = list(load_knowledge(DEFAULT_PATH).metrics.values())
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| dạng | ký tự | giây | ms / 1.000 ký tự | số liệu |")
    print("|---|---:|---:|---:|---:|")
    for name, shape in SHAPES.items():
        for size in sizes:
            text = shape(size, random.Random(size))
            seconds, found = measure(text, metrics)
            per_k = 1000 * seconds / (size / 1000)
            print(
                f"| {name} | {size:,} | {seconds:.2f} | {per_k:.1f} | {found} |".replace(",", ".")
            )
    text = prose(max(sizes), random.Random(1))
    took, worst = asyncio.run(loop_delay(text, metrics))
    biggest = f"{max(sizes):,}".replace(",", ".")
    print(
        f"\nNhập {biggest} ký tự ngoài vòng sự kiện: {took:.2f} s; vòng sự kiện trễ tối đa "
        f"{1000 * worst:.0f} ms (tin nhắn khác của quản trị viên vẫn được trả lời)."
    )


if __name__ == "__main__":
    main()
