"""What an article's source lacks, guessed: the publisher from the web address (a table of
Vietnamese outlets, else the domain), the publication date from the text ("23:55 22/11/2021",
"Thứ ba, 21/02/2023", "13.07.2022") or from the address ("/202204/", "-20201106160714856.htm",
"/2022/07/13/"), the title from the headline. Each guess is named, so the review can mark it;
a guess is never a reason to refuse a dry run, and a save shows it to the admin first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from knowledge.ingest.outlets import host_of, outlet_of
from knowledge.ingest.text import clean_article, headline_of

PLACEHOLDER_URL = "https://chua-ro-dia-chi.invalid/"
"""A dry run without a web address still reads the article; nothing is saved with it."""

_TEXT_DATES = [
    # '23:55 22/11/2021', 'Thứ ba, 21/02/2023', '13.07.2022 | 08:39', 'Ngày đăng: 5-3-2024'
    re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?![\d/.-])"),
]
_DATE_CONTEXT = re.compile(
    r"(?:\d{1,2}:\d{2}|thứ|chủ nhật|ngày đăng|cập nhật|đăng lúc|date)", re.IGNORECASE
)
_ISO_IN_TEXT = re.compile(r"\bdate\s+((?:19|20)\d\d)-(\d{2})(?:-(\d{2}))?\b")
_URL_DATES = [
    # '/2022/07/13/', '/2022-07-13/'
    (re.compile(r"/((?:19|20)\d\d)[/-](\d{2})[/-](\d{2})(?:/|\b)"), (1, 2, 3)),
    # '-20201106160714856.htm' (a time stamp after the date), '/20230424/'
    (re.compile(r"[-/_]((?:19|20)\d\d)(\d{2})(\d{2})(?:\d{6,})?(?:[./_-]|$)"), (1, 2, 3)),
    # '/202204/' (a month folder)
    (re.compile(r"/((?:19|20)\d\d)(\d{2})/"), (1, 2, None)),
]


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if date(1990, 1, 1) <= found <= date.today() else None


def date_in_text(text: str) -> date | None:
    """A publication date stamped near the top of an article (a time, a weekday, 'date')."""
    head = "\n".join(text.splitlines()[:15])
    iso = _ISO_IN_TEXT.search(head)
    if iso:
        return _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1))
    for line in head.splitlines():
        if not _DATE_CONTEXT.search(line) and len(line) > 40:
            continue  # a date in a sentence is usually an event's, not the article's
        for pattern in _TEXT_DATES:
            match = pattern.search(line)
            if match:
                found = _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))
                if found:
                    return found
    return None


def date_in_url(url: str) -> date | None:
    path = url.split("?")[0]
    host = host_of(url)
    path = path[path.find(host) + len(host) :] if host and host in path else path
    for pattern, (y, m, d) in _URL_DATES:
        for match in pattern.finditer(path):
            found = _valid(
                int(match.group(y)), int(match.group(m)), int(match.group(d)) if d else 1
            )
            if found:
                return found
    return None


def _headline(text: str) -> str | None:
    paragraphs = [p.strip() for p in clean_article(text).split("\n\n") if p.strip()]
    if not headline_of(paragraphs):
        return None
    return paragraphs[0] if 10 <= len(paragraphs[0]) <= 200 else None


def guess_source_fields(
    fields: Mapping[str, str], text: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The fields with what is missing guessed; and for each guess, where it came from."""
    filled, guessed = dict(fields), {}
    url = filled.get("url", "").strip()
    if url and not filled.get("publisher", "").strip():
        outlet = outlet_of(url)
        if outlet is not None:
            filled["publisher"] = outlet.name
            guessed["publisher"] = "đoán từ địa chỉ bài báo"
    if not filled.get("published", "").strip():
        found = date_in_text(text)
        where = "đoán từ ngày ghi trong bài"
        if found is None and url:
            found, where = date_in_url(url), "đoán từ địa chỉ bài báo"
        if found is not None:
            filled["published"] = found.isoformat()
            guessed["published"] = where
    if not filled.get("title", "").strip():
        headline = _headline(text)
        if headline:
            filled["title"] = headline
            guessed["title"] = "đoán từ dòng đầu của bài"
    return filled, guessed
