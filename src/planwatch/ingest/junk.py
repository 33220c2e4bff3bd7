"""Lines that are not part of the plan: page numbers, markup debris, web page header and footer."""

from __future__ import annotations

import re

from planwatch.ingest.offsets import Edit, Mapped, apply_edits

# A line holding only a page number: "— 20 —", "- 3 -", "第 3 页", "第3页 共20页".
PAGE_NUMBER = re.compile(
    r"(?m)^[ \t]*(?:[-—–－―]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－―]{1,2}"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t]*(?:\n|$)"
)
# A line holding only HTML tags (debris of a web page saved as text).
TAG_LINE = re.compile(r"(?m)^[ \t]*(?:</?[A-Za-z][^<>\n]*>[ \t]*)+(?:\n|$)")
# Web page metadata lines near the top: 发表时间, 来源, 作者, 浏览次数, 打印/关闭.
WEB_META = re.compile(
    r"(?m)^[^\n]{0,60}?(?:发表时间|发布时间|发布日期|发文日期|浏览次数|阅读次数|点击数|点击次数"
    r"|来源[:：]|作者[:：]|字号[:：]|【打印】|【关闭】|【字体)[^\n]*(?:\n|$)"
)
WEB_META_ZONE = 3000
# A web page footer starts at a 版权所有 / Copyright / 主办单位 line near the end.
FOOTER_START = re.compile(
    r"(?im)^[ \t]*(?:版权所有|版权声明|copyright|©|\(c\)|主办单位|主办[:：]|承办单位|网站标识码"
    r"|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备)"
)
FOOTER_ZONE = 2000
# Letterhead spaced out letter by letter: "广 西 壮 族 自 治 区".
LETTERHEAD = re.compile(r"(?m)^[ \t]*[\u4e00-\u9fff](?: {1,3}[\u4e00-\u9fff]){2,}[ \t]*$")


def drop_matches(doc: Mapped, pattern: re.Pattern[str], start: int = 0, end: int = -1) -> Mapped:
    """Delete every match of a line pattern inside text[start:end]."""
    stop = len(doc.text) if end < 0 else end
    return apply_edits(
        doc, (Edit(m.start(), m.end(), "") for m in pattern.finditer(doc.text, start, stop))
    )


def drop_footer(doc: Mapped) -> Mapped:
    """Delete a copyright/contact footer block from its first line to the end of the text."""
    text = doc.text
    zone = max(0, len(text.rstrip()) - FOOTER_ZONE)
    match = FOOTER_START.search(text, zone)
    if match is None:
        return doc
    return apply_edits(doc, [Edit(match.start(), len(text), "")])


def unspace_letterhead(doc: Mapped) -> Mapped:
    """Remove the spaces of letter-spaced CJK lines (a letterhead), keeping the letters."""
    edits = []
    for line in LETTERHEAD.finditer(doc.text):
        base = line.start()
        edits += [
            Edit(base + m.start(), base + m.end(), "") for m in re.finditer(r"[ \t]+", line.group())
        ]
    return apply_edits(doc, edits)


def drop_junk(doc: Mapped) -> Mapped:
    """Page numbers, tag-only lines, web metadata at the top and a footer at the end."""
    doc = drop_matches(doc, TAG_LINE)
    doc = drop_matches(doc, WEB_META, 0, WEB_META_ZONE)
    doc = drop_footer(doc)
    return drop_matches(doc, PAGE_NUMBER)
