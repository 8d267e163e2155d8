"""What tests read besides the code: the articles in tests/fixtures/ (always there) and the shared
evaluation material beside the checkout (``../shared``), which a test may use only through
``needs_shared`` so that it skips, with the reason, where the material is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The two seed articles as published, with importer headers (tests/fixtures/README.md); each
# file is named after its source id in the bundled seed knowledge.
ARTICLE_2022 = FIXTURES / "articles" / "baolangson-2022-07.txt"
ARTICLE_2019 = FIXTURES / "articles" / "tuyentruyen-langson-2019-09.txt"

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARED_EVAL = SHARED / "eval"
SHARED_ARTICLES = SHARED_EVAL / "articles"


def article_body(path: Path) -> str:
    """An article file's text without its header lines (those above the '---' line)."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if "\n---\n" in text else text


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip the test (or module, as ``pytestmark``) unless ``path`` under ../shared exists."""
    where = path.relative_to(SHARED).as_posix()
    return pytest.mark.skipif(
        not path.exists(), reason=f"../shared/{where} is not beside this checkout"
    )


def drop_source(knowledge: Path, source_id: str) -> int:
    """Remove a source and its facts from a knowledge file (a copy); how many facts went.

    What an admin has before importing that article, so a test can import it as new."""
    data = json.loads(knowledge.read_text(encoding="utf-8"))
    sources = {k: s for k, s in data["sources"].items() if s["id"] != source_id}
    if len(sources) == len(data["sources"]):
        raise ValueError(f"no source {source_id!r} in {knowledge}")
    facts = {k: f for k, f in data["facts"].items() if f["source"] != source_id}
    dropped = len(data["facts"]) - len(facts)
    data["sources"], data["facts"] = sources, facts
    knowledge.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return dropped
