"""Subjects: the thing a figure measures, as the text names it, with its scope.

Worked example: in ``"市级财政每年安排500万元，专项用于劳动教育实践基地建设；小学每班不超过45人"``
the sum is named by what it is for (劳动教育实践基地建设, not 市级财政每年安排) and the
class-size ceiling by the measure (小学班额). A count takes the noun after it (新建150所公办
幼儿园 → 新建公办幼儿园), a rate the phrase before it (毛入园率达到95% → 毛入园率), a share
its part and whole (培训经费不低于工资总额的2% → 培训经费占工资总额比例).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.extract.context import change_verb_before, subject_after, subject_before
from planwatch.extract.quantities import Quantity
from planwatch.extract.rules import RATE_UNITS, RELATION_BEFORE_ALT
from planwatch.records import SourceText

# X 不低于 Y 的 N%: a share of Y that X must keep (any relation word before the whole, or 占).
_SHARE_OF = re.compile(
    rf"(?P<part>[^，。；\n]{{1,20}}?)(?P<verb>{RELATION_BEFORE_ALT}|占|按照|按|相当于)"
    r"(?P<of>[^，。；\n]{2,20}?)的[ \t]*$"
)
# After a sum, what it is for: (noun)(，)(专项|重点…)用于(支持) …
_PURPOSE = re.compile(
    r"(?P<noun>[^，。；\n用\d]{0,8}?)[，,]?[ \t]*(?:专项|主要|重点|全部|统筹|均|将)?用于(?:支持)?"
)
_RELATION_HEAD = re.compile(rf"^(?:{RELATION_BEFORE_ALT})")
_RELATION_BEFORE_TAIL = re.compile(rf"(?:{RELATION_BEFORE_ALT})?[ \t]*$")
# After a count of places, what they achieved: the subject names it (全部通过…认定的县).
_ACHIEVED_AFTER = re.compile(r"(?:已|均|都|全部)*(?:通过|达到|建成|实现)")
# After a sum, the standard it sets and what is paid by it: 200元标准增加公用经费补助.
_STANDARD_AFTER = re.compile(r"(?:的)?标准(?:给予|增加|发放|拨付|核定|安排|补助)?")
# The unit a count is per, opening its clause: 每个县市区至少建成1个基地 → 每个县市区基地.
_PER_SCOPE = re.compile(
    r"每(?:个|所|名|位)?(?P<scope>[\u4e00-\u9fff（）、]{1,8}?)(?:至少|均|都|要|应|须|必须|配齐)"
)
# Modals and verbs of ensuring inside a subject: 每学期应保证劳动教育 → 每学期劳动教育.
_MODALS = re.compile(r"(?:应当|应|须|必须|要)?(?:保证|确保)|应当|必须")
# A subject that is only a frequency: the measure is in the clause before it.
_FREQUENCY_ONLY = re.compile(r"^即?每(?:周|天|日|年|学年|学期|月|次)$")
# Adverbs and modals ending a phrase before a relation word: 收费标准原则上不超过….
_ADVERB_TAIL = re.compile(r"(?:原则上|一般|均|应|须|必须|要)+$")
# Verbs between a standard's figure and what is paid by it: 1.5%安排教师培训经费.
_PAID = re.compile(r"(?:的)?(?:比例)?(?:安排|提取|计提|用于|作为|足额安排)")
_FUND_NOUNS = ("资金", "经费", "补助", "奖补", "奖励", "补贴")
_RATIO_NAME = re.compile(r"生师比|师生比|[^，。；、\s（(]{1,4}比(?=[^，。；]{0,20}$)")


@dataclass(slots=True)
class Around:
    """What surrounds a quantity: the end of the one before, the one after, its clause."""

    previous_end: int
    following: Quantity | None
    clause_lo: int


@dataclass(frozen=True, slots=True)
class SubjectReader:
    """Reads subjects in one document: its source text and its region's name."""

    src: SourceText
    region: str

    def phrase(self, start: int, end: int) -> str:
        """The source characters behind a normalized range, without whitespace."""
        if end <= start:
            return ""
        span = self.src.to_source(start, end)
        return "".join(self.src.source[span.start : span.end].split())

    def subject(self, q: Quantity, around: Around) -> str:
        """The thing measured, never a modal or a bare frequency: 普通高中每学期应保证劳动教育
        不少于10课时 → 普通高中每学期劳动教育; 开设劳动课程，每周不少于1课时 → 劳动课程每周."""
        subject = self._raw_subject(q, around)
        bare = _MODALS.sub("", subject)
        subject = bare if len(bare) >= 2 else subject
        if _FREQUENCY_ONLY.match(subject) and around.clause_lo > around.previous_end + 1:
            lo, hi = subject_before(self.src.text, around.clause_lo - 1, around.previous_end)
            if hi - lo >= 2:
                return self.phrase(lo, hi) + subject.removeprefix("即")
        return subject

    def _raw_subject(self, q: Quantity, around: Around) -> str:
        text = self.src.text
        if q.unit == "人" and text.endswith("每班", max(0, q.start - 8), _before_relation(text, q)):
            lo, hi = subject_before(text, q.start, around.previous_end, self.region)
            return self.phrase(lo, hi).removesuffix("每班") + "班额"  # 小学每班不超过45人
        after = subject_after(text, q.end)
        if q.unit == "元":
            purpose = self._purpose(q.end) or self._standard_of(q, around)
            if purpose:
                return purpose
        if text.startswith("用于", after[0]):  # 编制500名用于补充教师: the quota, not its use
            after = (after[0], after[0])
        if q.unit not in RATE_UNITS and q.unit != "元" and after[1] - after[0] >= 2:
            return self._noun_after(q, around, after)
        before = subject_before(text, q.start, around.previous_end, self.region, around.clause_lo)
        if q.unit in RATE_UNITS:
            return self._rate_subject(q, before)
        return self._count_subject(q, around, before, after)

    def _noun_after(self, q: Quantity, around: Around, after: tuple[int, int]) -> str:
        """A count named by the noun after it, with its verb and scope: 新建150所公办幼儿园
        → 新建公办幼儿园; 每个乡镇至少办好1所公办中心幼儿园 → 每个乡镇公办中心幼儿园."""
        text = self.src.text
        if _ACHIEVED_AFTER.match(text, after[1]):  # 105个县（市、区）全部通过…认定
            return self.phrase(*subject_after(text, q.end, whole_clause=True))
        verb = change_verb_before(text, q.start)
        scope = _PER_SCOPE.search(text, around.clause_lo, q.start)
        head = self.phrase(scope.start(), scope.end("scope")) if scope else ""
        return head + verb + self.phrase(*after) + self._shared_tail(after, around.following)

    def _rate_subject(self, q: Quantity, before: tuple[int, int]) -> str:
        """A rate named by the phrase before it, a share by its part and whole, or, with
        nothing before, by the clause after it (不少于20%的县…通过…认定)."""
        text = self.src.text
        if before[1] - before[0] < 2:
            return self.phrase(*subject_after(text, q.end, whole_clause=True))
        share = self._share_subject(q, before[0])
        if share:
            return share
        subject = self.phrase(*before)
        if q.unit == "ratio" and "比" not in subject:
            ratio = _RATIO_NAME.search(text, max(0, q.start - 40), q.start)
            subject += ratio.group() if ratio else ""
        return subject

    def _count_subject(
        self, q: Quantity, around: Around, before: tuple[int, int], after: tuple[int, int]
    ) -> str:
        """A count or a sum without a noun of its own right after it."""
        text = self.src.text
        following = around.following
        if after[1] - after[0] < 2 and following is not None and _shares_noun(text, q, following):
            after = subject_after(text, following.end)
        if q.unit == "倍":  # 收费标准不超过公办园的1.5倍: a multiple of the whole named after 的
            share = _SHARE_OF.match(text, before[0], q.start)
            if share:
                return _ADVERB_TAIL.sub("", self.phrase(share.start("part"), share.end("part")))
        if q.unit == "元":
            return self.phrase(*before) + (self.phrase(*after) if _short(after) else "")
        if after[1] - after[0] >= 2:
            verb = change_verb_before(text, q.start)
            return verb + self.phrase(*after) + self._shared_tail(after, following)
        return self.phrase(*before)

    def _share_subject(self, q: Quantity, lo: int) -> str:
        """A share of a whole named before the figure (…总额的2%), as X占Y比例.

        培训经费不低于工资总额的2% → 培训经费占工资总额比例; 交流比例不低于总数的10% → 交流比例;
        按不低于工资总额的1.5%安排教师培训经费 → 教师培训经费占工资总额比例 (a standard: what is
        paid by it stands after the figure).
        """
        text = self.src.text
        if q.unit not in ("%", "‰") or not text[max(0, q.start - 2) : q.start].rstrip().endswith(
            "的"
        ):
            return ""
        share = _SHARE_OF.match(text, lo, q.start)
        if share is None:
            return ""
        part = _ADVERB_TAIL.sub("", self.phrase(share.start("part"), share.end("part")))
        whole = _RELATION_HEAD.sub("", self.phrase(share.start("of"), share.end("of")))
        if share["verb"] in ("按", "按照") or part.endswith(("按", "照", "按照")):
            paid = _PAID.match(text, q.end)
            lo, hi = subject_after(text, paid.end() if paid else q.end)
            part = self.phrase(lo, hi) if hi - lo >= 2 else ""
        elif part.endswith("于"):
            return ""
        if not part or part.endswith(("比例", "率", "占比", "比")):  # 交流比例不低于总数的10%
            return part
        return f"{part}占{whole}比例"

    def _purpose(self, end: int) -> str:
        """What a sum is for: 500万元用于设备更新; 安排2000万元，专项用于…; 10亿元专项资金，重点
        用于乡村教育振兴 → 乡村教育振兴专项资金."""
        text = self.src.text
        m = _PURPOSE.match(text, end)
        if m is None:
            return ""
        lo, hi = subject_after(text, m.end(), whole_clause=True)
        noun = m["noun"] if m["noun"].endswith(_FUND_NOUNS) else ""
        return self.phrase(lo, hi) + noun

    def _standard_of(self, q: Quantity, around: Around) -> str:
        """A rate paid by a standard: 寄宿制学校按寄宿生年生均200元标准增加公用经费补助 → the
        scope before 按 and the payment after 标准 (寄宿制学校公用经费补助)."""
        text = self.src.text
        m = _STANDARD_AFTER.match(text, q.end)
        if m is None:
            return ""
        lo, hi = subject_after(text, m.end())
        scope = text.rfind("按", around.clause_lo, q.start)
        head = self.phrase(around.clause_lo, scope) if scope > around.clause_lo else ""
        return head + self.phrase(lo, hi)

    def _shared_tail(self, after: tuple[int, int], following: Quantity | None) -> str:
        """150个国家级、315个自治区级一流专业建设点: 国家级 borrows 一流专业建设点."""
        text = self.src.text
        if following is None or not text.startswith("级", after[1] - 1):
            return ""
        if not text.startswith("、", after[1]) or following.start - after[1] > 2:
            return ""
        lo, hi = subject_after(text, following.end)
        level = text.find("级", lo, hi)
        return self.phrase(level + 1, hi) if level >= 0 else ""


def _before_relation(text: str, q: Quantity) -> int:
    """Where the words before a figure end, relation words (不超过, 控制在) left out."""
    m = _RELATION_BEFORE_TAIL.search(text, max(0, q.start - 8), q.start)
    return m.start() if m else q.start


def _shares_noun(text: str, q: Quantity, following: Quantity) -> bool:
    """新建41所、改扩建29所公办幼儿园: the first count borrows the noun of the second."""
    gap = text[q.end : following.start]
    same = q.unit.startswith(following.unit) or following.unit.startswith(q.unit)
    return gap.startswith("、") and len(gap) <= 6 and same


def _short(rng: tuple[int, int]) -> bool:
    return 0 < rng[1] - rng[0] <= 6
