"""What admins type on Telegram, read into facts: /them's 'key: value' lines, /sua's 'field=value'.

Plain functions of the text and the current knowledge (no Telegram objects), so every message an
admin can get wrong is tested without a bot. Errors name the field as the admin typed it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from knowledge.ingest.importing import key_values, written_value
from knowledge.model import FACT_KINDS, Fact, FactKind, Period
from knowledge.numbers import parse_number
from knowledge.store.snapshot import Knowledge
from knowledge.understand.folding import fold, nfc
from knowledge.understand.periods import find_periods

# The form's fields, in template order, with what each means.
FIELDS: dict[str, str] = {
    "metric": "mã hoặc tên chỉ tiêu (xem /chiso)",
    "value": "số, vd. 741.213 hoặc 86,96",
    "unit": "người, %, điểm %, tỷ đồng, triệu đồng, đơn vị …",
    "period": "kỳ, vd. 6 tháng đầu năm 2022, hết tháng 8/2019, năm 2023",
    "source": "mã nguồn hoặc URL bài báo đã có (xem /nguon)",
    "quote": "câu trích nguyên văn trong bài",
    "kind": "value (mặc định) · plan · change · gap · target",
    "value_text": "số như bài viết, vd. gần 97,5% (mặc định: tự viết từ value)",
    "hedge": "gần, hơn, trên, khoảng, ước … (tuỳ chọn)",
    "of": "% của cái gì: kế hoạch, dân số … (tuỳ chọn)",
    "compared_to": "so với gì (bắt buộc với change, gap)",
    "region": "địa bàn (mặc định: tỉnh của bot)",
    "start": "ngày đầu kỳ, vd. 2022-01-01 (tuỳ chọn, cùng end)",
    "end": "ngày cuối kỳ, vd. 2022-06-30",
}
REQUIRED = ("metric", "value", "unit", "period", "source", "quote")

# folded key as typed → field
_KEYS: dict[str, str] = {name: name for name in FIELDS} | {
    "chi tieu": "metric",
    "gia tri": "value",
    "so": "value",
    "don vi": "unit",
    "ky": "period",
    "period label": "period",
    "period.label": "period",
    "nhan ky": "period",
    "nguon": "source",
    "trich dan": "quote",
    "cau": "quote",
    "loai": "kind",
    "viet la": "value_text",
    "value text": "value_text",
    "so voi": "compared_to",
    "compared to": "compared_to",
    "dia ban": "region",
    "tu ngay": "start",
    "period.start": "start",
    "den ngay": "end",
    "period.end": "end",
}
_KIND_WORDS: dict[str, FactKind] = {
    "gia tri": "value",
    "ket qua": "value",
    "ke hoach": "plan",
    "thay doi": "change",
    "tang giam": "change",
    "chenh lech": "gap",
    "muc tieu": "target",
}
# pydantic's location of a Fact field → the form's name for it
_LOCATIONS = {"period.label": "period", "period.start": "start", "period.end": "end"}


class FormError(Exception):
    """The form has mistakes: (field, message) pairs, in Vietnamese."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


def template(knowledge: Knowledge, today: date) -> str:
    """The text /them replies with, to copy, fill in and send back (plain text)."""
    metric = next(iter(knowledge.metrics), "tong_thu")
    source = next(iter(knowledge.sources), "ma-nguon")
    example = {
        "metric": metric,
        "value": "741.213",
        "unit": "người",
        "period": f"6 tháng đầu năm {today.year}",
        "source": source,
        "quote": "Câu trong bài có con số này.",
    }
    return "/them\n" + "\n".join(f"{key}: {value}" for key, value in example.items())


def read_form(text: str) -> dict[str, str]:
    """/them's 'key: value' lines → {field: value}; FormError names any unknown key."""
    fields, unknown = key_values(text, _KEYS)
    if unknown:
        raise FormError([(key, "không có trường này") for key in unknown])
    return fields


_ASSIGNMENT = re.compile(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_.]*)\s*=")


def read_assignments(text: str) -> dict[str, str]:
    """/sua's 'value=87,01 quote=Câu có dấu cách …' → {field: value} (a value runs to the next
    'field=' or the end); FormError names any unknown field."""
    found: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    text = nfc(text)
    matches = list(_ASSIGNMENT.finditer(text))
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        key = match.group(1)
        field = _KEYS.get(fold(key).replace("_", " ")) or _KEYS.get(fold(key))
        if field is None:
            problems.append((key, "không có trường này"))
        else:
            found[field] = text[match.end() : end].strip()
    if problems:
        raise FormError(problems)
    return found


def new_fact(
    fields: Mapping[str, str], knowledge: Knowledge, default_region: str, today: date
) -> Fact:
    """A complete Fact from /them's fields; FormError lists every mistake at once."""
    problems = [(name, "bắt buộc") for name in REQUIRED if not fields.get(name)]
    record: dict[str, Any] = {"region": fields.get("region") or default_region}
    for name in ("hedge", "of", "compared_to", "quote", "unit"):
        if fields.get(name):
            record[name] = fields[name]
    _convert(fields, record, knowledge, today, problems)
    if "value" in record and "unit" in record and not fields.get("value_text"):
        record["value_text"] = written_value(record["value"], record["unit"], record.get("hedge"))
    if problems:
        raise FormError(problems)
    return _validated(record)


def changes_for(
    fields: Mapping[str, str], fact: Fact, knowledge: Knowledge, today: date
) -> dict[str, Any]:
    """/sua's fields → the changes store.update_fact takes ('period.label', 'value' …).

    A new value without a new value_text rewrites value_text the same way, so the figure shown
    never disagrees with the number."""
    if not fields:
        raise FormError([("?", "chưa có thay đổi nào, vd. /sua 22 value=87,01")])
    problems: list[tuple[str, str]] = []
    record: dict[str, Any] = {}
    for name in ("hedge", "of", "compared_to", "quote", "unit", "region"):
        if name in fields:
            record[name] = fields[name] or None
    _convert(fields, record, knowledge, today, problems, base=fact.period)
    if problems:
        raise FormError(problems)
    if ("value" in record or "unit" in record or "hedge" in record) and "value_text" not in fields:
        record["value_text"] = written_value(
            record.get("value", fact.value),
            record.get("unit", fact.unit),
            record.get("hedge", fact.hedge),
        )
    changes = {
        key: value.model_dump(mode="json") if isinstance(value, Period) else value
        for key, value in record.items()
    }
    _validated(fact.model_dump(mode="json") | changes)  # every mistake named now
    return changes


def _convert(
    fields: Mapping[str, str],
    record: dict[str, Any],
    knowledge: Knowledge,
    today: date,
    problems: list[tuple[str, str]],
    base: Period | None = None,
) -> None:
    """Typed values for metric, source, kind, value, value_text and the period."""
    if fields.get("metric"):
        metric = _metric_id(fields["metric"], knowledge)
        if metric is None:
            problems.append(("metric", f"không có chỉ tiêu '{fields['metric']}' (xem /chiso)"))
        record["metric"] = metric or fields["metric"]
    if fields.get("source"):
        source = _source_id(fields["source"], knowledge)
        if source is None:
            problems.append(
                (
                    "source",
                    f"không có nguồn '{fields['source']}': dùng mã hoặc URL trong /nguon, "
                    "hoặc nhập bài báo bằng /nhap",
                )
            )
        record["source"] = source or fields["source"]
    if fields.get("kind"):
        kind = _kind(fields["kind"])
        if kind is None:
            problems.append(("kind", f"'{fields['kind']}' không hợp lệ: {' · '.join(FACT_KINDS)}"))
        record["kind"] = kind or fields["kind"]
    if fields.get("value"):
        number = parse_number(fields["value"])
        if number is None:
            problems.append(("value", f"'{fields['value']}' không phải một số (vd. 741.213, 98,3)"))
        else:
            record["value"] = number
    if fields.get("value_text"):
        record["value_text"] = fields["value_text"]
    period = _period(fields, today, problems, base)
    if period is not None:
        record["period"] = period


def _period(
    fields: Mapping[str, str], today: date, problems: list[tuple[str, str]], base: Period | None
) -> Period | None:
    label, start, end = fields.get("period"), fields.get("start"), fields.get("end")
    if not (label or start or end):
        return None
    if start or end:
        dates = {}
        for name, text in (("start", start), ("end", end)):
            if text:
                try:
                    dates[name] = date.fromisoformat(text)
                except ValueError:
                    problems.append((name, f"'{text}' không phải ngày dạng 2022-06-30"))
            elif base is not None:
                dates[name] = getattr(base, name)
            else:
                problems.append((name, "cần cả start và end, hoặc chỉ ghi kỳ"))
        if len(dates) < 2:
            return None
        label = label or (base.label if base else "")
        if not label:
            problems.append(("period", "bắt buộc: nhãn của kỳ, vd. 6 tháng đầu năm 2022"))
            return None
        return _checked_period(label, dates["start"], dates["end"], problems)
    assert label is not None
    asks = [a for a in find_periods(fold(label), today) if not a.latest and not a.baseline]
    if not asks:
        problems.append(
            (
                "period",
                f"không hiểu kỳ '{label}' (vd. 6 tháng đầu năm 2022, hết tháng 8/2019, "
                "năm 2023; hoặc thêm start và end)",
            )
        )
        return None
    period = asks[0].to_period(today.year)
    return _checked_period(period.label, period.start, period.end, problems)


def _checked_period(
    label: str, start: date, end: date, problems: list[tuple[str, str]]
) -> Period | None:
    if start > end:
        problems.append(("start", f"ngày đầu kỳ {start} sau ngày cuối kỳ {end}"))
        return None
    return Period(label=label, start=start, end=end)


def _metric_id(text: str, knowledge: Knowledge) -> str | None:
    if text in knowledge.metrics:
        return text
    key = fold(nfc(text))
    for metric in knowledge.metrics.values():
        if key in (fold(metric.id), fold(metric.name), *(fold(a) for a in metric.aliases)):
            return metric.id
    return None


def _source_id(text: str, knowledge: Knowledge) -> str | None:
    if text in knowledge.sources:
        return text
    return next((s.id for s in knowledge.sources.values() if s.url == text.strip()), None)


def _kind(text: str) -> FactKind | None:
    key = fold(text).strip()
    for kind in FACT_KINDS:
        if key == kind:
            return kind
    return _KIND_WORDS.get(key)


def _validated(record: dict[str, Any]) -> Fact:
    try:
        fact = Fact.model_validate(record)
    except ValidationError as error:
        raise FormError(
            [
                (_LOCATIONS.get(loc, loc), str(e["msg"]))
                for e in error.errors()
                for loc in [".".join(str(p) for p in e["loc"])]
            ]
        ) from error
    if fact.kind in ("change", "gap") and not fact.compared_to:
        raise FormError([("compared_to", f"bắt buộc với kind {fact.kind}")])
    return fact
