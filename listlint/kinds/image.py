"""The ``image`` kind: the draft's images, checked against the platform profile.

Every image is *probed* once per draft (cached in ``ctx.scratch``), whichever rule asks first:

* ``scheme://`` paths (URLs) are never fetched, and paths that leave the draft's folder tree are
  never touched; both fall back to the declared ``width``/``height``;
* a local path is ``stat``-ed first and only a regular file is ever opened (a directory, a device
  such as ``/dev/zero`` or a FIFO is reported unread); the file is opened once, non-blocking;
* Pillow reads the header only (format, size, EXIF orientation).  A cheap structural check reads
  a few more bytes: a JPEG must end with its EOI marker, a PNG's chunk chain must reach ``IEND``
  (chunk headers only, the data is skipped), a GIF must end with its trailer;
* before Pillow opens a file, listlint reads its declared size itself (``imagehead``: JPEG
  markers up to the first scan, at most 1,000 of them in 16 MiB; PNG, GIF, WebP, BMP headers):
  a decompression bomb is a finding before any library allocates for it;
* pixels are decoded only for ``role: main`` images (for "readable" and the white-background
  test), at reduced scale: JPEG through ``Image.draft`` (DCT scaling, 1/8); formats that can
  only be decoded at full size up to ``FULL_DECODE_MAX_PIXELS``; never above the pack's
  ``decode_max_pixels`` (a decompression bomb is a finding).

``check`` selects one test per rule; numbers are rule parameters or ``profile:NAME``.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from listlint.findings import Finding, Severity
from listlint.kinds.base import Context, Rule
from listlint.kinds.documents import classify_path
from listlint.kinds.facts import Facts
from listlint.kinds.imagehead import Header, read_header
from listlint.platforms import resolve

if TYPE_CHECKING:
    from listlint.draft.model import Image as DraftImage

Check = Literal[
    "missing",
    "unreadable",
    "outside-root",
    "not-verified",
    "main-missing",
    "main-size-unknown",
    "extension",
    "white-background",
    "declared-size",
    "alt",
    "detail-size",
]
Number = int | float | str | None


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    check: Check
    roles: list[str] | None = Field(None, description="only images of these roles")
    level: str | None = Field(None, description="white-background: severity, or profile:NAME")
    threshold: int = Field(235, description="white-background: min channel value of 'white'")
    ratio: float = Field(0.9, description="white-background: share of frame pixels near white")
    frame: float = Field(0.03, description="white-background: frame width / shortest side")
    min_width: Number = None
    max_width: Number = None
    max_height: Number = None


# -- probing ---------------------------------------------------------------------------------
EXTENSIONS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".jfif": "JPEG",
    ".png": "PNG",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".heic": "HEIC",
    ".heif": "HEIC",
    ".avif": "AVIF",
}
OPEN_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
DECODE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "BMP"})
DEFAULT_DECODE_MAX_PIXELS = 40_000_000
FULL_DECODE_MAX_PIXELS = 8_000_000  # formats decoded at full size (≈ 2,800 × 2,800)
THUMB_SIDE = 256
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_PNG_SIG = b"\x89PNG\r\n\x1a\n"


@dataclass
class Probe:
    """What is known about one image file."""

    status: Literal["url", "outside", "missing", "bad", "ok"]
    reason: str = ""  # for "bad": a key of the pack's data.problems
    values: dict[str, Any] = field(default_factory=dict)  # placeholders of the reason text
    bytes: int | None = None
    format: str | None = None  # Pillow's name; MPO reported as JPEG
    size: tuple[int, int] | None = None  # as displayed (EXIF orientation applied)
    thumb: Any = None  # small RGB Pillow image of a main image, white under transparency

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def probe(ctx: Context, rule: Rule, image: DraftImage) -> Probe:
    """The probe of an image's file, made once per draft and path.  Pixels are decoded when the
    path is used as a main image anywhere in the draft."""
    cache: dict[str, Probe] = ctx.scratch.setdefault("image.probe", {})
    found = cache.get(image.path)
    if found is None:
        mains = ctx.scratch.get("image.main_paths")
        if mains is None:
            mains = ctx.scratch["image.main_paths"] = {
                im.path for im in ctx.draft.images if im.role == "main"
            }
        limit = int(rule.pack_data.get("decode_max_pixels", DEFAULT_DECODE_MAX_PIXELS))
        found = cache[image.path] = _probe(ctx, image.path, image.path in mains, limit)
    return found


def _probe(ctx: Context, path: str, want_pixels: bool, max_pixels: int) -> Probe:
    where, target = classify_path(ctx, path)
    if where == "url":
        return Probe("url")
    if where == "outside" or target is None:
        return Probe("outside")
    return probe_file(target, want_pixels, max_pixels)


def probe_file(
    target: Path, want_pixels: bool = False, max_pixels: int = DEFAULT_DECODE_MAX_PIXELS
) -> Probe:
    """Probe one local file: stat first, open only a regular file (once, non-blocking), read the
    header and the structural markers; decode a small thumbnail when ``want_pixels``."""
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return Probe("missing")
    except ValueError:  # e.g. an embedded NUL
        return Probe("bad", "invalid")
    except OSError as exc:
        return Probe("bad", "error", {"error": _os_error(exc)})
    if stat.S_ISDIR(st.st_mode):
        return Probe("bad", "directory")
    if not stat.S_ISREG(st.st_mode):
        return Probe("bad", "special")
    if st.st_size == 0:
        return Probe("bad", "empty", bytes=0)
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        return Probe("bad", "error", {"error": _os_error(exc)}, bytes=st.st_size)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after stat()
            return Probe("bad", "special")
        return _read(fh, st.st_size, want_pixels, max_pixels)


def _os_error(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _read(fh: Any, size: int, want_pixels: bool, max_pixels: int) -> Probe:
    from PIL import Image

    head = fh.read(64)
    declared = read_header(fh, size)  # before Pillow allocates or parses anything
    if declared is not None and declared.problem:
        return Probe("bad", declared.problem, bytes=size)
    if declared is not None and declared.pixels > max_pixels:
        return _bomb(declared.width, declared.height, max_pixels, size)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = Image.open(fh, formats=OPEN_FORMATS)
    except Image.DecompressionBombError as exc:
        m = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = f"{int(m.group(1)):,} 像素" if m else "过多像素"
        return Probe("bad", "bomb", {"pixels": pixels}, bytes=size)
    except Exception:  # Pillow raises many kinds on garbage input
        return Probe("bad", _sniff(head), bytes=size)
    fmt = "JPEG" if im.format == "MPO" else str(im.format)
    width, height = im.size
    if width * height > max_pixels:
        return _bomb(width, height, max_pixels, size, fmt)
    if _truncated(fh, fmt, size) and not (fmt == "JPEG" and _decodes(im)):
        # (a JPEG may carry a long trailer after its EOI: a small decode settles it)
        return Probe("bad", "truncated", bytes=size, format=fmt, size=(width, height))
    shown = (width, height)
    try:
        # JPEG keeps EXIF in a header segment; PNG's getexif() would decode the whole image.
        orientation = im.getexif().get(0x0112) if fmt == "JPEG" else None
    except Exception:
        orientation = None
    if orientation in (5, 6, 7, 8):
        shown = (height, width)
    result = Probe("ok", bytes=size, format=fmt, size=shown)
    if want_pixels and _reduced_decode_fits(fmt, width * height, declared):
        try:
            result.thumb = _thumbnail(im, fmt)
        except Exception as exc:
            return Probe("bad", "corrupt", {"error": str(exc)[:80]}, bytes=size, format=fmt)
    return result


def _bomb(width: int, height: int, limit: int, size: int, fmt: str | None = None) -> Probe:
    pixels = f"{width}×{height} = {width * height:,} 像素，上限 {limit:,}"
    return Probe("bad", "bomb", {"pixels": pixels}, bytes=size, format=fmt)


def _reduced_decode_fits(fmt: str, pixels: int, declared: Header | None) -> bool:
    """Decode pixels (for the white-background test) only where the decode stays small: a
    baseline JPEG is decoded at 1/8 scale (DCT scaling) whatever its size under the bomb
    limit; other formats (and progressive JPEGs, whose decoder keeps every coefficient)
    decode at full size, so only up to ``FULL_DECODE_MAX_PIXELS`` (a 6300×6300 WebP took
    672 MB).  A larger image is verified by its header only."""
    if fmt not in DECODE_FORMATS:
        return False
    if fmt == "JPEG" and not (declared is not None and declared.progressive):
        return True
    return pixels <= FULL_DECODE_MAX_PIXELS


def _sniff(head: bytes) -> str:
    """Why Pillow could not identify a file: a key of the pack's data.problems."""
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
        return "heic"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "heic"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\xff\xd8", _PNG_SIG, b"GIF8", b"RIFF")):
        return "corrupt_header"
    for cut in range(4):  # the 64-byte head may end inside a multi-byte character
        try:
            text = head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text and all(c.isprintable() or c in "\r\n\t" for c in text.lstrip("\ufeff")):
            return "text"
        break
    return "unknown"


def _truncated(fh: Any, fmt: str, size: int) -> bool:
    """Structural completeness without decoding: JPEG EOI, PNG chunk chain, GIF trailer."""
    try:
        if fmt == "JPEG":
            fh.seek(max(0, size - 4096))
            tail = fh.read(4096).rstrip(b"\x00")
            return b"\xff\xd9" not in tail
        if fmt == "GIF":
            fh.seek(max(0, size - 16))
            return not fh.read(16).rstrip(b"\x00").endswith(b";")
        if fmt == "PNG":
            pos = 8
            for _ in range(1_000_000):
                fh.seek(pos)
                header = fh.read(8)
                if len(header) < 8:
                    return True
                length, kind = struct.unpack(">I4s", header)
                if kind == b"IEND":
                    return False
                pos += 12 + length
                if pos > size:
                    return True
            return True
    except (OSError, struct.error, ValueError):
        return True
    return False


def _decodes(im: Any) -> bool:
    try:
        im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    except Exception:
        return False
    return True


def _thumbnail(im: Any, fmt: str) -> Any:
    """A small RGB copy of the image (transparency composited on white)."""
    from PIL import Image

    if fmt == "JPEG":
        im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
    im.load()
    alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    work = im.convert("RGBA" if alpha else "RGB") if im.mode not in ("RGB", "RGBA") else im
    factor = max(1, max(work.size) // THUMB_SIDE)
    small = work.reduce(factor) if factor > 1 else work
    if small.mode == "RGBA":
        base = Image.new("RGBA", small.size, (255, 255, 255, 255))
        return Image.alpha_composite(base, small).convert("RGB")
    return small


# -- helpers for rules -------------------------------------------------------------------------
def _size(p: Probe, image: DraftImage) -> tuple[int, int] | None:
    """Real pixels of a readable local file; the declared size where the file is not read."""
    if p.ok:
        return p.size
    if p.status in ("url", "outside") and image.width and image.height:
        return image.width, image.height
    return None


def _declared_format(path: str) -> str | None:
    clean = path.split("?", 1)[0].split("#", 1)[0]
    return EXTENSIONS.get(os.path.splitext(clean)[1].lower())


def _main(ctx: Context) -> tuple[int, DraftImage] | None:
    return next(((i, im) for i, im in enumerate(ctx.draft.images) if im.role == "main"), None)


def _at_path(ctx: Context, rule: Rule, i: int, image: DraftImage, **values: Any) -> Finding:
    values.setdefault("platform", ctx.profile.name)
    return ctx.finding(rule, f"images[{i}].path", start=0, end=len(image.path), **values)


def _problem(rule: Rule, p: Probe) -> str:
    texts: dict[str, str] = rule.pack_data.get("problems", {}) or {}
    text = texts.get(p.reason, p.reason)
    try:
        return text.format(**p.values)
    except (KeyError, IndexError, ValueError):
        return text


def _mb(n: float) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def _number(value: Number, ctx: Context) -> float | None:
    got = resolve(value, ctx.profile)
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return None
    return got


# -- the check ---------------------------------------------------------------------------------
def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    images = ctx.draft.images
    if not images:
        return
    handler = _PER_DRAFT.get(p.check)
    if handler is not None:
        yield from handler(rule, ctx, p)
        return
    for i, image in enumerate(images):
        if p.roles is not None and image.role not in p.roles:
            continue
        yield from _PER_IMAGE[p.check](rule, ctx, p, i, image)


def _status(status: str) -> Any:
    """A per-image check that reports the images whose probe has this status."""

    def check(rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage) -> Iterator[Finding]:
        if probe(ctx, rule, image).status == status:
            yield _at_path(ctx, rule, i, image)

    return check


def _unreadable(
    rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage
) -> Iterator[Finding]:
    found = probe(ctx, rule, image)
    if found.status == "bad":
        yield _at_path(ctx, rule, i, image, reason=_problem(rule, found))


def _not_verified(
    rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage
) -> Iterator[Finding]:
    if probe(ctx, rule, image).status == "url":
        declared = f"{image.width}×{image.height}" if image.width and image.height else "未声明"
        yield _at_path(ctx, rule, i, image, declared=declared)


def _extension(rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage) -> Iterator[Finding]:
    found = probe(ctx, rule, image)
    if not found.ok:
        return
    ext = os.path.splitext(image.path)[1].lower()
    if EXTENSIONS.get(ext) != found.format:
        yield _at_path(ctx, rule, i, image, ext=ext or "（无扩展名）", format=found.format)


def _declared_size(
    rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage
) -> Iterator[Finding]:
    if image.width is None and image.height is None:
        return
    found = probe(ctx, rule, image)
    if not found.ok or found.size is None:
        return
    real_w, real_h = found.size
    bad_w = image.width is not None and image.width != real_w
    bad_h = image.height is not None and image.height != real_h
    if bad_w or bad_h:
        where = "width" if bad_w else "height"
        yield ctx.finding(
            rule,
            f"images[{i}].{where}",
            declared=f"{image.width or '?'}×{image.height or '?'}",
            real=f"{real_w}×{real_h}",
            path=image.path,
        )


def _alt(rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage) -> Iterator[Finding]:
    if not (image.alt or "").strip():
        yield ctx.finding(rule, f"images[{i}]", path=image.path)


def _detail_size(
    rule: Rule, ctx: Context, p: Params, i: int, image: DraftImage
) -> Iterator[Finding]:
    lo, hi, tall = (_number(v, ctx) for v in (p.min_width, p.max_width, p.max_height))
    if lo is None and hi is None and tall is None:
        return
    size = _size(probe(ctx, rule, image), image)
    if size is None:
        return
    w, h = size
    problems = []
    if lo is not None and w < lo:
        problems.append(f"宽 {w} px 小于 {lo:g} px")
    if hi is not None and w > hi:
        problems.append(f"宽 {w} px 大于 {hi:g} px")
    if tall is not None and h > tall:
        problems.append(f"高 {h} px 大于 {tall:g} px")
    if problems:
        yield _at_path(
            ctx,
            rule,
            i,
            image,
            size=f"{w}×{h}",
            problem="，".join(problems),
            min_width=_fmt(lo),
            max_width=_fmt(hi),
            max_height=_fmt(tall),
        )


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


# -- rules about the draft's image set ---------------------------------------------------------
def _main_missing(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    if _main(ctx) is None:
        yield ctx.finding(rule, "images", key=True)


def _main_size_unknown(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    """The main image is a URL without a declared width and height: the platform's size and
    ratio rules cannot be decided, so it says so (a path outside the draft's folder has its
    own warning, image/path-outside-root)."""
    main = _main(ctx)
    if main is None:
        return
    i, image = main
    found = probe(ctx, rule, image)
    if found.status == "url" and _size(found, image) is None:
        yield _at_path(ctx, rule, i, image)


def _white_background(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    severity = rule.severity
    if severity == Severity.parse(rule.spec.severity) and p.level is not None:
        level = resolve(p.level, ctx.profile)  # the platform decides, unless the config did
        if level in (None, False, "off", "none"):
            return
        try:
            severity = Severity.parse(str(level))
        except ValueError:
            return
    mains = [(i, im) for i, im in enumerate(ctx.draft.images) if im.role == "main"]
    if not mains:
        return
    best: float | None = None
    for _, image in mains:
        found = probe(ctx, rule, image)
        if found.thumb is None:
            return  # an unverified main image may be the white one: cannot tell
        share = white_share(found.thumb, p.threshold, p.frame)
        if share >= p.ratio:
            return
        best = share if best is None else max(best, share)
    i, image = mains[0]
    yield _at_path(
        ctx,
        rule,
        i,
        image,
        severity=severity,
        percent=f"{(best or 0) * 100:.0f}",
        ratio=f"{p.ratio * 100:.0f}",
    )


def white_share(thumb: Any, threshold: int, frame: float) -> float:
    """Share of the pixels in the outer frame of the image whose R, G and B are all at least
    ``threshold`` (the frame is ``frame`` × the shortest side wide, at least one pixel)."""
    w, h = thumb.size
    band = max(1, round(frame * min(w, h)))
    boxes = [(0, 0, w, band), (0, h - band, w, h)]
    if h > 2 * band:
        boxes += [(0, band, band, h - band), (w - band, band, w, h - band)]
    white = total = 0
    for box in boxes:
        data = thumb.crop(box).tobytes()
        total += len(data) // 3
        white += sum(
            1
            for k in range(0, len(data), 3)
            if data[k] >= threshold and data[k + 1] >= threshold and data[k + 2] >= threshold
        )
    return white / total if total else 1.0


_PER_IMAGE = {
    "missing": _status("missing"),
    "unreadable": _unreadable,
    "outside-root": _status("outside"),
    "not-verified": _not_verified,
    "extension": _extension,
    "declared-size": _declared_size,
    "alt": _alt,
    "detail-size": _detail_size,
}
_PER_DRAFT = {
    "main-missing": _main_missing,
    "main-size-unknown": _main_size_unknown,
    "white-background": _white_background,
}


# -- facts for compare rules (main-too-small, main-not-square, main-file-too-large, main-format,
# detail-count: their limits are platform parameters in the pack, not code) -------------------
def main_image_facts(rule: Rule, ctx: Context) -> list[Facts]:
    """The first main image: its size (real pixels of a readable local file, else the declared
    size of a URL or an outside path), bytes and format (the real one, else the extension's)."""
    main = _main(ctx)
    if main is None:
        return []
    i, image = main
    found = probe(ctx, rule, image)
    size = _size(found, image)
    fmt = found.format if found.ok else None
    if fmt is None and found.status in ("url", "outside"):
        fmt = _declared_format(image.path)
    fields: dict[str, Any] = {"format": fmt, "bytes": found.bytes}
    values: dict[str, Any] = {"format": fmt or "", "platform": ctx.profile.name}
    if size is not None:
        w, h = size
        fields.update(width=w, height=h, short_side=min(w, h), squareness=abs(w - h) / max(w, h, 1))
        values["size"] = f"{w}×{h}"
    if found.bytes is not None:
        values["bytes"] = _mb(found.bytes)
    return [Facts(f"images[{i}].path", fields, values, (0, len(image.path)))]


def detail_image_facts(rule: Rule, ctx: Context) -> list[Facts]:
    """The draft's detail images as a set: their count, and the first one over a platform's
    count limit is where a finding points."""
    details = [i for i, im in enumerate(ctx.draft.images) if im.role == "detail"]
    if not details:
        return []
    limit = _number("profile:detail_image_max_count", ctx)
    at = details[int(limit)] if limit is not None and len(details) > limit else details[-1]
    values = {"count": len(details), "platform": ctx.profile.name}
    return [Facts(f"images[{at}]", {"count": len(details)}, values)]


def prepare(rule: Rule) -> None:
    p: Params = rule.params
    if p.check == "white-background" and not (0 < p.ratio <= 1 and 0 < p.frame < 0.5):
        raise ValueError("white-background needs 0 < ratio <= 1 and 0 < frame < 0.5")
