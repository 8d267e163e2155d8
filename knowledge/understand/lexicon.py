"""What words mean: phrases (Vietnamese, abbreviations, colloquial, English) → concepts.

A question and every metric alias are reduced to concepts with these tables, so "bhyt",
"bảo hiểm y tế" and "health insurance" are one thing, and "tỷ lệ bao phủ BHYT" never looks like
"tỷ lệ bao phủ BHXH". Phrases are written as people write them; they are folded once when the
tables are built. Longer phrases win over shorter ones.
"""

from __future__ import annotations

from functools import cache

from knowledge.understand.folding import fold, tokens

# Schemes: what a figure is about. BB/TN narrow BHXH to compulsory/voluntary.
SCHEMES = ("BHXH", "BHYT", "BHTN")
SUBTYPES = ("BB", "TN")
# Aspects choose which figure of a metric is wanted; they never choose the metric.
ASPECTS = ("PLAN", "CHANGE", "GAP", "TARGET", "COMPARE", "TREND", "MET", "HOWTO")
# MET ("đạt chỉ tiêu chưa": the result against the target) is read from the wording (cues.py)
FIGURE_ASPECTS = frozenset(ASPECTS) - {"HOWTO"}  # they choose a metric's figure, not the metric

# fmt: off
CONCEPT_PHRASES: dict[str, tuple[str, ...]] = {
    # "xã hội", "social", "health": lists like "bảo hiểm xã hội, y tế, thất nghiệp" and
    # "social, health and unemployment insurance" name each scheme once
    "BHXH": ("bhxh", "bảo hiểm xã hội", "bh xã hội", "bhxã hội", "bh xh", "xã hội", "social",
        "social insurance", "social security", "pension insurance"),
    "BHYT": ("bhyt", "bảo hiểm y tế", "bh y tế", "bhyte", "bh yt", "y tế", "thẻ bhyt", "health",
        "health insurance", "medical insurance", "health cover"),
    "BHTN": ("bhtn", "bảo hiểm thất nghiệp", "bh thất nghiệp", "bh tn", "thất nghiệp",
        "unemployment insurance", "unemployment"),
    "BB": ("bắt buộc", "bb", "compulsory", "mandatory", "obligatory"),
    "TN": ("tự nguyện", "tn", "voluntary"),
    "INSURANCE": ("bảo hiểm", "bh", "insurance"),
    "PEOPLE": ("số người", "người", "ng", "số đối tượng", "đối tượng", "lao động", "nld", "nlđ",
        "người lao động", "số lượng", "sl", "people", "persons", "person", "participants",
        "participant", "members", "how many", "number of", "headcount", "workers"),
    # "đóng" alone folds onto "đồng" (money): only "đóng bảo hiểm" ("đóng BHXH" is a scheme)
    # "phát triển (mới) người tham gia": to bring people in, the word of plans and reports
    "JOIN": ("tham gia", "tham ra", "có thẻ", "tham", "đóng bảo hiểm", "phát triển", "insured",
        "join", "joined", "participate",
        "participating", "participation", "enrolled", "enrolment", "enrollment", "covered by"),
    "RATE": ("tỷ lệ", "tỉ lệ", "tl", "tyle", "tile", "rate", "ratio", "share", "proportion"),
    # "% kế hoạch", "tăng bao nhiêu %": a percent that belongs to an aspect is not a rate
    "PERCENT": ("phần trăm", "%", "bao nhiêu %", "percent", "percentage"),
    "COVERAGE": ("bao phủ", "độ phủ", "phủ", "phủ sóng", "coverage", "cover"),
    "POPULATION": ("dân số", "người dân", "dân", "population", "residents", "inhabitants"),
    "LABOUR": ("lực lượng lao động", "llld", "lllđ", "lao động trong độ tuổi",
        "lực lượng lao động trong độ tuổi", "labour force", "labor force", "workforce",
        "working age"),
    "REVENUE": ("thu", "tổng thu", "số thu", "doanh thu", "thu được", "tiền thu", "revenue",
        "revenues", "collection", "collections", "collected", "collect", "income"),
    "DEBT": ("nợ", "nợ đọng", "nợ đóng", "chậm đóng", "số nợ", "tiền nợ", "còn nợ", "debt",
        "debts", "owed", "owe", "arrears", "unpaid", "late payment"),
    "UNITS": ("đơn vị", "huyện", "thành phố", "units", "districts"),
    "TOTAL": ("tổng", "tổng số", "tổng cộng", "tất cả", "toàn bộ", "total", "overall", "all"),
    "MONEY": ("tiền", "tỷ đồng", "triệu đồng", "đồng", "money", "vnd", "dong"),
    # aspects
    "PLAN": ("kế hoạch", "kh", "kế hoạch giao", "so với kế hoạch", "plan", "planned", "of plan",
        "dự toán", "hoàn thành", "tỷ lệ hoàn thành", "tỉ lệ hoàn thành", "completion",
        "completion rate", "plan completion"),
    "CHANGE": ("tăng", "giảm", "tăng giảm", "tăng hay giảm", "biến động", "thay đổi",
        "chênh lệch", "tăng trưởng", "cùng kỳ", "so với cùng kỳ", "increase", "increased",
        "decrease", "decreased", "change", "changed", "growth", "grew", "rose", "fell", "rise",
        "drop"),
    "GAP": ("thiếu", "còn thiếu", "vượt", "cao hơn", "thấp hơn", "còn cách", "cách chỉ tiêu",
        "cách mục tiêu", "cách kế hoạch", "kém chỉ tiêu", "kém mục tiêu", "gap", "short",
        "shortfall", "below", "above"),
    "TARGET": ("chỉ tiêu", "mục tiêu", "phấn đấu", "target", "goal", "objective"),
    "COMPARE": ("so sánh", "đối chiếu", "chênh nhau", "chênh", "hơn kém", "khác nhau", "compare",
        "comparison", "versus", "vs"),
    # every stored period in time order ("mấy năm nay" is kept from periods: see periods.py)
    "TREND": ("qua các năm", "qua từng năm", "theo từng năm", "từng năm", "các năm", "hàng năm",
        "mỗi năm", "qua các kỳ", "các kỳ", "qua các thời kỳ", "diễn biến", "xu hướng", "xu thế",
        "mấy năm nay", "mấy năm qua", "mấy năm gần đây", "những năm qua", "những năm gần đây",
        "các năm gần đây", "các năm qua", "lịch sử", "over the years", "over time", "each year",
        "every year", "by year", "year by year", "per year", "trend", "trends", "history"),
}
# fmt: on

# Words that carry no meaning for the lookup: polite wrappers, question words, particles.
_FILLER_WORDS = (
    "là bao nhiêu bn bnhiu bnh mấy nhiêu cho mình tôi em anh chị hỏi với ạ ad admin "
    "vậy nhỉ nhé thế nào của có không ko k được đc đạt đến nay trên địa bàn toàn tỉnh "
    "tỉnh số liệu con số thông tin muốn biết xem giúp làm ơn ơi ư à hả hở nha nhá đi "
    "rồi chưa và hoặc hay thì mà các những về trong ở tại bởi do vì nữa luôn đó này "
    "kia ấy lúc khi thời điểm tình hình kết quả thống kê báo cáo năm tháng quý kỳ "
    "theo so voi với bằng chiếm đạt được hiện tổng hợp cụ thể bạn bot please tell me "
    "what is are was were the of in for on at to a an how much many about show give "
    "find me and or by as from current currently latest now today there has have had "
    "does do did number figure còn loại mỗi tương ứng đương đã bị gì để vào "
).split()
FILLERS = frozenset(fold(w) for w in _FILLER_WORDS)
# how each filler is spelt with its marks: "hộ" folds onto the filler "hở" but is another word
FILLER_SPELLINGS: dict[str, frozenset[str]] = {
    f: frozenset(w for w in _FILLER_WORDS if fold(w) == f) for f in FILLERS
}


# Questions about insurance that are not about published figures: procedures, prices.
HOW_TO_PHRASES = (
    "thủ tục",
    "đăng ký",
    "đăng kí",
    "làm thế nào",
    "làm sao",
    # "cách" alone is also distance: "còn cách chỉ tiêu bao nhiêu"
    "cách nào",
    "cách làm",
    "cách thức",
    "bằng cách",
    "cách đăng",
    "cách tra",
    "cách mua",
    "cách đóng",
    "cách tính",
    "cách nhận",
    "cách lấy",
    "hồ sơ",
    "mức đóng",
    "mua",
    "gia hạn",
    "ở đâu",
    "điều kiện",
    "mức hưởng",
    "được hưởng",
    "lương hưu",
    # figures of another kind than coverage and finance: benefits paid out, fund balance,
    # medical use, income, population (a metric whose name says them still matches: see
    # Engine._how_to)
    "bội chi",
    "kết dư",
    "khám chữa bệnh",
    "lượt khám",
    "thu nhập",
    "lương tối thiểu",
    "tăng dân số",
    "dân số tăng",
    "tra cứu",
    "cấp lại",
    "đổi thẻ",
    # "giá" alone folds onto "gia" of "tham gia", "gia đình": only its price phrases
    "giá thẻ",
    "giá bhyt",
    "giá bảo hiểm",
    "giá mua",
    "bảng giá",
    "giá tiền",
    "giá bao nhiêu",
    # not insurance figures: the unemployment rate, the unemployed
    "tỷ lệ thất nghiệp",
    "tỉ lệ thất nghiệp",
    "unemployment rate",
    "người thất nghiệp",
    "số người thất nghiệp",
    "lao động thất nghiệp",
    "số lao động thất nghiệp",
    "hướng dẫn",
    "how to",
    "how do i",
    "where",
    "apply",
    "thời tiết",
    "xăng",
    "vàng",
    "lãi suất",
    "tỷ giá",
    "chứng khoán",
    "bóng đá",
    "ai là",
    "là ai",
    "giám đốc",
    "địa chỉ",
    "số điện thoại",
    "hotline",
    "website",
    "who is",
)

# Small talk, by what it calls for; the first kind found wins ("ok cảm ơn" thanks).
# fmt: off
SMALL_TALK: dict[str, tuple[str, ...]] = {
    "bye": ("tạm biệt", "bye", "bye bye", "goodbye", "good bye", "bai", "hẹn gặp lại", "see you"),
    "thanks": ("cảm ơn", "cám ơn", "cảm ơn bạn", "thanks", "thank you", "thank", "tks", "thx",
        "cảm ơn nhiều", "many thanks"),
    "ack": ("ok", "oke", "okay", "okie", "ừ", "ừm", "uh", "vâng", "được rồi", "hiểu rồi",
        "tốt", "tuyệt", "great", "good", "nice", "got it"),
    "hello": ("xin chào", "chào", "chao", "hello", "hi", "hey", "alo", "good morning"),
}
# fmt: on
GREETINGS = tuple(fold(p) for phrases in SMALL_TALK.values() for p in phrases)


# Words that fold onto a concept word but are other words when typed with their marks:
# "thứ mấy" is not "thu" (revenue), "nó" is not "nợ", "giám đốc" is not "giảm". A word typed
# with diacritics counts only in these spellings; typed without any, it is taken at its word.
MARKED_ONLY: dict[str, frozenset[str]] = {
    "thu": frozenset({"thu"}),
    "no": frozenset({"nợ"}),
    "phu": frozenset({"phủ"}),
    "dan": frozenset({"dân"}),
    "tien": frozenset({"tiền"}),
    "tang": frozenset({"tăng"}),
    "giam": frozenset({"giảm"}),
    "tham": frozenset({"tham"}),
    "huyen": frozenset({"huyện"}),
}


@cache
def phrase_table() -> dict[tuple[str, ...], str]:
    """Folded token tuple → concept."""
    table: dict[tuple[str, ...], str] = {}
    for concept, phrases in [*CONCEPT_PHRASES.items(), ("HOWTO", HOW_TO_PHRASES)]:
        for phrase in phrases:
            table.setdefault(tuple(tokens(fold(phrase))), concept)
    return table


@cache
def longest_phrase() -> int:
    return max(len(k) for k in phrase_table())


@cache
def known_words() -> frozenset[str]:
    """Every single word the lexicon knows, for typo correction."""
    words = {w for key in phrase_table() for w in key if w.isalpha()}
    return frozenset(words | FILLERS)
