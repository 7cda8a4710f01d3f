"""Format readers: text, HTML, Word, Excel, CSV and PDF into one Document shape.

Small inputs are built here (python-docx, openpyxl, headless Chromium for PDFs) so
every expectation is exact; the committed forms of the bundled plan
(``tests/fixtures/forms``) are then read and checked against each other and
against the plan: a table layout must be able to recover the same items from
every form.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph.errors import InputError, OptionError
from graph.read.document import PARAGRAPH, ROW, Where
from graph.read.formats import detect_format, read_document

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")


def paragraphs(document):
    return [(b.text, b.where.line) for b in document.blocks if b.kind == PARAGRAPH]


def rows(document):
    return [(b.cells, b.merged) for b in document.blocks if b.kind == ROW]


# -- inputs built in the tests ---------------------------------------------------------
def make_docx() -> bytes:
    """A notice with a soft line break, an empty paragraph and a table with merges."""
    import docx

    document = docx.Document()
    document.add_paragraph("关于印发方案的通知")
    signature = document.add_paragraph("武汉市人民政府办公厅")
    signature.add_run().add_break()
    signature.add_run("2023年1月12日")
    document.add_paragraph("")
    table = document.add_table(rows=4, cols=4)
    for i, text in enumerate(["序号", "工作任务", "牵头单位", "责任单位"]):
        table.cell(0, i).text = text
    table.cell(1, 0).merge(table.cell(1, 3)).text = "（一）着力扩大内需"
    for r, (number, task, responsible) in enumerate(
        [
            ("1", "把恢复和扩大消费摆在优先位置。", "市发改委"),
            ("2", "加大消费端政策支持力度。", "各区人民政府"),
        ],
        start=2,
    ):
        table.cell(r, 0).text = number
        table.cell(r, 1).text = task
        table.cell(r, 3).text = responsible
    lead = table.cell(2, 2).merge(table.cell(3, 2))
    lead.text = "市商务局"
    cell = table.cell(2, 3)
    cell.add_paragraph("市教育局")  # a second paragraph in a cell: a line of the cell
    document.add_paragraph("附件：方案.pdf")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "分解方案"
    sheet["A1"] = "2023年市《政府工作报告》目标任务\n责任分解方案"
    sheet.merge_cells("A1:D1")
    # row 2 empty
    for c, text in enumerate(["序号", "工作任务", "牵头单位", "责任单位"], start=1):
        sheet.cell(row=3, column=c, value=text)
    sheet["A4"] = "一、经济社会发展主要预期目标"
    sheet.merge_cells("A4:D4")
    sheet["A5"], sheet["B5"], sheet["C5"], sheet["D5"] = (
        1.0,
        "  地区生产总值增长 ",
        "市发改委",
        "各区人民政府",
    )
    sheet["A6"], sheet["B6"], sheet["D6"] = 2, "城镇新增就业", "市人社局"
    sheet.merge_cells("C5:C6")
    sheet["B7"] = 0.065
    sheet["B7"].number_format = "0.0%"
    sheet["C7"] = dt.datetime(2023, 1, 12)
    sheet["D7"] = 6.5
    other = workbook.create_sheet("附表")
    other["B2"] = "报送式样"
    workbook.create_sheet("空表")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes_named(name: str) -> bytes:
    """A zip with only the part that names the package kind (for detection)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, "<x/>")
    return buffer.getvalue()


def ole(stream_name: str) -> bytes:
    """The start of an OLE compound file naming one stream, as old Office writes it."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + stream_name.encode("utf-16-le")
        + b"\x00" * 64
    )


def blank_pdf() -> bytes:
    """A valid one-page PDF that draws a line and has no text (like a scan)."""
    content = b"0 0 m 100 100 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def print_pdf(html: str, tmp_path: Path) -> Path:
    source = tmp_path / "page.html"
    source.write_text(html, encoding="utf-8")
    out = tmp_path / "page.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    return out


# -- detection -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "", "pdf"),
        (b"%PDF-1.4\n...", "plan.txt", "pdf"),  # content first: the name is wrong
        (docx_bytes_named("word/document.xml"), "plan.xlsx", "docx"),
        (docx_bytes_named("xl/workbook.xml"), "", "xlsx"),
        (b"<!DOCTYPE html><html><body><p>a</p></body></html>", "plan.xls", "html"),
        ("\ufeff<html><p>通知</p></html>".encode(), "", "html"),
        ("<p>一、总体要求</p>\n<p>二、工作任务</p>".encode("gb18030"), "", "html"),
        (b"<table><tr><td>1</td></tr></table>", "plan.htm", "html"),
        ("序号,工作任务\n1,把恢复\n".encode(), "plan.csv", "csv"),
        (("序号,任务,牵头,责任\n" + "1,甲,乙,丙\n" * 6).encode("gb18030"), "", "csv"),
        (("序号\t任务\t牵头\t责任\n" + "1\t甲\t乙\t丙\n" * 6).encode(), "", "csv"),
        (
            "一、经济目标\n(一)增长6.5%。(牵头单位:市发改委;责任单位:各区人民政府)\n".encode(),
            "plan.txt",
            "text",
        ),
        ("甲,乙\n丙\n丁,戊,己\n庚\n辛,壬\n".encode(), "", "text"),
        ("第一行\n第二行\n".encode("utf-16"), "", "text"),
    ],
)
def test_detect_format_by_content(data, name, expected):
    assert detect_format(data, name) == expected


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            ole("WordDocument"),
            "plan.doc",
            "plan.doc:0:0: a Word 97-2003 document (.doc), which cannot be read: save it as .docx",
        ),
        (
            ole("Workbook"),
            "plan.xls",
            "plan.xls:0:0: an Excel 97-2003 workbook (.xls), which cannot be read: save it as .xlsx",
        ),
        (
            ole("EncryptedPackage"),
            "plan.docx",
            "plan.docx:0:0: a password-protected Office document: remove the password and save it again",
        ),
        (
            docx_bytes_named("content/readme.txt"),
            "plan.zip",
            "plan.zip:0:0: a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file",
        ),
        (
            b"{\\rtf1\\ansi hello}",
            "plan.doc",
            "plan.doc:0:0: an RTF document, which cannot be read: save it as .docx",
        ),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            "scan.png",
            "scan.png:0:0: an image, not a document with text (a scan?): only text can be read",
        ),
        (
            b"\x01\x02\x00\x00binary",
            "plan.pdf",
            "plan.pdf:0:0: named .pdf but not a PDF: unknown binary content",
        ),
    ],
)
def test_unreadable_formats_say_what_they_are(data, name, message):
    with pytest.raises(InputError) as caught:
        detect_format(data, name)
    assert str(caught.value) == message
    with pytest.raises(InputError) as caught:
        read_document(name, data=data)
    assert str(caught.value) == message


def test_truncated_docx_is_named_as_damaged():
    data = make_docx()
    with pytest.raises(InputError) as caught:
        read_document("plan.docx", data=data[: len(data) // 2])
    assert (
        str(caught.value)
        == "plan.docx:0:0: damaged Word document: the zip archive is truncated or corrupt"
    )


def test_detecting_imports_no_reader_library():
    code = (
        "import sys, graph.read.formats as f\n"
        "f.detect_format(b'%PDF-1.4'); f.detect_format('<p>a</p><p>b</p>'.encode(), 'a.html')\n"
        "f.detect_format(b'a,b,c\\n1,2,3\\n', 'a.csv'); f.detect_format('text'.encode(), 'a.txt')\n"
        "print(sorted(m for m in ('lxml', 'docx', 'openpyxl', 'pdfplumber', 'pdfminer') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- reading files: bounds and refusals ------------------------------------------------
def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        read_document(tmp_path)
    assert str(caught.value) == f"{tmp_path}:0:0: is a directory, not a plan file"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "none.txt")
    assert str(caught.value).endswith("none.txt:0:0: no such file")


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t"])
def test_an_empty_file_is_refused(tmp_path, data):
    path = tmp_path / "empty.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}:1:1: file is empty"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        read_document(fifo)  # would block forever if it were opened for a plain read
    assert str(caught.value) == f"{fifo}:0:0: not a regular file (a pipe): give a plan file"


def test_files_over_the_limit_are_refused(tmp_path, monkeypatch):
    import graph.read.formats as formats

    monkeypatch.setattr(formats, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (2 * 1024 * 1024))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}:0:0: file is 2 MB, larger than the 1 MB a plan file may be"
        " (the environment variable DUTYGRAPH_MAX_INPUT_MB sets the limit)"
    )
    with pytest.raises(InputError):
        read_document("big.txt", data=b"a" * (2 * 1024 * 1024))


def test_a_forced_format_is_used_and_an_unknown_one_refused():
    document = read_document("plan.html", data=b"<p>a</p>", format="text")
    assert (document.format, document.lines()) == ("text", ["<p>a</p>"])
    with pytest.raises(OptionError) as caught:
        read_document("plan.doc", data=b"x", format="doc")
    assert str(caught.value) == "unknown format 'doc': use one of text, html, docx, xlsx, csv, pdf"


def test_sha256_is_of_the_bytes_read():
    import hashlib

    data = "一、总体要求\n".encode()
    assert read_document("a.txt", data=data).sha256 == hashlib.sha256(data).hexdigest()


# -- text ------------------------------------------------------------------------------
def test_text_keeps_every_non_blank_line_with_its_position():
    data = "  一、经济目标\n\n\u3000\u3000(一)增长6.5%。\r\n\t\n尾\u00a0\n".encode()
    document = read_document("plan.txt", data=data)
    assert document.format == "text"
    assert document.encoding == "utf-8"
    assert [(b.kind, b.text, b.where) for b in document.blocks] == [
        (PARAGRAPH, "一、经济目标", Where(file="plan.txt", line=1, column=3)),
        (PARAGRAPH, "(一)增长6.5%。", Where(file="plan.txt", line=3, column=3)),
        (PARAGRAPH, "尾", Where(file="plan.txt", line=5, column=1)),
    ]
    assert document.dropped == {"blank": 2}


def test_text_in_gb18030_and_big5():
    simplified = read_document("a.txt", data="牵头单位:市发改委\n".encode("gb18030"))
    traditional = read_document("b.txt", data="牽頭單位:市發改委\n".encode("big5"))
    assert (simplified.encoding, simplified.lines()) == ("gb18030", ["牵头单位:市发改委"])
    assert (traditional.encoding, traditional.lines()) == ("big5", ["牽頭單位:市發改委"])


def test_binary_text_is_refused_where_it_starts():
    with pytest.raises(InputError) as caught:
        read_document("plan.txt", data=b"line one\nab\x00cd")
    assert str(caught.value) == "plan.txt:2:3: binary file (NUL byte), not a text plan"


# -- html ------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>通知</title>
<script>var a = 1;</script><style>p { margin: 0 }</style></head>
<body>
<div id="header"><a href="/">首页</a></div>
<ul class="nav-menu"><li>政务公开</li></ul>
<div class="breadcrumb">当前位置：首页</div>
<article>
<header><h1>关于印发方案的通知</h1></header>
<p>&nbsp;&nbsp;&nbsp;&nbsp;第一段，<b>加粗</b>文字。</p>
<p class="sign">武汉市人民政府办公厅<br>
2023年1月12日</p>
<p>跨行
的文字 and English
words</p>
<div style="display:none">隐藏</div>
<table>
<caption>附表</caption>
<thead><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>责任单位</th></tr></thead>
<tr><td colspan="4">（一）着力扩大内需</td></tr>
<tr><td>1</td><td>把恢复<br>和扩大</td><td rowspan="2">市商务局</td><td>市发改委</td></tr>
<tr><td>2</td><td>加大</td><td>各区人民政府</td></tr>
<tr><td>&nbsp;</td><td></td><td></td><td></td></tr>
</table>
</article>
<footer>版权所有</footer>
<script>track();</script>
</body></html>
"""


def test_html_paragraphs_rows_and_what_was_dropped():
    document = read_document("notice.html", data=PAGE.encode())
    assert (document.format, document.encoding) == ("html", "utf-8")
    assert paragraphs(document) == [
        ("关于印发方案的通知", 9),
        ("第一段，加粗文字。", 10),
        ("武汉市人民政府办公厅", 11),
        ("2023年1月12日", 12),
        ("跨行的文字 and English words", 13),
        ("附表", 18),
    ]
    assert rows(document) == [
        (("序号", "工作任务", "牵头单位", "责任单位"), ()),
        (("（一）着力扩大内需",) * 4, (1, 2, 3)),
        (("1", "把恢复\n和扩大", "市商务局", "市发改委"), ()),
        (("2", "加大", "市商务局", "各区人民政府"), (2,)),
    ]
    row_blocks = [b for b in document.blocks if b.kind == ROW]
    assert [(b.where.table, b.where.row, b.where.line) for b in row_blocks] == [
        (1, 1, 19),
        (1, 2, 20),
        (1, 3, 21),
        (1, 4, 22),
    ]
    assert row_blocks[2].text == "1\t把恢复 和扩大\t市商务局\t市发改委"
    assert document.dropped == {
        "empty-row": 1,
        "footer": 1,
        "header": 1,
        "hidden": 1,
        "nav": 2,
        "script": 2,
        "style": 1,
    }


def test_html_layout_tables_are_read_as_content():
    page = (
        "<html><body><table><tr><td class='side'>栏目</td><td>"
        "<p>正文段落</p><table><tr><td>a</td><td rowspan='2'>b</td></tr><tr><td>c</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    document = read_document("page.html", data=page.encode())
    assert [(b.kind, b.text) for b in document.blocks] == [
        (PARAGRAPH, "栏目"),
        (PARAGRAPH, "正文段落"),
        (ROW, "a\tb"),
        (ROW, "c\tb"),
    ]
    assert rows(document) == [(("a", "b"), ()), (("c", "b"), (1,))]
    assert document.dropped == {"layout-table": 1}


def test_html_broken_markup_still_reads():
    page = "<p>一<p>二<table><tr><td>a<td>b<tr><td colspan=2>c</table><p>三"
    document = read_document("broken.html", data=page.encode())
    assert [b.text for b in document.blocks] == ["一", "二", "a\tb", "c\tc", "三"]
    assert rows(document) == [(("a", "b"), ()), (("c", "c"), (1,))]


def test_html_declared_gb2312_is_decoded():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>牵头单位：市发改委</p></body></html>'
    document = read_document("gbk.html", data=page.encode("gb18030"))
    assert (document.encoding, document.lines()) == ("gb18030", ["牵头单位：市发改委"])
    resaved = read_document("utf8.html", data=page.encode())  # declaration left behind
    assert (resaved.encoding, resaved.lines()) == ("utf-8", ["牵头单位：市发改委"])


# -- docx ------------------------------------------------------------------------------
def test_docx_paragraphs_and_merged_cells_in_body_order():
    document = read_document("plan.docx", data=make_docx())
    assert document.format == "docx"
    assert [
        (b.kind, b.text, b.where.line, b.where.table, b.where.row) for b in document.blocks
    ] == [
        (PARAGRAPH, "关于印发方案的通知", 1, 0, 0),
        (PARAGRAPH, "武汉市人民政府办公厅", 2, 0, 0),
        (PARAGRAPH, "2023年1月12日", 2, 0, 0),
        (ROW, "序号\t工作任务\t牵头单位\t责任单位", 0, 1, 1),
        (ROW, "\t".join(["（一）着力扩大内需"] * 4), 0, 1, 2),
        (ROW, "1\t把恢复和扩大消费摆在优先位置。\t市商务局\t市发改委 市教育局", 0, 1, 3),
        (ROW, "2\t加大消费端政策支持力度。\t市商务局\t各区人民政府", 0, 1, 4),
        (PARAGRAPH, "附件：方案.pdf", 4, 0, 0),
    ]
    assert rows(document) == [
        (("序号", "工作任务", "牵头单位", "责任单位"), ()),
        (("（一）着力扩大内需",) * 4, (1, 2, 3)),
        (("1", "把恢复和扩大消费摆在优先位置。", "市商务局", "市发改委\n市教育局"), ()),
        (("2", "加大消费端政策支持力度。", "市商务局", "各区人民政府"), (2,)),
    ]
    assert document.dropped == {"blank": 1}


def test_docx_reads_word_markup_as_word_shows_it():
    """Deleted revisions and field codes are not text; gridBefore shifts a row."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:p {w}><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
            f"<w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:r><w:instrText>PAGE</w:instrText></w:r>"
            f"<w:r><w:tab/><w:t>完</w:t></w:r></w:p>"
        ),
    )
    document.element.body.insert(
        1,
        parse_xml(
            f"<w:tbl {w}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
            "<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>"
            "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
        ),
    )
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_document("marks.docx", data=buffer.getvalue())
    assert read.lines() == ["保留插入 完", "a\tb\tc", "\td\tc"]
    assert rows(read) == [(("a", "b", "c"), ()), (("", "d", "c"), (2,))]


def test_docx_that_python_docx_refuses_is_an_input_error():
    data = docx_bytes_named("word/document.xml")
    with pytest.raises(InputError) as caught:
        read_document("plan.docx", data=data)
    assert str(caught.value).startswith("plan.docx:0:0: damaged Word document: ")


# -- xlsx and csv ----------------------------------------------------------------------
def test_xlsx_every_sheet_with_merged_ranges_and_sheet_rows():
    document = read_document("plan.xlsx", data=make_xlsx())
    assert document.format == "xlsx"
    title = "2023年市《政府工作报告》目标任务\n责任分解方案"
    assert rows(document) == [
        ((title,) * 4, (1, 2, 3)),
        (("序号", "工作任务", "牵头单位", "责任单位"), ()),
        (("一、经济社会发展主要预期目标",) * 4, (1, 2, 3)),
        (("1", "地区生产总值增长", "市发改委", "各区人民政府"), ()),
        (("2", "城镇新增就业", "市发改委", "市人社局"), (2,)),
        (("", "6.5%", "2023-01-12", "6.5"), ()),
        (("报送式样",), ()),
    ]
    assert [
        (b.where.sheet, b.where.table, b.where.row, b.where.column) for b in document.blocks
    ] == [
        ("分解方案", 1, 1, 1),
        ("分解方案", 1, 3, 1),
        ("分解方案", 1, 4, 1),
        ("分解方案", 1, 5, 1),
        ("分解方案", 1, 6, 1),
        ("分解方案", 1, 7, 1),
        ("附表", 2, 2, 2),
    ]
    assert document.blocks[0].text == "\t".join([title.replace("\n", " ")] * 4)
    assert document.dropped == {"empty-row": 2, "empty-sheet": 1}


def test_xlsx_damaged_workbook_is_an_input_error():
    data = docx_bytes_named("xl/workbook.xml")
    with pytest.raises(InputError) as caught:
        read_document("plan.xlsx", data=data)
    assert str(caught.value).startswith("plan.xlsx:0:0: damaged Excel workbook: ")


def test_csv_records_with_quoted_line_breaks_in_gbk():
    text = '序号,工作任务,牵头单位\r\n1,"把恢复,扩大\r\n消费",市商务局\r\n\r\n2,加大,\r\n'
    document = read_document("plan.csv", data=text.encode("gbk"))
    assert (document.format, document.encoding) == ("csv", "gb18030")
    assert rows(document) == [
        (("序号", "工作任务", "牵头单位"), ()),
        (("1", "把恢复,扩大\n消费", "市商务局"), ()),
        (("2", "加大", ""), ()),
    ]
    assert [(b.where.line, b.where.row) for b in document.blocks] == [(1, 1), (2, 2), (5, 4)]
    assert document.dropped == {"empty-row": 1}


# -- pdf -------------------------------------------------------------------------------
def test_pdf_without_text_layer_is_refused():
    with pytest.raises(InputError) as caught:
        read_document("scan.pdf", data=blank_pdf())
    assert str(caught.value) == (
        "scan.pdf:0:0: page 1: no text layer (a scanned PDF?); "
        "only the text of a PDF can be read, so it needs OCR first"
    )


def test_damaged_pdf_is_refused():
    with pytest.raises(InputError) as caught:
        read_document("bad.pdf", data=b"%PDF-1.4\nnot really a pdf")
    assert str(caught.value).startswith("bad.pdf:0:0: damaged PDF: ")


LONG = "把恢复和扩大消费摆在优先位置，积极培育新业态、新场景，加快建设国际消费中心城市。"
PRINTED = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A5; margin: 20mm 15mm;
  @top-center {{ content: "测试方案 页眉"; font-family: "WenQuanYi Micro Hei"; font-size: 9pt; }}
  @bottom-center {{ content: "- " counter(page) " -"; font-family: "WenQuanYi Micro Hei"; font-size: 9pt; }} }}
body {{ font-family: "WenQuanYi Micro Hei"; font-size: 12px; }}
p {{ text-indent: 2em; margin: 0 0 4px; line-height: 1.6; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #000; padding: 3px; font-size: 11px; }}
</style></head><body>
<p>一、总体要求。{LONG * 2}</p>
<p>无牵头单位的，责任单位即为牵头单位。</p>
<table><colgroup><col style="width:10%"><col style="width:50%"><col style="width:18%"><col style="width:22%"></colgroup>
<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>责任单位</th></tr>
<tr><td colspan="4">（一）着力扩大内需</td></tr>
<tr><td>1</td><td>{LONG}</td><td rowspan="2">市商务局</td><td>市发改委<br>市教育局</td></tr>
<tr><td>2</td><td>加大消费端政策支持力度。</td><td>各区人民政府</td></tr>
</table>
<p style="page-break-before: always">第二页的段落。</p>
<p style="page-break-before: always">第三页的段落。</p>
</body></html>"""


@needs_chromium
def test_pdf_paragraphs_cells_and_page_furniture(tmp_path):
    document = read_document(print_pdf(PRINTED, tmp_path))
    assert document.format == "pdf"
    assert [(b.kind, b.where.page) for b in document.blocks] == [
        (PARAGRAPH, 1),
        (PARAGRAPH, 1),
        (ROW, 1),
        (ROW, 1),
        (ROW, 1),
        (ROW, 1),
        (PARAGRAPH, 2),
        (PARAGRAPH, 3),
    ]
    assert [b.text for b in document.blocks if b.kind == PARAGRAPH] == [
        f"一、总体要求。{LONG * 2}",  # wrapped over several lines, read as one paragraph
        "无牵头单位的，责任单位即为牵头单位。",
        "第二页的段落。",
        "第三页的段落。",
    ]
    assert rows(document) == [
        (("序号", "工作任务", "牵头单位", "责任单位"), ()),
        (("（一）着力扩大内需",) * 4, (1, 2, 3)),
        (("1", LONG, "市商务局", "市发改委\n市教育局"), ()),  # wrapped cell whole; <br> kept
        (("2", "加大消费端政策支持力度。", "市商务局", "各区人民政府"), (2,)),
    ]
    assert [(b.where.table, b.where.row) for b in document.blocks if b.kind == ROW] == [
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
    ]
    assert document.dropped == {"page-header": 3, "page-number": 3}


@needs_chromium
def test_pdf_table_over_page_breaks_is_one_table(tmp_path):
    """Repeated header rows dropped; the merged lead cell cut by each break kept."""
    body = "".join(
        f"<tr><td>{n}</td><td>{LONG[: 10 + n % 30]}</td>"
        + ('<td rowspan="40">市发改委</td>' if n == 1 else "")
        + "<td>各区人民政府</td></tr>"
        for n in range(1, 41)
    )
    page = PRINTED.split("<body>")[0] + (
        "<body><table><thead><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>责任单位</th></tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )
    document = read_document(print_pdf(page, tmp_path))
    read = rows(document)
    pages = max(b.where.page for b in document.blocks)
    assert pages >= 2
    assert len(read) == 41
    assert [cells[0] for cells, _ in read] == ["序号"] + [str(n) for n in range(1, 41)]
    assert [cells[2] for cells, _ in read[1:]] == ["市发改委"] * 40
    assert [merged for _, merged in read[2:]] == [(2,)] * 39
    assert {b.where.table for b in document.blocks} == {1}
    assert [b.where.row for b in document.blocks] == list(range(1, 42))
    assert document.dropped == {
        "page-header": pages,
        "page-number": pages,
        "repeated-header-row": pages - 1,
    }


# -- the committed forms of the bundled plan -------------------------------------------
@pytest.fixture(scope="module")
def forms():
    return {
        name: read_document(FORMS / f"wuhan-2023.{name}")
        for name in ("copy.txt", "inline.html", "table.html", "docx", "xlsx", "pdf")
    }


def item_rows(document):
    return [
        (b.cells, b.merged)
        for b in document.blocks
        if b.kind == ROW
        and b.cells[0] != "序号"
        and len(set(b.cells)) > 1
        and b.where.sheet != "通知"
    ]


def test_forms_are_detected_by_content(forms):
    assert {name: d.format for name, d in forms.items()} == {
        "copy.txt": "text",
        "inline.html": "html",
        "table.html": "html",
        "docx": "docx",
        "xlsx": "xlsx",
        "pdf": "pdf",
    }
    assert forms["inline.html"].encoding == "gb18030"
    for name, document in forms.items():
        data = (FORMS / f"wuhan-2023.{name}").read_bytes()
        assert detect_format(data) == document.format


def test_table_forms_carry_the_same_rows(forms):
    table = [(b.cells, b.merged) for b in forms["table.html"].blocks if b.kind == ROW]
    assert len(table) == 399  # 4 header rows, 35 sections, 38 themes, 322 items
    assert [(b.cells, b.merged) for b in forms["docx"].blocks if b.kind == ROW] == table
    assert [(b.cells, b.merged) for b in forms["pdf"].blocks if b.kind == ROW] == table
    assert item_rows(forms["xlsx"]) == item_rows(forms["table.html"])
    assert paragraphs_text(forms["pdf"]) == paragraphs_text(forms["table.html"])


def paragraphs_text(document):
    return [b.text for b in document.blocks if b.kind == PARAGRAPH]


HALF = str.maketrans("，：；（）", ",:;()")


def test_table_cells_are_the_units_as_the_clause_writes_them(forms, plan):
    items = [cells for cells, _ in item_rows(forms["table.html"])]
    assert len(items) == len(plan.items) == 322
    for cells, item in zip(items, plan.items, strict=True):
        roles = dict(segment.partition(":")[::2] for segment in item.clause.split(";"))
        assert cells[2].translate(HALF) == roles.get("牵头单位", ""), item.ref
        assert cells[3].translate(HALF) == roles.get("责任单位", ""), item.ref
        assert cells[1].translate(HALF).startswith(item.text), item.ref
    by_ref = dict(zip((item.ref for item in plan.items), items, strict=True))
    # sub-assignments stay in the task cell, in the bracket the plan writes them in
    assert by_ref["2.49"][1].endswith(
        "（其中，创新“两个一百平方公里”工业园区运营机制〈牵头单位：市经信局〉；"
        "创新服务业集聚区园区运营机制〈牵头单位：市发改委〉）"
    )
    assert by_ref["2.49"][2:] == ("", "市科技局、市财政局、市地方金融局，各区人民政府")
    assert by_ref["2.75"][2:] == ("", "")
    assert by_ref["1.1"][:1] == ("（一）",)
    assert by_ref["2.1"][2] == "市建设国际消费中心城市工作领导小组办公室〈市商务局〉"


@pytest.mark.parametrize("name", ["table.html", "docx", "xlsx", "pdf"])
def test_lead_cells_are_merged_over_items_with_the_same_lead(forms, name):
    table = [(b.cells, b.merged) for b in forms[name].blocks if b.kind == ROW]
    merges = 0
    for (before, _), (cells, merged) in zip(table, table[1:], strict=False):
        is_item = len(set(cells)) > 1 and cells[0] != "序号"
        after_item = len(set(before)) > 1 and before[0] != "序号"
        if is_item and after_item and cells[2] and cells[2] == before[2]:
            assert merged == (2,), cells
            merges += 1
        elif is_item:
            assert merged == (), cells
    assert merges == 68


def test_every_form_keeps_the_preamble_and_its_no_lead_rule(forms):
    rule = "无牵头单位的，责任单位即为牵头单位"
    for name, document in forms.items():
        assert any(rule in line for line in document.lines()), name
        assert any(line == "武政办〔2023〕1号" for line in document.lines()), name


def test_web_forms_are_the_same_lines(forms):
    copy = forms["copy.txt"].lines()
    inline = forms["inline.html"].lines()
    assert copy[2:-5] == inline[:-1]
    assert inline[-1] == "附件：" + copy[-4]
    assert forms["copy.txt"].dropped == {"blank": 413}
    assert forms["inline.html"].dropped == {
        "footer": 1,
        "header": 1,
        "nav": 2,
        "script": 3,
        "style": 1,
    }
    assert len(inline) == 412


def test_pdf_form_furniture_is_counted(forms):
    assert forms["pdf"].dropped == {"page-header": 26, "page-number": 26, "repeated-header-row": 24}


def test_reading_is_deterministic():
    for name in ("table.html", "docx", "xlsx"):
        path = FORMS / f"wuhan-2023.{name}"
        assert read_document(path) == read_document(path)


def test_utf16_text_is_read():
    data = codecs.BOM_UTF16_LE + "一、总体要求\n".encode("utf-16-le")
    assert read_document("a.txt", data=data).lines() == ["一、总体要求"]
