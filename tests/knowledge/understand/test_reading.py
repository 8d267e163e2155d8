"""Reading a question's words: a word typed as another word stays that word."""

from __future__ import annotations

import pytest

from knowledge.understand.folding import fold, nfc
from knowledge.understand.question import read_concepts


@pytest.mark.parametrize(
    "text", ["đứng thứ mấy về số người tham gia BHTN", "xếp thứ mấy", "Hà Nội đứng thứ mấy"]
)
def test_a_word_typed_as_another_stays_so_after_a_glued_word_is_split(text: str) -> None:
    # "đứng" is split into known parts; "thứ" must still not read as "thu" (revenue)
    marked = nfc(text)
    concepts, _ = read_concepts(fold(marked), frozenset(), True, marked=marked)
    assert "REVENUE" not in concepts.concepts
