"""Read a plan in whatever form it was published: text, web page, Word, Excel, CSV, PDF.

:func:`read_document` returns the same :class:`~graph.read.document.Document` shape
for every format, so the layouts that find items never depend on the format.
:func:`detect_format` decides the format from the bytes first, because plans are
passed around under the wrong name all the time (a web page saved as ``.xls``, an
Excel export named ``.csv``, a PDF without extension); the file name only settles a
tie. Formats that cannot be read are refused with an :class:`~graph.errors.InputError`
that says what the file is and what to do with it.

This module imports only the standard library: detecting a format must stay cheap,
and each reader (lxml, python-docx, openpyxl, pdfplumber) is imported only when a
file of its format is read.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path

from graph.errors import InputError, OptionError
from graph.read.document import Document
from graph.read.formats.tables import sniff_delimiter

FORMATS = ("text", "html", "docx", "xlsx", "csv", "pdf")
MAX_BYTES = 64 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_SAMPLE = 128 * 1024

# A document that starts like a web page is one whatever its name.
_HTML_START = ("<!doctype html", "<html", "<head", "<body", "<meta", "<title")
_HTML_LEADING = re.compile(r"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*", re.S)
# Tags that only markup has; several of them make a fragment a web page too.
_HTML_TAG = re.compile(
    r"<(?:p|br|table|tr|td|th|div|span|h[1-6]|li|ul|ol|font|b|strong)\b[^<>]*>", re.I
)
_HTML_EXTENSIONS = {"html", "htm", "xhtml", "shtml", "xht", "asp", "aspx", "jsp", "php"}


def _utf16_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole_kind(data: bytes) -> str:
    """What an OLE compound file (old Office, WPS, encrypted new Office) is."""
    if _utf16_name("EncryptedPackage") in data:
        return "a password-protected Office document: remove the password and save it again"
    if _utf16_name("WordDocument") in data:
        return "a Word 97-2003 document (.doc), which cannot be read: save it as .docx"
    if _utf16_name("Workbook") in data or _utf16_name("Book") in data:
        return "an Excel 97-2003 workbook (.xls), which cannot be read: save it as .xlsx"
    return "an old binary Office or WPS file (OLE), which cannot be read: save it as .docx or .xlsx"


def _zip_format(data: bytes, shown: str) -> str:
    """``docx`` or ``xlsx`` for an Office Open XML package; refuse any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        head = data[:65536]
        kind = (
            "Word document"
            if b"word/" in head
            else "Excel workbook"
            if b"xl/" in head
            else "zip archive"
        )
        raise InputError(
            f"damaged {kind}: the zip archive is truncated or corrupt", path=shown
        ) from None
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise InputError(
            "an Excel binary workbook (.xlsb), which cannot be read: save it as .xlsx", path=shown
        )
    if "mimetype" in names or "content.xml" in names:
        raise InputError(
            "an OpenDocument file (.odt/.ods), which cannot be read: save it as .docx or .xlsx",
            path=shown,
        )
    if "OFD.xml" in names:
        raise InputError("an OFD document, which cannot be read: export it as PDF", path=shown)
    raise InputError(
        "a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file", path=shown
    )


def _sample_text(data: bytes) -> str:
    """The start of ``data`` as text, leniently: only for sniffing, never for reading."""
    head = data[:_SAMPLE]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        codec = "utf-32-le" if head.startswith(codecs.BOM_UTF32_LE) else "utf-32-be"
        return head[4 : 4 + (len(head) - 4) // 4 * 4].decode(codec, errors="ignore")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        return head[2 : 2 + (len(head) - 2) // 2 * 2].decode(codec, errors="ignore")
    # GB18030 and Big5 are ASCII-compatible and never use "<", "," or newlines as a
    # trail byte, so a UTF-8 reading with errors ignored sniffs markup and commas
    # correctly in every encoding plans come in.
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def _looks_like_csv(sample: str, extension: str, complete: bool) -> bool:
    """Most records split into the same number of fields, and the name says CSV or
    the evidence is strong (many records, at least three fields, nearly all alike)."""
    _, fields, share = sniff_delimiter(sample, complete)
    if extension in ("csv", "tsv"):
        return fields >= 2 and share >= 0.6
    records = sum(1 for line in sample.splitlines() if line.strip())
    return records >= 5 and fields >= 3 and share >= 0.9


def _looks_like_html(sample: str, extension: str) -> bool:
    """A page start (``<!doctype html``, ``<html>``…), or enough tags for a fragment;
    a web extension lowers the bar to one tag."""
    start = _HTML_LEADING.sub("", sample[:8192], count=1).lower()
    if start.startswith(_HTML_START):
        return True
    tags = len(_HTML_TAG.findall(sample[:65536]))
    if extension in _HTML_EXTENSIONS and (tags or start.startswith("<")):
        return True
    return tags >= 5 or (tags >= 2 and start.startswith("<"))


def detect_format(data: bytes, name: str = "") -> str:
    """The format of ``data``: one of ``text, html, docx, xlsx, csv, pdf``.

    Decided by content: a PDF header, the parts inside a zip package, markup, records
    with a constant number of commas. The extension of ``name`` only breaks ties
    (a short comma-separated file is CSV if it is named so). Files that are
    recognisably something unreadable (an old ``.doc``/``.xls``, an image, an
    unknown zip) raise :class:`InputError` naming what they are.
    """
    shown = name or "<input>"
    extension = Path(name).suffix.lower().lstrip(".")
    if data.find(b"%PDF-", 0, 1024) != -1:
        return "pdf"
    if data.startswith(_ZIP):
        return _zip_format(data, shown)
    if data.startswith(_OLE):
        raise InputError(_ole_kind(data), path=shown)
    if data.startswith(b"{\\rtf"):
        raise InputError("an RTF document, which cannot be read: save it as .docx", path=shown)
    if data.startswith(_IMAGES):
        raise InputError(
            "an image, not a document with text (a scan?): only text can be read", path=shown
        )
    head = data[:8192]
    binary = b"\x00" in head and not head.startswith(
        (b"\xff\xfe", b"\xfe\xff", codecs.BOM_UTF32_BE)
    )
    if binary:
        named = {"pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel workbook"}
        if extension in named:
            raise InputError(
                f"named .{extension} but not {named[extension]}: unknown binary content", path=shown
            )
        return "text"  # the text reader reports where the binary content starts
    sample = _sample_text(data)
    if _looks_like_html(sample, extension):
        return "html"
    if _looks_like_csv(sample, extension, complete=len(data) <= _SAMPLE):
        return "csv"
    return "text"


MAX_INPUT_VARIABLE = "DUTYGRAPH_MAX_INPUT_MB"


def max_input_bytes() -> int:
    """The largest input file read: :data:`MAX_BYTES` (64 MB), or the megabytes
    the ``DUTYGRAPH_MAX_INPUT_MB`` environment variable gives.

    A plan is a few hundred kilobytes; the bound exists so that a wrong file (a
    disk image, a log, a video) is refused at once instead of being parsed for
    minutes with gigabytes of memory.
    """
    value = os.environ.get(MAX_INPUT_VARIABLE, "").strip()
    if not value:
        return MAX_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if not 0 < megabytes < 2**40:  # also refuses nan and inf
        raise OptionError(
            f"{MAX_INPUT_VARIABLE} must be a positive number of megabytes, not {value!r}"
        )
    return max(1, int(megabytes * 2**20))


def read_input(path: str | Path, shown: str | None = None, *, what: str = "a plan file") -> bytes:
    """The bytes of a regular file of at most :func:`max_input_bytes`, or an InputError.

    Every file a user names (a plan, errata, a unit registry, RDF to validate) is
    read through here. The file is opened non-blocking and checked with ``fstat``
    on the open descriptor, so a FIFO without a writer, a device (``/dev/zero``,
    ``/dev/urandom``) or a file swapped for one after a check is refused instead of
    read forever; a regular file is read with a bound, so one that grows while it
    is read (or a ``/proc`` file that reports no size) cannot exhaust memory.
    """
    shown = str(path) if shown is None else shown
    limit = max_input_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {what}", path=shown) from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket: there is nothing to open
            raise InputError(f"not a regular file (a socket): give {what}", path=shown) from None
        raise InputError(f"cannot read: {exc.strerror}", path=shown) from None
    info = os.fstat(fd)
    problem = ""
    if stat.S_ISDIR(info.st_mode):
        problem = f"is a directory, not {what}"
    elif not stat.S_ISREG(info.st_mode):
        kind = "a pipe" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        problem = f"not a regular file ({kind}): give {what}"
    elif info.st_size > limit:
        problem = _too_large(info.st_size, limit, what)
    if problem:
        os.close(fd)
        raise InputError(problem, path=shown)
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=shown) from None
    if len(data) > limit:  # it said it was smaller, or it grew while being read
        raise InputError(_too_large(None, limit, what), path=shown)
    return data


def _too_large(size: int | None, limit: int | None = None, what: str = "a plan file") -> str:
    """The message for a file of ``size`` bytes (None: unknown, more than ``limit``)."""
    limit = max_input_bytes() if limit is None else limit
    most = _megabytes(limit)
    if size is None:
        big = "file is larger"
    else:
        big = f"file is {_megabytes(size)}, larger"
        if _megabytes(size) == most:  # rounding would hide the difference
            big, most = f"file is {size} bytes, larger", f"{limit} bytes"
    return (
        f"{big} than the {most} {what} may be "
        f"(the environment variable {MAX_INPUT_VARIABLE} sets the limit)"
    )


def _megabytes(size: int) -> str:
    shown = f"{size / 2**20:.1f}".removesuffix(".0")
    return f"{shown} MB" if shown != "0" else f"{size} bytes"


def read_document(
    path: str | Path, *, data: bytes | None = None, format: str | None = None
) -> Document:
    """Read the plan at ``path`` (or in ``data``, named ``path``) into a :class:`Document`.

    ``format`` forces a reader (one of :data:`FORMATS`) instead of detecting it.
    Raises :class:`InputError` for a file that cannot be read as a plan at all.
    """
    shown = str(path)
    if format is not None and format not in FORMATS:
        raise OptionError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if data is None:
        data = read_input(path, shown)
    elif len(data) > max_input_bytes():
        raise InputError(_too_large(len(data)), path=shown)
    if not data.strip():
        raise InputError("file is empty", path=shown, line=1, column=1)
    chosen = format or detect_format(data, shown)
    if chosen == "text":
        from graph.read.formats.text import read_text

        document = read_text(data, shown)
    elif chosen == "html":
        from graph.read.formats.html import read_html

        document = read_html(data, shown)
    elif chosen == "docx":
        from graph.read.formats.docx import read_docx

        document = read_docx(data, shown)
    elif chosen == "xlsx":
        from graph.read.formats.xlsx import read_xlsx

        document = read_xlsx(data, shown)
    elif chosen == "csv":
        from graph.read.formats.xlsx import read_csv

        document = read_csv(data, shown)
    else:
        from graph.read.formats.pdf import read_pdf

        document = read_pdf(data, shown)
    return dataclasses.replace(document, sha256=hashlib.sha256(data).hexdigest())


__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_INPUT_VARIABLE",
    "detect_format",
    "max_input_bytes",
    "read_document",
    "read_input",
]
