"""Speed: parsing is linear in the text and fast (the pipeline must read ≥ 2M chars/s)."""

from __future__ import annotations

import time

from planwatch.parse import parse_document
from planwatch.records import SourceText

PROSE = (
    "坚持以游戏为基本活动，推进科学保教，全面提升保教质量，健全学前教育教研指导网络，"
    "到2023年建设230所自治区示范幼儿园，学前教育毛入园率达92.4%，普惠性幼儿园覆盖率达85%。"
) * 3
# About as dense in headings, tasks and table cells as seeds 000 and 004.
CHUNK = (
    "二、主要任务\n（一）实施学前教育计划。\n"
    f"1．实施公办幼儿园扩容工程。{PROSE}"
    "（牵头单位：自治区教育厅；配合单位：自治区发展改革委、财政厅，各市、县人民政府）\n"
    f"2．深化保教改革。{PROSE}（责任单位：自治区教育厅）\n"
    "\t专栏1  建设规划表\n\n\t学段\n\t县区\n\t学校名称\n\t学位\n\t建设\n\n方式\n\n"
    + "\t幼儿园\n\t市直\n\t第一幼儿园\n\t360\n\t新建\n\n\t\n\t\n\t第二幼儿园\n\t300\n\t新建\n\n" * 3
    + f"\n三、保障措施\n（一）加强组织领导。{PROSE}\n"
)


def _seconds(text: str) -> float:
    src = SourceText.identity("big.txt", text)
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        parse_document(src)
        best = min(best, time.process_time() - began)
    return best


def test_parsing_a_megabyte_of_plan_text_is_fast_and_linear() -> None:
    small = CHUNK * 250
    large = CHUNK * 1000
    t_small, t_large = _seconds(small), _seconds(large)
    assert len(large) / t_large > 2_000_000  # chars per second, with room for a busy machine
    assert t_large < 8 * t_small  # 4× the text takes about 4× the time, not 16×
