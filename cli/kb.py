"""`python bot.py kb …`: admin commands on the knowledge file (check, list, add, remove, export …).

Messages are Vietnamese, errors go to stderr with exit status 1, and bad input never shows a
traceback. Writes go through KnowledgeStore, so they are locked, validated, backed up and audited
exactly like the bot's own.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.model import FACT_KINDS, Fact
from knowledge.numbers import parse_number
from knowledge.store.conflicts import conflicts
from knowledge.store.data_folder import HISTORY_FILE
from knowledge.store.history_log import AuditLog
from knowledge.store.knowledge_file import KnowledgeStore, StoreError, load_knowledge
from knowledge.store.snapshot import InvalidKnowledge
from knowledge.understand.folding import fold, nfc
from settings import Settings, data_path

# add flags → Fact fields; the order is the order of the help text
_FACT_FLAGS: dict[str, tuple[str, ...]] = {
    "metric": ("metric",),
    "kind": ("kind",),
    "value": ("value",),
    "value_text": ("value_text",),
    "hedge": ("hedge",),
    "unit": ("unit",),
    "of": ("of",),
    "compared_to": ("compared_to",),
    "period_label": ("period", "label"),
    "start": ("period", "start"),
    "end": ("period", "end"),
    "region": ("region",),
    "source": ("source",),
    "quote": ("quote",),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="kb_command", required=True, metavar="LỆNH")
    sub.add_parser("check", help="kiểm tra tệp tri thức")

    listing = sub.add_parser("list", help="liệt kê dữ kiện")
    listing.add_argument("--metric", help="chỉ dữ kiện của chỉ tiêu này (mã chỉ tiêu)")
    listing.add_argument("--period", help="chỉ các kỳ có nhãn chứa chữ này, vd. 2019")
    listing.add_argument("--json", action="store_true", help="in JSON thay cho bảng")

    add = sub.add_parser("add", help="thêm dữ kiện (từ các cờ, hoặc --json TỆP|-)")
    add.add_argument(
        "--json",
        dest="json_file",
        metavar="TỆP|-",
        help="một đối tượng dữ kiện hoặc một danh sách, '-' là stdin",
    )
    for name in _FACT_FLAGS:
        add.add_argument(
            "--" + name.replace("_", "-"), dest=name, choices=FACT_KINDS if name == "kind" else None
        )
    _who(add)

    remove = sub.add_parser("remove", help="xoá một dữ kiện")
    remove.add_argument("id", help="mã dữ kiện (số)")
    remove.add_argument("--yes", action="store_true", help="không hỏi lại")
    _who(remove)

    export = sub.add_parser("export", help="xuất nguyên tệp tri thức")
    export.add_argument("path", nargs="?", default="-", metavar="TỆP|-")

    history = sub.add_parser("history", help="các thay đổi gần đây")
    history.add_argument("--limit", type=int, default=20)

    undo = sub.add_parser("undo", help="hoàn tác thay đổi gần nhất")
    undo.add_argument("--yes", action="store_true", help="không hỏi lại (cả một lần nhập bài)")
    _who(undo)

    from cli import kb_import

    kb_import.add_arguments(sub)


def _who(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--who", default=None, help="ai thực hiện (ghi vào nhật ký)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one `kb` subcommand; return the exit status."""
    commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "check": _check,
        "list": _list,
        "add": _add,
        "remove": _remove,
        "export": _export,
        "history": _history,
        "undo": _undo,
        "import": _import,
    }
    try:
        return commands[args.kb_command](args, settings)
    except InvalidKnowledge as error:
        for problem in error.problems:
            print(f"lỗi: {problem}", file=sys.stderr)
    except (StoreError, _UsageError) as error:
        print(f"lỗi: {error}", file=sys.stderr)
    except OSError as error:
        print(f"lỗi: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
    return 1


class _UsageError(Exception):
    """Bad command-line input, explained in Vietnamese."""


def _check(args: argparse.Namespace, settings: Settings) -> int:
    try:
        knowledge = load_knowledge(settings.knowledge_path)
    except InvalidKnowledge as error:
        for problem in error.problems:
            print(problem)
        return 1
    print(
        f"OK: {len(knowledge.facts)} dữ kiện, {len(knowledge.metrics)} chỉ tiêu, "
        f"{len(knowledge.sources)} nguồn"
    )
    for conflict in conflicts(knowledge):  # warnings: the admin decides which figure stands
        print(f"cảnh báo: {conflict}")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    knowledge = load_knowledge(settings.knowledge_path)
    if args.metric and args.metric not in knowledge.metrics:
        raise _UsageError(f"không có chỉ tiêu '{args.metric}'")
    wanted = fold(nfc(args.period)) if args.period else None
    rows = [
        (fact_id, fact)
        for fact_id, fact in sorted(knowledge.facts.items())
        if (not args.metric or fact.metric == args.metric)
        and (wanted is None or wanted in fold(nfc(fact.period.label)))
    ]
    if args.json:
        records = [{"id": i, **f.model_dump(mode="json")} for i, f in rows]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif rows:
        _print_table(rows)
    else:
        print("Không có dữ kiện nào khớp.")
    return 0


def _print_table(rows: list[tuple[int, Fact]]) -> None:
    table = [("ID", "CHỈ TIÊU", "LOẠI", "GIÁ TRỊ", "KỲ", "ĐỊA BÀN")]
    table += [(str(i), f.metric, f.kind, f.value_text, f.period.label, f.region) for i, f in rows]
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _add(args: argparse.Namespace, settings: Settings) -> int:
    facts = (
        _facts_from_json(args.json_file) if args.json_file else [_fact_from_flags(args, settings)]
    )
    store = KnowledgeStore.from_settings(settings)
    ids = store.add_facts(facts, _who_is(args))
    _print_table([(i, store.current.facts[i]) for i in ids])
    print(f"Đã thêm {len(ids)} dữ kiện: " + ", ".join(f"#{i}" for i in ids))
    return 0


def _fact_from_flags(args: argparse.Namespace, settings: Settings) -> Fact:
    given = {name: getattr(args, name) for name in _FACT_FLAGS if getattr(args, name) is not None}
    record: dict[str, Any] = {"region": settings.default_region}
    for name, value in given.items():
        *parents, last = _FACT_FLAGS[name]
        node = record
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    if "value" in given:
        number = parse_number(given["value"])
        if number is None:
            raise _UsageError(f"--value: '{given['value']}' không phải một số (vd. 741213, 98,3)")
        record["value"] = number
        if "value_text" not in given and "unit" in given:  # written the Vietnamese way
            from knowledge.ingest.importing import written_value

            record["value_text"] = written_value(number, given["unit"], given.get("hedge"))
    try:
        return Fact.model_validate(record)
    except ValidationError as error:
        lines = [f"{_flag_for(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise _UsageError("dữ kiện không hợp lệ:\n  " + "\n  ".join(lines)) from error


def _flag_for(loc: tuple[int | str, ...]) -> str:
    """('period', 'label') → '--period-label': errors name the flag the admin typed."""
    path = tuple(str(part) for part in loc)
    name = next((n for n, p in _FACT_FLAGS.items() if p == path), "-".join(path))
    return "--" + name.replace("_", "-")


def _facts_from_json(source: str) -> list[Fact]:
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _UsageError(
            f"{source}: JSON hỏng ở dòng {error.lineno}, cột {error.colno}: {error.msg}"
        ) from error
    items = data if isinstance(data, list) else [data]
    facts, lines = [], []
    for number, item in enumerate(items, 1):
        try:
            facts.append(Fact.model_validate(item))
        except ValidationError as error:
            lines += [
                f"dữ kiện thứ {number}, trường '{'.'.join(map(str, e['loc']))}': {e['msg']}"
                for e in error.errors()
            ]
    if lines:
        raise _UsageError(f"{source}: dữ kiện không hợp lệ:\n  " + "\n  ".join(lines))
    if not facts:
        raise _UsageError(f"{source}: không có dữ kiện nào")
    return facts


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    if not args.id.isdigit():
        raise _UsageError(f"mã dữ kiện phải là số, không phải '{args.id}'")
    fact_id = int(args.id)
    store = KnowledgeStore.from_settings(settings)
    fact = store.current.facts.get(fact_id)
    if fact is None:
        raise StoreError(f"{store.name}: không có dữ kiện #{fact_id}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise _UsageError("không chạy trong terminal nên không hỏi lại được: thêm --yes để xoá")
        _print_table([(fact_id, fact)])
        if not _confirm(f"Xoá dữ kiện #{fact_id}? [c/K] "):
            print("Đã huỷ.")
            return 1
    store.remove_fact(fact_id, _who_is(args))
    print(f"Đã xoá dữ kiện #{fact_id} ({fact.metric}, {fact.value_text}, {fact.period.label}).")
    return 0


def _confirm(prompt: str) -> bool:
    try:
        answer = input(prompt)
    except (EOFError, KeyboardInterrupt):
        print()
        return False
    return fold(answer.strip()) in ("c", "co", "y", "yes")


def _export(args: argparse.Namespace, settings: Settings) -> int:
    raw = settings.knowledge_path.read_bytes()
    if args.path == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    else:
        Path(args.path).write_bytes(raw)
        print(f"Đã xuất {settings.knowledge_path} → {args.path} ({len(raw)} byte)", file=sys.stderr)
    return 0


def _history(args: argparse.Namespace, settings: Settings) -> int:
    # straight from the audit log: history is most wanted when the file itself is broken
    entries = AuditLog(data_path(settings, HISTORY_FILE)).recent(args.limit)
    for entry in entries:
        print(entry.summary())
    if not entries:
        print("Chưa có thay đổi nào.")
    return 0


def _undo(args: argparse.Namespace, settings: Settings) -> int:
    store = KnowledgeStore.from_settings(settings)
    target = store.undo_target()
    if target is not None and target.is_whole_import and not args.yes:
        # one step removes every figure an article brought: say so and ask first
        if not sys.stdin.isatty():
            raise _UsageError(
                f"thay đổi gần nhất là cả một lần nhập bài ({target.summary()}): "
                "không chạy trong terminal nên không hỏi lại được, thêm --yes để hoàn tác"
            )
        print(f"Thay đổi gần nhất: {target.summary()}")
        if not _confirm(f"Hoàn tác cả lần nhập này ({len(target.changes())} bản ghi)? [c/K] "):
            print("Đã huỷ, chưa hoàn tác gì.")
            return 1
    entry = store.undo(_who_is(args), expected=target.id if target else None)
    print(f"Đã hoàn tác: {entry.summary()}" if entry else "Không có thay đổi nào để hoàn tác.")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from cli import kb_import

    return kb_import.run(args, settings)


def _read_article(name: str) -> str:
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _UsageError(
            f"{name}: tệp không phải UTF-8 (byte {error.start}); hãy lưu lại dưới dạng UTF-8"
        ) from error


def _who_is(args: argparse.Namespace) -> str:
    if args.who:
        return str(args.who)
    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "cli:?"
