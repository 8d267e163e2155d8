"""Article text before figures are read: page clutter out, paragraphs and sentences in.

Articles arrive as copied from a web page or a scraper: "Skip to main content", "Submitted by …",
view counts, image captions, bylines, markdown images and links, a "URL:/Title:/Date:" header,
and often the lead paragraph twice. A figure found in clutter would be a duplicate or noise, so
the text is cleaned first and every quote is a sentence of the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.ingest.tables import cells, table_sentences
from knowledge.understand.folding import nfc

_HEADER_LINE = re.compile(r"^(URL|Title|Date|Source|Author|Publisher):\s*(.*)$", re.IGNORECASE)
_HEADER_END = re.compile(r"^-{3,}$")

# Whole lines that are never article text.
_CLUTTER_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^skip to (main )?content$",
        r"^submitted by .*",
        r"^[•*·\-\s]*(từ khóa|từ khoá|tags?|chia sẻ|share|bình luận|tin liên quan)\s*:?.*$",
        r"^\d[\d.,]*\s*(lượt xem|lượt đọc|views?)$",
        r"^(thứ \d|chủ nhật|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy)\b.*\d{1,2}:\d{2}.*$",
        r"^https?://\S+$",
        r"^[=\-_*#]{3,}$",  # markdown heading underlines and rules
        r"^\*\*[^*]{1,60}\*\*$",  # a bold-only short line: a byline
    )
]
# Vietnamese capitals for sentence starts (re has no \p{Lu}).
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper())
_LOWER = "".join(c for c in map(chr, range(0x61, 0x1F00)) if c.islower())
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMOJI_CODE = re.compile(r":[a-z_]+:")
_LINK_CLUTTER = re.compile(r"xem (chi tiết|thêm)|đọc (tiếp|thêm)|read more", re.IGNORECASE)
_EXCERPT_DATE = re.compile(r"^date \d{4}-\d{2}(-\d{2})?\s+")  # "date 2022-05 Trong 3 tháng…"
CAPTION_WORDS = 40  # captions here run to about 30 words; body paragraphs are longer
_TERMINAL = re.compile(r"[.!?…:;,)\"”]$")
_LIST_ITEM = re.compile(r"^([-+*•]|\d+[.)])\s")
# A caption glued to the previous sentence: "…năm 2022.Lãnh đạo BHXH tỉnh trao tặng …"
_GLUED_CAPTION = re.compile(rf"(?<=[{_LOWER}0-9][.!?])[{_UPPER}][^.!?…]{{15,}}$")
_TABLE_ROW = re.compile(r"\t|^\s*\|")
MAX_SENTENCE = 700  # the longest real report sentences run to about 550 characters
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)\s*$")


def parse_article_header(text: str) -> dict[str, str]:
    """The 'URL: / Title: / Date:' lines an article file may start with, keys lowercased."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            break
        header[match.group(1).lower()] = match.group(2).strip()
    return header


def _strip_header(lines: list[str]) -> list[str]:
    """Drop the header block (and the '---' that ends it) when the text starts with one."""
    index = 0
    while index < len(lines) and (not lines[index].strip() or _HEADER_LINE.match(lines[index])):
        index += 1
    if index and index < len(lines) and _HEADER_END.match(lines[index].strip()):
        index += 1
    return lines[index:] if index and any(_HEADER_LINE.match(x) for x in lines[:index]) else lines


def _unmark(line: str) -> str:
    """Markdown images go; links keep their text unless the text is a 'read more' button."""
    line = _MD_IMAGE.sub(" ", line)
    line = _MD_LINK.sub(lambda m: "" if _LINK_CLUTTER.search(m.group(1)) else m.group(1), line)
    line = _EMOJI_CODE.sub(" ", line)
    line = re.sub(r"^#+\s*", "", line)
    return _EXCERPT_DATE.sub("", nfc(line))


def _tables_as_sentences(lines: list[str]) -> list[str]:
    """A run of table rows of the same width under a header of words becomes one sentence per
    row, each its own paragraph (see tables.py); other lines are kept as they are."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        first = cells(lines[index])
        end = index + 1
        while first and end < len(lines) and len(cells(lines[end]) or ()) == len(first):
            end += 1
        rows = [cells(line) or [] for line in lines[index:end]]
        said = table_sentences(rows) if first and len(first) >= 3 and end - index >= 2 else None
        if said is None:
            out.append(lines[index])
            index += 1
            continue
        for sentence in said:
            out.extend(["", sentence, ""])
        index = end
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated paragraphs, clutter lines dropped, each on one line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in [*_tables_as_sentences(lines), ""]:
        line = _unmark(raw)
        if line and any(p.match(line) for p in _CLUTTER_LINES):
            continue
        row = _TABLE_ROW.search(line)
        if current and (not line or _LIST_ITEM.match(line) or row):  # a list item is a paragraph
            paragraphs.append(" ".join(current))
            current = []
        if row:  # a table row is a paragraph of its own, never glued to the next row
            paragraphs.append(line.replace("\t", " ; ").strip(" |").replace("|", " ; "))
        elif line:
            current.append(line)
    return paragraphs


def _join_broken(paragraphs: list[str]) -> list[str]:
    """A paragraph ending in ',' or ';' was cut mid-sentence by the page: glue it back."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and joined[-1].endswith((",", ";")):
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _is_caption_or_byline(paragraph: str, first: bool) -> bool:
    """Short lines without an end mark after the headline are captions, bylines or buttons;
    a long one is body text whose last full stop the page lost."""
    if first or _TERMINAL.search(paragraph) or _LIST_ITEM.match(paragraph):
        return False
    return len(paragraph.split()) < CAPTION_WORDS


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """A lead repeated in full (or cut short with '…') elsewhere in the text is said once.
    One joined text searched from each paragraph's end: linear in practice, no copies."""
    joined = "\n".join(paragraphs)
    kept: list[str] = []
    offset = 0
    for paragraph in paragraphs:
        offset += len(paragraph) + 1
        core = _ELLIPSIS.sub("", paragraph)
        if len(core) >= 40 and joined.find(core, offset) >= 0:
            continue
        kept.append(paragraph)
    return kept


def clean_article(text: str) -> str:
    """The article without page clutter: paragraphs separated by blank lines, NFC, one line each."""
    paragraphs = _join_broken(_paragraphs(_strip_header(text.splitlines())))
    paragraphs = [_GLUED_CAPTION.sub("", p).strip() for p in paragraphs]
    paragraphs = [p for i, p in enumerate(paragraphs) if not _is_caption_or_byline(p, i == 0)]
    return "\n\n".join(_drop_repeats(paragraphs))


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # index of its paragraph in the cleaned text
    headline: bool


# A sentence ends at . ! ? … (maybe closed by a bracket or quote) before a capital or digit, or
# where a sentence was glued to the next ("người.Trong đó"), but not after "TP." and the like.
_SENTENCE_END = re.compile(
    rf"(?:(?<=[.!?…])|(?<=[.!?…][)\"”]))(?<!\bTP\.)(?<!\bTp\.)\s+(?=[\"“(]?[{_UPPER}0-9])"
    rf"|(?<=[{_LOWER}0-9][.!?])(?=[{_UPPER}][{_LOWER}])"
)


def headline_of(paragraphs: list[str]) -> bool:
    """Is the first paragraph a headline (no end mark, followed by the body)?"""
    return len(paragraphs) > 1 and not _TERMINAL.search(paragraphs[0])


def split_sentences(cleaned: str) -> list[Sentence]:
    """Sentences of the cleaned text, in order; the headline is marked (headlines round)."""
    paragraphs = [p for p in cleaned.split("\n\n") if p.strip()]
    has_headline = headline_of(paragraphs)
    sentences: list[Sentence] = []
    for index, paragraph in enumerate(paragraphs):
        for part in _SENTENCE_END.split(paragraph):
            for piece in _bounded(part.strip()):
                sentences.append(Sentence(piece, index, has_headline and index == 0))
    return sentences


def _bounded(sentence: str) -> list[str]:
    """A sentence longer than MAX_SENTENCE (a pasted table, a list without full stops) is cut
    at its last ';', else ',', else space before the limit: reading a sentence costs the square
    of its length, so bounded sentences keep an import linear in the article's length."""
    pieces: list[str] = []
    while len(sentence) > MAX_SENTENCE:
        window = sentence[:MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(" ;"))
        if cut < MAX_SENTENCE // 3:
            cut = window.rfind(", ")
        if cut < MAX_SENTENCE // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE
        pieces.append(sentence[: cut + 1].strip())
        sentence = sentence[cut + 1 :].strip(" ;,")
    if sentence:
        pieces.append(sentence)
    return [p for p in pieces if p]
