"""Extraction rules as tables: relation words, units, rate units, stop-contexts, time words.

Each table is plain data a newcomer can read and extend: one row per word, with what it
means and an example, and for every exception the reason beside it. The readers
(``quantities``, ``context``, ``prose``, ``tables``, ``lists``) build their patterns from
these tables and hold no word lists of their own.

Worked example: to read 不小于 as "at least", add the row
``RelationWord("不小于", ">=", "before", "使用面积不小于15平方米")`` to ``RELATION_WORDS``
and a test with that sentence; every reader (sentences, table cells, lists of figures,
the words trimmed off a subject) then knows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from planwatch.parse.tasks import REVIEW_HEADINGS as PARSE_REVIEW_HEADINGS
from planwatch.records import Relation

Side = Literal["before", "after"]


# --- relation words ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RelationWord:
    """A word that says how a figure binds: at least (>=), at most (<=), about (~), exactly (=).

    ``side`` says where it stands: right before the figure (达到95%) or right after it
    (95%以上). ``clause`` words hold for a figure anywhere later in their clause, whatever
    stands between (不少于每生每年200元; 每周开设劳动教育课不少于1课时 is also adjacent).
    """

    word: str
    relation: Relation
    side: Side
    example: str
    clause: bool = False


RELATION_WORDS: tuple[RelationWord, ...] = (
    # after the figure
    RelationWord("及以上", ">=", "after", "本科学历教师占比达到95%及以上"),
    RelationWord("以上", ">=", "after", "建设1500所以上体育传统特色学校"),
    RelationWord("以内", "<=", "after", "教师空编率控制在5%以内"),
    RelationWord("之内", "<=", "after", "班额控制在45人之内"),
    RelationWord("以下", "<=", "after", "大班额比例降至5%以下"),
    RelationWord("左右", "~", "after", "培育100家左右产教融合型企业"),
    RelationWord("上下", "~", "after", "招生规模稳定在3000人上下"),
    # before the figure: at least
    RelationWord("达到", ">=", "before", "学前教育毛入园率达到95%"),
    RelationWord("达", ">=", "before", "学前教育毛入园率达92.4%"),
    RelationWord("超过", ">=", "before", "覆盖率超过90%"),
    RelationWord("高于", ">=", "before", "高于全国平均水平的2%"),
    RelationWord("突破", ">=", "before", "在校大学生规模突破12万人"),
    RelationWord("多于", ">=", "before", "每周多于2次"),
    RelationWord("不低于", ">=", "before", "不低于教职工工资总额的2%", clause=True),
    RelationWord("不得低于", ">=", "before", "考核权重不得低于5%", clause=True),
    RelationWord("不少于", ">=", "before", "每年培训不少于72个学时", clause=True),
    RelationWord("不得少于", ">=", "before", "每学年不得少于10课时", clause=True),
    RelationWord("不小于", ">=", "before", "心理辅导室使用面积不小于15平方米", clause=True),
    RelationWord("至少", ">=", "before", "每年至少举办1次", clause=True),
    RelationWord("最少", ">=", "before", "最少配备1名专职教师", clause=True),
    RelationWord("最低", ">=", "before", "最低工资标准1500元", clause=True),
    RelationWord("≥", ">=", "before", "毛入园率≥95%"),
    RelationWord("＞", ">=", "before", "就业率＞95%"),
    RelationWord(">", ">=", "before", "就业率>95%"),
    # before the figure: at most
    RelationWord("控制在", "<=", "before", "班额控制在45人"),
    RelationWord("不超过", "<=", "before", "每班不超过45人"),
    RelationWord("不得超过", "<=", "before", "每班不得超过45人"),
    RelationWord("不高于", "<=", "before", "收费不高于公办园的1.5倍"),
    RelationWord("不大于", "<=", "before", "生师比不大于19：1"),
    RelationWord("低于", "<=", "before", "辍学率低于0.5%"),
    RelationWord("少于", "<=", "before", "少于10人"),
    RelationWord("不多于", "<=", "before", "每天书面作业不多于60分钟"),
    RelationWord("≤", "<=", "before", "近视率≤50%"),
    RelationWord("＜", "<=", "before", "近视率＜50%"),
    RelationWord("<", "<=", "before", "近视率<50%"),
    # before the figure: about
    RelationWord("约", "~", "before", "共投入资金约23亿元"),
    RelationWord("大约", "~", "before", "大约3000人"),
    RelationWord("约为", "~", "before", "缺口约为5000名"),
    # before the figure: the value it becomes, neither floor nor ceiling (the blind keys
    # agree: 提高到12%, 降至4.1%, 保持100% are "="; 保持…以上 is ">=" by its 以上)
    RelationWord("保持在", "=", "before", "巩固率保持在96%"),
    RelationWord("保持", "=", "before", "标准化学校比例保持100%"),
    RelationWord("提高到", "=", "before", "研究生学历教师比例提高到12%"),
    RelationWord("提高至", "=", "before", "补助提高至基本工资的30%"),
    RelationWord("提升到", "=", "before", "覆盖率提升到90%"),
    RelationWord("提升至", "=", "before", "覆盖率提升至90%"),
    RelationWord("增加到", "=", "before", "学位增加到2万个"),
    RelationWord("增至", "=", "before", "学位增至2万个"),
    RelationWord("降至", "=", "before", "大班额比例已降至4.1%"),
    RelationWord("降到", "=", "before", "大班额比例下降到2.8%"),
)

# Figures joined into one list take the relation word written once after the last or before
# the first: 分别控制在45人、50人以内; 分别达到7.5平方米、10.2平方米.
RELATION_AFTER = {w.word: w.relation for w in RELATION_WORDS if w.side == "after"}
RELATION_BEFORE = {w.word: w.relation for w in RELATION_WORDS if w.side == "before"}
CLAUSE_RELATIONS = {w.word: w.relation for w in RELATION_WORDS if w.clause}


def _alternation(words: object) -> str:
    """A regex alternation of words, the longest first (不低于 before 低于)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


RELATION_AFTER_ALT = _alternation(RELATION_AFTER)
RELATION_BEFORE_ALT = _alternation(RELATION_BEFORE)


# --- units and measure words -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitWord:
    """A unit as plans write it after a figure, and SPEC's normalized unit.

    ``not_before``: words that, right after the unit's characters, make them part of
    another word, so the figure has no unit there (the reason is in ``why``); ``but`` lists
    the continuations that still leave the unit (所以上 is 所 + 以上). ``needs``: words one
    of which must stand within ``needs_window`` characters before the figure (100M is a
    bandwidth only after 带宽). ``prose=False``: read in table headers and cells only.
    """

    written: str
    unit: str
    factor: float = 1.0
    example: str = ""
    not_before: tuple[str, ...] = ()
    but: tuple[str, ...] = ()
    why: str = ""
    needs: tuple[str, ...] = ()
    needs_window: int = 20
    prose: bool = True


UNITS: tuple[UnitWord, ...] = (
    UnitWord("个百分点", "pp", example="提高5个百分点"),
    UnitWord("百分点", "pp", example="提高5百分点"),
    # 个 + a measure noun: the noun is the unit (SPEC: 6个学分 → 学分)
    UnitWord("个学分", "学分", example="修满6个学分"),
    UnitWord("个学时", "学时", example="累计72个学时"),
    UnitWord("个课时", "学时", example="每周2个课时"),
    UnitWord("个模块", "模块", example="完成3个模块的培训"),
    UnitWord(
        "个班",
        "班",
        example="规模为6－18个班",
        not_before=("级", "子", "主"),
        why="个班级 counts classes (个), 班子 and 班主任 are other words",
    ),
    UnitWord("万人次", "人次", 10_000, example="培训30万人次"),
    UnitWord("人次", "人次", example="培训3000人次"),
    UnitWord("万元", "元", 10_000, example="奖补100万元"),
    UnitWord("亿元", "元", 100_000_000, example="投入23亿元"),
    UnitWord("元", "元", example="每生每年200元", not_before=("旦",), why="元旦 is New Year"),
    UnitWord(
        "万人",
        "人",
        10_000,
        example="在园幼儿162.3万人",
        not_before=("口", "民", "均"),
        why="万人口 is a per-population denominator (每万人口), 万人民币 money, 万人均 a rate",
    ),
    UnitWord(
        "人",
        "人",
        example="招聘特岗教师800人",
        not_before=("口", "民", "均", "员"),
        why="人口, 人民, 人均 and 人员 are words of their own (20万人口以上县 is a threshold)",
    ),
    UnitWord(
        "名",
        "人",
        example="培养5000余名教师",
        not_before=("师", "称", "单", "额", "校"),
        why="名师, 名称, 名单, 名额, 名校 are words: 100名额 is not 100 persons",
    ),
    UnitWord("所（次）", "所次", example="改扩建10所（次）普通高中"),
    UnitWord("所(次)", "所次", example="改扩建10所(次)普通高中"),
    UnitWord("（所次）", "所次", example="奖补1704（所次）幼儿园"),
    UnitWord("(所次)", "所次", example="奖补1704(所次)幼儿园"),
    UnitWord("所次", "所次", example="督导200所次"),
    UnitWord(
        "所",
        "所",
        example="新建150所公办幼儿园",
        not_before=("以", "有", "属", "在", "得", "需", "谓"),
        but=("以上", "以下", "以内"),
        why="所以, 所有, 所属, 所在, 所得, 所需, 所谓 are words; 1500所以上 is 所 + 以上",
    ),
    UnitWord(
        "个",
        "个",
        example="建设20个示范区",
        not_before=("人", "性", "体", "别", "月", "工"),
        why="个人, 个性, 个体, 个别, 个月 and 个工作日 are words or durations",
    ),
    UnitWord("间", "间", example="建设100间教室", not_before=("隔",), why="间隔 is an interval"),
    UnitWord(
        "门",
        "门",
        example="开发100门精品课程",
        not_before=("户", "槛", "类"),
        why="门户, 门槛, 门类 are words",
    ),
    UnitWord(
        "节",
        "节",
        example="每周5节",
        not_before=("日", "约", "能", "点"),
        why="节日, 节约, 节能, 节点 are words",
    ),
    UnitWord("项", "项", example="建成1项以上特色项目"),
    UnitWord(
        "家",
        "家",
        example="培育100家产教融合型企业",
        not_before=("庭", "长", "乡"),
        why="家庭, 家长, 家乡 are words",
    ),
    UnitWord("座", "座", example="建设3座图书馆"),
    UnitWord("台", "台", example="配备500台计算机", not_before=("阶",), why="台阶 is a step"),
    UnitWord("套", "套", example="新建乡村教师周转宿舍约20万套"),
    UnitWord(
        "本",
        "本",
        example="配备图书2万本",
        not_before=("科", "土", "市", "地", "区"),
        why="本科, 本土, 本市, 本地, 本区 are words",
    ),
    UnitWord("学时", "学时", example="不少于360学时"),
    UnitWord("课时", "学时", example="每周不少于1课时"),
    UnitWord(
        "班",
        "班",
        example="开设10班",
        not_before=("级", "子", "主"),
        why="班级, 班子, 班主任 are words",
    ),
    UnitWord("平方米", "平方米", example="生均面积达到7.5平方米"),
    UnitWord("亩", "亩", example="用地50亩"),
    UnitWord("次", "次", example="每年至少举办1次", not_before=("数", "要"), why="次数, 次要"),
    UnitWord(
        "批",
        "批",
        example="认定3批示范校",
        not_before=("次", "准"),
        why="批次, 批准 are words",
    ),
    UnitWord(
        "条",
        "条",
        example="建设10条生产线",
        not_before=("件", "例"),
        why="条件, 条例 are words",
    ),
    UnitWord(
        "支",
        "支",
        example="组建20支教学团队",
        not_before=("持", "出", "撑", "部"),
        why="支持, 支出, 支撑, 支部 are words",
    ),
    UnitWord("册", "册", example="生均图书30册"),
    UnitWord("张", "张", example="寄宿制学校床位缺口约5 100张"),
    UnitWord("场", "场", example="举办校园招聘会20场", not_before=("所", "地", "馆", "景")),
    UnitWord("轮", "轮", example="完成两轮督导评估"),
    UnitWord("模块", "模块", example="完成3模块培训"),
    UnitWord("倍", "倍", example="收费标准不超过公办园的1.5倍"),
    UnitWord(
        "GB",
        "GB",
        example="出口带宽1GB",
        needs=("带宽", "宽带", "出口", "网速", "接入"),
        why="a code such as 4GB内存 is not bandwidth",
    ),
    UnitWord(
        "Mbps", "M", example="接入带宽100Mbps", needs=("带宽", "宽带", "出口", "网速", "接入")
    ),
    UnitWord(
        "M",
        "M",
        example="出口带宽达到100M",
        not_before=tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        needs=("带宽", "宽带", "出口", "网速", "接入"),
        why="M is bandwidth only after 带宽 and not inside a Latin word",
    ),
    UnitWord(
        "届",
        "届",
        example="每两年举办一届",
        needs=("举办", "办"),
        needs_window=4,
        why="第3届, 3届毕业生: a 届 counts only where the plan holds events",
    ),
    UnitWord("学分", "学分", example="不少于6学分"),
    UnitWord("分钟", "分钟", example="不少于30分钟"),
    UnitWord("小时", "小时", example="每天校园体育活动1小时"),
    UnitWord("天", "天", example="每周5天"),
    UnitWord(
        "分",
        "分",
        example="体育中考分值不低于60分",
        needs=("分值", "成绩", "得分", "分数", "满分", "评分", "中考", "高考"),
        why="a score only where the text speaks of marks (60分 in 分值…60分)",
    ),
    UnitWord(
        "岁",
        "岁",
        example="人均预期寿命达到78岁",
        needs=("寿命", "平均年龄"),
        why="ages are not items (3—6岁适龄儿童) unless an age is the measure",
    ),
    UnitWord("%", "%", example="毛入园率达到95%"),
    UnitWord("％", "%", example="毛入园率达到95％"),
    UnitWord("‰", "‰", example="配比不低于6‰"),
    # in table headers and cells only
    UnitWord("位", "人", example="教师（位）", prose=False),
    UnitWord("兆", "M", example="带宽（兆）", prose=False),
    UnitWord("年", "年", example="平均受教育年限（年）", prose=False),
)

UNIT_NAMES: dict[str, tuple[str, float]] = {u.written: (u.unit, u.factor) for u in UNITS}
# Every normalized unit a figure can have (a table cell's written unit must be one of them).
KNOWN_UNITS = frozenset(u.unit for u in UNITS) | {"ratio"}
# Units that measure a share or a rate, not a count: their subject is the thing measured
# before them (毛入园率达到95%), they compare across plans, and a threshold such as
# 95%以上的 is still a target.
RATE_UNITS = frozenset({"%", "‰", "pp", "ratio"})


def _unit_pattern(unit: UnitWord) -> str:
    pattern = re.escape(unit.written)
    if unit.not_before:
        words = _alternation(unit.not_before)
        keep = f"(?!{_alternation(unit.but)})" if unit.but else ""
        pattern += f"(?!{keep}(?:{words}))"
    return pattern


def unit_alternation() -> str:
    """The units read after a figure in prose, as one regex alternation (longest first)."""
    prose = sorted((u for u in UNITS if u.prose), key=lambda u: -len(u.written))
    return "|".join(_unit_pattern(u) for u in prose)


UNITS_NEEDING_CONTEXT = {u.written: u for u in UNITS if u.needs}

# Classifiers that name nothing themselves: when one stands before a measure noun the noun
# is the unit (6个学分 → 学分, see UNITS).
CLASSIFIER = "个"


# --- stop contexts: figures that are not items ------------------------------------------


@dataclass(frozen=True, slots=True)
class StopContext:
    """Words around a figure that make it no item: an ordinal, a denominator, a threshold.

    ``before`` is a regex matched on the text ending right before the figure, ``after``
    one matched right after its unit; both must match where both are given. ``units``
    limits the rule to figures of those normalized units, ``except_units`` exempts some.
    """

    name: str
    example: str
    why: str
    before: str = ""
    after: str = ""
    units: frozenset[str] = frozenset()
    except_units: frozenset[str] = frozenset()
    window: int = 14  # characters of text before the figure that ``before`` may read
    dropped: str = ""  # the figure of the example that is no item, when not the first
    compiled_before: re.Pattern[str] = field(init=False, repr=False, compare=False)
    compiled_after: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled_before", re.compile(f"(?:{self.before})$"))
        object.__setattr__(self, "compiled_after", re.compile(self.after))


STOP_CONTEXTS: tuple[StopContext, ...] = (
    StopContext(
        "ordinal",
        "第57次常务会议",
        "第 makes an ordinal, not a count",
        before="第",
        window=1,
    ),
    StopContext(
        "denominator",
        "每100名寄宿生至少配备1名",
        "每 N: a per-N denominator, the figure after it is the item",
        before="每",
        window=1,
    ),
    StopContext("rank", "全国首批28家之一", "之一 names a rank, not a commitment", after="之一"),
    StopContext(
        "selector",
        "3000人以上的行政村; 100M以上的学校",
        "N以上的 X says which X a rule is for; a rate (95%以上的) is still a goal",
        after="(?:及以上|以上|以下)的",
        except_units=RATE_UNITS,
    ),
    StopContext(
        "property",
        "就业率低于70%的专业",
        "低于/不足/高于 N 的 X describes each X, it is not a target (不低于400元的标准 is one)",
        before="(?<!不)(?:低于|不足|高于)",
        after="的",
        window=2,
    ),
    StopContext(
        "counted-below",
        "全省仍有12个县（市、区）学前三年毛入园率低于80%",
        "N个… 低于 X%: the X says which places are counted, it is no target of theirs",
        before=r"有[0-9]+个[^，。；\n]{0,30}(?<!不)(?:低于|高于|不足|未达到)",
        window=40,
        units=RATE_UNITS,
        dropped="80%",
    ),
    StopContext(
        "territory",
        "全区14个设区市",
        "the territory the plan covers, not a figure of it (县级示范区 names a kind: kept; "
        "全省105个县全部通过…认定 and 仍有12个县 count what was done or is left: kept)",
        before=r"(?:全[省市区县国]|所辖|下辖|辖)(?![^，。；：\n]*(?:仍有|尚有|还有))[^，。；：\n]*",
        after=r"(?:设区市|地级市|县（市|县区|区县|乡镇|街道|[市县区镇])(?![级域城属直])"
        r"(?![^，。；\n]{0,8}(?:全部|均已|均通过|都已|已))",
        units=frozenset({"个"}),
    ),
    StopContext(
        "threshold",
        "1500人以上大村; 随班就读5人以上的普通学校; 20万人口以上县; 招收5名以上残疾学生的普通学校",
        "a number of persons that says which places or schools a rule is for (50名市级教师 is "
        "a count: 市 before 级 names a level)",
        after=r"(?:及?以上|以下)?的?(?:[县市区镇乡村校](?![级直属域])|大村|普通学校|学校|规模"
        r"|超?大班额|班额)|(?:及?以上|以下)[^，。；\d]{1,10}?的[^，。；\d]{0,4}(?:学校|班)",
        units=frozenset({"人"}),
    ),
)

# A figure right before one of these characters is a date or a document number (2023年,
# 6月, 18日, 34号), never a quantity.
DATE_CHARS = frozenset("年月日号")


# --- time, kind and subject words ----------------------------------------------------------

# Words that describe the state of today: the figure is a baseline dated to the document
# (目前，全市共有公办幼儿园320所; 仍有126个乡镇; 床位缺口约5 100张). 在现有基础上 is not one.
NOW_WORDS = ("目前", "现有", "当前", "现阶段", "截至目前", "以来", "仍", "尚有", "缺口")
# Words before a figure in its sentence that report what has been done: a baseline
# (累计新建公办幼儿园2 860所; 完成了1 214个…建设任务; 比2010年提高了31.2个百分点).
PAST_WORDS = (
    "已",
    "累计",
    "共有",
    "共投入",
    "共计",
    "实现了",
    "完成了",
    "建成了",
    "提高了",
    "增长了",
    "达到了",
    "新增了",
)
# Words of a promise or a requirement: with them the figure is a target even after 累计 or
# 已 (每名教师每五年累计参加培训不少于360学时; 力争累计建成…).
PROMISE_WORDS = (
    "力争",
    "确保",
    "将",
    "要",
    "应",
    "争取",
    "计划",
    "预计",
    "努力",
    "不少于",
    "不低于",
    "至少",
    "不得",
)
# Verbs that only use what exists: the count is a baseline of the document's date
# (充分发挥全省326所省级示范幼儿园的引领作用).
USE_WORDS = ("发挥", "依托", "利用")
# Headings of a part that reviews what was achieved (发展基础, 工作回顾, 完成情况 …): figures
# in it are baselines. The words are parse's, which keeps tasks out of such parts.
REVIEW_HEADINGS = tuple(w for w in PARSE_REVIEW_HEADINGS if w not in ("问题", "形势", "背景"))
# Words at the end of the phrase before a figure that are verbs, modals or adverbs, not the
# thing measured (with the relation words): 毛入园率将达到95% → 毛入园率.
SUBJECT_TRAILING_WORDS = (
    "为",
    "相当于",
    "应保证",
    "保证",
    "应当",
    "应",
    "须",
    "必须",
    "稳定在",
    "要",
    "均",
    "分别",
    "各",
    "总数",
    "实现",
    "完成",
    "将",
    "将要",
    "可",
    "能",
    "下降到",
    "下降至",
    "上升到",
    "上升至",
)
