"""Web pages: the notice's paragraphs and tables, without the site around them.

Government sites publish a plan as ``<p>`` per line (``&nbsp;`` indents, ``<br>``
inside paragraphs) or as a ``<table>`` with merged lead cells, wrapped in menus,
scripts and footers, often with the whole page laid out in tables. The reader:

* walks the body in document order; every block element (``<p>``, ``<div>``,
  ``<li>``, ``<h1>``…) and every ``<br>`` ends a line, and each line becomes a
  paragraph block with the source line of the element it started in;
* collapses whitespace as a browser does (``&nbsp;`` is a space; a source line
  break between two Chinese characters vanishes, as the CSS segment-break rules
  say); indentation at line ends is not text and is stripped;
* drops what is not the document, counting it in ``dropped`` by kind: ``script``,
  ``style``, ``noscript``, ``template``, ``nav`` (``<nav>``, ``<aside>``,
  ``role=navigation`` and obvious class/id names such as ``menu``, ``breadcrumb``,
  ``share``), ``header``/``footer`` (the site's; a ``<header>`` inside
  ``<article>`` or ``<main>`` holds the notice's own title and is kept), ``hidden``
  (``display:none``), ``form`` (buttons, inputs, selects), ``empty-row``;
* reads a table whose cells hold no other table as data: each ``<tr>`` a row
  block, ``rowspan``/``colspan`` spread (see :mod:`.tables`), a cell's own line
  breaks kept as ``\\n``; a table that contains tables is page layout, and its
  cells are read as ordinary content (``dropped["layout-table"]``).
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable

import lxml.etree
import lxml.html

from graph.read.document import PARAGRAPH, Block, Document, Where
from graph.read.encoding import decode_bytes
from graph.read.formats.tables import SpanCell, place_flowing, row_blocks
from graph.read.formats.text import strip_edges

_SKIP = {
    "script": "script",
    "style": "style",
    "noscript": "noscript",
    "template": "template",
    "head": "",
    "title": "",
    "nav": "nav",
    "aside": "nav",
    "select": "form",
    "button": "form",
    "input": "form",
    "textarea": "form",
    "iframe": "",
    "object": "",
    "embed": "",
    "svg": "",
    "canvas": "",
    "map": "nav",
}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# Words that, as a class or id (or a dash/underscore-separated part of one), mark
# site navigation rather than the document.
_NAV_WORDS = {
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "pagination", "pager", "toolbar", "topbar",
    "sidebar", "sitemap", "share", "sharing", "bdshare", "skip", "skiplink",
}  # fmt: skip
# Whole class names or ids of a site's header and footer.
_FRAME_NAMES = {
    "header": "header", "site-header": "header", "page-header": "header",
    "footer": "footer", "foot": "footer", "site-footer": "footer", "page-footer": "footer",
    "copyright": "footer",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ASCII_SPACE = "[ \t\n\r\f]"
_SEGMENT_BREAK = re.compile(
    rf"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]){_ASCII_SPACE}*\n{_ASCII_SPACE}*"
    r"(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])"
)
_SPACES = re.compile(r"[ \t\n\r\f\xa0]+")
# Chinese sites declare the subset; GB18030 decodes all of them.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
}


def _collapse(text: str) -> str:
    """Whitespace as a browser renders it: breaks between CJK vanish, runs become a space."""
    text = _SEGMENT_BREAK.sub("", text)
    return strip_edges(_SPACES.sub(" ", text))


class _Lines:
    """Collects inline text into lines; ``end`` closes the current line.

    Each finished line goes to ``emit`` with the source line where its first
    visible character was written.
    """

    def __init__(self, emit: Callable[[str, int], None]) -> None:
        self._emit = emit
        self._parts: list[str] = []
        self._line = 0

    def write(self, text: str, line: int | None) -> None:
        """Add ``text``, which starts on source line ``line``."""
        if not text:
            return
        if not self._line:
            visible = len(text) - len(text.lstrip(" \t\n\r\f\xa0"))
            if visible < len(text):  # the line starts here: where its first character is
                self._line = line + text.count("\n", 0, visible) if line else 0
        self._parts.append(text)

    def end(self) -> None:
        if self._parts:
            text = _collapse("".join(self._parts))
            if text:
                self._emit(text, self._line)
        self._parts = []
        self._line = 0


def _tag(element: object) -> str:
    tag = getattr(element, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """Text and encoding: BOM, valid UTF-8, the page's ``<meta charset>``, then a guess.

    Valid UTF-8 wins over the declaration: pages re-saved as UTF-8 keep their old
    ``charset=gb2312`` all the time, and UTF-8 Chinese would decode as GB18030
    garbage without an error; GBK text, on the other hand, is almost never valid
    UTF-8.
    """
    if not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    ):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        match = _META_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii").lower()
            codec = _CHARSET_ALIASES.get(declared, declared)
            try:
                return data.decode(codec), codec
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall back to guessing
    decoded = decode_bytes(data, path)
    return decoded.text, decoded.encoding


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.dropped: Counter[str] = Counter()
        self.tables = 0
        self.flow = _Lines(self._paragraph)

    def _paragraph(self, text: str, line: int) -> None:
        self.blocks.append(Block(PARAGRAPH, text, Where(file=self.path, line=line)))

    # -- what to leave out ------------------------------------------------------------
    def _dropped_kind(
        self, element: lxml.html.HtmlElement, tag: str, in_content: bool
    ) -> str | None:
        """Why ``element`` is not part of the document (a ``dropped`` kind), or None."""
        if tag in _SKIP:
            return _SKIP[tag]
        if tag in ("header", "footer") and not in_content:
            return tag
        if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
            return "hidden"
        role = (element.get("role") or "").lower()
        if role == "navigation":
            return "nav"
        names = (element.get("class") or "").lower().split() + (
            element.get("id") or ""
        ).lower().split()
        for name in names:
            if not in_content and name in _FRAME_NAMES:
                return _FRAME_NAMES[name]
            if any(word in _NAV_WORDS for word in re.split(r"[-_]", name)):
                return "nav"
        return None

    # -- flow content -----------------------------------------------------------------
    def walk(self, element: lxml.html.HtmlElement, sink: _Lines, in_content: bool = False) -> None:
        """Read ``element`` and its children into ``sink`` (tables into blocks)."""
        tag = _tag(element)
        if not tag:
            return  # a comment or processing instruction: no text
        kind = self._dropped_kind(element, tag, in_content)
        if kind is not None:
            if kind:
                self.dropped[kind] += 1
            elif tag == "head":  # metadata, but its scripts and styles are worth a count
                for inner in element.iter("script", "style", "noscript", "template"):
                    self.dropped[_SKIP[inner.tag]] += 1
            return
        if tag == "br":
            sink.end()
            return
        if tag == "table" and sink is self.flow:
            if next(element.iterdescendants("table"), None) is None:
                sink.end()
                self.table(element)
                return
            self.dropped["layout-table"] += 1
        in_content = in_content or tag in ("article", "main")
        block = tag in _BLOCK
        if block:
            sink.end()
        if tag == "pre":
            self._pre(element, sink)
        else:
            sink.write(element.text or "", element.sourceline)
            for child in element:
                self.walk(child, sink, in_content)
                sink.write(child.tail or "", child.sourceline)
        if block:
            sink.end()

    def _pre(self, element: lxml.html.HtmlElement, sink: _Lines) -> None:
        """Preformatted text: every source line break is a line break."""
        line = element.sourceline or 0
        for piece in element.itertext():
            for i, part in enumerate(piece.split("\n")):
                if i:
                    sink.end()
                    line += 1
                sink.write(part, line)

    # -- tables -----------------------------------------------------------------------
    def table(self, table: lxml.html.HtmlElement) -> None:
        """A data table: caption as a paragraph, each row a row block."""
        head: list[lxml.html.HtmlElement] = []
        body: list[lxml.html.HtmlElement] = []
        foot: list[lxml.html.HtmlElement] = []
        stray = _Lines(self._paragraph)
        self._collect_rows(table, body, head, foot, stray)
        stray.end()
        rows = head + body + foot
        if not rows:
            return
        self.tables += 1
        number = self.tables
        spans: list[list[SpanCell]] = []
        for tr in rows:
            spans.append([self._cell(td) for td in self._cells(tr, stray)])
            stray.end()
        grid = place_flowing(spans)
        blocks, empty = row_blocks(
            grid.rows(len(rows)),
            lambda i: Where(
                file=self.path, line=rows[i].sourceline or 0, column=1, table=number, row=i + 1
            ),
        )
        self.blocks.extend(blocks)
        if empty:
            self.dropped["empty-row"] += empty

    def _collect_rows(
        self,
        element: lxml.html.HtmlElement,
        rows: list[lxml.html.HtmlElement],
        head: list[lxml.html.HtmlElement],
        foot: list[lxml.html.HtmlElement],
        stray: _Lines,
    ) -> None:
        """The rows of a table in rendering order; text outside any cell goes to ``stray``.

        ``<thead>`` rows come first and ``<tfoot>`` rows last wherever they are written;
        rows inside a wrapper that is not a section (a ``<form>`` around rows, as
        some generated pages have) are still rows of this table.
        """
        stray.write(element.text or "", element.sourceline)
        for child in element:
            tag = _tag(child)
            if tag == "tr":
                rows.append(child)
            elif tag == "caption":
                stray.end()
                self.walk(child, stray)
                stray.end()
            elif tag == "thead":
                self._collect_rows(child, head, head, foot, stray)
            elif tag == "tfoot":
                self._collect_rows(child, foot, head, foot, stray)
            elif tag in ("colgroup", "col", ""):
                pass
            elif tag == "tbody" or (
                next(child.iter("tr"), None) is not None
                and not self._dropped_kind(child, tag, True)
            ):
                self._collect_rows(child, rows, head, foot, stray)
            else:
                self.walk(child, stray)
            stray.write(child.tail or "", child.sourceline)

    def _cells(self, tr: lxml.html.HtmlElement, stray: _Lines) -> list[lxml.html.HtmlElement]:
        cells = []
        stray.write(tr.text or "", tr.sourceline)
        for child in tr:
            tag = _tag(child)
            if tag in ("td", "th"):
                cells.append(child)
            elif tag and next(child.iter("td", "th"), None) is not None:
                cells.extend(self._cells(child, stray))
            elif tag:
                self.walk(child, stray)
            stray.write(child.tail or "", child.sourceline)
        return cells

    def _cell(self, td: lxml.html.HtmlElement) -> SpanCell:
        lines: list[str] = []
        sink = _Lines(lambda text, _line: lines.append(text))
        sink.write(td.text or "", td.sourceline)
        for child in td:
            self.walk(child, sink, True)
            sink.write(child.tail or "", child.sourceline)
        sink.end()
        return SpanCell("\n".join(lines), _span(td.get("rowspan"), 0), _span(td.get("colspan"), 1))


def _span(value: str | None, zero: int) -> int:
    """A ``rowspan``/``colspan`` value as browsers read it: leading digits, else 1."""
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    number = int(match.group(1))
    return zero if number == 0 else number


def read_html(data: bytes, path: str) -> Document:
    """Read a web page (or a fragment of one) into paragraph and row blocks."""
    text, encoding = _decode(data, path)
    text = _XML_DECLARATION.sub("", text, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    reader = _Reader(path)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        root = None  # nothing but comments or whitespace: an empty document
    if root is not None:
        reader.walk(root, reader.flow)
        reader.flow.end()
    dropped = dict(sorted(reader.dropped.items()))
    return Document(path, "html", tuple(reader.blocks), encoding=encoding, dropped=dropped)
