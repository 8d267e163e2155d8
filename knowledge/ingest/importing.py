"""Importing an article: its source from a header or flags, its candidates as records to save.

Shared by `bot.py kb import` and the admins' /nhap on Telegram. Pure: no I/O, no Telegram.

    fields = source_fields(parse_article_header(text), {"publisher": "Báo Hà Tĩnh"})
    source = build_source(fields, knowledge.sources)          # SourceError names what is missing
    candidates = extract_facts(text, source=source, known_metrics=knowledge.metrics)
    facts, new_metrics = split_candidates(candidates)           # → store.import_facts(…)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from knowledge.ingest.article import Candidate
from knowledge.model import SLUG, Fact, Metric, Source
from knowledge.numbers import format_value
from knowledge.understand.folding import fold

SOURCE_FIELDS: dict[str, str] = {
    "url": "địa chỉ bài báo (url)",
    "title": "tiêu đề (title)",
    "publisher": "nơi đăng (publisher)",
    "published": "ngày đăng (date)",
}
"""The fields a source needs, with the Vietnamese names errors use."""

# folded key as people write it → source field
_SOURCE_KEYS: dict[str, str] = {
    "url": "url",
    "link": "url",
    "lien ket": "url",
    "duong dan": "url",
    "dia chi": "url",
    "title": "title",
    "tieu de": "title",
    "ten bai": "title",
    "publisher": "publisher",
    "source": "publisher",
    "noi dang": "publisher",
    "bao": "publisher",
    "nha xuat ban": "publisher",
    "date": "published",
    "published": "published",
    "ngay": "published",
    "ngay dang": "published",
    "author": "author",
    "tac gia": "author",
    # not part of the source: where the figures are from when the article names no place
    "region": "region",
    "dia ban": "region",
    "tinh": "region",
}

MAX_ARTICLE_CHARS = 200_000
"""The longest article an import reads (the CLI and Telegram say so); reading is linear in
length, about a second per 100.000 characters here."""

DOUBTFUL = 0.6
"""Candidates found with less confidence than this are flagged for a closer look."""

_KEY_LINE = re.compile(r"^\s*([^\W\d][\w .]{0,29}?)\s*[:=]\s*(.*)$")
_ISO_DATE = re.compile(r"^((?:19|20)\d\d)-(\d{1,2})(?:-(\d{1,2}))?\b")
_VN_DATE = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/((?:19|20)\d\d)\b")
_HOST_NOISE = {"www", "vn", "com", "net", "org", "gov", "edu", "info"}


class SourceError(Exception):
    """The article's source is incomplete or invalid; `missing` lists the fields to ask for."""

    def __init__(self, missing: Sequence[str], problems: Sequence[str] = ()) -> None:
        self.missing = list(missing)
        self.problems = list(problems)
        parts = [f"thiếu {SOURCE_FIELDS[name]}" for name in self.missing]
        super().__init__("; ".join([*parts, *self.problems]))


def key_values(text: str, keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """'key: value' (or 'key = value') lines → {field: value} for the known keys; and the
    unknown keys, as written. Keys are matched folded ('Tiêu đề', 'tieu de'); lines that are
    not 'key: value' are skipped; a later line wins."""
    found: dict[str, str] = {}
    unknown: list[str] = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        match = _KEY_LINE.match(line)
        if not match:
            continue
        key = " ".join(fold(match.group(1)).replace("_", " ").split())
        field = keys.get(key) or keys.get(key.replace(" ", "_"))
        if field is None:
            unknown.append(match.group(1).strip())
        elif match.group(2).strip():
            found[field] = match.group(2).strip()
    return found, unknown


def source_key_values(text: str) -> dict[str, str]:
    """url/title/publisher/date lines (a caption, a follow-up message) → source fields."""
    return key_values(text, _SOURCE_KEYS)[0]


def source_fields(
    header: Mapping[str, str], given: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """An article header (parse_article_header) overridden by what the admin gave."""
    fields: dict[str, str] = {}
    for key, text in header.items():
        name = _SOURCE_KEYS.get(fold(key))
        if name and text.strip():
            fields[name] = text.strip()
    for key, value in (given or {}).items():
        if value is not None and value.strip():
            fields[key] = value.strip()
    return fields


def parse_published(text: str) -> date | None:
    """'2022-07-13', '2022-05' (→ the 1st), '13/7/2022', '7/2022'; None if it is not a date."""
    text = text.strip()
    iso = _ISO_DATE.match(text)
    vn = _VN_DATE.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1))
        if vn:
            return date(int(vn.group(3)), int(vn.group(2)), int(vn.group(1) or 1))
    except ValueError:
        return None
    return None


def build_source(fields: Mapping[str, str], known: Mapping[str, Source]) -> Source:
    """The article's Source: the known one with the same URL, or a new one with a fresh id."""
    url = next(iter(fields.get("url", "").split()), "")
    missing = [name for name in SOURCE_FIELDS if not fields.get(name, "").strip()]
    problems = []
    if url and not re.match(r"^https?://\S+$", url):
        problems.append(f"địa chỉ bài báo (url) phải bắt đầu bằng http:// hoặc https://: {url}")
    published = parse_published(fields["published"]) if "published" not in missing else None
    if "published" not in missing and published is None:
        problems.append(
            f"ngày đăng (date) không đọc được: '{fields['published']}' "
            "(viết dạng 2022-07-13 hoặc 13/07/2022)"
        )
    if missing or problems:
        raise SourceError(missing, problems)
    assert published is not None
    for source in known.values():
        if source.url == url:
            return source  # the same article again: its facts are skipped as duplicates
    try:
        return Source(
            id=_new_id(url, published, known),
            title=" ".join(fields["title"].split()),
            publisher=" ".join(fields["publisher"].split()),
            published=published,
            url=url,
            author=fields.get("author") or None,
        )
    except ValidationError as error:
        raise SourceError(
            [], [f"trường '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in error.errors()]
        ) from error


def _new_id(url: str, published: date, known: Mapping[str, Source]) -> str:
    """'https://www.baohatinh.vn/…' published 2022-05 → 'baohatinh-2022-05' (-2, -3 … if taken)."""
    host = (urlsplit(url).hostname or "").lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", host) if p and p not in _HOST_NOISE]
    base = "-".join(parts[:3]) or "bai-bao"
    base = f"{base}-{published:%Y-%m}"
    candidate, n = base, 1
    while candidate in known or not SLUG.match(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def split_candidates(candidates: Iterable[Candidate]) -> tuple[list[Fact], list[Metric]]:
    """What store.import_facts takes: the facts, and each new metric they need once."""
    facts: list[Fact] = []
    metrics: dict[str, Metric] = {}
    for candidate in candidates:
        facts.append(candidate.fact)
        if candidate.new_metric is not None:
            metrics.setdefault(candidate.new_metric.id, candidate.new_metric)
    return facts, list(metrics.values())


def history_label(source: Source) -> str:
    """How the history names an import: 'Tiêu đề (Báo Lạng Sơn, 13/07/2022) https://…'."""
    return f"{source.title} ({source.publisher}, {source.published:%d/%m/%Y}) {source.url}"


def written_value(value: float, unit: str, hedge: str | None = None) -> str:
    """A fact's value_text when none is given, the Vietnamese way: 'gần 741.213 người'."""
    text = format_value(value, unit)
    return f"{hedge} {text}" if hedge else text


def candidate_record(candidate: Candidate) -> dict[str, Any]:
    """A candidate as `kb import --json` prints it."""
    fact = candidate.fact
    record: dict[str, Any] = {
        "metric": fact.metric,
        "metric_name": candidate.metric_name,
        "kind": fact.kind,
        "value": fact.value,
        "value_text": fact.value_text,
        "unit": fact.unit,
        "of": fact.of,
        "compared_to": fact.compared_to,
        "period": fact.period.model_dump(mode="json"),
        "region": fact.region,
        "quote": fact.quote,
        "confidence": candidate.confidence,
    }
    if candidate.new_metric is not None:
        record["new_metric"] = candidate.new_metric.model_dump(mode="json")
    return record
