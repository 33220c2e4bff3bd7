"""Plan comparison on SQLite: check_plans and coverage_all over provincial and implementing plans.

Generates provincial education plans of real provinces and plans of their real cities and
counties that implement them (为贯彻落实《…》（文号）), with 5–10 indicator targets each,
2020 baselines and 10–30 tasks reused, reworded or dropped from the provincial plan; ingests
them into a fresh SQLite file (setup, timed apart) and times the analysis over the ledger.

    .venv/bin/python benchmarks/bench_analyze.py [--count 1000] [--provincial 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from machine import machine

from planwatch.config import Settings
from planwatch.extract.regions import load_divisions, resolve_region
from planwatch.parse.meta import find_region
from planwatch.parse.references import doc_number_key
from planwatch.present.render import machine as machine_data
from planwatch.records import OrgUnit
from planwatch.services import ledger

SEED = 20241107
MUNICIPALITIES = ("11", "12", "31", "50")
# 文号 abbreviation of each province, by the first two digits of its code.
ABBR = dict(
    zip(
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 "
        "42 43 44 45 46 50 51 52 53 54 61 62 63 64 65".split(),
        "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新",
        strict=True,
    )
)
CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class Indicator:
    """A goal as plans write it, its catalog id, and the provincial range of its target."""

    name: str
    catalog_id: str
    unit: str  # "%" or "ratio" (X：1)
    direction: str  # higher or lower
    lo: float
    hi: float


INDICATORS = [
    Indicator("学前教育毛入园率", "preschool_gross_enrolment_rate", "%", "higher", 88, 95),
    Indicator("九年义务教育巩固率", "nine_year_compulsory_retention_rate", "%", "higher", 95, 98.5),
    Indicator("高中阶段毛入学率", "upper_secondary_gross_enrolment_rate", "%", "higher", 90, 96),
    Indicator("普惠性幼儿园覆盖率", "inclusive_kindergarten_coverage", "%", "higher", 82, 90),
    Indicator("公办园在园幼儿占比", "public_kindergarten_share", "%", "higher", 50, 60),
    Indicator(
        "适龄残疾儿童少年义务教育入学率",
        "disabled_children_compulsory_enrolment_rate",
        "%",
        "higher",
        93,
        97,
    ),
    Indicator(
        "义务教育学校办学条件标准化率",
        "compulsory_school_standardization_rate",
        "%",
        "higher",
        90,
        99,
    ),
    Indicator("学生体质健康达标率", "student_fitness_pass_rate", "%", "higher", 90, 94),
    Indicator("“双师型”教师占比", "dual_qualified_teacher_share", "%", "higher", 50, 60),
    Indicator("多媒体教室比例", "multimedia_classroom_share", "%", "higher", 90, 99),
    Indicator("中职毕业生就业率", "vocational_graduate_employment_rate", "%", "higher", 95, 98),
    Indicator("大班额比例", "large_class_share", "%", "lower", 1, 5),
    Indicator("小学生师比", "primary_student_teacher_ratio", "ratio", "lower", 16, 19),
    Indicator("初中生师比", "junior_secondary_student_teacher_ratio", "ratio", "lower", 12, 13.5),
    Indicator(
        "普通高中生师比", "senior_secondary_student_teacher_ratio", "ratio", "lower", 12.5, 14
    ),
]

# Sections of 主要任务 (one heading each) and their cooperating departments.
GROUPS = [
    ("推进学前教育普及普惠发展", ["发改", "财政", "自然资源", "住建"]),
    ("推进义务教育优质均衡发展", ["发改", "财政", "住建", "自然资源"]),
    ("推动普通高中多样化有特色发展", ["发改", "财政", "住建"]),
    ("增强职业教育适应性", ["人社", "发改", "工信", "财政"]),
    ("办好特殊教育和专门教育", ["残联", "民政", "财政", "卫健"]),
    ("加强高素质专业化教师队伍建设", ["编办", "人社", "财政"]),
    ("加快教育数字化转型", ["工信", "财政", "发改"]),
    ("加强学校体育美育劳动教育和健康教育", ["体育", "卫健", "文旅"]),
    ("落实立德树人根本任务", ["宣传", "公安", "妇联"]),
]
# (group, title, reworded title, body); {a} {b} {c} {d} {s} {p} {r} {y} are filled in.
TASKS = [
    (0, "实施公办幼儿园扩容工程", "扩大公办学前教育资源",
     "新建{a}所公办幼儿园，改扩建{b}所乡镇中心幼儿园，新增学位{c}个。"),
    (0, "提升幼儿园保教质量", "提高保育教育质量",
     "建设{a}个幼儿园课程基地，每年开展保教技能比赛{s}次以上。"),
    (0, "规范发展普惠性民办幼儿园", "扶持普惠性民办幼儿园发展",
     "认定普惠性民办幼儿园{b}所，生均补助标准不低于每年{d}元。"),
    (0, "开展城镇小区配套幼儿园治理", "加强城镇小区配套幼儿园建设",
     "完成{a}个小区配套幼儿园整改，移交后办成公办园或普惠性民办园。"),
    (1, "消除义务教育大班额", "化解大班额问题",
     "新建{a}所九年一贯制学校，消除56人以上大班额，新增学位{c}个。"),
    (1, "推进城乡义务教育一体化", "统筹城乡义务教育资源配置",
     "组建{a}个城乡学校共同体，结对帮扶乡村学校{b}所。"),
    (1, "加强乡村小规模学校和乡镇寄宿制学校建设", "办好乡村小规模学校和寄宿制学校",
     "改造乡镇寄宿制学校{a}所，改善{b}所乡村小规模学校办学条件。"),
    (1, "落实“双减”政策", "减轻义务教育阶段学生作业负担和校外培训负担",
     "义务教育学校课后服务实现全覆盖，每周开展课后服务不少于{s}天。"),
    (1, "保障随迁子女平等接受义务教育", "做好进城务工人员随迁子女入学保障",
     "随迁子女在公办学校就读比例保持在{p}%以上。"),
    (2, "扩大普通高中教育资源", "实施普通高中扩容工程",
     "新建、改扩建普通高中{a}所，新增学位{c}个。"),
    (2, "推进普通高中特色发展", "建设特色示范普通高中", "创建{a}所特色示范普通高中。"),
    (2, "深化普通高中育人方式改革", "推进新课程新教材实施",
     "建设{a}个学科课程基地，选课走班覆盖全部普通高中。"),
    (2, "消除普通高中大班额", "化解普通高中大班额", "到{y}年，普通高中56人以上大班额全部消除。"),
    (3, "实施中等职业学校办学条件达标工程", "改善中职学校办学条件",
     "改扩建中等职业学校{a}所，办学条件达标率达到{p}%。"),
    (3, "深化产教融合校企合作", "推进产教融合",
     "建设{a}个产教融合实训基地，培育{b}家产教融合型企业。"),
    (3, "加强职业教育专业和课程建设", "优化职业教育专业布局",
     "建设{a}个示范特色专业，开发{b}门精品在线课程。"),
    (3, "推进职普融通", "促进普职协调发展", "建设{a}所综合高中试点学校，普职招生规模大体相当。"),
    (4, "提升特殊教育普及水平", "完善特殊教育保障机制",
     "新建、改扩建特殊教育学校{a}所，送教上门服务{c}人次。"),
    (4, "全面推进融合教育", "推进随班就读工作", "建设特殊教育资源教室{b}个。"),
    (4, "加强专门教育", "办好专门学校", "建设专门学校{s}所。"),
    (5, "加强师德师风建设", "把师德师风作为评价教师队伍素质的第一标准",
     "每年开展师德专题教育{s}次以上，评选师德标兵{b}名。"),
    (5, "实施教师培训提质工程", "提升教师专业素质能力",
     "每年培训教师{c}人次以上，教师培训经费不低于教职工工资总额的{r}%。"),
    (5, "创新中小学教职工编制管理", "加强中小学教职工编制管理",
     "统筹核定中小学教职工编制，补充教师{c}名。"),
    (5, "实施名师名校长培养工程", "培养骨干教师和名师名校长",
     "培养{b}名骨干教师和{a}名名校长。"),
    (5, "保障教师工资待遇", "提高教师待遇",
     "确保义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平。"),
    (5, "深化中小学教师县管校聘改革", "推进教师交流轮岗", "每年交流轮岗教师{c}人次。"),
    (6, "推进智慧校园建设", "建设智慧校园示范校",
     "建设{a}所智慧校园示范校，推动多媒体教学设备进入全部班级。"),
    (6, "完善教育信息化基础设施", "提升学校网络条件",
     "中小学校千兆宽带接入率达到100%，建设{b}间创新实验室。"),
    (6, "提升师生信息素养", "实施信息技术应用能力提升工程",
     "培训教师信息技术应用能力{c}人次。"),
    (6, "推进优质数字教育资源共建共享", "建设优质数字教育资源",
     "建设{a}门精品在线课程，开发微课{c}节。"),
    (7, "加强学校体育工作", "开齐开足上好体育课",
     "每所学校每周开设{s}节体育课，建设{b}所校园足球特色学校。"),
    (7, "提升学校美育水平", "加强和改进学校美育工作", "建设{a}所艺术教育特色学校。"),
    (7, "全面加强劳动教育", "加强劳动教育实践", "建设{a}个劳动教育实践基地。"),
    (7, "加强学生心理健康教育", "强化学生心理健康工作",
     "配备专兼职心理健康教师{b}名，心理辅导室覆盖全部中小学校。"),
    (7, "做好儿童青少年近视防控", "加强学校卫生工作", "学生总体近视率每年降低{r}个百分点以上。"),
    (8, "推进大中小学思政课一体化建设", "加强思想政治教育",
     "建设{a}个思政课一体化共同体，评选{b}堂思政“金课”。"),
    (8, "构建家校社协同育人机制", "加强家校社协同育人", "建设{a}所家长学校示范校。"),
    (8, "深化教育评价改革", "推进教育评价制度改革", "开展{a}个教育评价改革试点项目。"),
    (8, "加强平安校园建设", "提升校园安全水平", "平安校园达标率达到{p}%。"),
    (8, "推进国家通用语言文字推广", "加强语言文字工作", "普通话普及率达到{p}%以上。"),
]  # fmt: skip
# Department: (key, name in a province, name in a city or county).
DEPARTMENTS = {
    "教育": ("教育厅", "教育局"),
    "发改": ("发展改革委", "发展改革委"),
    "财政": ("财政厅", "财政局"),
    "人社": ("人力资源社会保障厅", "人力资源社会保障局"),
    "自然资源": ("自然资源厅", "自然资源局"),
    "住建": ("住房城乡建设厅", "住房城乡建设局"),
    "编办": ("委编办", "委编办"),
    "卫健": ("卫生健康委", "卫生健康委"),
    "体育": ("体育局", "体育局"),
    "工信": ("工业和信息化厅", "工业和信息化局"),
    "残联": ("残联", "残联"),
    "民政": ("民政厅", "民政局"),
    "文旅": ("文化和旅游厅", "文化广电和旅游局"),
    "宣传": ("委宣传部", "委宣传部"),
    "公安": ("公安厅", "公安局"),
    "妇联": ("妇联", "妇联"),
}


@dataclass(slots=True)
class Plan:
    """One generated plan: what it says and what the ledger should make of it."""

    file: str
    unit: OrgUnit
    title: str
    number: str
    start: int
    end: int
    targets: dict[str, float] = field(default_factory=dict)  # indicator name → value
    tasks: list[int] = field(default_factory=list)  # indexes into TASKS
    baselines: list[str] = field(default_factory=list)  # indicator names given a baseline
    issuer: str = ""
    parent: Plan | None = None


# --- regions --------------------------------------------------------------------------


def level_word(unit: OrgUnit) -> str:
    """How a region's bodies start: 省, 自治区, 市, 州, 县, 区, 旗, 盟, 地区."""
    if unit.level == "province":
        return "自治区" if unit.name.endswith("自治区") else unit.name[-1]
    for suffix, word in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("地区", "地区")):
        if unit.name.endswith(suffix):
            return word
    return unit.name[-1]


def scope_word(unit: OrgUnit) -> str:
    """全省, 全区 (a 自治区), 全市, 全县 …"""
    word = level_word(unit)
    return "全区" if word == "自治区" else "全" + word


def provinces(count: int) -> list[OrgUnit]:
    """Real provinces and autonomous regions first, then the municipalities."""
    tops = [u for u in load_divisions() if u.level == "province" and u.code[:2] in ABBR]
    tops.sort(key=lambda u: (u.code[:2] in MUNICIPALITIES, u.code))
    if not 1 <= count <= len(tops):
        raise SystemExit(f"--provincial must be between 1 and {len(tops)}")
    return tops[:count]


def local_units(province: OrgUnit, rng: random.Random) -> list[OrgUnit]:
    """Cities, then counties, of a province whose issuer names resolve back to them."""
    found = []
    for unit in load_divisions(province.name):
        if unit.level == "province" or "辖" in unit.name:
            continue
        region, _level = find_region(unit.name + "人民政府")
        resolved = resolve_region(region) if region else None
        if resolved is not None and resolved.code == unit.code:
            found.append(unit)
    cities = [u for u in found if u.level == "city"]
    counties = [u for u in found if u.level == "county"]
    rng.shuffle(cities)
    rng.shuffle(counties)
    return cities + counties


# --- text -----------------------------------------------------------------------------


def fmt_value(value: float) -> str:
    return f"{value:g}"


def goal_phrase(ind: Indicator, value: float, rng: random.Random) -> str:
    v = fmt_value(value)
    if ind.unit == "ratio":
        return f"{ind.name}控制在{v}：1以内"
    if ind.direction == "lower":
        return f"{ind.name}控制在{v}%以内"
    verb = rng.choice(["达到{}%以上", "达到{}%", "保持在{}%以上", "提高到{}%"])
    return ind.name + verb.format(v)


def baseline_phrase(ind: Indicator, target: float, rng: random.Random) -> str:
    if ind.direction == "higher":
        value = round(target - rng.uniform(0.5, 6), 1)
    else:
        value = round(target + rng.uniform(0.3, 2.5), 1)
    unit = "：1" if ind.unit == "ratio" else "%"
    verb = rng.choice(["为", "", "达到"] if ind.direction == "higher" else ["为", ""])
    return f"{ind.name}{verb}{fmt_value(value)}{unit}"


def department(key: str, unit: OrgUnit) -> str:
    word = level_word(unit)
    if key == "教育" and unit.code[:2] in MUNICIPALITIES and unit.level == "province":
        return "市教委"
    name = DEPARTMENTS[key][0 if unit.level == "province" else 1]
    return word + name


def lower_governments(unit: OrgUnit) -> str:
    if unit.level == "province":
        return "各市、县人民政府" if unit.code[:2] not in MUNICIPALITIES else "各区人民政府"
    if unit.level == "city":
        return "各县（市、区）人民政府"
    return "各街道办事处" if unit.name.endswith("区") else "各乡镇人民政府"


def task_lines(plan: Plan, rng: random.Random, reworded: set[int]) -> list[str]:
    """三、主要任务 with a （一） heading per group and 1．2． tasks carrying their units."""
    lines = ["三、主要任务", ""]
    groups = sorted({TASKS[t][0] for t in plan.tasks})
    for g_no, group in enumerate(groups):
        heading, coop_pool = GROUPS[group]
        lines.append(f"（{CN_NUM[g_no]}）{heading}")
        mine = [t for t in plan.tasks if TASKS[t][0] == group]
        for k, t in enumerate(mine, start=1):
            _g, title, alt, body = TASKS[t]
            filled = body.format(
                a=rng.randint(2, 30),
                b=rng.randint(5, 90),
                c=rng.randint(500, 9000),
                d=rng.choice((300, 400, 500, 600, 800, 1000)),
                s=rng.randint(2, 5),
                p=rng.randint(85, 99),
                r=rng.choice((1, 1.5, 2)),
                y=plan.end,
            )
            coop = [department(c, plan.unit) for c in rng.sample(coop_pool, rng.randint(1, 3))]
            if rng.random() < 0.3:
                coop.append(lower_governments(plan.unit))
            units = f"牵头单位：{department('教育', plan.unit)}；配合单位：{'、'.join(coop)}"
            lines.append(f"{k}．{alt if t in reworded else title}。{filled}（{units}）")
        lines.append("")
    return lines


def recipients(plan: Plan) -> str:
    word = level_word(plan.unit)
    if plan.issuer.endswith("教育局"):
        below = "县（市、区）" if plan.unit.level == "city" else "乡镇"
        return f"各{below}教育机构，{word}直各学校："
    return f"{lower_governments(plan.unit)}，{word}直各有关单位："


def plan_text(plan: Plan, rng: random.Random, reworded: set[int]) -> str:
    """The whole plan: notice, title, preamble, 发展基础, 总体目标, 主要任务, 保障措施."""
    unit, scope = plan.unit, scope_word(plan.unit)
    issuer = plan.issuer
    kind = "规划" if plan.title.endswith("规划") else "方案" if "方案" in plan.title else "计划"
    lines = [
        f"{issuer}关于印发{plan.title}的通知",
        "",
        plan.number,
        "",
        recipients(plan),
        f"现将《{plan.title}》印发给你们，请认真贯彻执行。",
        "",
        issuer,
        f"{plan.start}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "",
        plan.title,
        "",
        preamble(plan, rng) + f"加快推进{scope}教育高质量发展，结合实际，制定本{kind}。",
        "",
        "一、发展基础",
        "",
    ]
    base_year = 2020 if plan.end > 2020 else 2017
    era = "“十三五”期间" if base_year == 2020 else "“十三五”以来"
    targets = [(next(i for i in INDICATORS if i.name == n), v) for n, v in plan.targets.items()]
    plan.baselines = [i.name for i, _v in targets if rng.random() < 0.8]
    shown = [baseline_phrase(i, v, rng) for i, v in targets if i.name in plan.baselines]
    lines.append(
        f"{era}，{scope}教育事业取得长足发展。{base_year}年，{scope}" + "，".join(shown) + "。"
    )
    lines += ["", "二、总体目标", ""]
    lines.append(
        f"到{plan.end}年，基本形成覆盖城乡、优质均衡的现代教育体系。{scope}"
        + "，".join(goal_phrase(i, v, rng) for i, v in targets)
        + "。"
    )
    lines.append("")
    lines += task_lines(plan, rng, reworded)
    lines += [
        "四、保障措施",
        "",
        f"各有关单位要将本{kind}实施情况纳入年度绩效考核，"
        f"{department('教育', unit)}每年向社会公布实施进展情况。",
        "",
    ]
    return "\n".join(lines)


def preamble(plan: Plan, rng: random.Random) -> str:
    if plan.parent is None:
        national = "《中国教育现代化2035》和《国家教育事业发展“十四五”规划》"
        if plan.end <= 2020:
            national = "《国家教育事业发展“十三五”规划》"
        return f"为贯彻落实{national}，"
    title = plan.parent.title
    if rng.random() < 0.1:
        title = title.replace("“", "").replace("”", "")  # cited without the quotes
    return f"为贯彻落实《{title}》（{plan.parent.number}），"


# --- plans ----------------------------------------------------------------------------


class Numbers:
    """文号 unique across the corpus (a city's 桂政发 must not be its province's)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set[str]()

    def new(self, prefix: str, year: int) -> str:
        while True:
            number = f"{prefix}〔{year}〕{self.rng.randint(1, 120)}号"
            if doc_number_key(number) not in self.used:
                self.used.add(doc_number_key(number))
                return number


def provincial_plan(n: int, unit: OrgUnit, rng: random.Random, numbers: Numbers) -> Plan:
    if rng.random() < 0.15:
        start, end = 2018, 2020
        title = f"{unit.name}教育提升三年行动计划（2018—2020年）"
    else:
        start, end = 2021, 2025
        title = rng.choice(
            [f"{unit.name}教育事业发展“十四五”规划", f"{unit.name}“十四五”教育发展规划"]
        )
    issuer, kind = rng.choice([("人民政府", "政发"), ("人民政府办公厅", "政办发")])
    number = numbers.new(ABBR[unit.code[:2]] + kind, start)
    plan = Plan(f"p{n:04d}_provincial.txt", unit, title, number, start, end)
    plan.issuer = unit.name + issuer
    for ind in rng.sample(INDICATORS, rng.randint(7, 10)):
        plan.targets[ind.name] = province_value(ind, rng)
    plan.tasks = sorted(rng.sample(range(len(TASKS)), rng.randint(20, 30)))
    return plan


def province_value(ind: Indicator, rng: random.Random) -> float:
    value = rng.uniform(ind.lo, ind.hi)
    return round(value) if rng.random() < 0.5 else round(value, 1)


def local_value(ind: Indicator, parent: float, rng: random.Random) -> float:
    """Near the province's; about a third of them worse than it (lower, or higher if lower)."""
    spread = 1.0 if ind.unit == "ratio" else 2.5
    delta = rng.uniform(-0.6 * spread, 1.2 * spread)  # better when positive
    value = parent + (delta if ind.direction == "higher" else -delta)
    value = round(value) if rng.random() < 0.4 else round(value, 1)
    return float(min(max(value, 0.5), 100.0))


LOCAL_TITLES = [
    ("{r}教育事业发展“十四五”规划", True),
    ("{r}“十四五”教育发展规划", True),
    ("{r}教育高质量发展行动计划（{s}—{e}年）", False),
    ("{r}推进教育现代化实施方案（{s}—{e}年）", False),
    ("{r}基础教育提质增效行动计划（{s}—{e}年）", False),
]


def local_period(parent: Plan, rng: random.Random) -> tuple[int, int]:
    if parent.end <= 2020:
        return rng.choice([(2018, 2020), (2018, 2020), (2019, 2020)])
    if rng.random() < 0.04:
        return 2024, 2026  # runs past the provincial plan
    return rng.choice([(2021, 2025), (2021, 2025), (2021, 2023), (2022, 2024), (2023, 2025)])


def local_plan(
    n: int, unit: OrgUnit, parent: Plan, rng: random.Random, numbers: Numbers
) -> tuple[Plan, set[int]]:
    start, end = local_period(parent, rng)
    five_year = (start, end) == (2021, 2025)
    choices = [t for t, is_five in LOCAL_TITLES if is_five == five_year]
    title = rng.choice(choices).format(r=unit.name, s=start, e=end)
    issuer, kind = rng.choice(
        [("人民政府", "政发"), ("人民政府办公室", "政办发"), ("教育局", "教发")]
    )
    number = numbers.new(unit.name[0] + kind, start)
    plan = Plan(f"p{n:04d}_{unit.code[:6]}.txt", unit, title, number, start, end)
    plan.issuer = unit.name + issuer
    plan.parent = parent
    inherited = [i for i in INDICATORS if i.name in parent.targets]
    others = [i for i in INDICATORS if i.name not in parent.targets]
    picked = rng.sample(inherited, min(len(inherited), rng.randint(5, 8)))
    picked += rng.sample(others, min(len(others), rng.randint(0, 2)))
    for ind in picked[:10]:
        base = parent.targets.get(ind.name)
        plan.targets[ind.name] = (
            local_value(ind, base, rng) if base is not None else province_value(ind, rng)
        )
    return plan, choose_tasks(plan, parent, rng)


def choose_tasks(plan: Plan, parent: Plan, rng: random.Random) -> set[int]:
    """Half the provincial tasks kept, a quarter reworded, a quarter dropped, some added."""
    kept, reworded = [], set()
    for t in parent.tasks:
        roll = rng.random()
        if roll < 0.75:
            kept.append(t)
            if roll >= 0.5:
                reworded.add(t)
    spare = [t for t in range(len(TASKS)) if t not in parent.tasks]
    kept += rng.sample(spare, min(len(spare), rng.randint(0, 4)))
    rest = [t for t in range(len(TASKS)) if t not in kept]
    rng.shuffle(rest)
    while len(kept) < 10:
        kept.append(rest.pop())
    rng.shuffle(kept)
    plan.tasks = sorted(kept[:30])
    return reworded


def generate(folder: Path, count: int, n_provincial: int) -> list[Plan]:
    """Write ``count`` plans: ``n_provincial`` provincial ones, the rest implementing them."""
    rng = random.Random(SEED)
    numbers = Numbers(rng)
    tops = provinces(n_provincial)
    plans = [provincial_plan(n, u, rng, numbers) for n, u in enumerate(tops)]
    for plan in plans:
        write(folder, plan, plan_text(plan, rng, set()))
    pools = {p.unit.code: local_units(p.unit, rng) for p in plans}
    parents = list(plans)
    n = len(plans)
    while n < count:
        open_ = [p for p in parents if pools[p.unit.code]]
        if not open_:
            raise SystemExit(f"only {n} regions available for {count} plans")
        for parent in open_:
            if n >= count:
                break
            plan, reworded = local_plan(n, pools[parent.unit.code].pop(0), parent, rng, numbers)
            write(folder, plan, plan_text(plan, rng, reworded))
            plans.append(plan)
            n += 1
    return plans


def write(folder: Path, plan: Plan, text: str) -> None:
    (folder / plan.file).write_text(text, encoding="utf-8")


# --- checks and timing ----------------------------------------------------------------


def ledger_checks(settings: Settings, plans: list[Plan]) -> list[str]:
    """Do references resolve to the provincial plan, and goals link to their indicators?"""
    by_file = {p.file: p for p in plans}
    docs = machine_data(ledger.list_documents(settings))
    ok = wrong = unresolved = top_linked = 0
    for doc in docs:
        plan = by_file[doc["name"]]
        targets = [x["target_name"] for x in doc["implements"]]
        if plan.parent is None:
            top_linked += any(targets)  # they cite national plans, not in the ledger
            continue
        if plan.parent.file in targets:
            ok += 1
        elif any(targets):
            wrong += 1
        else:
            unresolved += 1
    implementing = sum(1 for p in plans if p.parent is not None)
    lines = [
        f"- higher plan resolved to the provincial plan: {ok} of {implementing} implementing "
        f"plans ({wrong} to another document, {unresolved} unresolved); "
        f"provincial plans linked to a ledger document: {top_linked}"
    ]
    for kind, section, wanted in (
        ("target", "总体目标", lambda p: list(p.targets)),
        ("baseline", "发展基础", lambda p: p.baselines),
    ):
        linked, expected, missing = linked_items(settings, plans, kind, section, wanted)
        lines.append(f"- {section} {kind}s linked to their indicator: {linked} of {expected}")
        if missing:
            lines.append(f"- {section} {kind}s not linked: {missing}")
    return lines


def linked_items(
    settings: Settings,
    plans: list[Plan],
    kind: str,
    section: str,
    wanted: Callable[[Plan], list[str]],
) -> tuple[int, int, dict[str, int]]:
    """How many of the indicators written in a section came out linked; the missing ones."""
    found: dict[str, set[str]] = {}
    for item in machine_data(ledger.query_targets(settings, ledger.TargetQuery(kind=kind))):
        if item["section"] == section and item["indicator"]:
            found.setdefault(item["doc"], set()).add(item["indicator"])
    linked = expected = 0
    missing: dict[str, int] = {}
    for plan in plans:
        want = {i.catalog_id for i in INDICATORS if i.name in wanted(plan)}
        got = found.get(plan.file, set())
        expected += len(want)
        linked += len(want & got)
        for m in want - got:
            missing[m] = missing.get(m, 0) + 1
    return linked, expected, missing


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """The best wall time and the best CPU time of ``runs`` cold runs (the word caches of
    coverage emptied first). On a shared machine the CPU time varies less with the load."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(runs):
        try:
            from planwatch.analyze.words import clear_caches
        except ImportError:  # before coverage read words
            pass
        else:
            clear_caches()
        began, cpu = time.perf_counter(), time.process_time()
        result = work()
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best, best_cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="plans in all")
    parser.add_argument("--provincial", type=int, default=30, help="provincial plans among them")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best is shown")
    parser.add_argument("--keep", action="store_true", help="keep the plan folder and database")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="a folder kept by --keep (same --count and --provincial): its ledger is timed again "
        "without ingesting",
    )
    args = parser.parse_args()
    if args.count <= args.provincial:
        parser.error("--count must exceed --provincial")
    tmp = Path(tempfile.mkdtemp(prefix="pw_bench_analyze_"))
    try:
        run(args, tmp)
    finally:
        if args.keep and not args.reuse:
            print(f"\nkept: {tmp}/plans and sqlite:///{tmp}/ledger.db")
        else:
            shutil.rmtree(tmp)


def run(args: argparse.Namespace, tmp: Path) -> None:
    (tmp / "plans").mkdir()
    began = time.perf_counter()
    plans = generate(tmp / "plans", args.count, args.provincial)
    generated = time.perf_counter() - began
    paths = sorted((tmp / "plans").iterdir())
    size = sum(p.stat().st_size for p in paths)
    settings = Settings(f"sqlite:///{(args.reuse or tmp) / 'ledger.db'}")
    if not args.reuse:
        ledger.ingest_paths(settings, [])  # schema and catalogs, not timed
    began = time.perf_counter()
    report = ledger.ingest_paths(settings, [] if args.reuse else paths)
    ingested = time.perf_counter() - began
    n_local = sum(1 for p in plans if p.parent is not None)
    print("```")
    print(f"$ {Path(sys.executable).name} benchmarks/bench_analyze.py " + " ".join(sys.argv[1:]))
    print("```")
    print(*machine(), sep="\n")
    print(f"- load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"- setup: {len(paths)} plans generated ({size / 1e6:.1f} MB) in {generated:.1f} s; "
        f"ingest into SQLite {ingested:.1f} s ({len(paths) / ingested:.0f} documents/s): "
        + report.summary()
    )
    for failed in report.failed:
        print(f"- failed: {failed.error}")
    print(*ledger_checks(settings, plans), sep="\n")
    print()
    try:
        from planwatch.services.analysis import (
            check_plans,
            coverage_all,
        )
    except ImportError as exc:
        print(f"planwatch.services.analysis is not available yet ({exc}); nothing timed.")
        return
    check_s, check_cpu, findings = best_of(args.runs, lambda: check_plans(settings))
    cover_s, cover_cpu, coverage = best_of(args.runs, lambda: coverage_all(settings))
    findings, coverage = machine_data(findings), machine_data(coverage)
    print(
        "| plans | provincial | implementing | findings | coverage rows "
        "| check_plans s | coverage_all s | check_plans CPU s | coverage_all CPU s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(plans)} | {len(plans) - n_local} | {n_local} | {len(findings)} "
        f"| {len(coverage)} | {check_s:.2f} | {cover_s:.2f} | {check_cpu:.2f} | {cover_cpu:.2f} |"
    )
    print(f"\n- best of {args.runs} runs each, wall and CPU time, after the ingest above")
    print(f"- load average after: {os.getloadavg()[0]:.2f}")
    print(f"- findings: {counted(f['kind'] for f in findings)}")
    print(*accuracy(plans, findings, coverage), sep="\n")
    summaries = [row for cov in coverage for row in cov["summary"]]
    tasks = {k: sum(r[k] for r in summaries) for k in ("tasks", "tasks_covered", "tasks_partial")}
    print(
        f"- coverage: {len(coverage)} higher plans, {len(summaries)} implementing plans "
        f"summarized; of {tasks['tasks']} higher-plan tasks, {tasks['tasks_covered']} covered, "
        f"{tasks['tasks_partial']} partly"
    )


def accuracy(plans: list[Plan], findings: list[Any], coverage: list[Any]) -> list[str]:
    """check and coverage against what the generator wrote: which goals it set worse than the
    province's for the same or an earlier year (plans ending with or after the province's),
    and which provincial tasks each plan kept or dropped."""
    by_name = {i.name: i for i in INDICATORS}
    by_file = {p.file: p for p in plans}
    wanted = set()
    for plan in plans:
        if plan.parent is None or plan.end < plan.parent.end:
            continue  # its goals are for a year before the province's: not comparable
        for name, value in plan.targets.items():
            ind, top = by_name[name], plan.parent.targets.get(name)
            if top is not None and (value < top if ind.direction == "higher" else value > top):
                wanted.add((plan.file, ind.catalog_id))
    goals = {i.catalog_id for i in INDICATORS}
    found, other, in_tasks = set(), 0, 0
    for f in findings:
        if f["kind"] != "cascade_weaker":
            continue
        plan = by_file[f["doc"]]
        if f["indicator"] not in goals:
            in_tasks += 1  # a rate written in a task body with a random figure
        elif plan.parent is not None and f["evidence"][1]["doc"] == plan.parent.file:
            found.add((f["doc"], f["indicator"]))
        else:
            other += 1
    hit = len(wanted & found)
    lines = [
        f"- cascade_weaker against the provincial plan: {hit} of {len(wanted)} generated "
        f"(recall {hit / max(1, len(wanted)):.3f}), {len(found - wanted)} not generated "
        f"(precision {hit / max(1, len(found)):.3f}); {other} more against a plan of the "
        f"region above (a county below its city's plan); {in_tasks} on rates that task bodies "
        "give random figures (教师培训经费占工资总额比例)"
    ]
    titles = {n: t[1] for n, t in enumerate(TASKS)}
    table = {(True, s): 0 for s in ("covered", "partial", "not_covered")}
    table.update({(False, s): 0 for s in ("covered", "partial", "not_covered")})
    for cov in coverage:
        for row in cov["tasks"]:
            plan = by_file[row["lower"]]
            kept = any(titles[t] == row["title"] for t in plan.tasks)
            table[(kept, row["status"])] += 1
    for kept, name in ((True, "kept or reworded"), (False, "dropped")):
        total = sum(n for (k, _s), n in table.items() if k == kept)
        lines.append(
            f"- coverage of provincial tasks {name} by the lower plan ({total}): "
            f"covered {table[(kept, 'covered')]}, partly {table[(kept, 'partial')]}, "
            f"not covered {table[(kept, 'not_covered')]}"
        )
    return lines


def counted(values: Any) -> str:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    main()
