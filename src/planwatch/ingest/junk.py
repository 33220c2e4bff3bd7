"""Lines that are not part of the plan: page numbers, markup debris, web page header and footer."""

from __future__ import annotations

import re

from planwatch.ingest.offsets import Mapped, apply_edits

# Junk lines in one scan, each match from the newline before the line to its end:
# a page number ("— 20 —", "- 3 -", "第 3 页"), a line of HTML tags only, or a letterhead
# spaced out letter by letter ("广 西 壮 族 自 治 区", whose spaces alone go).
JUNK_LINE = re.compile(
    r"\n *(?:"
    r"(?P<page>(?:[-—–－―]{1,2}[ \t]*\d{1,4}[ \t]*[-—–－―]{1,2}"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?))"
    r"|(?P<tags>(?:</?[A-Za-z][^<>\n]*>[ \t]*)+)"
    r"|(?P<letterhead>[\u4e00-\u9fff](?: {1,3}[\u4e00-\u9fff]){2,})"
    r")[ \t]*(?=\n)"
)
# Web page metadata lines near the top: 发表时间, 来源, 作者, 浏览次数, 打印/关闭.
_WEB_META_WORDS = (
    r"(?:发表时间|发布时间|发布日期|发文日期|浏览次数|阅读次数|点击数|点击次数"
    r"|来源[:：]|作者[:：]|字号[:：]|【打印】|【关闭】|【字体"
    r"|关键词[:：]|关键字[:：]|【温馨提示】|温馨提示[:：])"
)
WEB_META = re.compile(rf"\n[^\n]{{0,60}}?{_WEB_META_WORDS}[^\n]*(?=\n)")
# Every WEB_META match holds one of its words: a text without them is not scanned line by line.
_WEB_META_WORD = re.compile(_WEB_META_WORDS)
WEB_META_ZONE = 3000
# A web page footer starts at a 版权所有 / Copyright / ICP备 line near the end, or at the
# heading of its related links (相关链接, 相关范文：…): headlines of other pages and ads.
FOOTER_START = re.compile(
    r"(?i)\n[ \t]*(?:版权所有|版权声明|copyright|©|\(c\)|网站标识码"
    r"|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备"
    r"|【?(?:相关链接|相关阅读|相关文章|相关新闻|相关范文|相关推荐|推荐阅读|延伸阅读|热点推荐"
    r"|猜你喜欢)】?[ \t]*(?:[：:]|\n))"
)
FOOTER_ZONE = 2000
_BLANKS = re.compile(" +")


def _line_deletions(text: str) -> list[tuple[int, int, str]]:
    """Deletions of junk lines (each with its preceding newline) and letterhead spaces."""
    edits: list[tuple[int, int, str]] = []
    for m in JUNK_LINE.finditer(text):
        if m.group("letterhead") is None:
            edits.append((m.start(), m.end(), ""))
            continue
        base = m.start()
        edits += [(base + s.start(), base + s.end(), "") for s in _BLANKS.finditer(m.group(), 1)]
    if _WEB_META_WORD.search(text, 0, WEB_META_ZONE):
        edits += [(m.start(), m.end(), "") for m in WEB_META.finditer(text, 0, WEB_META_ZONE)]
    footer = FOOTER_START.search(text, max(0, len(text.rstrip()) - FOOTER_ZONE))
    if footer is not None:
        edits.append((footer.start(), len(text) - 1, ""))  # keep the final newline
    return edits


def union(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted deletions with overlapping or nested ranges merged into one."""
    merged: list[tuple[int, int, str]] = []
    for start, end, _ in sorted(edits):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), "")
        else:
            merged.append((start, end, ""))
    return merged


def drop_junk(doc: Mapped) -> Mapped:
    """Page numbers, tag-only lines, web metadata at the top, a footer, letterhead spaces.

    The text must start and end with a newline (normalize pads it).
    """
    return apply_edits(doc, union(_line_deletions(doc.text)))


# Pinyin a web page inserted after a character (學(xué)時, 不少於(yú), 達(dá)到): a bracket right
# after an ideograph holding one or two romanized syllables with a tone mark. The plan's
# own brackets never hold a toned syllable, so the figure, unit and relation words read
# whole again (72學(xué)時 → 72学时), while the source span still covers the pinyin.
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（][a-zü]*[{_TONES}][a-zü{_TONES}]*"
    rf"(?: [a-zü]*[{_TONES}][a-zü{_TONES}]*)?[)）]"
)
_TONE = re.compile(f"[{_TONES}]")


def drop_pinyin(doc: Mapped) -> Mapped:
    """The text without pinyin inserted in brackets after its characters."""
    if _TONE.search(doc.text) is None:  # the common case: one fast scan
        return doc
    return apply_edits(doc, [(m.start(), m.end(), "") for m in _PINYIN.finditer(doc.text)])
