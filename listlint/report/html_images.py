"""Images for the HTML report: what is known about each image a draft names, and a small
thumbnail to embed.

The same path policy and safety rules as the ``image`` rules (``listlint.kinds.image``):

* a path is classified with ``listlint.kinds.documents.classify``: URLs are never fetched,
  absolute paths and paths whose real location leaves the draft's folder are never touched;
* a local file is probed with ``probe_file``: ``stat`` first, only a regular file is opened
  (once, non-blocking), header and structure checked, pixels decoded at reduced scale and never
  above the pixel budget;
* the thumbnail is decoded from the same kind of read: the file is opened again only when the
  probe found a readable image within the budgets, non-blocking, checked to be a regular file
  after opening, and decoded at reduced scale (JPEG DCT scaling) to at most ``THUMB_SIDE``
  pixels.  The embedded copy is a JPEG data URI; the original file is never embedded.

Each real file is looked at once per report, however many drafts name it, and embedded once.
"""

from __future__ import annotations

import base64
import io
import os
import stat
import warnings
from dataclasses import dataclass
from math import gcd
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listlint.kinds.documents import classify
from listlint.kinds.image import (
    DECODE_FORMATS,
    DEFAULT_DECODE_MAX_PIXELS,
    OPEN_FORMATS,
    probe_file,
    white_share,
)

if TYPE_CHECKING:
    from listlint.results import Report

THUMB_SIDE = 240  # the longest side of an embedded thumbnail, in pixels
THUMB_QUALITY = 70
THUMB_MAX_FILE = 64 << 20  # files above this size are described, not decoded for a thumbnail
EMBED_BUDGET = 12 << 20  # characters of thumbnail data URIs in one report, at most
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass
class ImageInfo:
    """What the report shows about one image path of a draft."""

    status: str  # url | outside | missing | bad | ok | over-budget
    reason: str = ""  # the probe's reason for "bad"
    size: tuple[int, int] | None = None
    bytes: int | None = None
    format: str | None = None
    white: float | None = None  # share of near-white pixels in the outer frame
    ref: str | None = None  # key of the embedded thumbnail (ImageStore.uris)
    thumb_size: tuple[int, int] | None = None

    @property
    def ratio(self) -> str:
        if not self.size or not all(self.size):
            return ""
        w, h = self.size
        k = gcd(w, h)
        if w // k <= 32 and h // k <= 32:
            return f"{w // k}:{h // k}"
        return f"{w / h:.2f}:1"


@dataclass(frozen=True)
class WhiteTest:
    """The parameters of the white-background test (those of ``image/white-background``)."""

    threshold: int = 235
    frame: float = 0.03
    ratio: float = 0.9


class ImageStore:
    """Image infos and embedded thumbnails of one report, each real file looked at once."""

    def __init__(self, report: Report, budget: int = EMBED_BUDGET) -> None:
        self.white = _white_test(report)
        self.max_pixels = _max_pixels(report)
        self.budget = budget
        self.used = 0
        self.uris: dict[str, str] = {}  # ref -> data URI
        self._infos: dict[str, ImageInfo] = {}  # by real path
        self._named: dict[tuple[str, str], ImageInfo] = {}  # by (draft folder, path)

    def info(self, root: Path, path: str) -> ImageInfo:
        """The info of the image `path` named by a draft in the folder `root`."""
        key = (str(root), path)
        found = self._named.get(key)
        if found is None:
            found = self._named[key] = self._classified(root, path)
        return found

    def _classified(self, root: Path, path: str) -> ImageInfo:
        where, target = classify(root, path)
        if where == "url":
            return ImageInfo("url")
        if where == "outside" or target is None:
            return ImageInfo("outside")
        try:
            key = os.path.realpath(target)
        except (ValueError, OSError):
            key = str(target)
        found = self._infos.get(key)
        if found is None:
            found = self._infos[key] = self._look(target)
        return found

    def _look(self, target: Path) -> ImageInfo:
        probe = probe_file(target, True, self.max_pixels)
        if probe.status != "ok":
            return ImageInfo(probe.status, probe.reason, probe.size, probe.bytes, probe.format)
        info = ImageInfo("ok", size=probe.size, bytes=probe.bytes, format=probe.format)
        if probe.thumb is not None:
            info.white = white_share(probe.thumb, self.white.threshold, self.white.frame)
        if self.used >= self.budget:
            info.status = "over-budget"
            return info
        made = thumbnail(target, self.max_pixels)
        if made is not None:
            uri, size = made
            info.ref, info.thumb_size = f"i{len(self.uris)}", size
            self.uris[info.ref] = uri
            self.used += len(uri)
        return info


def _white_test(report: Report) -> WhiteTest:
    rule = report.rule("image/white-background")
    params = getattr(rule, "params", None)
    if params is None:
        return WhiteTest()
    return WhiteTest(params.threshold, params.frame, params.ratio)


def _max_pixels(report: Report) -> int:
    rule = next((r for r in report.rules if r.id.startswith("image/")), None)
    data = rule.pack_data if rule is not None else {}
    try:
        return int(data.get("decode_max_pixels", DEFAULT_DECODE_MAX_PIXELS))
    except (TypeError, ValueError):
        return DEFAULT_DECODE_MAX_PIXELS


def thumbnail(target: Path, max_pixels: int = DEFAULT_DECODE_MAX_PIXELS) -> Any:
    """(JPEG data URI, (width, height)) of a thumbnail of at most ``THUMB_SIDE`` pixels, or
    None.  Opens only a regular file (checked again after opening), non-blocking."""
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except (OSError, ValueError):
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not 0 < st.st_size <= THUMB_MAX_FILE:
            return None
        try:
            small = _decode(fh, max_pixels)
        except Exception:  # Pillow raises many kinds on broken input: no thumbnail then
            return None
    if small is None:
        return None
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=THUMB_QUALITY, optimize=True)
    uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return uri, small.size


def _decode(fh: Any, max_pixels: int) -> Any:
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        im = Image.open(fh, formats=OPEN_FORMATS)
        fmt = "JPEG" if im.format == "MPO" else str(im.format)
        if fmt not in DECODE_FORMATS or im.width * im.height > max_pixels:
            return None
        if fmt == "JPEG":
            im.draft("RGB", (THUMB_SIDE, THUMB_SIDE))  # DCT scaling: decode at ≥ 1/8 size
        im.load()
        im = ImageOps.exif_transpose(im) if fmt == "JPEG" else im
        alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
        im = im.convert("RGBA" if alpha else "RGB")
        im.thumbnail((THUMB_SIDE, THUMB_SIDE))
        if alpha:
            base = Image.new("RGBA", im.size, (255, 255, 255, 255))
            im = Image.alpha_composite(base, im).convert("RGB")
        return im
