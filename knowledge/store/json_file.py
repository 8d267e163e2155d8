"""Strict JSON for knowledge files: what json.loads lets through silently is found here.

json.loads keeps the last of two equal keys (a fact id written twice silently loses a record),
accepts NaN and Infinity, and fails with a RecursionError on deep nesting. `loads` reports
duplicate keys with the object that holds them, and `nesting_problem` finds containers nested
deeper than a knowledge file ever needs, so that every such file is refused with its place.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from knowledge.model import Period

MAX_DEPTH = 6
"""file → table → record → field → period/list → value: anything deeper is not a knowledge file."""


@dataclass
class Duplicates:
    """Objects that had a key twice, by identity, with the repeated keys."""

    found: dict[int, list[str]] = field(default_factory=dict)

    def keys_of(self, obj: object) -> list[str]:
        return self.found.get(id(obj), [])


def loads(text: str, share: bool = False) -> tuple[Any, Duplicates]:
    """json.loads that records duplicate keys; NaN/Infinity become floats the models refuse.

    share: identical periods become one Period object and repeated short strings (region,
    unit, metric …) one string, so a file of 100 000 facts never holds 100 000 copies of them;
    only for tables that are validated and never written back.
    """
    duplicates = Duplicates()
    periods: dict[tuple[Any, ...], Period] = {}
    # objects with duplicates are kept alive, so their ids stay unique until located
    keep: list[object] = []

    def hook(pairs: list[tuple[str, Any]]) -> Any:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            duplicates.found[id(obj)] = list(dict.fromkeys(repeated))
            keep.append(obj)
            return obj
        if share:
            if obj.keys() == {"label", "start", "end"}:
                try:
                    return shared_period(obj, periods)
                except ValidationError:
                    return obj
            for key in _SHORT_FIELDS & obj.keys():
                if isinstance(obj[key], str):
                    obj[key] = sys.intern(obj[key])
        return obj

    return json.loads(text, object_pairs_hook=hook), duplicates


def shared_period(raw: dict[str, Any], shared: dict[tuple[Any, ...], Period]) -> Period:
    key = tuple(raw.items())
    period = shared.get(key)
    if period is None:
        period = shared[key] = Period.model_validate(raw)
    return period


_SHORT_FIELDS = frozenset(
    {"metric", "kind", "unit", "region", "source", "hedge", "of", "compared_to", "quote"}
)


@dataclass(frozen=True)
class Place:
    """Where in the file something is: table, record and field ('-' / '' when not inside one)."""

    table: str = "-"
    record: str = "-"
    field: str = ""


def walk(tables: dict[str, Any]) -> Iterator[tuple[Place, Any]]:
    """Every table, record and field value with its place (records and fields of dict tables)."""
    for name, table in tables.items():
        yield Place(name), table
        if not isinstance(table, dict):
            continue
        for doc_id, record in table.items():
            yield Place(name, doc_id), record
            if isinstance(record, dict):
                for key, value in record.items():
                    yield Place(name, doc_id, key), value


def duplicate_places(tables: dict[str, Any], duplicates: Duplicates) -> list[tuple[Place, str]]:
    """Each repeated key with the place of the object that holds it."""
    found: list[tuple[Place, str]] = [(Place(), k) for k in duplicates.keys_of(tables)]
    if len(found) == sum(len(keys) for keys in duplicates.found.values()):
        return found
    for place, value in walk(tables):
        found += [(place, k) for k in duplicates.keys_of(value)]
        if isinstance(value, dict | list) and place.field:
            for inner in _containers(value):
                found += [(place, k) for k in duplicates.keys_of(inner)]
    return found


def nesting_problem(tables: dict[str, Any]) -> Place | None:
    """The first record or field whose value nests deeper than MAX_DEPTH, or None."""
    # plain loops, no walk(): this runs over every field of every load (1.5M at 100 000 facts)
    for name, table in tables.items():
        if not isinstance(table, dict):
            continue
        for doc_id, record in table.items():
            if isinstance(record, list) and _depth(record) > MAX_DEPTH - 2:
                return Place(name, doc_id)
            if not isinstance(record, dict):
                continue
            for value in record.values():
                if type(value) in _CONTAINERS and _depth(value) > MAX_DEPTH - 3:
                    key = next(k for k, v in record.items() if v is value)
                    return Place(name, doc_id, key)
    return None


_CONTAINERS = (dict, list)


def _depth(value: Any) -> int:
    """How deep containers nest inside `value` (1 for a flat dict or list); iterative, and it
    stops counting past MAX_DEPTH."""
    children = value.values() if type(value) is dict else value
    if not any(type(c) in _CONTAINERS for c in children):
        return 1  # the common case: a period, a list of aliases
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        children = item.values() if isinstance(item, dict) else item
        stack += [(c, level + 1) for c in children if isinstance(c, dict | list)]
    return deepest


def _containers(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        yield item
        children = item.values() if isinstance(item, dict) else item
        stack += [c for c in children if isinstance(c, dict | list)]


_COLON = re.compile(r"\s*:")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


def locate_deep(text: str) -> Place:
    """Where nesting first goes past MAX_DEPTH, for a text too deep for json.loads to say (only
    on that error path: it walks the text token by token)."""
    path: list[str | None] = []  # per open container: the key being filled (None in a list)
    key: str | None = None
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            path.append(key)
            key = None
            if len(path) > MAX_DEPTH:
                break
        elif token in "}]":
            if path:
                path.pop()
            key = None
        elif token.startswith('"') and _COLON.match(text, match.end()):
            key = json.loads(token)
    named = [str(k) for k in path[1:4] if k is not None]
    return Place(*named) if named else Place()
