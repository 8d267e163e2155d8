"""`python bot.py kb import BÀI.txt`: read an article, review its figures, correct, save.

    kb import bai.txt --json                     # a dry run: never refuses, guesses reported
    kb import bai.txt --region "Hà Tĩnh" --period "9 tháng đầu năm 2023" --only 1,3-5
    kb import bai.txt --edit                     # correct candidates one by one, then save

A dry run guesses what the source lacks (publisher from the web address, date from the text or
the address) and says so on stderr. A save shows the source, guesses marked, and asks; with
--yes it saves only a source whose fields were all given, never guessed.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from cli import kb
from knowledge.ingest.article import Candidate, extract_facts, parse_article_header
from knowledge.ingest.corrections import (
    metric_choices,
    read_period,
    read_place,
    read_selection,
    with_metric,
    with_period,
    with_place,
)
from knowledge.ingest.importing import (
    DOUBTFUL,
    MAX_ARTICLE_CHARS,
    SOURCE_FIELDS,
    SourceError,
    build_source,
    candidate_record,
    history_label,
    source_fields,
    split_candidates,
)
from knowledge.ingest.metadata import PLACEHOLDER_URL, guess_source_fields
from knowledge.model import Source
from knowledge.store.knowledge_file import KnowledgeStore, load_knowledge
from knowledge.store.snapshot import Knowledge
from replies.figures import excerpt, figure_words
from settings import Settings

_HEADER = {"url": "URL", "title": "Title", "publisher": "Publisher", "published": "Date"}
EDIT_HELP = (
    "Sửa trước khi lưu (số thứ tự như trên; 'tất cả' hoặc 1,3-5 cho nhiều số liệu):\n"
    "  <số> địa bàn <tỉnh>     vd. 'tất cả địa bàn Hà Tĩnh', '2 địa bàn cả nước'\n"
    "  <số> kỳ <kỳ>            vd. '1-4 kỳ 9 tháng đầu năm 2023'\n"
    "  <số> chỉ tiêu           chọn một chỉ tiêu có sẵn\n"
    "  bỏ <số>                 không lưu các số liệu này\n"
    "  lưu | huỷ"
)


def add_arguments(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    article = sub.add_parser(
        "import",
        help="nhập số liệu từ một bài báo (tệp văn bản UTF-8)",
        description="Đọc bài báo, tìm các số liệu, cho sửa địa bàn/kỳ/chỉ tiêu rồi lưu cùng "
        "nguồn trong một lần ghi. URL, tiêu đề, nơi đăng và ngày đăng lấy từ các cờ, từ các "
        "dòng 'URL:/Title:/Publisher:/Date:' ở đầu bài, hoặc được đoán (và ghi rõ là đoán). "
        f"Bài dài tối đa {MAX_ARTICLE_CHARS:,} ký tự.".replace(",", "."),
    )
    article.add_argument("article", metavar="BÀI.txt", help="tệp bài báo, '-' là stdin")
    article.add_argument("--url", help="địa chỉ bài báo")
    article.add_argument("--title", help="tiêu đề bài báo")
    article.add_argument("--publisher", help="nơi đăng, vd. 'Báo Lạng Sơn'")
    article.add_argument("--published", metavar="YYYY-MM-DD", help="ngày đăng")
    article.add_argument("--region", help="địa bàn cho mọi số liệu (thay cho địa bàn đọc được)")
    article.add_argument("--period", help="kỳ cho mọi số liệu, vd. '9 tháng đầu năm 2023'")
    article.add_argument("--only", metavar="1,3-5", help="chỉ lưu các số liệu này")
    article.add_argument("--edit", action="store_true", help="sửa từng số liệu trước khi lưu")
    article.add_argument("--yes", action="store_true", help="lưu luôn, không hỏi lại")
    article.add_argument(
        "--json", action="store_true", help="chỉ in các số liệu tìm được (JSON), không lưu gì"
    )
    article.add_argument("--who", default=None, help="ai thực hiện (ghi vào nhật ký)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    text = kb._read_article(args.article)
    if len(text) > MAX_ARTICLE_CHARS:
        raise kb._UsageError(
            f"{args.article}: bài dài {len(text):,} ký tự, tối đa {MAX_ARTICLE_CHARS:,}: "
            "hãy cắt bớt, chỉ giữ phần có số liệu".replace(",", ".")
        )
    given = {name: getattr(args, name) for name in SOURCE_FIELDS}
    fields, guessed = guess_source_fields(source_fields(parse_article_header(text), given), text)
    knowledge = load_knowledge(settings.knowledge_path)
    if args.json:
        source = _dry_run_source(fields, guessed, knowledge)
    else:
        source = _source(args, fields, guessed, knowledge)
    for name, why in guessed.items():
        print(f"đoán {SOURCE_FIELDS[name]}: {fields.get(name, '?')} ({why})", file=sys.stderr)
    candidates = extract_facts(
        text,
        source=source,
        known_metrics=knowledge.metrics,
        default_region=settings.default_region,
    )
    candidates = _corrected(args, candidates, source.published)
    if args.json:
        print(json.dumps([candidate_record(c) for c in candidates], ensure_ascii=False, indent=2))
        return 0
    if not candidates:
        raise kb._UsageError(f"{args.article}: không tìm thấy số liệu nào trong bài")
    _print_source(source, guessed)
    print_candidates(candidates)
    if args.edit:
        candidates = edit(candidates, knowledge, source.published)
        if not candidates:
            print("Đã huỷ, chưa lưu gì.")
            return 1
    elif not args.yes:
        if not sys.stdin.isatty():
            raise kb._UsageError(
                "không chạy trong terminal nên không hỏi lại được: thêm --yes để lưu"
            )
        if not kb._confirm(f"Lưu {len(candidates)} dữ kiện? [y/N] "):
            print("Đã huỷ, chưa lưu gì.")
            return 1
    facts, new_metrics = split_candidates(candidates)
    store = KnowledgeStore.from_settings(settings)
    ids = store.import_facts(
        source, facts, new_metrics, kb._who_is(args), label=history_label(source)
    )
    skipped = len(facts) - len(ids)
    print(
        f"Đã thêm {len(ids)} dữ kiện"
        + (": " + ", ".join(f"#{i}" for i in ids) if ids else "")
        + f"; bỏ qua {skipped} dữ kiện đã có."
    )
    return 0


def _dry_run_source(
    fields: dict[str, str], guessed: dict[str, str], knowledge: Knowledge
) -> Source:
    """A dry run reads the article whatever the source lacks; the gaps are named, not fatal."""
    fallback = {
        "url": PLACEHOLDER_URL,
        "title": "Bài báo (chưa rõ tiêu đề)",
        "publisher": "chưa rõ nơi đăng",
        "published": date.today().isoformat(),
    }
    for name, value in fallback.items():
        if not fields.get(name, "").strip():
            fields[name], guessed[name] = value, "chưa có, tạm dùng"
    try:
        return build_source(fields, knowledge.sources)
    except SourceError:
        for name in ("url", "published"):
            fields[name], guessed[name] = fallback[name], "không đọc được, tạm dùng"
        return build_source(fields, knowledge.sources)


def _source(
    args: argparse.Namespace, fields: dict[str, str], guessed: dict[str, str], knowledge: Knowledge
) -> Source:
    try:
        source = build_source(fields, knowledge.sources)
    except SourceError as error:
        lines = [
            f"thiếu {SOURCE_FIELDS[name]}: thêm --{name} hoặc dòng '{_HEADER[name]}: …' ở đầu bài"
            for name in error.missing
        ]
        raise kb._UsageError(
            "\n  ".join([f"{args.article}: chưa đủ thông tin nguồn", *lines, *error.problems])
        ) from error
    if guessed and args.yes and source.id not in knowledge.sources:
        flags = ", ".join(f"--{name}" for name in guessed)
        raise kb._UsageError(
            f"{args.article}: nguồn có trường được đoán ({flags}); hãy ghi rõ các cờ đó, "
            "hoặc bỏ --yes để xem nguồn và xác nhận"
        )
    return source


def _corrected(
    args: argparse.Namespace, candidates: list[Candidate], today: date
) -> list[Candidate]:
    if args.only:
        chosen = read_selection(args.only, len(candidates))
        if chosen is None:
            raise kb._UsageError(
                f"--only '{args.only}': ghi số thứ tự từ 1 đến {len(candidates)}, vd. 1,3-5"
            )
        candidates = [c for n, c in enumerate(candidates) if n in chosen]
    if args.region:
        place = read_place(args.region)
        if place is None:
            raise kb._UsageError(f"--region '{args.region}': không phải một tỉnh hay 'cả nước'")
        candidates = [with_place(c, place) for c in candidates]
    if args.period:
        period = read_period(args.period, today)
        if period is None:
            raise kb._UsageError(
                f"--period '{args.period}': không hiểu kỳ (vd. 9 tháng đầu năm 2023, năm 2022)"
            )
        candidates = [with_period(c, period) for c in candidates]
    return candidates


def _print_source(source: Source, guessed: dict[str, str]) -> None:
    def mark(name: str) -> str:
        return f" [{guessed[name]}]" if name in guessed else ""

    print(
        f"Nguồn: {source.id} — {source.title}{mark('title')} ({source.publisher}"
        f"{mark('publisher')}, {source.published:%d/%m/%Y}{mark('published')})\n{source.url}\n"
    )


def print_candidates(candidates: list[Candidate]) -> None:
    for n, candidate in enumerate(candidates, 1):
        fact = candidate.fact
        new = f" [chỉ tiêu mới: {fact.metric}]" if candidate.new_metric is not None else ""
        doubt = " (?)" if candidate.confidence < DOUBTFUL else ""
        print(f"{n:>3}.{doubt} {candidate.metric_name}{new}: {figure_words(fact)}")
        print(
            f"     kỳ {fact.period.label} ({candidate.period_from or '?'}) · "
            f"địa bàn {fact.region} ({candidate.place_from or '?'})"
        )
        print(f"     «{excerpt(fact)}»")


def edit(candidates: list[Candidate], knowledge: Knowledge, today: date) -> list[Candidate]:
    """The interactive correction loop; [] when the admin cancels."""
    print(EDIT_HELP)
    while True:
        try:
            line = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return []
        candidates, message, done = apply_edit(line, candidates, knowledge, today)
        if message:
            print(message)
        if done:
            return candidates


def apply_edit(
    line: str, candidates: list[Candidate], knowledge: Knowledge, today: date
) -> tuple[list[Candidate], str, bool]:
    """One edit command → (candidates, what to tell the admin, finished)."""
    from knowledge.understand.folding import fold, nfc

    folded = fold(nfc(line))
    if folded in ("luu", "save", "y", "yes", "c", "co"):
        return candidates, "", True
    if folded in ("huy", "cancel", "q", "quit", "thoat"):
        return [], "", True
    if folded.startswith("bo "):
        chosen = read_selection(line[3:], len(candidates))
        if chosen is None:
            return candidates, f"Không hiểu '{line}'.", False
        kept = [c for n, c in enumerate(candidates) if n not in chosen]
        return kept, _listing(kept), False
    for word, action in (("dia ban ", "place"), ("ky ", "period"), ("chi tieu", "metric")):
        at = folded.find(" " + word)
        if at < 0:
            continue
        chosen = read_selection(line[:at], len(candidates))
        value = line[at + 1 + len(word) :].strip()
        if chosen is None:
            return candidates, f"Không hiểu số thứ tự '{line[:at]}'.", False
        return _apply(action, value, chosen, candidates, knowledge, today)
    return candidates, f"Không hiểu '{line}'.\n{EDIT_HELP}", False


def _apply(
    action: str,
    value: str,
    chosen: set[int],
    candidates: list[Candidate],
    knowledge: Knowledge,
    today: date,
) -> tuple[list[Candidate], str, bool]:
    if action == "place":
        place = read_place(value)
        if place is None:
            return candidates, f"'{value}' không phải một tỉnh hay 'cả nước'.", False
        out = [with_place(c, place) if n in chosen else c for n, c in enumerate(candidates)]
    elif action == "period":
        period = read_period(value, today)
        if period is None:
            return candidates, f"Không hiểu kỳ '{value}'.", False
        out = [with_period(c, period) if n in chosen else c for n, c in enumerate(candidates)]
    else:
        first = candidates[min(chosen)]
        options = metric_choices(knowledge.metrics.values(), first)
        lines = [f"  {i}. {m.name} ({m.id})" for i, m in enumerate(options, 1)]
        try:
            pick = input("Chọn chỉ tiêu:\n" + "\n".join(lines) + "\n số: ").strip()
        except (EOFError, KeyboardInterrupt):
            return candidates, "", False
        if not pick.isdigit() or not 1 <= int(pick) <= len(options):
            return candidates, "Chưa đổi chỉ tiêu.", False
        metric = options[int(pick) - 1]
        out = [with_metric(c, metric) if n in chosen else c for n, c in enumerate(candidates)]
    return out, _listing(out), False


def _listing(candidates: list[Candidate]) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_candidates(candidates)
    return buffer.getvalue().rstrip()
