"""Recall and precision of the article extractor, per article and in total.

    python bench/extract_eval.py [ARTICLES_DIR] [--seeds SEEDS_DIR] [--show]

Evaluation articles (`*.txt` with a `*.facts.tsv` listing every coverage or finance figure) and
the seed articles (against the hand-made facts of the knowledge file) are both scored.

A candidate matches a listed figure when its value (absolute: a listed "giảm 102.000 người" is
written unsigned) equals the listed value read as a number with its scale word, and the listed
quote is contained in the candidate's quote, or the candidate's value as written appears in the
listed quote. Each listed figure is matched at most once (a maximum matching, so the order of
candidates does not decide). Recall = matched / listed; precision = matched / proposed.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from knowledge.ingest.article import Candidate, extract_facts, parse_article_header  # noqa: E402
from knowledge.model import Metric, Source  # noqa: E402
from knowledge.numbers import apply_scale, parse_number  # noqa: E402
from knowledge.store.knowledge_file import DEFAULT_PATH, load_knowledge  # noqa: E402
from knowledge.understand.folding import nfc  # noqa: E402

SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "eval" / "articles"
SEEDS = SHARED / "seeds"
_HEDGE = re.compile(r"^(?:gần|hơn|trên|khoảng|ước|xấp xỉ|dưới)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One listed figure: its value as a number and the quoted phrase it is in."""

    value: float
    quote: str
    label: str
    metric: str | None = None  # hand-made facts name their metric and kind; the TSVs do not
    kind: str | None = None


@dataclass(frozen=True)
class Score:
    name: str
    listed: int
    proposed: int
    matched: int
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    agreeing: int | None = None  # matched with the same metric, kind and value sign

    @property
    def recall(self) -> float:
        return self.matched / self.listed if self.listed else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0


def row_value(written: str) -> float | None:
    """'15,67 triệu' → 15 670 000; 'trên 7,9' → 7.9; '59/76' → 59; 'khoảng 31,8' → 31.8."""
    text = _HEDGE.sub("", written.strip())
    text = text.split("/")[0] if re.match(r"^\d+/\d+$", text) else text
    parts = text.split()
    number = parse_number(parts[0]) if parts else None
    if number is None:
        return None
    return apply_scale(number, parts[1]) if len(parts) > 1 else number


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip()


def matches(candidate: Candidate, row: Row) -> bool:
    fact = candidate.fact
    if not math.isclose(abs(fact.value), abs(row.value), rel_tol=1e-9, abs_tol=1e-9):
        return False
    quote, listed = _squash(fact.quote), _squash(row.quote)
    return listed in quote or _squash(fact.value_text) in listed


def matched_pairs(candidates: Sequence[Candidate], rows: Sequence[Row]) -> dict[int, int]:
    """Maximum matching of rows to candidates (Kuhn's augmenting paths): row → candidate."""
    edges = [[c for c, cand in enumerate(candidates) if matches(cand, row)] for row in rows]
    owner: dict[int, int] = {}  # candidate → row

    def assign(row: int, seen: set[int]) -> bool:
        for cand in edges[row]:
            if cand in seen:
                continue
            seen.add(cand)
            if cand not in owner or assign(owner[cand], seen):
                owner[cand] = row
                return True
        return False

    for row in range(len(rows)):
        assign(row, set())
    return {row: cand for cand, row in owner.items()}


def score(name: str, candidates: Sequence[Candidate], rows: Sequence[Row]) -> Score:
    pairs = matched_pairs(candidates, rows)
    used = set(pairs.values())
    missed = tuple(f"{r.label}: {r.quote}" for i, r in enumerate(rows) if i not in pairs)
    extra = tuple(
        f"{c.fact.kind} {c.fact.value_text} [{c.metric_name}]"
        for i, c in enumerate(candidates)
        if i not in used
    )
    agreeing = None
    if rows and all(r.metric for r in rows):
        agreeing = sum(1 for r, c in pairs.items() if _agrees(candidates[c], rows[r]))
    return Score(name, len(rows), len(candidates), len(pairs), missed, extra, agreeing)


def _agrees(candidate: Candidate, row: Row) -> bool:
    fact = candidate.fact
    same_sign = (fact.value < 0) == (row.value < 0)
    return fact.metric == row.metric and fact.kind == row.kind and same_sign


def read_rows(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            value = row_value(record["value"])
            if value is None:
                raise ValueError(f"{path.name}: cannot read value {record['value']!r}")
            rows.append(Row(value, record["quote"], record["metric"]))
    return rows


def published_date(header: dict[str, str]) -> date:
    """The header's date ('2022-05 …'), else the URL's stamp (…-20201103…), else today."""
    found = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", header.get("date", ""))
    if found:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))
    stamp = re.search(r"(20\d{2})(\d{2})(\d{2})", header.get("url", ""))
    if stamp:
        return date(int(stamp.group(1)), int(stamp.group(2)), int(stamp.group(3)))
    return date.today()


def article_source(path: Path, header: dict[str, str]) -> Source:
    url = (header.get("url", "").split() or [f"https://example.invalid/{path.stem}"])[0]
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return Source(
        id=slug,
        title=header.get("title") or path.stem,
        publisher=urlparse(url).netloc or "unknown",
        published=published_date(header),
        url=url,
    )


def evaluate_articles(folder: Path, metrics: Iterable[Metric]) -> list[Score]:
    metrics = list(metrics)
    scores = []
    for text_path in sorted(folder.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        source = article_source(text_path, parse_article_header(text))
        candidates = extract_facts(text, source=source, known_metrics=metrics)
        rows = read_rows(text_path.with_suffix(".facts.tsv"))
        scores.append(score(text_path.stem, candidates, rows))
    return scores


def seed_urls(readme: Path) -> dict[str, str]:
    """file name → URL, from the table in the seeds' README."""
    urls = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0].endswith(".txt"):
            urls[cells[0]] = cells[-1]
    return urls


def evaluate_seeds(folder: Path, knowledge_path: Path = DEFAULT_PATH) -> list[Score]:
    knowledge = load_knowledge(knowledge_path)
    by_url = {s.url: s for s in knowledge.sources.values()}
    scores = []
    for name, url in sorted(seed_urls(folder / "README.md").items()):
        source = by_url[url]
        text = (folder / name).read_text(encoding="utf-8")
        candidates = extract_facts(text, source=source, known_metrics=knowledge.metrics)
        rows = [
            Row(f.value, f.quote, f"{f.metric}/{f.kind}", f.metric, f.kind)
            for f in knowledge.facts.values()
            if f.source == source.id
        ]
        scores.append(score(Path(name).stem, candidates, rows))
    return scores


def _line(s: Score) -> str:
    agree = f"{s.agreeing:6}" if s.agreeing is not None else f"{'-':>6}"
    return (
        f"{s.name:45} {s.listed:6} {s.proposed:6} {s.matched:6} {agree} "
        f"{s.recall:7.1%} {s.precision:9.1%}"
    )


def table(title: str, scores: Sequence[Score], show: bool) -> str:
    """Per-article lines and the total; 'agree' (hand-made facts only) counts matches that
    also have the same metric, kind and sign."""
    header = f"{'article':45} {'listed':>6} {'found':>6} {'match':>6} {'agree':>6} "
    lines = [title, header + f"{'recall':>7} {'precision':>9}"]
    for s in scores:
        lines.append(_line(s))
        if show:
            lines += [f"    missed  {m}" for m in s.missed] + [f"    extra   {e}" for e in s.extra]
    lines.append(_line(totals(scores)))
    return "\n".join(lines)


def totals(scores: Sequence[Score]) -> Score:
    agreeing = [s.agreeing for s in scores if s.agreeing is not None]
    return Score(
        "TOTAL",
        sum(s.listed for s in scores),
        sum(s.proposed for s in scores),
        sum(s.matched for s in scores),
        agreeing=sum(agreeing) if len(agreeing) == len(scores) and scores else None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("articles", nargs="?", type=Path, default=ARTICLES)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--show", action="store_true", help="list missed and extra figures")
    args = parser.parse_args(argv)
    metrics = load_knowledge(DEFAULT_PATH).metrics.values()
    print(table("Evaluation articles", evaluate_articles(args.articles, metrics), args.show))
    print()
    print(table("Seed articles (hand-made facts)", evaluate_seeds(args.seeds), args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
