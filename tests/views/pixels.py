"""How much of a screenshot is drawn: pixels that differ from the background.

Uses Pillow when it is installed, else decodes the PNG with zlib (8-bit RGB or
RGBA, not interlaced: what Chromium writes).
"""

from __future__ import annotations

import io
import struct
import zlib


def rgb_pixels(png: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    try:
        from PIL import Image
    except ImportError:
        return _decode(png)
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        raw = rgb.tobytes()
        return rgb.width, rgb.height, list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))


def drawn_fraction(png: bytes, background: tuple[int, int, int] = (255, 255, 255)) -> float:
    width, height, pixels = rgb_pixels(png)
    drawn = sum(
        1
        for r, g, b in pixels
        if abs(r - background[0]) + abs(g - background[1]) + abs(b - background[2]) > 40
    )
    return drawn / float(width * height)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _decode(png: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos = 8
    data = b""
    width = height = depth = colour = interlace = 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
        elif kind == b"IEND":
            break
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(data)
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 0xFF
        pixels.extend((line[i], line[i + 1], line[i + 2]) for i in range(0, stride, channels))
        previous = line
    return width, height, pixels
