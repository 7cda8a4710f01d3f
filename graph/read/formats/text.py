"""Plain text: each non-blank line of the file is one paragraph block.

Lines are split exactly as the plan parser splits them (``\\r\\n``, ``\\r`` or
``\\n``), so a block's line number is the one an editor and the parser's notices
show. Indentation (spaces, ideographic spaces, no-break spaces) is not text of the
plan: it is stripped, and the block's column points at the first character kept.
Blank lines carry nothing and are counted in ``dropped["blank"]``.
"""

from __future__ import annotations

from graph.read.document import PARAGRAPH, Block, Document, Where
from graph.read.encoding import decode_bytes

# Invisible characters web copies leave at line edges, stripped with the whitespace.
EDGE_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff"


def strip_edges(text: str) -> str:
    """``text`` without whitespace or zero-width characters at either end."""
    return text.strip().strip(EDGE_INVISIBLES).strip()


def read_text(data: bytes, path: str) -> Document:
    """Read a text file: decode it (BOM, UTF-8, GB18030, Big5) and keep every line."""
    decoded = decode_bytes(data, path)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":  # the newline that ends the last line is no line
        lines.pop()
    blocks = []
    blank = 0
    for number, raw in enumerate(lines, start=1):
        kept = strip_edges(raw)
        if not kept:
            blank += 1
            continue
        column = raw.index(kept[0]) + 1
        blocks.append(Block(PARAGRAPH, kept, Where(file=path, line=number, column=column)))
    dropped = {"blank": blank} if blank else {}
    return Document(path, "text", tuple(blocks), encoding=decoded.encoding, dropped=dropped)
