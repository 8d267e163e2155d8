"""The parts of a sentence around its figures: 'so với X', what a percent is of, the words
that name a figure.

Spans are found on the folded sentence with bracketed names blanked ("(BHYT)", "(LLLĐ)" are
names, not structure), and read back from the sentence as written. See extract_sentence for how
the parts decide what each figure is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.ingest.mentions import Mention
from knowledge.ingest.metrics import Descriptor, MetricResolver, describe, has_measure
from knowledge.ingest.naming import phrase_of
from knowledge.understand.folding import fold, tokens
from knowledge.understand.lexicon import FILLERS, known_words
from knowledge.understand.question import Concepts

_DIGITLESS_PARENS = re.compile(r"\([^()\d]*\)")
_COMPARATOR = re.compile(r"\bso voi\s*(.+?)(?=\s*(?:[,;.()…]|$)|\s+(?:va|dat)\b)")
_TARGETS = r"chi tieu|muc tieu|ke hoach|du toan|phan dau"
_TARGET_WORD = re.compile(rf"\b(?:{_TARGETS})\b")
# after 'so với', a resolution or what was set or assigned is a target too
_TARGET_REFERENCE = re.compile(rf"\b(?:{_TARGETS}|nghi quyet|de ra|duoc giao)\b")
_LABOUR = r"luc luong lao dong|llld|lao dong trong do tuoi"
_DENOMINATOR = re.compile(rf"(?:{_LABOUR}|dan so)\b")
_OF = re.compile(
    rf"\s*(so voi\s*)?((?:ke hoach|kh|du toan|chi tieu|muc tieu|dan so|{_LABOUR}|so phai thu|"
    r"tong so phai thu|quy luong)\b.*?)(?=\s*(?:[,;.()…]|$)|\s+(?:voi|va|tang|giam|so voi|dat|"
    r"cao hon|thap hon|con thieu|thieu|vuot)\b)"
)
_OF_SUBJECT = re.compile(r"\s+(?:tham gia|co the)\b")  # "dân số | tham gia BHYT"
_RESTATEMENT = re.compile(
    r"\s*(?:\([^()]*\d[^()]*\)|,?\s*(?:tuong duong|tuc la|tuc)\s+\S*\d\S*(?:\s*%)?)"
)
_PIECE_BREAK = re.compile(r"[,;:()]")
_RIGHT_STOP = re.compile(
    r"[,;.()…:]|\b(?:so voi|dat|tang|giam|bang|chiem|voi|la|va|con|"
    r"cao hon|thap hon|vuot|trong do)\b"
)
_NAMES_NEXT = re.compile(r"\s*(?::|\b(?:la|dat|co|chiem|voi))?\s*")
_CEREMONY = re.compile(
    r"\b(?:thi dua|khen thuong|bang khen|giay khen|trao co|trao tang|danh hieu|tham du|"
    r"hoi nghi|tuyen truyen|doi thoai|tap huan|buoi)\b"
)
_TARGET_YEAR = re.compile(
    r"\b(?:muc tieu|chi tieu|ke hoach|phan dau)\b[^;]*?\b(?:nam|den|giai "
    r"doan)\s+((?:19|20)\d\d)\b"
)
_REPORTING = re.compile(r"\b(?:cho biet|cho hay|khang dinh|nhan manh|thong tin|bao cao)\b")
_STOCK = frozenset({"la", "co", "dat", "gom", "cua", "len", "con", "chiem"})
_OWNER = re.compile(r"\bcua\b.*?(?=\b(?:chiem|dat|la|co|bang|tang|giam)\b)")


@dataclass(frozen=True)
class Comparator:
    """'so với X': X is a period (a change), a target (a gap) or a denominator (a rate)."""

    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True)
class Of:
    """What a percent is of, as written and as a class: labour, population, due (money owed
    or to collect: a debt rate) or plan; `scope` is the whole phrase, for its schemes."""

    text: str
    kind: str
    scope: str


def scheme_only(concepts: Concepts) -> bool:
    """' BHYT', ' BHTN với': an item of a list of schemes, whose head comes before it."""
    return bool(concepts.schemes) and not (
        concepts.concepts - concepts.schemes - concepts.subtypes - {"INSURANCE"}
    )


def _of_kind(folded_of: str) -> str:
    if re.match(_LABOUR, folded_of):
        return "labour"
    if folded_of.startswith("dan so"):
        return "population"
    if re.match(r"(?:ke hoach|du toan|kh) thu\b|(?:tong )?so phai thu|quy luong", folded_of):
        return "due"
    return "plan"


class SentenceText:
    """One sentence and its figures, with the spans around them."""

    def __init__(
        self,
        text: str,
        mentions: list[Mention],
        blanks: list[tuple[int, int]],
        resolver: MetricResolver,
    ):
        self.text = text
        self.work = _DIGITLESS_PARENS.sub(lambda m: " " * len(m.group()), fold(text))
        self.mentions = mentions
        self.resolver = resolver
        blanked = list(text)  # periods, places and agency names: not part of a metric's name
        for start, end in blanks:
            blanked[start:end] = " " * (end - start)
        self.blanked = "".join(blanked)
        self.comparators = [self._comparator(m) for m in _COMPARATOR.finditer(self.work)]

    def _comparator(self, match: re.Match[str]) -> Comparator:
        phrase = match.group(1)
        if _DENOMINATOR.match(phrase):
            kind = "denominator"
        else:
            kind = "target" if _TARGET_REFERENCE.search(phrase) else "period"
        return Comparator(match.start(), match.end(), self.written(*match.span(1)), kind)

    def written(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    def words(self, spans: list[tuple[int, int]]) -> str:
        return phrase_of(self.blanked, spans)

    def concepts(self, spans: list[tuple[int, int]]) -> Concepts:
        return self.resolver.concepts_of_text(self.words(spans))

    # -- around one figure --------------------------------------------------------------------

    def of_match(self, mention: Mention, compared: bool = True) -> re.Match[str] | None:
        """'98,3% kế hoạch …', '31,8% so với lực lượng lao động …'; after 'thấp hơn 0,4%' a
        'so với chỉ tiêu' is what the gap is measured against, so `compared` is then False."""
        if mention.family != "percent":
            return None
        match = _OF.match(self.work, mention.end)
        return match if match and (compared or not match.group(1)) else None

    def of(self, mention: Mention) -> Of | None:
        """'25% lực lượng lao động tham gia BHXH' → of 'lực lượng lao động' (scope: + BHXH)."""
        match = self.of_match(mention)
        if match is None:
            return None
        start, end = match.span(2)
        subject = _OF_SUBJECT.search(self.work, start, end)
        text = self.written(start, subject.start() if subject else end)
        return Of(text, _of_kind(fold(text)), self.written(start, end))

    def following_comparator(self, mention: Mention, skip_parens: bool) -> Comparator | None:
        """'so với X' right after the figure (after its 'of', and maybe after the same figure
        restated: '(khoảng 157.700 người)', ', tương đương 12,3%')."""
        of = self.of_match(mention, compared=False)
        pos = of.end() if of else mention.end
        if skip_parens:
            restated = _RESTATEMENT.match(self.work, pos)
            pos = restated.end() if restated else pos
        gap = re.match(r"[\s),]*", self.work[pos:])
        start = pos + (gap.end() if gap else 0)
        return next((c for c in self.comparators if c.start == start), None)

    def comparator_before_paren(self, mention: Mention) -> Comparator | None:
        """What a bracketed figure is the figure of: 'so với cùng kỳ năm 2019 (55.317 người)',
        'vượt chỉ tiêu Nghị quyết HĐND tỉnh giao (95%)' (a target named without 'so với')."""
        paren = self.work.rfind("(", 0, mention.start)
        head = self.work[:paren].rstrip()
        found = next((c for c in self.comparators if c.end == len(head)), None)
        if found is not None:
            return found
        piece_start = max(head.rfind(","), head.rfind(";"), head.rfind("(")) + 1
        target = _TARGET_WORD.search(head, piece_start)
        if target is None:
            return None
        return Comparator(
            target.start(), len(head), self.written(target.start(), len(head)), "target"
        )

    def target_around(self, mention: Mention) -> Comparator | None:
        """'(vượt so với Nghị quyết đề ra là 40%)': a figure inside a target's 'so với'."""
        return next(
            (
                c
                for c in self.comparators
                if c.kind == "target" and c.start < mention.start and mention.end <= c.end
            ),
            None,
        )

    def comparator_left_of(self, position: int) -> Comparator | None:
        earlier = [c for c in self.comparators if c.end <= position]
        return earlier[-1] if earlier else None

    def in_parens(self, mention: Mention) -> bool:
        return self.work[: mention.start].rstrip().endswith("(")

    def right_end(self, mention: Mention) -> int:
        """Words after a figure that still name it: '734.462 người tham gia BHYT, …',
        'phấn đấu 100% HSSV có thẻ BHYT'."""
        if mention.family == "bare" or self.of_match(mention):
            return mention.end
        end, limit = mention.end, self._next_start(mention)
        while True:  # '… người tham gia bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp'
            stop = _RIGHT_STOP.search(self.work, end, limit)
            end = stop.start() if stop else limit
            item = re.match(r",([^,;.()…:]*)", self.work[end:])
            if not item or not scheme_only(self.resolver.concepts_of_text(item.group(1))):
                return end
            if _NAMES_NEXT.fullmatch(self.work[end + item.end() : limit]):
                return end  # ', BHXH tự nguyện: 7.299 người': the next figure's own name
            end += item.end()

    def consumed_end(self, index: int) -> int:
        """Where the words of the next figure start: after this one's unit, 'of' and 'so với'."""
        mention = self.mentions[index]
        of = self.of_match(mention, compared=False)
        end = of.end() if of else mention.end
        following = self.following_comparator(mention, skip_parens=False)
        if following is not None:
            end = following.end
        nxt = self.mentions[index + 1].start if index + 1 < len(self.mentions) else len(self.work)
        return min(max(end, self.right_end(mention)), nxt)

    def _next_start(self, mention: Mention) -> int:
        later = [m.start for m in self.mentions if m.start >= mention.end]
        return min(later, default=len(self.work))

    def ceremony(self, consumed: int, mention: Mention) -> bool:
        """Figures about awards, meetings and campaigns, not coverage or money ('2 đơn vị dẫn
        đầu phong trào thi đua', '12.000 người tham dự'): judged on the words right around the
        figure, since 'Tại hội nghị, …' often opens a sentence of real figures."""
        last_piece = _PIECE_BREAK.split(self.work[consumed : mention.start])[-1]
        return bool(
            _CEREMONY.search(last_piece + " " + self.work[mention.end : self.right_end(mention)])
        )

    def _clause(self, mention: Mention) -> str:
        start = self.work.rfind(";", 0, mention.start) + 1
        end = self.work.find(";", mention.end)
        return self.work[start : end if end >= 0 else len(self.work)]

    def target_year(self, mention: Mention) -> int | None:
        """'Mục tiêu đến năm 2025 có 45% …': the year a target is for."""
        match = _TARGET_YEAR.search(self._clause(mention))
        return int(match.group(1)) if match else None

    # -- the words that name a figure ---------------------------------------------------------

    def descriptor(self, consumed: int, mention: Mention, family: str) -> Descriptor:
        """The words since the previous figure (and after this one) that name it."""
        right = (mention.end, self.right_end(mention))
        after = self.words([right])
        start = self._phrase_start(consumed, mention.start, has_measure(self.concepts([right])))
        before = _without_owner(_after_reporting(self.words([(start, mention.start)])))
        joins = "JOIN" in self.resolver.concepts_of_text(after).concepts
        qualified = _qualifies(before, joins)
        return describe(before, self.resolver.vocabulary, family, after, qualified)

    def _phrase_start(self, consumed: int, end: int, named_after: bool) -> int:
        """Back through the clause until a piece names a measure, crossing lists of schemes
        ('Tổng thu BHXH, BHYT, BHTN'); only the nearest piece when the words after the figure
        already name it ('toàn tỉnh có 734.462 người tham gia BHYT')."""
        pieces, start = [], consumed
        for match in _PIECE_BREAK.finditer(self.work, consumed, end):
            pieces.append((start, match.start()))
            start = match.end()
        pieces.append((start, end))
        nearest, settled = None, False
        for piece in reversed(pieces):
            concepts = self.concepts([piece])
            if has_measure(concepts):
                return piece[0]
            if not settled and re.search(r"\w", self.words([piece])):
                nearest, settled = piece[0], not scheme_only(concepts)
                if named_after and settled:
                    break
        return nearest if nearest is not None else pieces[-1][0]


def _qualifies(before: str, joins: bool) -> bool:
    """Does the word just before a count make it something other than the plain count?
    'toàn tỉnh có / là / đạt / : / của / lên 52.559 người' and 'BHXH bắt buộc 52.559 người' are
    the count ('chiếm 3,2% LLLĐ' the plain share), and so is '… đạt 93,35% với 93,3 triệu
    người tham gia'; 'phát triển mới được 1.520 người', 'giải quyết cho 3.456 người', 'với 76
    doanh nghiệp' are not."""
    words = tokens(fold(before))
    if not words:
        return False
    last = words[-1]
    if last in _STOCK or (last == "voi" and joins):
        return False
    return last in FILLERS or last not in known_words()


def _after_reporting(phrase: str) -> str:
    """'ông … cho biết tỷ lệ nợ chiếm' → 'tỷ lệ nợ chiếm': who reports is not what is measured."""
    ends = [m.end() for m in _REPORTING.finditer(fold(phrase))]
    return phrase[ends[-1] :].strip() if ends else phrase


def _without_owner(phrase: str) -> str:
    """'Tỷ lệ nợ của các đơn vị sử dụng chiếm' → 'Tỷ lệ nợ chiếm': whose it is, not what."""
    match = _OWNER.search(fold(phrase))
    return phrase if not match else (phrase[: match.start()] + phrase[match.end() :]).strip()
