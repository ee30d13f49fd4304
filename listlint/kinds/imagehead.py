"""Image headers read by listlint itself, before Pillow sees the file: the size an image
declares, so that a decompression bomb is refused before any library allocates for it, and a
bound on the JPEG header Pillow would otherwise parse marker by marker (2.5 million empty
markers in a 15 MB file took Pillow 7 s and 0.6 GB).

``read_header`` looks at JPEG (walking the markers up to the first scan), PNG (IHDR), GIF
(logical screen), WebP (VP8, VP8L, VP8X canvas) and BMP; other formats are left to Pillow,
which reads their headers within the file's size.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

MAX_JPEG_MARKERS = 1_000  # a camera JPEG has a few dozen
MAX_HEADER_BYTES = 16 << 20  # bytes before the first scan (EXIF, ICC, XMP and thumbnails)
_PNG_SIG = b"\x89PNG\r\n\x1a\n"
# SOF markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC); progressive: C2, C6, CA, CE
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_PROGRESSIVE = frozenset({0xC2, 0xC6, 0xCA, 0xCE})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})  # TEM, RSTn, SOI


@dataclass(frozen=True, slots=True)
class Header:
    """What a header declares; ``problem`` (a key of the image pack's ``data.problems``) when
    listlint refuses the header itself."""

    width: int = 0
    height: int = 0
    progressive: bool = False  # a JPEG whose decoder keeps every coefficient in memory
    problem: str | None = None

    @property
    def pixels(self) -> int:
        return self.width * self.height


def read_header(fh: Any, size: int) -> Header | None:
    """The header of the open file `fh` (``size`` bytes), or None when the format is not one
    of those above or its header is not understood here (Pillow then decides).  Leaves the
    file positioned at 0."""
    try:
        fh.seek(0)
        head = fh.read(32)
        if head.startswith(b"\xff\xd8"):
            return _jpeg(fh, size)
        return _simple(head)
    except (OSError, ValueError, struct.error):
        return None
    finally:
        fh.seek(0)


def _simple(head: bytes) -> Header | None:
    if head.startswith(_PNG_SIG) and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return Header(width, height)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return Header(width, height)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and len(head) >= 30:
        return _webp(head[12:16], head[20:30])
    if head[:2] == b"BM" and len(head) >= 26:
        width, height = struct.unpack("<ii", head[18:26])
        return Header(abs(width), abs(height))
    return None


def _webp(fourcc: bytes, data: bytes) -> Header | None:
    if fourcc == b"VP8X":  # extended: the canvas, up to 2^24 × 2^24
        width = int.from_bytes(data[4:7], "little") + 1
        height = int.from_bytes(data[7:10], "little") + 1
        return Header(width, height)
    if fourcc == b"VP8L" and data[0] == 0x2F:  # lossless
        bits = int.from_bytes(data[1:5], "little")
        return Header((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if fourcc == b"VP8 " and data[3:6] == b"\x9d\x01\x2a":  # lossy key frame
        width, height = struct.unpack("<HH", data[6:10])
        return Header(width & 0x3FFF, height & 0x3FFF)
    return None


class _Window:
    """Bytes of a file at any offset, read 8 KiB at a time (a JPEG header is walked in
    memory, not with a system call per marker)."""

    __slots__ = ("data", "fh", "start")

    def __init__(self, fh: Any) -> None:
        self.fh, self.start, self.data = fh, 0, b""

    def at(self, pos: int, n: int) -> bytes:
        end = pos + n
        if pos < self.start or end > self.start + len(self.data):
            self.fh.seek(pos)
            self.start, self.data = pos, self.fh.read(max(n, 1 << 13))
        return self.data[pos - self.start : end - self.start]


def _jpeg(fh: Any, size: int) -> Header | None:
    """Walk the markers from SOI to the first scan (SOS): the frame's size, or ``header``
    when there are more than MAX_JPEG_MARKERS of them or they span MAX_HEADER_BYTES."""
    window = _Window(fh)
    pos, count = 2, 0
    frame: Header | None = None
    while pos + 4 <= size:
        count += 1
        if count > MAX_JPEG_MARKERS or pos > MAX_HEADER_BYTES:
            return Header(problem="header")
        head = window.at(pos, 9)
        if len(head) < 4 or head[0] != 0xFF:
            return frame  # not a marker: Pillow decides what this is
        code = head[1]
        if code == 0xFF:  # a fill byte
            pos += 1
            continue
        if code in _STANDALONE:
            pos += 2
            continue
        if code in (0xD9, 0xDA):  # EOI, or the first scan: the header is complete
            return frame
        length = int.from_bytes(head[2:4], "big")
        if length < 2:
            return frame
        if code in _SOF and frame is None and len(head) == 9:
            height, width = struct.unpack(">HH", head[5:9])
            frame = Header(width, height, code in _PROGRESSIVE)
        pos += 2 + length
    return frame
