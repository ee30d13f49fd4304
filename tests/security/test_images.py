"""Item 10: hostile image files cost bounded time and memory.

* A JPEG with 2.5 million empty markers before its frame (15 MB): Pillow parsed them one by
  one (≈ 7 s and 0.6 GB per probe, and every draft naming the image probes it).  listlint now
  walks the markers itself first (``listlint.kinds.imagehead``: at most 1,000 markers in
  16 MiB before the first scan) and reports ``image/unreadable`` (文件头异常).
* A WebP whose header declares a canvas above the pixel budget (34 bytes: 12,960 × 12,960 in a
  VP8L header; 44 bytes: a 16-million-wide VP8X canvas) is a decompression-bomb finding decided
  from listlint's own header read, before Pillow (whose WebP decoder allocates the canvas,
  672 MB, in some versions) sees the file.
* A WebP main image under the bomb limit (6,300 × 6,300) was decoded at full size for the
  white-background test: 672 MB.  Formats without a reduced decode are now decoded only up
  to 8 M pixels; JPEG is decoded at 1/8 scale.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the marker JPEG in three
drafts took 12 s and 380 MB, and was reported as a readable 16×16 image; the 6,300² WebP
peaked at 655 MB.  (The tiny WebP bombs were already refused by Pillow 13's own check; they
guard the header read that now decides before Pillow.)
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from .helpers import diagnostics, measure

DRAFT = "category: 家居/水杯\ntitle: 北欧陶瓷马克杯\nimages:\n  - {{path: {path}, role: main}}\n"


def marker_jpeg(markers: int = 2_500_000) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buf, "JPEG")
    jpeg = buf.getvalue()
    empty_app1 = b"\xff\xe1" + struct.pack(">H", 2)
    return jpeg[:2] + empty_app1 * markers + jpeg[2:]


def vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + struct.pack("<I", bits) + b"\0" * 9
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def vp8x(width: int, height: int) -> bytes:
    chunk = b"VP8X" + struct.pack("<I", 10) + bytes([0x02, 0, 0, 0])
    chunk += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    anim = b"ANIM" + struct.pack("<I", 6) + b"\0" * 6
    body = b"WEBP" + chunk + anim
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _drafts(folder: Path, image: str, count: int) -> None:
    for i in range(count):
        (folder / f"d{i}.yaml").write_text(DRAFT.format(path=image), encoding="utf-8")


def test_a_jpeg_with_millions_of_markers_is_refused_quickly(work, cache):
    drafts = work / "drafts"
    (drafts / "ok.yaml").unlink()
    (drafts / "markers.jpg").write_bytes(marker_jpeg())
    _drafts(drafts, "markers.jpg", 3)
    run = measure(
        ["check", "drafts", "--select", "image", "-f", "json", "--no-cache"],
        cache=cache,
        cwd=work,
        timeout=120,
    )
    found = [d for d in diagnostics(run["stdout"]) if d["rule"] == "image/unreadable"]
    assert len(found) == 3 and all("文件头异常" in d["message"] for d in found), run["stderr"]
    assert run["peak_mb"] < 250, run["peak_mb"]
    assert run["seconds"] < 10, run["seconds"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("vp8l.webp", vp8l(12_960, 12_960)), ("vp8x.webp", vp8x(1 << 24, 1 << 24))],
)
def test_a_tiny_webp_declaring_a_huge_canvas_is_a_bomb_finding(work, cache, name, data):
    drafts = work / "drafts"
    (drafts / name).write_bytes(data)
    _drafts(drafts, name, 1)
    run = measure(
        ["check", "drafts/d0.yaml", "--select", "image", "-f", "json", "--no-cache"],
        cache=cache,
        cwd=work,
    )
    found = [d for d in diagnostics(run["stdout"]) if d["rule"] == "image/unreadable"]
    assert found and "解压炸弹" in found[0]["message"], run["stdout"][-2000:]
    assert run["peak_mb"] < 250, run["peak_mb"]


def test_a_large_webp_main_image_is_not_decoded_at_full_size(work, cache):
    drafts = work / "drafts"
    buf = io.BytesIO()
    Image.new("RGB", (6300, 6300), "white").save(buf, "WEBP", quality=10)
    (drafts / "big.webp").write_bytes(buf.getvalue())
    _drafts(drafts, "big.webp", 1)
    run = measure(
        ["check", "drafts/d0.yaml", "--select", "image", "-f", "json", "--no-cache"],
        cache=cache,
        cwd=work,
        memory=2 << 30,
    )
    rules = {d["rule"] for d in diagnostics(run["stdout"])}
    assert "image/unreadable" not in rules and "draft/internal-error" not in rules, rules
    assert run["peak_mb"] < 250, run["peak_mb"]
