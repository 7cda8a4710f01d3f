"""Decode a plan file whose encoding nobody told us.

Plans arrive as UTF-8 (with or without a BOM) from web copies, as GB18030/GBK from
mainland office software and as Big5 from Traditional-Chinese sources; UTF-16 and
UTF-32 files are read by their BOM. A strict
decode settles most files; where several encodings decode without error, the one
whose text looks most like Chinese prose wins.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from graph.errors import InputError

# (BOM, name reported, codec for the bytes after the BOM). UTF-32 comes first: its
# little-endian BOM starts with UTF-16's, and read as UTF-16 the text is garbage.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# Words every responsibility-decomposition plan contains, in both scripts. They
# decide between GB18030 and Big5 when both decode a file without error.
_MARKERS = ("单位", "單位", "牵头", "牽頭", "责任", "責任", "人民政府", "政府")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def byte_position(data: bytes, offset: int, codec: str = "utf-8") -> tuple[int, int]:
    """Line and column (1-based, in characters) of byte ``offset`` in ``data``.

    Columns count characters, as every other message does, so the prefix is decoded
    (leniently) rather than measured in bytes: in UTF-8 a Chinese character is three
    bytes, in UTF-16 even a newline is two.
    """
    before = data[:offset].decode(codec, errors="replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _cjk_score(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    markers = sum(text.count(m) for m in _MARKERS)
    return cjk / len(text) + markers


def decode_bytes(data: bytes, path: str = "<input>") -> Decoded:
    """Decode ``data`` or raise :class:`InputError` naming where it went wrong."""
    if not data.strip():
        raise InputError("file is empty", path=path, line=1, column=1)
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(codec), encoding)
            except UnicodeDecodeError as exc:
                line, column = byte_position(body, exc.start, codec)
                raise InputError(
                    f"invalid {encoding} byte after BOM", path=path, line=line, column=column
                ) from None
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = byte_position(data, nul)
        raise InputError(
            "binary file (NUL byte), not a text plan", path=path, line=line, column=column
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        first_error = utf8_error
    candidates: list[Decoded] = []
    for encoding in ("gb18030", "big5"):
        try:
            candidates.append(Decoded(data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if candidates:
        return max(candidates, key=lambda d: _cjk_score(d.text))
    # Last resort: a detector for the less common cases (e.g. GBK with stray bytes).
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and _cjk_score(str(best)) > 0.3:
        return Decoded(str(best), best.encoding)
    line, column = byte_position(data, first_error.start)
    raise InputError(
        "cannot decode: not UTF-8, GB18030 or Big5 text", path=path, line=line, column=column
    )
