"""The stand-in's HTML parser (a port of tdlib's) and image helpers, on their own."""

from __future__ import annotations

import re

import pytest

from tests.standin.markup import EntityParseError, parse_html, utf16_len
from tests.standin.media import image_size, make_png


def test_html_visible_text_and_utf16_entities() -> None:
    parsed = parse_html(
        '👍 <b>Tỷ lệ <i>98,3%</i></b> &lt;&#33;&#x21;&gt; <a href="https://x.vn">x</a>'
    )
    assert parsed.text == "👍 Tỷ lệ 98,3% <!!> x"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 11},  # the emoji counts as two UTF-16 units
        {"type": "italic", "offset": 9, "length": 5},
        {"type": "text_link", "offset": 20, "length": 1, "url": "https://x.vn"},
    ]


def test_html_telegram_extras() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q'
        '</blockquote><tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span> a > b'
    )
    assert parsed.text == "x = 1qst a > b"
    assert {"type": "pre", "offset": 0, "length": 5, "language": "python"} in parsed.entities
    kinds = [e["type"] for e in parsed.entities]
    assert kinds == ["pre", "expandable_blockquote", "spoiler", "spoiler"]


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("<b>x", "Can't find end tag corresponding to start tag b"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("a<br>b", 'Unsupported start tag "br" at byte offset 1'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("Lạng Sơn & Cao Bằng", "Unsupported HTML entity at byte offset 12"),  # UTF-8 bytes
        ("&nbsp;", "Unsupported HTML entity"),
    ],
)
def test_html_errors(markup: str, error: str) -> None:
    with pytest.raises(EntityParseError, match=re.escape(error)):
        parse_html(markup)


def test_image_helpers() -> None:
    assert image_size(make_png(30, 20)) == (30, 20)
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x0b\x08\x00\x10\x00\x20\x01\x01\x11\x00"
    assert image_size(jpeg) == (32, 16)
    assert image_size(b"GIF89a") is None
    assert utf16_len("a👍") == 3
