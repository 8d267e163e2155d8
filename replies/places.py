"""Places in a reply: figures of several places compared, a ranking, and "no data" for a group
or a district the knowledge does not break out (naming it, never showing the total as theirs).
"""

from __future__ import annotations

from html import escape

from knowledge.answer.results import Answer, Comparison, PlaceFigures
from knowledge.numbers import format_number, format_value
from knowledge.understand.places import NATIONAL
from replies.figures import figure_html
from replies.several import sources_blocks

MAX_LISTED = 20  # a ranking of 63 provinces stays one short message


def _more_or_less(c: Comparison) -> str:
    """'cao hơn 3,2 điểm %', 'ít hơn 288.249 người'."""
    rate = c.unit == "điểm %"
    if c.difference > 0:
        word = "cao hơn" if rate else "nhiều hơn"
    else:
        word = "thấp hơn" if rate else "ít hơn"
    return f"{word} <b>{escape(format_value(abs(c.difference), c.unit))}</b>"


def compared_blocks(answer: Answer) -> list[str]:
    pf = answer.places
    assert pf is not None and answer.metric is not None
    lines = [
        f"• 📍 <b>{escape(f.fact.region)}</b> ({escape(f.fact.period.label)}): "
        f"{figure_html(f.fact)}"
        for f in pf.figures
    ]
    blocks = [
        f"📊 <b>{escape(answer.metric.name)}</b> — so sánh giữa các địa phương",
        "\n".join(lines),
    ]
    if pf.difference is not None:
        blocks.append(_difference_line(pf.difference))
    if answer.note:
        blocks.append(f"<i>{escape(answer.note)}</i>")
    return blocks + sources_blocks(list(pf.figures))


def _ranking_title(answer: Answer, pf: PlaceFigures) -> str:
    assert answer.metric is not None
    order = "cao nhất" if pf.order == "highest" else "thấp nhất"
    name = escape(answer.metric.name)
    if pf.over == "periods":
        return f"🏆 <b>{name}</b> — kỳ {order}\n📍 {escape(answer.region or '')}"
    compared = len(pf.figures)
    if compared == 1:
        return f"🏆 <b>{name}</b> — mới có số liệu của 1 tỉnh, thành phố, chưa so sánh được"
    return f"🏆 <b>{name}</b> — nơi {order} trong {compared} tỉnh, thành phố có số liệu"


def ranking_blocks(answer: Answer) -> list[str]:
    pf = answer.places
    assert pf is not None
    top = pf.figures[0]
    where = top.fact.period.label if pf.over == "periods" else top.fact.region
    order = "Cao nhất" if pf.order == "highest" else "Thấp nhất"
    lines = []
    for n, f in enumerate(pf.figures[:MAX_LISTED], 1):
        label = (
            f.fact.period.label
            if pf.over == "periods"
            else f"{f.fact.region} ({f.fact.period.label})"
        )
        lines.append(f"{n}. {escape(label)}: {figure_html(f.fact)}")
    if len(pf.figures) > MAX_LISTED:
        lines.append(f"… và {len(pf.figures) - MAX_LISTED} nơi khác.")
    blocks = [
        _ranking_title(answer, pf),
        f"➡️ {order}: <b>{escape(where)}</b> — {figure_html(top.fact)}"
        + ("" if pf.over == "periods" else f" ({escape(top.fact.period.label)})"),
        "\n".join(lines),
    ]
    regions = [f.fact.region for f in pf.figures]
    if pf.over == "places" and pf.asked_place in regions and len(regions) > 1:
        rank = regions.index(pf.asked_place) + 1
        blocks.append(
            f"📍 {escape(pf.asked_place)} đứng thứ <b>{rank}</b>/{len(regions)} "
            f"({'từ cao xuống thấp' if pf.order == 'highest' else 'từ thấp lên cao'})."
        )
    if pf.left_out:
        blocks.append(
            "Chưa có số liệu kỳ này của: " + ", ".join(escape(p) for p in pf.left_out) + "."
        )
    if answer.note:
        blocks.append(f"<i>{escape(answer.note)}</i>")
    return blocks + sources_blocks([top])


def lacking_blocks(answer: Answer) -> list[str] | None:
    """'no data' for a group or a district; None for any other answer."""
    if answer.status == "no_data" and answer.reason == "places" and answer.asked:
        have = ", ".join(escape(p) for p in answer.available)
        asked = escape(answer.asked)
        if answer.region in answer.available:  # each has figures, of no metric in common
            return [f"🔎 Chưa có chỉ số nào có số liệu của cả {asked} để so sánh."]
        return [
            f"🔎 Chưa có số liệu của <b>{asked}</b> để so sánh.",
            f"Hiện có số liệu của: {have}." if have else "",
        ]
    if answer.status != "no_data" or answer.metric is None or not answer.asked:
        return None
    name, asked = escape(answer.metric.name), escape(answer.asked)
    region = escape(answer.region or "")
    if answer.reason == "group":
        return [
            f"🔎 Chưa có số liệu <b>{name}</b> riêng cho <b>{asked}</b> ({region}).",
            "Các số liệu đã công bố là số chung, không tách riêng nhóm đối tượng này. "
            "Nút bên dưới cho xem tổng số (mọi đối tượng).",
        ]
    if answer.reason == "inside":
        parent = escape(answer.available[0]) if answer.available else ""
        return [
            f"🔎 Chưa có số liệu <b>{name}</b> của <b>{asked}</b>.",
            f"Số liệu hiện có là của cả tỉnh {parent}, không tách theo huyện, xã. "
            "Nút bên dưới cho xem số của cả tỉnh.",
        ]
    return None


def _difference_line(c: Comparison) -> str:
    first, second = c.later.fact.region, c.earlier.fact.region
    if c.difference == 0:
        return f"➡️ {escape(first)} bằng {escape(second)}"
    if second == NATIONAL and c.unit != "điểm %" and c.relative is not None:
        share = escape(format_number(100 + c.relative))  # a province's count: its share
        return f"➡️ {escape(first)} bằng <b>{share}%</b> của cả nước"
    return f"➡️ {escape(first)} {_more_or_less(c)} so với {escape(second)}"


def overview_blocks(answer: Answer) -> list[str]:
    """Places named and no metric: each metric they all have, compared."""
    blocks = ["📊 So sánh " + " và ".join(escape(r) for r in _regions(answer))]
    figures = []
    for part in answer.parts:
        if part.places is None or part.metric is None:
            continue
        lines = [f"<b>{escape(part.metric.name)}</b>"] + [
            f"• {escape(f.fact.region)} ({escape(f.fact.period.label)}): {figure_html(f.fact)}"
            for f in part.places.figures
        ]
        if part.places.difference is not None:
            lines.append(_difference_line(part.places.difference))
        blocks.append("\n".join(lines))
        figures += list(part.places.figures)
    if any(p.note for p in answer.parts):
        blocks.append("<i>Các nơi công bố số liệu vào các kỳ khác nhau: xem kỳ của từng số.</i>")
    return blocks + sources_blocks(figures)


def _regions(answer: Answer) -> list[str]:
    first = next((p for p in answer.parts if p.places is not None), None)
    if first is None or first.places is None:
        return [answer.region or ""]
    return [f.fact.region for f in first.places.figures]


def place_blocks(answer: Answer) -> list[str] | None:
    """The reply's blocks when it is about several places, a ranking, a group or a district."""
    if answer.parts and all(p.places is not None for p in answer.parts):
        return overview_blocks(answer)
    if answer.places is not None and answer.status == "answered":
        if answer.places.order == "compare":
            return compared_blocks(answer)
        return ranking_blocks(answer)
    return lacking_blocks(answer)
