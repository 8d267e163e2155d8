"""`python -m bench [--quick]`: accuracy, scale and end-to-end figures.

Prints a Markdown table on stdout and writes bench/results/latest.json (with --quick the
untracked quick.json; or --out); progress bars go to stderr. --quick (under a minute) answers
fewer rounds and pushes fewer messages; it measures the same sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench import accuracy, conversations, e2e, latency
from bench.questions import ROOT
from bench.report import markdown, targets

RESULTS = ROOT / "bench" / "results" / "latest.json"
QUICK_RESULTS = ROOT / "bench" / "results" / "quick.json"  # untracked: a quick run is a check
SIZES = ("real", "1k", "10k", "100k")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git(*args: str) -> str:
    """The output of a read-only git query in the checkout."""
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def _commit() -> str:
    """The checked-out commit (read-only git queries), '+dirty' if the tree has changes."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def machine() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _bar_factory(enabled: bool) -> Callable[[str, int], Callable[[int], None]]:
    def make(label: str, total: int) -> Callable[[int], None]:
        bar = tqdm(
            total=total,
            desc=f"e2e {label}",
            unit="msg",
            file=sys.stderr,
            disable=not enabled,
            leave=False,
        )

        def update(n: int) -> None:
            bar.update(n)
            if bar.n >= total:
                bar.close()

        return update

    return make


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick: bool = args.quick
    show = not args.no_progress
    started = time.perf_counter()
    results: dict[str, Any] = {
        "mode": "quick" if quick else "full",
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": machine(),
    }
    details: dict[str, Any] = {}

    if not args.skip_accuracy:
        print("accuracy …", file=sys.stderr)
        acc = accuracy.run()
        details["accuracy"] = acc
        results["accuracy"] = {k: v["percent"] for k, v in acc["systems"].items()}

    if not args.skip_latency:
        repeats = args.repeats or (5 if quick else 20)
        scale: dict[str, Any] = {}
        for size in tqdm(args.sizes, desc="sizes", unit="size", file=sys.stderr, disable=not show):
            scale[size] = latency.run_size(size, repeats)
        details["latency"] = scale
        results["latency_ms"] = {s: {"p50": r["p50"], "p99": r["p99"]} for s, r in scale.items()}
        results["load_s"] = {s: r["load_s"] for s, r in scale.items()}
        results["rss_mb"] = {s: r["rss_mb"] for s, r in scale.items()}
        results["conversations"] = conversations.run()

    if not args.skip_e2e:
        n = args.messages or (400 if quick else 2000)
        n_capped = 150 if quick else 600
        results["e2e"] = e2e.run(n, args.chats, n_capped, progress=_bar_factory(show))

    results["details"] = details
    results["targets"] = [
        {"target": t.name, "measured": t.measured, "met": t.met} for t in targets(results)
    ]
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds; under a minute")
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=list(SIZES),
        help="knowledge sizes: real, or a fact count such as 10k (default: all)",
    )
    parser.add_argument("--repeats", type=int, default=0, help="passes over the question mix")
    parser.add_argument("--messages", type=int, default=0, help="end-to-end messages")
    parser.add_argument("--chats", type=int, default=200, help="end-to-end chats")
    parser.add_argument(
        "--out",
        type=Path,
        help=f"the results file (default {RESULTS.name}; {QUICK_RESULTS.name} with --quick)",
    )
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    results = run(args)
    args.out = args.out or (QUICK_RESULTS if args.quick else RESULTS)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"results: {args.out} ({results['seconds']} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
