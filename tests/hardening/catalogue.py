"""The catalogue of bad input: every kind the project has met or can expect, each
with what ``dutygraph`` must answer.

Two sorts of case:

* :class:`Refused`: input no plan can be read from (or an option that cannot be
  used). The command exits with ``exit`` and prints exactly one line,
  ``dutygraph: error: MESSAGE``; ``message`` is that line's text after the prefix,
  with ``{dir}`` for the case's folder. Written out in full, by hand.
* :class:`Damaged`: a plan that can be read although something in it is wrong.
  ``parse --strict --format json`` exits 1 (0 when nothing is wrong), prints a
  ``PATH:LINE:COL: warning: KIND: …`` line per problem, keeps ``items`` items, and
  names at least the ``(kind, line)`` problems listed.

For every case that has text, the task lines an independent reader finds
(:mod:`tests.hardening.tasks`) must each be an item or named by a warning.

Cases build their files in a folder of their own from the bundled plan's raw text
(``raw``: its lines as shipped, Traditional with pinyin readings) or from the small
plans below. Built on :mod:`tests.bad_inputs`, whose cases are all here too.
"""

from __future__ import annotations

import io
import os
import socket
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.bad_inputs import UNUSABLE, damaged

# A small plan in the bundled plan's own jurisdiction (Wuhan, a complete registry).
HEAD = "武汉市人民政府办公厅\n关于印发2023年重点工作责任分解方案的通知\n"
SMALL = (
    HEAD
    + "一、重点工作\n"
    + "1.扩大有效投资。(牵头单位:市发改委;责任单位:各区人民政府)\n"
    + "2.促进消费。(牵头单位:市商务局)\n"
    + "3.办好教育。(牵头单位:市教育局)\n"
)
SMALL_TASKS = (4, 5, 6)
TRADITIONAL = (
    "武漢市人民政府辦公廳\n關於印發2023年重點工作責任分解方案的通知\n一、重點工作\n"
    "1.擴大有效投資。(牽頭單位:市發改委;責任單位:各區人民政府)\n"
    "2.促進消費。(牽頭單位:市商務局)\n3.辦好教育。(牽頭單位:市教育局)\n"
)
TABLE_CSV = (
    "序号,工作任务,牵头单位,责任单位\n1,建设基站,市经信局,各区人民政府\n2,新建学校,市教育局,\n"
)


@dataclass(frozen=True)
class Input:
    """What a case runs: the command's arguments, the text its task lines are
    counted in (None: no text), and the environment it needs."""

    args: list[str]
    text: str | None = None
    env: dict[str, str] = field(default_factory=dict)


Maker = Callable[[Path, list[str]], Input]


@dataclass(frozen=True)
class Refused:
    make: Maker
    exit: int
    message: str


@dataclass(frozen=True)
class Damaged:
    make: Maker
    items: int
    problems: frozenset[tuple[str, int]] = frozenset()
    clean: bool = False  # no problem at all: --strict exits 0


def _file(name: str, data: bytes | Callable[[list[str]], bytes], *args: str) -> Maker:
    """A plan file ``name`` holding ``data`` (or what ``data(raw)`` returns), parsed."""

    def make(folder: Path, raw: list[str]) -> Input:
        content = data(raw) if callable(data) else data
        path = folder / name
        path.write_bytes(content)
        try:
            text: str | None = content.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        return Input(["parse", str(path), *args], text)

    return make


def _text(name: str, edit: Callable[[list[str]], str], encoding: str = "utf-8") -> Maker:
    """A plan written as text: ``edit(raw)`` is the text, counted as written."""

    def make(folder: Path, raw: list[str]) -> Input:
        text = edit(raw)
        path = folder / name
        path.write_bytes(text.encode(encoding))
        return Input(["parse", str(path)], text)

    return make


def _args(*args: str, env: dict[str, str] | None = None) -> Maker:
    """A command line; ``{dir}`` in an argument is the case's folder."""

    def make(folder: Path, raw: list[str]) -> Input:
        return Input([a.replace("{dir}", str(folder)) for a in args], None, env or {})

    return make


def _with(prepare: Callable[[Path], None], *args: str, env: dict[str, str] | None = None) -> Maker:
    """Prepare the folder (a FIFO, a link, a socket), then run ``args``."""

    def make(folder: Path, raw: list[str]) -> Input:
        prepare(folder)
        return _args(*args, env=env)(folder, raw)

    return make


def _edit(raw: list[str], number: int, new: str) -> str:
    lines = list(raw)
    lines[number - 1] = new
    return "\n".join(lines)


def _zip(name: str, content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _ole(stream: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56 + stream.encode("utf-16-le")


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def _socket(folder: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "plan.sock"))  # left bound: the folder goes with the test
    _SOCKETS.append(sock)


_SOCKETS: list[socket.socket] = []


def _loop(folder: Path) -> None:
    os.symlink(folder / "b.txt", folder / "a.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")


def _sparse(size: int) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        with open(folder / "huge.txt", "wb") as fh:
            fh.truncate(size)

    return prepare


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(data)


def _mkdir(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir()


def _docx_without_text() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _xlsx_without_text() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


NOT_A_PLAN = "not a responsibility-decomposition plan: no numbered item with a unit clause (牵头单位/责任单位)"
LIMIT_HINT = "(the environment variable DUTYGRAPH_MAX_INPUT_MB sets the limit)"


def refused() -> dict[str, Refused]:
    cases: dict[str, Refused] = {}
    for name, case in UNUSABLE.items():  # tests/bad_inputs.py
        reason = {
            "file is empty": "file is empty",
            "binary file": "binary file (NUL byte): an image, not a document with text (a scan?): only text can be read",
            "not a responsibility-decomposition plan": NOT_A_PLAN,
            "cannot decode": "cannot decode: not UTF-8, GB18030 or Big5 text",
        }[case.reason]
        cases[name] = Refused(
            _file(f"{name}.txt", case.data),
            2,
            f"{{dir}}/{name}.txt:{case.line}:{case.column}: {reason}",
        )
    small = SMALL.encode()
    cut = small.index("促进".encode())  # line 5, column 4
    text_cases = {
        "nul-in-text": (
            small[:cut] + b"\x00" + small[cut:],
            "5:3: binary file (NUL byte), not a text plan",
        ),
        # the first NUL: after the ten characters of line 1 in UTF-16, in the first
        # character in UTF-32
        "utf-16-without-bom": (
            SMALL.encode("utf-16-le"),
            "2:1: binary file (NUL byte), not a text plan",
        ),
        "utf-32-without-bom": (
            SMALL.encode("utf-32-le"),
            "1:3: binary file (NUL byte), not a text plan",
        ),
        "bad-utf-8-after-bom": (
            b"\xef\xbb\xbf" + small[:10] + b"\xff",
            "1:4: invalid utf-8-sig byte after BOM",
        ),
        "bad-utf-16-after-bom": (
            b"\xff\xfe" + b"a\x00\x00\xd8b\x00",
            "1:2: invalid utf-16 byte after BOM",
        ),
        "bad-utf-32-after-bom": (
            b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00",
            "1:1: invalid utf-32 byte after BOM",
        ),
        "gbk-with-stray-bytes-that-is-no-text": (
            bytes(range(0x80, 0x100)) * 3,
            "1:1: cannot decode: not UTF-8, GB18030 or Big5 text",
        ),
    }
    for name, (data, where) in text_cases.items():
        cases[name] = Refused(_file(f"{name}.txt", data), 2, f"{{dir}}/{name}.txt:{where}")
    # A binary document is refused naming what it is, at its first NUL byte (the
    # magic bytes before it count as characters: U+FFFD where they are not UTF-8).
    NUL = "binary file (NUL byte): "
    documents = {
        "word-97-document": (
            "plan.doc",
            _ole("WordDocument"),
            f"1:7: {NUL}a Word 97-2003 document (.doc), which cannot be read: save it as .docx",
        ),
        "excel-97-workbook": (
            "plan.xls",
            _ole("Workbook"),
            f"1:7: {NUL}an Excel 97-2003 workbook (.xls), which cannot be read: save it as .xlsx",
        ),
        "password-protected-office": (
            "plan.docx",
            _ole("EncryptedPackage"),
            f"1:7: {NUL}a password-protected Office document: remove the password and save it again",
        ),
        "wps-ole-file": (
            "plan.wps",
            _ole("Other"),
            f"1:7: {NUL}an old binary Office or WPS file (OLE), which cannot be read: save it as .docx or .xlsx",
        ),
        "rtf-document": (
            "plan.rtf",
            b"{\\rtf1\\ansi plan}",
            "0:0: an RTF document, which cannot be read: save it as .docx",
        ),
        "png-image": (
            "scan.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            f"3:1: {NUL}an image, not a document with text (a scan?): only text can be read",
        ),
        "jpeg-image": (
            "scan.jpg",
            b"\xff\xd8\xff\xe0" + b"\x00" * 20,
            f"1:5: {NUL}an image, not a document with text (a scan?): only text can be read",
        ),
        "gif-image": (
            "scan.gif",
            b"GIF89a" + b"\x00" * 20,
            f"1:7: {NUL}an image, not a document with text (a scan?): only text can be read",
        ),
        "tiff-image": (
            "scan.tif",
            b"II*\x00" + b"\x00" * 20,
            f"1:4: {NUL}an image, not a document with text (a scan?): only text can be read",
        ),
        "truncated-docx": (
            "plan.docx",
            b"PK\x03\x04" + b"word/document.xml" + b"\x01" * 30,
            "0:0: damaged Word document: the zip archive is truncated or corrupt",
        ),
        "truncated-xlsx": (
            "plan.xlsx",
            b"PK\x03\x04" + b"xl/workbook.xml" + b"\x01" * 30,
            "0:0: damaged Excel workbook: the zip archive is truncated or corrupt",
        ),
        "zip-of-something-else": (
            "plan.zip",
            _zip("readme.txt", "x"),
            f"1:6: {NUL}a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file",
        ),
        "excel-binary-workbook": (
            "plan.xlsb",
            _zip("xl/workbook.bin", "x"),
            f"1:6: {NUL}an Excel binary workbook (.xlsb), which cannot be read: save it as .xlsx",
        ),
        "opendocument": (
            "plan.odt",
            _zip("mimetype", "application/vnd.oasis.opendocument.text"),
            f"1:6: {NUL}an OpenDocument file (.odt/.ods), which cannot be read: save it as .docx or .xlsx",
        ),
        "ofd-document": (
            "plan.ofd",
            _zip("OFD.xml", "<ofd/>"),
            f"1:6: {NUL}an OFD document, which cannot be read: export it as PDF",
        ),
        "named-pdf-but-binary": (
            "plan.pdf",
            b"\x01\x02\x00\x03binary",
            "1:3: binary file (NUL byte): named .pdf but not a PDF: unknown binary content",
        ),
        "damaged-pdf": (
            "plan.pdf",
            b"%PDF-1.4\n1 0 obj garbage\n",
            "0:0: damaged PDF: Unexpected EOF",
        ),
        "web-page-without-plan": (
            "page.html",
            "<html><body><p>你好</p><p>世界</p></body></html>".encode(),
            f"1:1: {NOT_A_PLAN}",
        ),
        "table-header-without-rows": (
            "plan.csv",
            "序号,工作任务,牵头单位\n".encode(),
            f"1:1: {NOT_A_PLAN}",
        ),
    }
    for name, (file, data, where) in documents.items():
        cases[name] = Refused(_file(file, data), 2, f"{{dir}}/{file}:{where}")
    cases["word-document-without-text"] = Refused(
        lambda folder, raw: _file("empty.docx", _docx_without_text())(folder, raw),
        2,
        "{dir}/empty.docx:1:1: no text in the document",
    )
    cases["workbook-without-text"] = Refused(
        lambda folder, raw: _file("empty.xlsx", _xlsx_without_text())(folder, raw),
        2,
        "{dir}/empty.xlsx:1:1: no text in the document",
    )
    files = {
        "missing-file": (
            lambda folder: None,
            "{dir}/absent.txt",
            "{dir}/absent.txt:0:0: no such file",
        ),
        "directory": (
            _mkdir("plans"),
            "{dir}/plans",
            "{dir}/plans:0:0: is a directory, not a plan file",
        ),
        "fifo-without-writer": (
            _fifo("plan.txt"),
            "{dir}/plan.txt",
            "{dir}/plan.txt:0:0: not a regular file (a pipe): give a plan file",
        ),
        "dev-zero": (
            lambda folder: None,
            "/dev/zero",
            "/dev/zero:0:0: not a regular file (a device or socket): give a plan file",
        ),
        "dev-urandom": (
            lambda folder: None,
            "/dev/urandom",
            "/dev/urandom:0:0: not a regular file (a device or socket): give a plan file",
        ),
        "dev-null": (
            lambda folder: None,
            "/dev/null",
            "/dev/null:0:0: not a regular file (a device or socket): give a plan file",
        ),
        "unix-socket": (
            _socket,
            "{dir}/plan.sock",
            "{dir}/plan.sock:0:0: not a regular file (a socket): give a plan file",
        ),
        "symlink-loop": (
            _loop,
            "{dir}/a.txt",
            "{dir}/a.txt:0:0: cannot read: Too many levels of symbolic links",
        ),
        "dangling-symlink": (
            lambda folder: os.symlink(folder / "gone.txt", folder / "link.txt"),
            "{dir}/link.txt",
            "{dir}/link.txt:0:0: no such file",
        ),
        "larger-than-64-mb": (
            _sparse(64 * 2**20 + 1),
            "{dir}/huge.txt",
            f"{{dir}}/huge.txt:0:0: file is 67108865 bytes, larger than the 67108864 bytes a plan file may be {LIMIT_HINT}",
        ),
        "200-mb-of-nothing": (
            _sparse(200 * 2**20),
            "{dir}/huge.txt",
            f"{{dir}}/huge.txt:0:0: file is 200 MB, larger than the 64 MB a plan file may be {LIMIT_HINT}",
        ),
    }
    for name, (prepare, path, message) in files.items():
        cases[name] = Refused(_with(prepare, "parse", path), 2, message)
    cases["over-a-configured-limit"] = Refused(
        _with(
            _write("plan.txt", SMALL.encode()),
            "parse",
            "{dir}/plan.txt",
            env={"DUTYGRAPH_MAX_INPUT_MB": "0.0001"},
        ),
        2,
        f"{{dir}}/plan.txt:0:0: file is {len(SMALL.encode())} bytes, larger than the 104 bytes a plan file may be {LIMIT_HINT}",
    )
    cases["limit-that-is-no-number"] = Refused(
        _with(
            _write("plan.txt", SMALL.encode()),
            "parse",
            "{dir}/plan.txt",
            env={"DUTYGRAPH_MAX_INPUT_MB": "lots"},
        ),
        2,
        "DUTYGRAPH_MAX_INPUT_MB must be a positive number of megabytes, not 'lots'",
    )
    cases["escape-sequence-in-a-file-name"] = Refused(
        _args("parse", "{dir}/\x1b]0;owned\x07\x1b[2J.txt"),
        2,
        "{dir}/\\x1b]0;owned\\x07\\x1b[2J.txt:0:0: no such file",
    )
    cases["forced-format-that-does-not-fit"] = Refused(
        _with(
            _write("plan.txt", SMALL.encode()), "parse", "{dir}/plan.txt", "--input-format", "docx"
        ),
        2,
        "{dir}/plan.txt:0:0: damaged Word document: File is not a zip file",
    )
    # errata, unit registries and RDF files: read as boundedly as plans
    side = {
        "errata-missing": (
            "--errata",
            lambda folder: None,
            "{dir}/fix.toml",
            "{dir}/fix.toml:0:0: errata file not found",
        ),
        "errata-directory": (
            "--errata",
            _mkdir("fix.toml"),
            "{dir}/fix.toml",
            "{dir}/fix.toml:0:0: errata path is a directory, not a file",
        ),
        "errata-not-toml": (
            "--errata",
            _write("fix.toml", b"fix = [1"),
            "{dir}/fix.toml",
            "{dir}/fix.toml:1:9: errata file is not valid TOML: Unclosed array",
        ),
        "errata-not-utf-8": (
            "--errata",
            _write("fix.toml", "# caf\xe9\n".encode("latin-1")),
            "{dir}/fix.toml",
            "{dir}/fix.toml:1:6: errata file is not UTF-8 (TOML must be)",
        ),
        "errata-fifo": (
            "--errata",
            _fifo("fix.toml"),
            "{dir}/fix.toml",
            "{dir}/fix.toml:0:0: not a regular file (a pipe): give an errata file",
        ),
        "errata-dev-zero": (
            "--errata",
            lambda folder: None,
            "/dev/zero",
            "/dev/zero:0:0: not a regular file (a device or socket): give an errata file",
        ),
        "units-missing": (
            "--units",
            lambda folder: None,
            "{dir}/units.toml",
            "{dir}/units.toml:0:0: no such unit registry file",
        ),
        "units-not-toml": (
            "--units",
            _write("units.toml", b"[[unit]\n"),
            "{dir}/units.toml",
            "{dir}/units.toml:0:0: not a unit registry: Expected ']]' at the end of an array declaration (at line 1, column 7)",
        ),
        "units-not-utf-8": (
            "--units",
            _write("units.toml", "[[unit]]\nname = 'caf\xe9'\n".encode("latin-1")),
            "{dir}/units.toml",
            "{dir}/units.toml:0:0: not a unit registry: not UTF-8 text (TOML must be): invalid continuation byte",
        ),
        "units-entry-without-name": (
            "--units",
            _write("units.toml", b"[[unit]]\nkind = 'x'\n"),
            "{dir}/units.toml",
            "{dir}/units.toml:0:0: not a unit registry: an entry has no 'name'",
        ),
        "units-fifo": (
            "--units",
            _fifo("units.toml"),
            "{dir}/units.toml",
            "{dir}/units.toml:0:0: not a regular file (a pipe): give a unit registry file",
        ),
        "units-dev-zero": (
            "--units",
            lambda folder: None,
            "/dev/zero",
            "/dev/zero:0:0: not a regular file (a device or socket): give a unit registry file",
        ),
    }
    for name, (option, prepare, path, message) in side.items():
        cases[name] = Refused(_with(prepare, "parse", option, path), 2, message)
    rdf = {
        "validate-fifo": (
            _fifo("data.ttl"),
            "{dir}/data.ttl",
            "{dir}/data.ttl:0:0: not a regular file (a pipe): give an RDF file",
        ),
        "validate-directory": (
            _mkdir("data.ttl"),
            "{dir}/data.ttl",
            "{dir}/data.ttl:0:0: is a directory, not an RDF file",
        ),
        "validate-broken-turtle": (
            _write("data.ttl", b"<a> <b> .\n"),
            "{dir}/data.ttl",
            "{dir}/data.ttl:1:1: not valid turtle: No scheme found in an absolute IRI",
        ),
        "validate-unknown-type": (
            lambda folder: None,
            "/dev/zero",
            "/dev/zero:0:0: unknown RDF file type ''; use .ttl, .nt or .jsonld",
        ),
    }
    for name, (prepare, path, message) in rdf.items():
        cases[name] = Refused(_with(prepare, "validate", path), 2, message)
    # output folders and files, and the store: refused before any work
    outputs = {
        "build-source-is-an-empty-folder": (
            _mkdir("plans"),
            ("build", "{dir}/plans", "--out", "{dir}/out"),
            "{dir}/plans:0:0: the folder holds no plan file",
        ),
        "build-out-is-a-file": (
            _write("out", b"keep"),
            ("build", "--out", "{dir}/out"),
            "{dir}/out:0:0: is a file, not a folder",
        ),
        "build-out-is-empty": (
            lambda folder: None,
            ("build", "--out", ""),
            "the output folder name is empty: name a folder to write into",
        ),
        "build-errata-is-a-directory": (
            _mkdir("fix"),
            ("build", "--errata", "{dir}/fix", "--out", "{dir}/out"),
            "{dir}/fix:0:0: errata path is a directory, not a file",
        ),
        "store-is-a-file": (
            _write("store", b"keep"),
            ("load", "--store", "{dir}/store"),
            "{dir}/store:0:0: is a file, not a store folder",
        ),
        "store-is-empty": (
            lambda folder: None,
            ("load", "--store", ""),
            "the store folder name is empty: name a folder to keep the store in",
        ),
        "export-output-is-a-folder": (
            _mkdir("out.ttl"),
            ("export", "-o", "{dir}/out.ttl"),
            "{dir}/out.ttl:0:0: is a folder, not a file",
        ),
        "report-output-is-a-file": (
            _write("report", b"keep"),
            ("report", "-o", "{dir}/report"),
            "{dir}/report:0:0: is a file, not a folder",
        ),
    }
    for name, (prepare, args, message) in outputs.items():
        cases[name] = Refused(_with(prepare, *args), 2, message)
    usage = {
        "unknown-option": (
            ("parse", "--colour"),
            "No such option '--colour'. Did you mean '--layout'? (see 'dutygraph parse --help')",
        ),
        "unknown-command": (
            ("frobnicate",),
            "No such command 'frobnicate'. (see 'dutygraph --help')",
        ),
        "bad-choice": (
            ("parse", "--format", "xml"),
            "Invalid value for '--format': 'xml' is not one of 'json', 'csv', 'table'. (see 'dutygraph parse --help')",
        ),
        "bad-layout": (
            ("parse", "--layout", "sideways"),
            "Invalid value for '--layout': 'sideways' is not one of 'inline', 'role-lines', 'table', 'flat-table'. (see 'dutygraph parse --help')",
        ),
    }
    for name, (args, message) in usage.items():
        cases[name] = Refused(_args(*args), 2, message)
    return cases


# The bundled plan's first 40 lines: the notice, part 一 (5 items) and the first 18
# items of part 二: every edit below needs no more, and parses in a tenth of the time.
EXCERPT_LINES = 40
EXCERPT_ITEMS = 23


def _excerpt(edit: Callable[[list[str]], str]) -> Callable[[list[str]], str]:
    return lambda raw: edit(raw[:EXCERPT_LINES])


def _small(edit: Callable[[str], str]) -> Callable[[list[str]], str]:
    return lambda raw: edit(SMALL)


def usable(raw_text: str) -> dict[str, Damaged]:
    """Damaged but readable plans: every item kept, every problem reported."""
    cases: dict[str, Damaged] = {}
    for name, case in damaged(raw_text).items():  # tests/bad_inputs.py
        cases[name] = Damaged(
            _text(f"{name}.txt", lambda raw, t=case.text: t),
            case.items,
            frozenset({(case.flag, case.line)}),
        )
    lines = raw_text.split("\n")
    bundled = {
        # finding 1: a first part header the parser does not take for one
        "first-header-with-a-full-stop": (
            lambda raw: _edit(raw, 13, raw[12] + "。"),
            {("numbering", 14)},
        ),
        "first-header-with-a-bracket": (
            lambda raw: _edit(raw, 13, raw[12].replace("、", "、(", 1)),
            {("numbering", 14)},
        ),
        "no-first-header": (lambda raw: "\n".join(raw[:12] + raw[13:]), {("numbering", 13)}),
        # finding 8: damaged numerals in headings
        "part-numeral-twice": (
            lambda raw: _edit(raw, 13, "二二、" + raw[12][2:]),
            {("numbering", 14)},
        ),
        # finding 17: invisible characters before an item number
        "zero-width-space-before-a-number": (lambda raw: _edit(raw, 26, "\u200b" + raw[25]), set()),
        "bom-before-a-number": (lambda raw: _edit(raw, 26, "\ufeff" + raw[25]), set()),
        "word-joiner-before-a-number": (lambda raw: _edit(raw, 26, "\u2060" + raw[25]), set()),
        "soft-hyphen-in-a-unit-name": (
            lambda raw: _edit(raw, 26, raw[25].replace("市商", "市\u00ad商", 1)),
            set(),
        ),
        "direction-override-in-the-text": (
            lambda raw: _edit(raw, 26, raw[25].replace("新增", "\u202e新增\u202c", 1)),
            set(),
        ),
        "crlf-line-endings": (lambda raw: "\r\n".join(raw), set()),
        "cr-line-endings": (lambda raw: "\r".join(raw), set()),
        "tabs-and-ideographic-spaces": (lambda raw: _edit(raw, 26, "\t\u3000" + raw[25]), set()),
        "ten-thousand-blank-lines": (
            lambda raw: "\n".join(raw[:25] + [""] * 10000 + raw[25:]),
            set(),
        ),
    }
    for name, (edit, problems) in bundled.items():
        cases[name] = Damaged(
            _text(f"{name}.txt", _excerpt(edit)),
            EXCERPT_ITEMS,
            frozenset(problems),
            clean=not problems,
        )
    for name, encoding in (
        ("utf-16-le-with-bom", "utf-16"),
        ("utf-16-be-with-bom", "utf-16-be"),
        ("utf-32-le-with-bom", "utf-32"),
        ("utf-32-be-with-bom", "utf-32-be"),
        ("utf-8-with-bom", "utf-8-sig"),
        ("gb18030", "gb18030"),
    ):
        prefix = "\ufeff" if encoding in ("utf-16-be", "utf-32-be") else ""
        cases[name] = Damaged(
            _text(f"{name}.txt", _excerpt(lambda raw, p=prefix: p + "\n".join(raw)), encoding),
            EXCERPT_ITEMS,
            clean=True,
        )
    cases["big5"] = Damaged(_text("big5.txt", lambda raw: TRADITIONAL, "big5"), 3, clean=True)
    assert len(lines) > 400
    small = {
        # finding 8
        "section-numeral-ten-ten": (
            lambda t: t.replace("一、重点工作\n", "一、重点工作\n(十十)另一标题\n"),
            3,
            {("unparsed-line", 4)},
        ),
        # finding 17: item numbers of five and nine digits
        "item-number-10000": (lambda t: t.replace("3.办好", "10000.办好"), 3, {("numbering", 6)}),
        "item-number-of-nine-digits": (
            lambda t: t.replace("3.办好", "123456789.办好"),
            3,
            {("numbering", 6)},
        ),
        "item-number-of-ten-digits": (lambda t: t.replace("3.办好", "1234567890.办好"), 3, set()),
        "items-before-any-part-header": (
            lambda t: t.replace("一、重点工作\n", "").replace("3.办好", "二、其他工作\n3.办好"),
            3,
            {("numbering", 3), ("numbering", 6)},
        ),
        "escape-sequences-in-the-text": (
            lambda t: t.replace("促进消费", "促进\x1bc\x9b2J\x07消费"),
            3,
            set(),
        ),
        "carriage-return-inside-a-line": (
            lambda t: t.replace("促进消费", "促进消费\r\r"),
            3,
            set(),
        ),
        "nfd-decomposed-pinyin": (lambda t: t.replace("促进消费", "促进(cu\u0300)消费"), 3, set()),
        "missing-clause": (
            lambda t: t.replace("(牵头单位:市商务局)", ""),
            3,
            {("missing-clause", 5)},
        ),
        "unknown-unit": (lambda t: t.replace("市商务局", "市不存在局"), 3, {("unknown-unit", 5)}),
        "clause-without-a-unit": (
            lambda t: t.replace("(牵头单位:市商务局)", "(牵头单位:)"),
            3,
            {("clause-problem", 5)},
        ),
        "item-repeated": (lambda t: t + "3.办好教育。(牵头单位:市教育局)\n", 4, {("numbering", 7)}),
        "one-long-line-of-prose-in-the-notice": (
            lambda t: t.replace(HEAD, HEAD + "各单位" * 40000 + "\n"),
            3,
            set(),
        ),
        "run-on-notice-on-one-line": (
            lambda t: (
                t.replace("通知\n", "通知。" + "各单位要高度重视。" * 20 + " ").replace("\n", " ")
                + "\n"
            ),
            3,
            set(),
        ),
    }
    for name, (edit, items, problems) in small.items():
        cases[name] = Damaged(
            _text(f"{name}.txt", _small(edit)), items, frozenset(problems), clean=not problems
        )
    tables = {
        "table-with-superscript-number": (
            "序号,工作任务,牵头单位\n²,建设基站,市经信局\n1,新建学校,市教育局\n",
            2,
            {("numbering", 3)},
        ),
        "table-with-a-twenty-digit-number": (
            "序号,工作任务,牵头单位\n" + "1" * 20 + ",建设基站,市经信局\n2,新建学校,市教育局\n",
            2,
            set(),
        ),
        "table-row-without-a-task": (TABLE_CSV + "3,,市发改委,\n", 2, {("unparsed-line", 4)}),
        "table-row-without-a-unit": (TABLE_CSV + "3,修建道路,,\n", 3, {("missing-clause", 4)}),
    }
    for name, (content, items, problems) in tables.items():
        cases[name] = Damaged(
            _file(f"{name}.csv", content.encode()),
            items,
            frozenset(problems),
            clean=not problems,
        )
    return cases


TABLE_TASK_ROWS = {
    "table-with-superscript-number": 2,
    "table-with-a-twenty-digit-number": 2,
    "table-row-without-a-task": 3,
    "table-row-without-a-unit": 3,
}
