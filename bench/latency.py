"""Load time, peak memory and answer latency at one knowledge size, in a fresh process.

The parent writes the knowledge to a temp file and runs `python -m bench.latency FILE`; the child
loads it the production way (store.knowledge_file.load_knowledge, then Engine), answers a realistic
question mix several times and prints one JSON object. A fresh process per size makes peak RSS
that size's own (VmHWM; see peak_rss_mb for why not ru_maxrss).

Latency is Engine.answer per question with conversation memory on (the chat's topic looked up
before and kept after, questions asked as conversations of four turns across CHATS chats, the
follow-ups in the mix reading the turn before), wall clock, with the CPU
time of the same calls next to it (on a shared machine other processes inflate the wall clock's
tail, not the CPU time); render_html is timed separately. The first pass over the mix is a
warm-up (lazy caches, first-use imports), reported as `first_pass_ms`, not in the percentiles.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import synthetic
from bench.questions import ROOT, latency_mix
from knowledge.answer.engine import Answer, Engine
from knowledge.memory import Conversations
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from replies.answer import render_html


def ru_maxrss_mb() -> float:
    """getrusage's peak RSS (KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def peak_rss_mb() -> float:
    """This process image's own peak resident set size.

    On Linux ru_maxrss survives fork and exec: a child started by a parent holding 300 MB
    reports at least 300 MB. VmHWM (/proc/self/status) belongs to the address space exec made,
    so it is this process's own; elsewhere fall back to ru_maxrss.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return ru_maxrss_mb()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


CHATS = 1000  # conversations the timed questions are spread over


def _ask(engine: Engine, memory: Conversations, chat: int, question: str) -> Answer:
    """One question the way the bot asks it: the chat's topic in, the new topic kept."""
    answer = engine.answer(question, memory.get(chat))
    memory.remember(chat, answer.topic)
    return answer


def measure(path: Path, repeats: int) -> dict[str, Any]:
    """Everything measured in this process for the knowledge file at `path`."""
    questions = latency_mix()
    base_rss = peak_rss_mb()
    t0 = time.perf_counter()
    knowledge = load_knowledge(path)
    t1 = time.perf_counter()
    engine = Engine(knowledge)
    t2 = time.perf_counter()

    memory = Conversations()
    first = time.perf_counter()
    for n, question in enumerate(questions):
        render_html(_ask(engine, memory, n // 4, question))
    first_pass_ms = (time.perf_counter() - first) * 1000

    answer_ms: list[float] = []
    cpu_ms: list[float] = []  # CPU time of the same calls: unaffected by other processes
    render_ms: list[float] = []
    load_average = os.getloadavg()[0]
    statuses: Counter[str] = Counter()
    gen2_before = gc.get_stats()[2]["collections"]
    for round_ in range(repeats):
        for n, question in enumerate(questions):
            chat = (round_ * len(questions) + n) // 4 % CHATS
            cpu = time.thread_time_ns()
            a = time.perf_counter_ns()
            answer = _ask(engine, memory, chat, question)
            b = time.perf_counter_ns()
            cpu_ms.append((time.thread_time_ns() - cpu) / 1e6)
            render_html(answer)
            c = time.perf_counter_ns()
            answer_ms.append((b - a) / 1e6)
            render_ms.append((c - b) / 1e6)
            statuses[answer.status] += 1
    gen2 = gc.get_stats()[2]["collections"] - gen2_before
    return {
        "facts": len(knowledge.facts),
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "load_s": round(t2 - t0, 3),
        "parse_s": round(t1 - t0, 3),
        "engine_s": round(t2 - t1, 3),
        "rss_mb": round(peak_rss_mb(), 1),
        "rss_before_load_mb": round(base_rss, 1),
        "knowledge_mb": round(peak_rss_mb() - base_rss, 1),
        "ru_maxrss_mb": round(ru_maxrss_mb(), 1),
        "questions": len(questions),
        "answers_timed": len(answer_ms),
        "p50": round(percentile(answer_ms, 50), 3),
        "p90": round(percentile(answer_ms, 90), 3),
        "p99": round(percentile(answer_ms, 99), 3),
        "max": round(max(answer_ms), 3),
        "mean": round(statistics.fmean(answer_ms), 3),
        "cpu_p50": round(percentile(cpu_ms, 50), 3),
        "cpu_p99": round(percentile(cpu_ms, 99), 3),
        "load_average": round(load_average, 2),
        # < 1 when other processes took the CPU from this one while it was being timed
        "cpu_share": round(sum(cpu_ms) / sum(answer_ms), 3),
        "render_p50": round(percentile(render_ms, 50), 3),
        "render_p99": round(percentile(render_ms, 99), 3),
        "first_pass_ms": round(first_pass_ms, 1),
        "gc_gen2_collections": gen2,
        "statuses": dict(sorted(statuses.items())),
        "conversations": len(memory),
    }


def knowledge_file(size: str, directory: Path, timeout: float = 600.0) -> Path:
    """A temp knowledge file for a size label: "real" (the bundled file) or a fact count.

    Synthetic files are generated in a subprocess, so this process never holds them (its
    memory would otherwise count in the next child's ru_maxrss, and in the e2e runs).
    """
    path = directory / f"knowledge-{size}.json"
    if size == "real":
        shutil.copyfile(DEFAULT_PATH, path)
        return path
    subprocess.run(
        [sys.executable, "-m", "bench.latency", str(path), "--generate", str(parse_size(size))],
        cwd=ROOT,
        check=True,
        timeout=timeout,
    )
    return path


def parse_size(size: str) -> int:
    """ "10k" → 10000, "100000" → 100000."""
    size = size.strip().lower()
    return int(float(size[:-1]) * 1000) if size.endswith("k") else int(size)


def run_size(size: str, repeats: int, timeout: float = 600.0) -> dict[str, Any]:
    """Measure one size in a fresh subprocess (the knowledge file written to a temp dir)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        path = knowledge_file(size, Path(tmp))
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            [sys.executable, "-m", "bench.latency", str(path), "--repeats", str(repeats)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"latency run for {size} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("knowledge", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--generate", type=int, metavar="N", help="write N synthetic facts")
    args = parser.parse_args(argv)
    if args.generate:
        synthetic.write(args.generate, args.knowledge)
        return 0
    print(json.dumps(measure(args.knowledge, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
