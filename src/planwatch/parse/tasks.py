"""Tasks of a plan: numbered work items under its main-tasks part, with their units.

A task is a numbered leaf heading (一、/（一）/1．) under the part holding the tasks
(主要任务, 重点任务, 主要措施, 主要工作, 目标任务…; not under its 总体目标), e.g.
``1．实施公办幼儿园扩容工程。…（牵头单位：自治区教育厅；配合单位：
自治区发展改革委、财政厅）``. Units come from a parenthesis naming roles
(牵头单位, 配合单位, 责任单位, 组织实施单位, 具体实施单位, or …部门), or from the
``（自治区教育厅牵头，财政厅配合）`` and ``（市教育局负责）`` (责任单位) styles, or from a
分工表 whose header names roles.
"""

from __future__ import annotations

import re

from planwatch.records import Section, SourceText, Table, Task

_ROLE = r"(?:牵头|配合|责任|组织实施|具体实施|实施|协办|参与)(?:单位|部门)"
_PAREN_BODY = r"[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*"
# （牵头单位：自治区教育厅；配合单位：…）, nested parentheses one level deep.
_UNITS_RE = re.compile(rf"[（(]\s*(?P<body>{_ROLE}\s*[:：]{_PAREN_BODY})[）)]")
_ROLE_PART_RE = re.compile(rf"(?P<role>{_ROLE})\s*[:：](?P<names>[^;；]*)")
# （自治区教育厅牵头，财政厅、人社厅配合）
_LEAD_COOP_RE = re.compile(
    r"[（(](?P<lead>[^（）()；;。]{2,80}?)牵头(?:[,，；;]\s*(?P<coop>[^（）()；;。]{2,200}?)配合)?[）)]"
)
# （市教育局、财政局负责）
_IN_CHARGE_RE = re.compile(r"[（(](?P<who>[^（）()；;。，,]{2,80}?)负责[）)]")
_ROLE_WORD_RE = re.compile(_ROLE)
# Where a role parenthesis may start: "（" and the first character of a role word. A text
# without ASCII "(" is searched with the pattern opening with a literal: a faster scan.
_HINT_RE = re.compile(r"[（(]\s*[牵配责组具实协参]")
_FULLWIDTH_HINT_RE = re.compile(r"（\s*[牵配责组具实协参]")
_UNITS_MAX = 1200  # characters of a role parenthesis, whitespace included
_ROLE_ALIASES = {"牵头部门": "牵头单位", "配合部门": "配合单位", "责任部门": "责任单位"}
# The part holding the tasks: 二、主要任务, 第二章 …重点任务, 三、主要措施, 三、目标任务. Measures
# and work words count only ending a heading and after 主要/重点/具体/工作, so 保障措施 and
# （二）强化重点工作督查 do not.
_MAIN_PART_RE = re.compile(
    r"主要任务|重点任务|工作任务|任务措施|任务举措"
    r"|(?:(?:主要|重点|具体|工作)(?:措施|举措)|(?:主要|重点)工作|目标任务)$"
)
# A goals heading inside that part (（一）总体目标, 具体目标, 发展目标和主要指标): it and
# what it holds are targets, not tasks.
_GOALS_RE = re.compile(
    r"^(?:总体|具体|主要|发展|工作|阶段性?|近期|远期|年度|分项|预期)?(?:目标|指标)"
    r"(?:[和与及][\u4e00-\u9fff]{0,4}(?:目标|指标))?$"
)
_TASK_KINDS = ("cn", "paren", "arabic")
# Headings of principles, goals and review: the paragraphs under them are not tasks (and a
# review's figures are baselines, see extract.rules).
PRINCIPLE_HEADINGS = ("总体要求", "指导思想", "基本原则", "工作原则", "基本思路", "总体思路")
GOAL_HEADINGS = ("总体目标", "主要目标", "工作目标", "发展目标", "具体目标", "目标任务")
REVIEW_HEADINGS = (
    "发展基础",
    "发展现状",
    "基本情况",
    "现状",
    "工作基础",
    "回顾",
    "成就",
    "取得",
    "成效",
    "进展",
    "完成情况",
    "实施情况",
    "存在的",
    "问题",
    "形势",
    "背景",
)
_NOT_WORK_RE = re.compile(
    "|".join((*PRINCIPLE_HEADINGS, *GOAL_HEADINGS, *REVIEW_HEADINGS, "名词解释"))
)

_SEP_RE = re.compile(r"[、，,/]+")
# 及/和/与 between two body names: the left side ends like a body name.
_AND_RE = re.compile(r"(?<=[厅局委办院会部校府心联位])[及和与](?=\S)")
_BODY_END_RE = re.compile(
    r"(?:政府|厅|局|委|办|院|会|部|部门|机关|校|大学|中心|联|处|室|站|所|队|社|团|行|司|署|馆|单位"
    r"|机构|集团|公司|企业|组|台|军区|总队|管委|基地)$"
)


def parse_tasks(
    src: SourceText, outline: list[Section], tables: list[Table] | None = None
) -> list[Task]:
    """Tasks from the outline's main-tasks part, then from 分工表 tables if given.

    ``Task.section_index`` is the index of the task's own heading in the outline (its
    ``parent`` is the enclosing 计划/工程 heading); table tasks get the table's section.
    """
    tasks = [_task_of(src.text, outline, i) for i in task_sections(outline)]
    if tables:
        tasks.extend(tasks_from_tables(tables))
    return tasks


def task_sections(outline: list[Section]) -> list[int]:
    """Indexes of numbered leaf headings inside the main-tasks part(s)."""
    has_child = {s.parent for s in outline if s.kind in _TASK_KINDS}
    parts = [i for i, s in enumerate(outline) if _MAIN_PART_RE.search(s.title)]
    if not parts:
        return _leaves_under_work(outline, has_child)
    found: list[int] = []
    for part in parts:
        if found and found[-1] > part:
            continue  # a part nested inside an earlier one
        found.extend(_leaves_of_part(outline, part, has_child))
    return found


def _leaves_under_work(outline: list[Section], has_child: set[int | None]) -> list[int]:
    """Without a main-tasks part, the numbered leaf paragraphs under headings of work.

    An 意见 writes its work as （一）准确把握…。 paragraphs under 二、完善…体系, 三、加强…,
    六、保障措施, with no 主要任务 heading and often no 牵头单位: each is a task. The
    paragraphs under a heading of principles, goals or review (一、总体要求 with its
    （一）指导思想, （二）基本原则, （三）主要目标; 一、发展现状) are not.
    """
    found: list[int] = []
    for i, sec in enumerate(outline):
        if sec.kind not in _TASK_KINDS or i in has_child or _NOT_WORK_RE.search(sec.title):
            continue
        if sec.parent is None and sec.kind != "arabic":
            continue  # a top heading without numbered paragraphs is a part, not a task
        if not any(_NOT_WORK_RE.search(outline[a].title) for a in _ancestors(outline, i)):
            found.append(i)
    return found


def _ancestors(outline: list[Section], i: int) -> list[int]:
    chain: list[int] = []
    parent = outline[i].parent
    while parent is not None:
        chain.append(parent)
        parent = outline[parent].parent
    return chain


def _leaves_of_part(outline: list[Section], part: int, has_child: set[int | None]) -> list[int]:
    """Numbered leaf headings inside ``outline[part]``, outside its goals headings."""
    leaves: list[int] = []
    end = outline[part].end
    goals_end = -1
    for i in range(part + 1, len(outline)):
        sec = outline[i]
        if sec.start >= end:
            break
        if sec.start < goals_end:
            continue
        if _GOALS_RE.match(sec.title):
            goals_end = sec.end
        elif sec.kind in _TASK_KINDS and i not in has_child:
            leaves.append(i)
    return leaves


def _task_of(text: str, outline: list[Section], index: int) -> Task:
    sec = outline[index]
    label = sec.label.strip("（）()")
    units = find_units(text[sec.start : sec.end])
    return Task(label, sec.title, sec.start, sec.end, section_index=index, units=units)


def find_units(body: str) -> dict[str, list[str]]:
    """Role → unit names from the role parentheses of a task's text."""
    units: dict[str, list[str]] = {}
    hints = _HINT_RE if "(" in body else _FULLWIDTH_HINT_RE
    for hint in hints.finditer(body):
        # whitespace dropped: lines may break inside the parenthesis (PDF text)
        m = _UNITS_RE.match(_no_space(body[hint.start() : hint.start() + _UNITS_MAX]))
        if m is None:
            continue
        for part in _ROLE_PART_RE.finditer(m.group("body")):
            role = _ROLE_ALIASES.get(part.group("role"), part.group("role"))
            _add(units, role, split_units(part.group("names")))
    if not units and "牵头" in body:
        for m in _LEAD_COOP_RE.finditer(body):
            _add(units, "牵头单位", split_units(m.group("lead")))
            if m.group("coop"):
                _add(units, "配合单位", split_units(m.group("coop")))
    if not units and "负责" in body:
        for m in _IN_CHARGE_RE.finditer(body):
            _add(units, "责任单位", split_units(m.group("who")))
    return units


def _no_space(text: str) -> str:
    """``text`` without whitespace (str.split and the regex ``\\s`` agree on what it is)."""
    return "".join(text.split())


def _add(units: dict[str, list[str]], role: str, names: list[str]) -> None:
    if names:
        have = units.setdefault(role, [])
        have.extend(n for n in names if n not in have)


def split_units(names: str) -> list[str]:
    """Unit names split on 、，and 及/和 between bodies; "各市、县人民政府" stays one."""
    text = _no_space(names).strip("。；;，,、")
    text = text.removesuffix("等")
    result: list[str] = []
    pending = ""
    for piece in _SEP_RE.split(text):
        for part in _AND_RE.split(piece):
            if not part:
                continue
            current = f"{pending}、{part}" if pending else part
            if _BODY_END_RE.search(current):
                result.append(current)
                pending = ""
            else:
                pending = current  # 各市 → joined with 县人民政府
    if pending:
        result.append(pending)
    return result


def tasks_from_tables(tables: list[Table]) -> list[Task]:
    """Tasks from table rows whose header names unit roles (牵头部门, 配合部门, …)."""
    tasks: list[Task] = []
    for table in tables:
        if not table.header:
            continue
        labels = table.header[-1]
        roles = {i: _role_of(t) for i, t in enumerate(labels) if _role_of(t)}
        if not roles:
            continue
        title_col = next((i for i, t in enumerate(labels) if "任务" in t or "项目" in t), None)
        label_col = next((i for i, t in enumerate(labels) if "序号" in t), None)
        for n, row in enumerate(table.rows, start=1):
            if len(row) != len(labels):
                continue
            units: dict[str, list[str]] = {}
            for col, role in roles.items():
                _add(units, role, split_units(row[col].text))
            label = row[label_col].text if label_col is not None else str(n)
            title = row[title_col].text if title_col is not None else ""
            start, end = row[0].start, row[-1].end
            tasks.append(
                Task(label, title, start, end, section_index=table.section_index, units=units)
            )
    return tasks


def _role_of(label: str) -> str:
    m = _ROLE_WORD_RE.search(label)
    if m is None:
        return ""
    return _ROLE_ALIASES.get(m.group(), m.group())
