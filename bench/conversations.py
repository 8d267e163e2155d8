"""Memory of remembered conversations: `python -m bench.conversations [N]`.

Fills a Conversations memory with N chats (default 100 000), each with the topic the bot keeps
after answering one of the benchmark's questions (read from a private copy of the question, as
a separate message makes it), and reports the memory they hold (tracemalloc) and the time to
look one up.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from bench.questions import ROOT, latency_mix
from knowledge.answer.engine import Engine
from knowledge.memory import Conversations
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge
from knowledge.understand.followup import topic_of


def measure(chats: int = 100_000) -> dict[str, Any]:
    engine = Engine(load_knowledge(DEFAULT_PATH))
    asked = [a for a in map(engine.read, latency_mix()) if a.metrics]
    memory = Conversations(max_chats=chats)
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    for chat in range(chats):
        a = asked[chat % len(asked)]
        question = copy.deepcopy(a.question)  # each chat's question is its own object
        ids = tuple(m.id for m in a.metrics)
        memory.remember(chat, topic_of(question, ids, a.places, a.named_place))
        del question
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t0 = time.perf_counter_ns()
    for chat in range(0, chats, 7):
        memory.get(chat)
    lookups = len(range(0, chats, 7))
    return {
        "chats": len(memory),
        "memory_mb": round((after - before) / 1e6, 1),
        "bytes_per_chat": round((after - before) / chats),
        "lookup_us": round((time.perf_counter_ns() - t0) / lookups / 1000, 2),
        "distinct_questions": len(asked),
    }


def run(chats: int = 100_000, timeout: float = 600.0) -> dict[str, Any]:
    """measure() in a fresh process, so the memory it fills is its own."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.conversations", str(chats)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)))
