"""The knowledge file on disk: read and validated into a Knowledge snapshot."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.snapshot import InvalidKnowledge, Knowledge, Problem

DEFAULT_PATH = Path(__file__).parent / "data" / "knowledge.json"


def load_knowledge(path: Path) -> Knowledge:
    """Read and validate a knowledge file; raise InvalidKnowledge naming file, record and field."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidKnowledge([Problem(name, "-", "-", "", f"không đọc được tệp: {error}")]) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidKnowledge([Problem(name, "-", "-", "",
                                        f"tệp không phải UTF-8 (byte {error.start})")]) from error
    if not text.strip():
        raise InvalidKnowledge([Problem(name, "-", "-", "", "tệp rỗng")])
    try:
        tables = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidKnowledge([Problem(name, "-", "-", "",
                                        f"JSON hỏng ở dòng {error.lineno}, cột {error.colno}: "
                                        f"{error.msg}")]) from error
    return Knowledge.from_tables(tables, file=name)
