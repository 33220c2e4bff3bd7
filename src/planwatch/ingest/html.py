"""HTML markup to its visible body text, each character mapped to its place in the markup.

Worked example: ``"<p>a&amp;b</p>"`` gives text ``"\\na&b\\n"`` with offsets
``[0, 3, 4, 9, 10, 14]``: ``&`` maps to the ``&`` of ``&amp;``, the newlines to the
tags that end or start the block.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from planwatch.ingest.offsets import Mapped, from_pieces

SKIP = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "template",
        "head",
        "svg",
        "iframe",
        "object",
        "select",
        "button",
        "aside",
    }
)
BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "hr",
        "body",
        "form",
        "main",
        "figure",
        "figcaption",
        "caption",
        "address",
        "center",
    }
)
VOID = frozenset(
    {
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
        "param",
    }
)
_SPACE = re.compile(r"[ \t\r\n\f]+")


# class or id tokens of a site's navigation and footer: <div class="nav">首页 | 政务公开</div>
_CHROME_TOKENS = frozenset(
    "nav navbar menu breadcrumb crumbs crumb footer sidebar topbar toolbar share bdshare".split()
)


def _is_page_chrome(attrs: list[tuple[str, str | None]]) -> bool:
    """True for an element whose class or id names site navigation, not the document."""
    return any(
        name in ("class", "id") and value and not _CHROME_TOKENS.isdisjoint(value.lower().split())
        for name, value in attrs
    )


class _Visible(HTMLParser):
    """Collects visible text pieces with their markup offsets."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.pieces: list[tuple[str, int, int]] = []
        self.skip: list[str] = []
        self.cells = 0
        self.pre = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, at: int) -> None:
        self.pieces.append((text, at, 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.skip:  # an unclosed <head> ends at <body>
            del self.skip[self.skip.index("head") :]
        if self.skip or tag in SKIP or _is_page_chrome(attrs):
            if tag not in VOID:  # every tag inside a skipped one, so that nesting holds
                self.skip.append(tag)
            return
        self._block(tag, self._pos(), start=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag not in SKIP:
            self._block(tag, self._pos(), start=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in self.skip:
                while self.skip.pop() != tag:
                    pass
            return
        self._block(tag, self._pos(), start=False)

    def _block(self, tag: str, at: int, *, start: bool) -> None:
        """Line structure: cells are TAB lines, rows end with a blank line, blocks end lines."""
        if tag in ("td", "th"):
            self.cells += 1 if start else -1
            self.cells = max(self.cells, 0)
            if start:
                self._emit("\n\t", at)
        elif tag in ("tr", "table"):
            self._emit("\n\n", at)
        elif tag in BLOCK:
            if tag == "pre":
                self.pre += 1 if start else -1
            self._emit(" " if self.cells else "\n", at)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """Skip a marked section the stdlib parser rejects (``<![foo]>``) instead of failing."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return len(self.rawdata) if end < 0 else end + 1

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        at = self._pos()
        if self.pre:
            self.pieces.append((data, at, 1))
            return
        pos = 0
        for m in _SPACE.finditer(data):
            self.pieces.append((data[pos : m.start()], at + pos, 1))
            self._emit(" ", at + m.start())
            pos = m.end()
        self.pieces.append((data[pos:], at + pos, 1))

    def _ref(self, written: str) -> None:
        """An entity or character reference: its character maps to the '&'."""
        if self.skip:
            return
        at = self._pos()
        text = unescape(written + ";")
        if text == written + ";":  # not a known entity: keep it as written
            self.pieces.append((written, at, 1))
            return
        self._emit(_SPACE.sub(" ", text.replace("\xa0", " ")), at)

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name}")


def html_visible(markup: str) -> Mapped:
    """The visible text of an HTML page with offsets into the markup."""
    parser = _Visible(markup)
    parser.feed(markup)
    parser.close()
    return from_pieces(parser.pieces, len(markup))
