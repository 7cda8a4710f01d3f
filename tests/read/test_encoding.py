"""Decoding files whose encoding nobody told us."""

from __future__ import annotations

import codecs

import pytest

from graph.errors import InputError
from graph.read.encoding import decode_bytes

SAMPLE = "(牵头单位:市发改委;责任单位:各区人民政府)\n"
TRADITIONAL = "(牽頭單位:市發改委;責任單位:各區人民政府)\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
    ],
)
def test_detects(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") in (SAMPLE, TRADITIONAL)


def test_big5_wins_over_a_gb18030_misreading():
    data = (TRADITIONAL * 5).encode("big5")
    data.decode("gb18030")  # decodes without error, as garbage
    assert decode_bytes(data).text == TRADITIONAL * 5


@pytest.mark.parametrize("data", [b"", b"   \n\n\t ", b"\r\n"])
def test_empty(data):
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "empty.txt")
    assert str(exc.value) == "empty.txt:1:1: file is empty"


def test_nul_byte_is_binary_with_position():
    with pytest.raises(InputError) as exc:
        decode_bytes(b"line one\nab\x00cd", "x.bin")
    assert (exc.value.line, exc.value.column) == (2, 3)
    assert "binary" in exc.value.reason


def test_undecodable_names_first_bad_byte():
    data = "好的\n".encode() + b"ok \xff\xfe\xfd \x80"
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "bad.txt")
    assert (exc.value.path, exc.value.line, exc.value.column) == ("bad.txt", 2, 4)
    assert "cannot decode" in exc.value.reason


def test_column_counts_characters_not_bytes():
    data = "好的\n好 ".encode() + b"\xff"
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "bad.txt")
    assert (exc.value.line, exc.value.column) == (2, 3)


def test_utf16_position_counts_characters():
    data = codecs.BOM_UTF16_LE + "一\n二三".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "u16.txt")
    assert (exc.value.line, exc.value.column) == (2, 3)


def test_bad_bytes_after_a_bom():
    with pytest.raises(InputError) as exc:
        decode_bytes(codecs.BOM_UTF8 + b"ok\n\xff", "bom.txt")
    assert (exc.value.line, exc.value.column) == (2, 1)
