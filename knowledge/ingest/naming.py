"""Names for metrics an article has that the knowledge lacks.

A new metric is proposed to an admin, so its name should read like the others: "Tỷ lệ người tham
gia BHTN so với lực lượng lao động", "Số đơn vị kiểm tra và phối hợp kiểm tra liên ngành",
"Số tiền xử phạt". Common shapes get the house wording; anything else keeps the article's own
words, trimmed of report prose and of the verbs and prepositions that joined them to the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.ingest.mentions import UNITS, Mention
from knowledge.ingest.metrics import Descriptor, scheme_label
from knowledge.understand.folding import fold
from knowledge.understand.lexicon import SCHEMES

_LEADING = tuple(
    fold(w)
    for w in (
        "cụ thể",
        "qua",
        "đã",
        "thực hiện",
        "trong đó",
        "đồng thời",
        "ngoài ra",
        "đặc biệt",
        "đáng chú ý",
        "kết quả",
        "theo đó",
        "và",
        "với",
        "toàn tỉnh",
        "toàn thành phố",
        "có",
        "là",
        "đạt",
        "tại",
        "cho",
        "còn",
        "về",
        "nhằm",
        "trong",
        "tính đến",
        "đến",
        "phấn đấu",
    )
)
_TRAILING = tuple(
    fold(w)
    for w in (
        "mặc dù đã",
        "mặc dù",
        "đang gia tăng, với con số",
        "với con số",
        "con số",
        "của tỉnh",
        "đã",
        "đạt tỷ lệ",
        "tỷ lệ",
        "là",
        "có",
        "đạt",
        "tại",
        "cho",
        "đối với",
        "với",
        "của",
        "chiếm",
        "bằng",
        "gồm",
        "khoảng",
        "trên địa bàn",
        "trong toàn tỉnh",
        "toàn tỉnh",
        "tăng",
        "giảm",
        "ngày càng tăng",
        "ước",
        "lên",
        "đến",
        "trên",
        "gần",
        "hơn",
        "vào",
        "ở",
        "từ",
        "và",
    )
)
_NAMED_HEADS = ("so ", "tong ", "ty le", "ti le", "muc ", "luc luong", "quy ")


def phrase_of(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The words of `spans`, tidied: bracketed asides and list punctuation out."""
    parts = " ".join(text[lo:hi] for lo, hi in spans)
    phrase = re.sub(r"[\s;:()]+", " ", re.sub(r"\([^()]*\)", " ", parts))
    phrase = re.sub(r"\s*,[\s,]*", ", ", re.sub(r"\s+", " ", phrase))
    return phrase.strip(" ,.-–")


def trim(phrase: str) -> str:
    """Drop prose at the start and joining words at the end: 'qua … tại' → '…'."""
    changed = True
    while changed and phrase:
        changed = False
        folded = fold(phrase)
        for word in _LEADING:
            if folded.startswith(word + " ") or folded == word:
                phrase, changed = phrase[len(word) :].strip(" ,"), True
                break
        folded = fold(phrase)
        for word in _TRAILING:
            if word == "len" and folded.endswith(" tro len"):
                continue  # 'nợ từ 3 tháng trở lên' says how long, keep it whole
            if folded.endswith(" " + word) or folded == word:
                phrase, changed = phrase[: len(phrase) - len(word)].strip(" ,"), True
                break
    return phrase


def _house_name(descriptor: Descriptor, family: str) -> str | None:
    """The usual wording for the common shapes, when the phrase says nothing more."""
    found = descriptor.concepts.concepts
    schemes = scheme_label(descriptor.concepts)
    if descriptor.specific or not schemes:
        return None
    if family == "percent" and "RATE" in found:
        if "LABOUR" in found:
            return f"Tỷ lệ người tham gia {schemes} so với lực lượng lao động"
        if found & {"COVERAGE", "POPULATION"}:
            return f"Tỷ lệ bao phủ {schemes}"
        if "DEBT" in found:
            return f"Tỷ lệ nợ {schemes}"
    if family == "money" and "DEBT" in found:
        return f"Số nợ {schemes}"
    if family == "money" and "REVENUE" in found:
        return f"Tổng thu {schemes}"
    if family == "people" and found & {"PEOPLE", "JOIN"}:
        return f"Số người tham gia {schemes}"
    return None


def _action(name: str) -> str:
    """'Số lao động lập thủ tục tham gia' → 'lập thủ tục tham gia'."""
    for unit in sorted(UNITS, key=len, reverse=True):
        prefix = f"Số {unit} "
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name[:1].lower() + name[1:]


def _parallel(
    phrase: str, descriptor: Descriptor, chain_name: str | None, family: str
) -> str | None:
    """'… nợ quỹ BHXH là 77,5 tỷ đồng và quỹ BHYT là 231 tỷ đồng': the same measure, BHYT."""
    schemes = [s for s in SCHEMES if s in descriptor.concepts.schemes]
    if chain_name is None or len(schemes) != 1 or len(phrase.split()) > 3:
        return None
    if fold(chain_name).startswith(("ty le", "ti le")) != (family == "percent"):
        return None  # a count is never named after the rate before it, nor a rate a count
    if sum(1 for s in SCHEMES if re.search(rf"\b{s}\b", chain_name)) != 1:
        return None
    for other in SCHEMES:
        if other != schemes[0] and re.search(rf"\b{other}\b", chain_name):
            return re.sub(rf"\b{other}\b", schemes[0], chain_name)
    return None


def _amount(descriptor: Descriptor, phrase: str, chain_name: str | None) -> str | None:
    """'cho 478 lao động với số tiền 4,5 tỷ đồng': the amount of what the figure before it
    counts ('Số tiền lập thủ tục tham gia'), or of what follows ('với số tiền xử phạt')."""
    written = descriptor.phrase
    amount = re.search(r"\bvoi (?:tong )?so tien\b\s*", fold(written))
    if not amount and fold(phrase) != "so tien":
        return None
    rest = trim(written[amount.end() :]) if amount else ""
    owner = _units_of(chain_name)
    if owner:  # '1.497 doanh nghiệp nợ từ 3 tháng, với số tiền 35,7 tỉ': those units' amount
        return f"Số tiền {rest + ' ' if rest else ''}của các {owner}"
    if rest or chain_name:
        return f"Số tiền {rest or _action(chain_name or '')}"
    return None


_GROUP_UNITS = ("đơn vị, doanh nghiệp", "doanh nghiệp", "đơn vị", "cơ sở", "tổ chức")


def _units_of(chain_name: str | None) -> str | None:
    """'Số doanh nghiệp nợ từ 3 đến dưới 6 tháng' → 'doanh nghiệp nợ từ 3 đến dưới 6 tháng'."""
    for unit in _GROUP_UNITS:
        prefix = f"Số {unit} "
        if chain_name and chain_name.startswith(prefix):
            return chain_name[len("Số ") :]
    return None


_BENEFIT_VERB = re.compile(r"\b(?:nhận|được nhận)\s+(?=(?:BHXH|bảo hiểm|chế độ|trợ cấp)\b)", re.I)


def _worded(phrase: str, descriptor: Descriptor, family: str, mention: Mention) -> str:
    """The article's words, headed like the other metrics ('Số đơn vị …', 'Tỷ lệ …'). Words after
    a count that say more than a metric name it best: 'cho 3.456 người hưởng chế độ ốm đau'."""
    after = trim(descriptor.after)
    after_says_more = bool(set(descriptor.unknown) & set(fold(after).split()))
    if family in ("people", "units") and len(after.split()) >= 2 and after_says_more:
        phrase = after
    phrase = _BENEFIT_VERB.sub("hưởng ", phrase)  # 'nhận BHXH một lần': the house word
    phrase = re.sub(r"(?i)^(số tiền)\s+số tiền\b", r"\1", phrase)
    folded = fold(phrase)
    if folded.startswith(_NAMED_HEADS) or (family == "money" and "tien" in folded.split()):
        return phrase[:1].upper() + phrase[1:]
    head = {"money": "Số tiền", "percent": "Tỷ lệ"}.get(family, f"Số {mention.unit or 'người'}")
    return f"{head} {phrase}"


def name_for(
    descriptor: Descriptor, family: str, mention: Mention, chain_name: str | None
) -> str | None:
    """A name for a new metric, or None when the words say nothing about what is measured."""
    house = _house_name(descriptor, family)
    if house:
        return house
    phrase = trim(descriptor.phrase)
    if not re.search(r"[a-z]", fold(phrase)):
        return None
    return (
        _parallel(phrase, descriptor, chain_name, family)
        or _amount(descriptor, phrase, chain_name)
        or _worded(phrase, descriptor, family, mention)
    )
