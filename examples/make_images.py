#!/usr/bin/env python3
"""Regenerate the images and placeholder documents the example drafts refer to.

Run from anywhere:  python examples/make_images.py

Pillow is the only dependency. Output is deterministic (no randomness, fixed
shapes and colours), so re-running it gives the same pixels. The generated files
are committed; re-run this script only after changing the table below.

Some files are wrong on purpose (see examples/README.md):
  apparel-tee/images/main.jpg    400x400, below the 700/800 px a main image needs
  home-pillow/images/main.jpg    PNG bytes behind a .jpg name
  home-pillow/images/detail-1.jpg 2000 px wide, outside pdd's 480-1200 px detail width
  json-socks/images/detail-1.jpg really 750x1000; the draft declares 750x750
  cosmetics-cream/docs/filing.pdf is deliberately NOT created (missing scan)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
WHITE = (255, 255, 255)


# ---------------------------------------------------------------- shapes
# Each painter draws one product inside the box (x0, y0, x1, y1).


def _scale(box, pts):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    return [(x0 + px * w, y0 + py * h) for px, py in pts]


def _rect(box, p0, p1):
    """The rectangle between two points given as fractions of the box."""
    (ax, ay), (bx, by) = _scale(box, [p0, p1])
    return (ax, ay, bx, by)


def _darker(c, f=0.75):
    return tuple(int(v * f) for v in c)


def tee(d, box, c):
    d.polygon(
        _scale(
            box,
            [
                (0.30, 0.05),
                (0.42, 0.12),
                (0.58, 0.12),
                (0.70, 0.05),
                (1.0, 0.22),
                (0.88, 0.40),
                (0.78, 0.34),
                (0.78, 0.98),
                (0.22, 0.98),
                (0.22, 0.34),
                (0.12, 0.40),
                (0.0, 0.22),
            ],
        ),
        fill=c,
    )
    d.arc(
        _rect(box, (0.40, 0.0), (0.60, 0.20)),
        0,
        180,
        fill=_darker(c),
        width=max(2, (box[2] - box[0]) // 80),
    )


def nuts(d, box, c):
    d.rounded_rectangle(
        _rect(box, (0.12, 0.02), (0.88, 0.98)), radius=(box[2] - box[0]) // 12, fill=c
    )
    d.rectangle(_rect(box, (0.12, 0.02), (0.88, 0.12)), fill=_darker(c))
    for i, (px, py) in enumerate(
        [(0.30, 0.50), (0.50, 0.45), (0.70, 0.52), (0.38, 0.68), (0.62, 0.70)]
    ):
        r = 0.09
        d.ellipse(
            _rect(box, (px - r, py - r * 0.8), (px + r, py + r * 0.8)),
            fill=(196, 146, 86) if i % 2 else (150, 96, 52),
        )


def jar(d, box, c):
    d.rounded_rectangle(
        _rect(box, (0.10, 0.38), (0.90, 0.95)), radius=(box[2] - box[0]) // 14, fill=c
    )
    d.rounded_rectangle(
        _rect(box, (0.06, 0.15), (0.94, 0.40)), radius=(box[2] - box[0]) // 20, fill=(205, 170, 110)
    )
    d.rectangle(_rect(box, (0.25, 0.55), (0.75, 0.75)), fill=WHITE)


def powerbank(d, box, c):
    d.rounded_rectangle(
        _rect(box, (0.22, 0.02), (0.78, 0.98)), radius=(box[2] - box[0]) // 10, fill=c
    )
    for i in range(4):
        px = 0.38 + i * 0.08
        d.ellipse(_rect(box, (px - 0.02, 0.84), (px + 0.02, 0.88)), fill=(80, 200, 255))
    d.rectangle(_rect(box, (0.42, 0.0), (0.58, 0.03)), fill=(60, 60, 60))


def pillow(d, box, c):
    d.rounded_rectangle(_rect(box, (0.0, 0.22), (1.0, 0.78)), radius=(box[3] - box[1]) // 5, fill=c)
    d.rounded_rectangle(
        _rect(box, (0.06, 0.30), (0.94, 0.70)),
        radius=(box[3] - box[1]) // 7,
        outline=_darker(c, 0.85),
        width=max(2, (box[2] - box[0]) // 150),
    )


def tea_can(d, box, c):
    top = _rect(box, (0.22, 0.02), (0.78, 0.14))
    d.rectangle(_rect(box, (0.22, 0.08), (0.78, 0.92)), fill=c)
    d.ellipse(_rect(box, (0.22, 0.86), (0.78, 0.98)), fill=c)
    d.ellipse(top, fill=_darker(c, 0.8))
    d.rectangle(_rect(box, (0.22, 0.40), (0.78, 0.62)), fill=(235, 225, 190))
    d.ellipse(_rect(box, (0.44, 0.44), (0.56, 0.58)), fill=(90, 150, 70))


def device(d, box, c):
    d.rounded_rectangle(
        _rect(box, (0.05, 0.10), (0.50, 0.90)), radius=(box[2] - box[0]) // 16, fill=c
    )
    d.rectangle(_rect(box, (0.12, 0.20), (0.43, 0.45)), fill=(40, 70, 90))
    for py in (0.58, 0.72):
        d.ellipse(_rect(box, (0.20, py), (0.35, py + 0.10)), fill=WHITE)
    w = max(2, (box[2] - box[0]) // 120)
    for py in (0.25, 0.65):
        d.line(_scale(box, [(0.50, 0.50), (0.68, py + 0.08)]), fill=(90, 90, 90), width=w)
        d.rounded_rectangle(
            _rect(box, (0.66, py), (0.96, py + 0.18)),
            radius=(box[2] - box[0]) // 30,
            fill=(120, 130, 140),
        )


def storage_box(d, box, c):
    d.polygon(_scale(box, [(0.05, 0.25), (0.95, 0.25), (0.85, 0.95), (0.15, 0.95)]), fill=c)
    d.rectangle(_rect(box, (0.0, 0.15), (1.0, 0.27)), fill=_darker(c))


def socks(d, box, c):
    for dx, col in ((0.0, c), (0.30, _darker(c, 0.7))):
        d.polygon(
            _scale(
                box,
                [
                    (0.10 + dx, 0.05),
                    (0.38 + dx, 0.05),
                    (0.38 + dx, 0.62),
                    (0.62 + dx, 0.80),
                    (0.58 + dx, 0.97),
                    (0.22 + dx, 0.92),
                    (0.10 + dx, 0.72),
                ],
            ),
            fill=col,
        )
        d.rectangle(
            _rect(box, (0.10 + dx, 0.05), (0.38 + dx, 0.15)),
            fill=WHITE if col != WHITE else (200, 200, 200),
        )


def bowl(d, box, c):
    d.chord(_rect(box, (0.02, -0.10), (0.98, 0.85)), 0, 180, fill=c)
    d.rectangle(_rect(box, (0.35, 0.84), (0.65, 0.92)), fill=_darker(c))
    d.ellipse(_rect(box, (0.02, 0.28), (0.98, 0.46)), fill=(245, 245, 240))
    d.line(
        _scale(box, [(0.12, 0.56), (0.88, 0.56)]),
        fill=(40, 80, 160),
        width=max(3, (box[2] - box[0]) // 60),
    )


def sneaker(d, box, c):
    d.polygon(
        _scale(
            box,
            [
                (0.05, 0.55),
                (0.30, 0.30),
                (0.45, 0.35),
                (0.60, 0.52),
                (0.95, 0.65),
                (0.95, 0.80),
                (0.05, 0.80),
            ],
        ),
        fill=c,
    )
    d.rectangle(_rect(box, (0.05, 0.80), (0.95, 0.90)), fill=(235, 235, 235))
    d.line(_scale(box, [(0.05, 0.80), (0.95, 0.80)]), fill=(120, 120, 120), width=2)


# ---------------------------------------------------------------- canvases


def white_main(painter, colour, size=(800, 800)):
    """White-background main image: product centred, ~75 % of the frame."""
    w, h = size
    im = Image.new("RGB", size, WHITE)
    m = 0.125
    painter(
        ImageDraw.Draw(im), (int(w * m), int(h * m), int(w * (1 - m)), int(h * (1 - m))), colour
    )
    return im


def detail(painter, colour, bg, size=(750, 1000)):
    """Detail image: coloured background, the product large, two plain info bands."""
    w, h = size
    im = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(im)
    side = min(w, int(h * 0.62))
    x0 = (w - side) // 2
    painter(d, (x0 + side // 10, h // 20, x0 + side - side // 10, h // 20 + side * 8 // 10), colour)
    band = _darker(bg, 0.88)
    for i in range(2):
        y = int(h * (0.70 + i * 0.13))
        d.rounded_rectangle((w // 12, y, w - w // 12, y + h // 10), radius=h // 60, fill=band)
    return im


# ---------------------------------------------------------------- the table
# (path relative to examples/, image, format)
BEIGE, MINT, SKY, BLUSH, SAND, GREY = (
    (244, 236, 222),
    (222, 240, 230),
    (220, 234, 246),
    (248, 226, 228),
    (238, 228, 204),
    (232, 232, 236),
)

IMAGES = [
    ("apparel-tee/images/main.jpg", lambda: white_main(tee, (236, 150, 170), (400, 400)), "JPEG"),
    ("apparel-tee/images/detail-1.jpg", lambda: detail(tee, (236, 150, 170), BLUSH), "JPEG"),
    ("apparel-tee/images/detail-2.jpg", lambda: detail(tee, (110, 140, 190), SKY), "JPEG"),
    ("food-nuts/images/main.jpg", lambda: white_main(nuts, (200, 60, 50)), "JPEG"),
    ("food-nuts/images/detail-1.jpg", lambda: detail(nuts, (200, 60, 50), SAND), "JPEG"),
    ("cosmetics-cream/images/main.jpg", lambda: white_main(jar, (240, 200, 210)), "JPEG"),
    ("cosmetics-cream/images/detail-1.jpg", lambda: detail(jar, (240, 200, 210), BLUSH), "JPEG"),
    ("3c-powerbank/images/main.jpg", lambda: white_main(powerbank, (45, 48, 56)), "JPEG"),
    ("3c-powerbank/images/detail-1.jpg", lambda: detail(powerbank, (45, 48, 56), GREY), "JPEG"),
    # PNG bytes under a .jpg name (deliberate).
    ("home-pillow/images/main.jpg", lambda: white_main(pillow, (232, 214, 170)), "PNG"),
    # 2000 px wide detail image, outside pdd's 480-1200 (deliberate).
    (
        "home-pillow/images/detail-1.jpg",
        lambda: detail(pillow, (232, 214, 170), BEIGE, (2000, 1000)),
        "JPEG",
    ),
    ("home-pillow/images/detail-2.jpg", lambda: detail(pillow, (232, 214, 170), BEIGE), "JPEG"),
    ("clean-tee/images/main.jpg", lambda: white_main(tee, (40, 60, 100)), "JPEG"),
    ("clean-tee/images/detail-1.jpg", lambda: detail(tee, (40, 60, 100), SKY), "JPEG"),
    ("clean-tee/images/detail-2.jpg", lambda: detail(tee, (250, 250, 250), GREY), "JPEG"),
    ("clean-tea/images/main.jpg", lambda: white_main(tea_can, (60, 120, 70)), "JPEG"),
    ("clean-tea/images/detail-1.jpg", lambda: detail(tea_can, (60, 120, 70), MINT), "JPEG"),
    ("clean-tea/images/detail-2.jpg", lambda: detail(bowl, (250, 250, 245), MINT), "JPEG"),
    ("medical-massager/images/main.jpg", lambda: white_main(device, (230, 232, 236)), "JPEG"),
    ("medical-massager/images/detail-1.jpg", lambda: detail(device, (250, 250, 252), SKY), "JPEG"),
    ("douyin-generic/images/main.jpg", lambda: white_main(storage_box, (120, 190, 200)), "JPEG"),
    (
        "douyin-generic/images/detail-1.jpg",
        lambda: detail(storage_box, (120, 190, 200), MINT),
        "JPEG",
    ),
    ("json-socks/images/main.jpg", lambda: white_main(socks, (50, 50, 55)), "JPEG"),
    # Really 750x1000; the draft declares 750x750 (deliberate mismatch).
    ("json-socks/images/detail-1.jpg", lambda: detail(socks, (50, 50, 55), GREY), "JPEG"),
    ("gbk-bowl/images/main.jpg", lambda: white_main(bowl, (250, 250, 245)), "JPEG"),
    ("gbk-bowl/images/detail-1.jpg", lambda: detail(bowl, (250, 250, 245), SKY), "JPEG"),
    ("evasion-sneakers/images/main.jpg", lambda: white_main(sneaker, (220, 80, 60)), "JPEG"),
    ("evasion-sneakers/images/detail-1.jpg", lambda: detail(sneaker, (220, 80, 60), SAND), "JPEG"),
]

# Placeholder scans: a PDF header line and a comment, nothing more.
DOCUMENTS = {
    "apparel-tee/docs/qt.pdf": "质检报告 QT2026-0418",
    "food-nuts/docs/sc.pdf": "食品生产许可证",
    "food-nuts/docs/brand-auth.pdf": "品牌授权书 GRSG-AUTH-2024-017",
    # cosmetics-cream/docs/filing.pdf is missing on purpose.
    "3c-powerbank/docs/ccc.pdf": "CCC 证书 2021011001123456",
    "clean-tee/docs/qt.pdf": "质检报告 QT2026-0601",
    "clean-tea/docs/sc.pdf": "食品生产许可证 SC11433010200125",
    "clean-tea/docs/qt.pdf": "质检报告 ZJ-TEA-2026-0410",
    "clean-tea/docs/tm.pdf": "商标注册证 第12345678号",
    "medical-massager/docs/reg.pdf": "医疗器械注册证 粤械注准20212090456",
    "gbk-bowl/docs/qt.pdf": "质检报告 CY-2026-0815",
}


def main() -> None:
    total = 0
    for rel, make, fmt in IMAGES:
        out = HERE / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        im = make()
        if fmt == "JPEG":
            im.save(out, "JPEG", quality=80, optimize=True)
        else:
            im.save(out, "PNG", optimize=True)
        size = out.stat().st_size
        total += size
        print(f"{rel:42} {fmt:4} {im.width:>4}x{im.height:<4} {size / 1024:6.1f} KiB")
    for rel, what in DOCUMENTS.items():
        out = HERE / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(f"%PDF-1.4\n% listlint example placeholder: {what}\n%%EOF\n".encode())
        total += out.stat().st_size
        print(f"{rel:42} PDF  placeholder")
    print(f"total {total / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
