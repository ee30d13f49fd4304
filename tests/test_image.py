"""Images: real files written by Pillow (or raw bytes) in tmp dirs, checked by the real engine."""

from __future__ import annotations

import json
import os
import struct
import sys
import time
import zlib
from pathlib import Path

import pytest
import yaml
from conftest import REPO, by_rule
from PIL import Image, ImageDraw

from listlint.kinds.image import probe_file, white_share

WHITE = (255, 255, 255)


# -- making images ------------------------------------------------------------------------------
def white_main(path: Path, size: tuple[int, int] = (800, 800), fmt: str = "JPEG") -> Path:
    """A product (red box) centred on white, 12.5 % margin: what a white-background image is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = size
    im = Image.new("RGB", size, WHITE)
    ImageDraw.Draw(im).rectangle((w // 8, h // 8, w - w // 8, h - h // 8), fill=(200, 40, 40))
    im.save(path, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return path


def solid(path: Path, size: tuple[int, int], colour=(40, 110, 200), fmt: str = "JPEG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, fmt)
    return path


def noise_jpeg(path: Path, size: tuple[int, int], quality: int = 95) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise(size, 90).convert("RGB").save(path, "JPEG", quality=quality)
    return path


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny valid PNG whose IHDR says width × height (how a decompression bomb looks)."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def draft(write_draft, images: list[str], platform: str = "taobao", extra: str = "") -> Path:
    """A draft whose image list has one flow mapping per line, from line 4: `  - {path: …`
    (so a path value starts at column 12)."""
    body = "\n".join(f"  - {{{line}}}" for line in images)
    return write_draft(
        f"platform: {platform}\ncategory: 家居/收纳/收纳盒\ntitle: 桌面收纳盒\n"
        f"{extra}images:\n{body}\n"
    )


def image_findings(check_file, path: Path, **config) -> list:
    return [f for f in check_file(path, **config) if f.rule.startswith("image/")]


def where(findings) -> list[tuple[str, str, int, int]]:
    return [(f.rule, f.field, f.line, f.column) for f in findings]


# -- the main image ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("platform", "side", "flagged"),
    [
        ("taobao", 700, True),
        ("taobao", 800, False),
        ("jd", 799, True),
        ("pdd", 480, False),
        ("pdd", 400, True),
    ],
)
def test_main_image_below_the_platform_minimum(
    write_draft, check_file, tmp_path, platform, side, flagged
):
    white_main(tmp_path / "images" / "main.jpg", (side, side))
    path = draft(write_draft, ["path: images/main.jpg, role: main, alt: 主图"], platform)
    found = by_rule(check_file(path), "image/main-too-small")
    if flagged:
        assert where(found) == [("image/main-too-small", "images[0].path", 5, 12)]
        assert f"{side}×{side}" in found[0].message
    else:
        assert found == []


def test_main_image_must_be_square(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg", (800, 1000))
    path = draft(write_draft, ["path: images/main.jpg, role: main, alt: 主图"], "pdd")
    found = by_rule(check_file(path), "image/main-not-square")
    assert where(found) == [("image/main-not-square", "images[0].path", 5, 12)]
    assert "800×1000" in found[0].message


def test_only_the_first_main_image_is_the_main_image(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg")
    white_main(tmp_path / "images" / "second.jpg", (500, 700))
    path = draft(
        write_draft,
        [
            "path: images/main.jpg, role: main, alt: 主图",
            "path: images/second.jpg, role: main, alt: 侧面",
        ],
    )
    found = image_findings(check_file, path)
    assert by_rule(found, "image/main-too-small") == []
    assert by_rule(found, "image/main-not-square") == []


def test_main_image_file_size_limit_per_platform(write_draft, check_file, tmp_path):
    big = noise_jpeg(tmp_path / "images" / "main.jpg", (1100, 1100))
    assert 1024 * 1024 < big.stat().st_size < 3 * 1024 * 1024
    line = "path: images/main.jpg, role: main, alt: 主图"
    pdd = by_rule(check_file(draft(write_draft, [line], "pdd")), "image/main-file-too-large")
    assert where(pdd) == [("image/main-file-too-large", "images[0].path", 5, 12)]
    assert "1.0 MB" in pdd[0].message
    taobao = check_file(draft(write_draft, [line], "taobao"))
    assert by_rule(taobao, "image/main-file-too-large") == []


@pytest.mark.parametrize(
    ("name", "fmt"), [("main.gif", "GIF"), ("main.bmp", "BMP"), ("main.webp", "WEBP")]
)
def test_main_image_must_be_jpeg_or_png(write_draft, check_file, tmp_path, name, fmt):
    white_main(tmp_path / "images" / name, fmt=fmt)
    path = draft(write_draft, [f"path: images/{name}, role: main, alt: 主图"])
    found = by_rule(check_file(path), "image/main-format")
    assert where(found) == [("image/main-format", "images[0].path", 5, 12)]
    assert fmt in found[0].message


def test_png_main_image_is_fine(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.png", fmt="PNG")
    path = draft(write_draft, ["path: images/main.png, role: main, alt: 主图"], "tmall")
    assert image_findings(check_file, path) == []


def test_extension_must_match_the_real_format(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg", fmt="PNG")
    white_main(tmp_path / "images" / "detail.jpg")
    path = draft(
        write_draft,
        [
            "path: images/main.jpg, role: main, alt: 主图",
            "path: images/detail.jpg, role: detail, alt: 细节",
        ],
    )
    found = by_rule(check_file(path), "image/extension-mismatch")
    assert where(found) == [("image/extension-mismatch", "images[0].path", 5, 12)]
    assert ".jpg" in found[0].message and "PNG" in found[0].message
    assert found[0].severity.label == "warning"


# -- white background ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("platform", "severity"),
    [("tmall", "error"), ("jd", "error"), ("taobao", "warning"), ("pdd", "warning")],
)
def test_no_white_background_main_image(write_draft, check_file, tmp_path, platform, severity):
    solid(tmp_path / "images" / "main.jpg", (800, 800))
    path = draft(write_draft, ["path: images/main.jpg, role: main, alt: 主图"], platform)
    found = by_rule(check_file(path), "image/white-background")
    assert where(found) == [("image/white-background", "images[0].path", 5, 12)]
    assert found[0].severity.label == severity


def test_a_white_image_among_the_main_images_is_enough(write_draft, check_file, tmp_path):
    solid(tmp_path / "images" / "scene.jpg", (800, 800))
    white_main(tmp_path / "images" / "white.jpg")
    path = draft(
        write_draft,
        [
            "path: images/scene.jpg, role: main, alt: 场景",
            "path: images/white.jpg, role: main, alt: 白底",
        ],
        "tmall",
    )
    assert by_rule(check_file(path), "image/white-background") == []


def test_transparent_png_counts_as_white(write_draft, check_file, tmp_path):
    im = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((200, 200, 600, 600), fill=(30, 30, 200, 255))
    (tmp_path / "images").mkdir()
    im.save(tmp_path / "images" / "main.png")
    path = draft(write_draft, ["path: images/main.png, role: main, alt: 主图"], "tmall")
    assert by_rule(check_file(path), "image/white-background") == []


def test_jpeg_noise_and_a_shadow_on_white_still_count_as_white(write_draft, check_file, tmp_path):
    im = Image.new("RGB", (800, 800), (250, 250, 250))
    draw = ImageDraw.Draw(im)
    draw.rectangle((120, 100, 680, 700), fill=(20, 20, 20))
    draw.rectangle((300, 700, 500, 800), fill=(225, 225, 225))  # a shadow reaching the edge
    (tmp_path / "images").mkdir()
    im.save(tmp_path / "images" / "main.jpg", quality=60)
    path = draft(write_draft, ["path: images/main.jpg, role: main, alt: 主图"], "tmall")
    assert by_rule(check_file(path), "image/white-background") == []


def test_config_severity_wins_over_the_platform_level(write_draft, check_file, tmp_path):
    solid(tmp_path / "images" / "main.jpg", (800, 800))
    path = draft(write_draft, ["path: images/main.jpg, role: main, alt: 主图"], "tmall")
    found = by_rule(
        check_file(path, severity={"image/white-background": "info"}), "image/white-background"
    )
    assert [f.severity.label for f in found] == ["info"]


def test_white_background_is_not_judged_when_a_main_image_is_a_url(
    write_draft, check_file, tmp_path
):
    solid(tmp_path / "images" / "main.jpg", (800, 800))
    path = draft(
        write_draft,
        [
            "path: images/main.jpg, role: main, alt: 主图",
            "path: 'https://img.example.com/white.jpg', role: main, alt: 白底",
        ],
        "tmall",
    )
    assert by_rule(check_file(path), "image/white-background") == []


def test_white_background_test_takes_under_20ms_for_an_800px_jpeg(tmp_path):
    white = white_main(tmp_path / "white.jpg")
    photo = noise_jpeg(tmp_path / "photo.jpg", (800, 800), quality=90)
    for file, expected in ((white, True), (photo, False)):
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            probe = probe_file(file, want_pixels=True)
            share = white_share(probe.thumb, 235, 0.03)
            best = min(best, time.perf_counter() - start)
        assert (share >= 0.9) is expected
        assert best < 0.020, f"{file.name}: {best * 1000:.1f} ms"


# -- files that are not usable images -----------------------------------------------------------
def test_missing_image_file(write_draft, check_file):
    path = draft(write_draft, ["path: images/nope.jpg, role: main, alt: 主图"])
    found = image_findings(check_file, path)
    assert where(found) == [("image/file-missing", "images[0].path", 5, 12)]
    assert found[0].match == "images/nope.jpg"


def _truncated_jpeg(path: Path) -> Path:
    noise_jpeg(path, (800, 800), quality=90)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _truncated_png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise((300, 300), 90).save(path, "PNG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _make(kind: str, file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    if kind == "empty":
        file.write_bytes(b"")
    elif kind == "text":
        file.write_text("这不是图片，只是改了扩展名的文本。\n", encoding="utf-8")
    elif kind == "directory":
        file.mkdir()
    elif kind == "dev-zero":
        file.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(file)
    elif kind == "truncated-jpeg":
        _truncated_jpeg(file)
    elif kind == "truncated-png":
        _truncated_png(file)
    elif kind == "bad-header":
        file.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    elif kind == "heic":
        file.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100)
    elif kind == "pdf":
        file.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    elif kind == "bomb":
        png_claiming(file, 30000, 30000)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("empty", "0 字节"),
        ("text", "文本文件"),
        ("directory", "文件夹"),
        pytest.param(
            "fifo",
            "不是普通文件",
            marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs"),
        ),
        ("truncated-jpeg", "截断"),
        ("truncated-png", "截断"),
        ("bad-header", "文件头已损坏"),
        ("heic", "HEIC"),
        ("pdf", "PDF"),
        ("bomb", "解压炸弹"),
    ],
)
@pytest.mark.parametrize("role", ["main", "detail"])
def test_unusable_image_file_is_one_finding_in_bounded_time(
    write_draft, check_file, tmp_path, kind, reason, role
):
    _make(kind, tmp_path / "images" / "pic.jpg")
    path = draft(write_draft, [f"path: images/pic.jpg, role: {role}, alt: 图"])
    start = time.perf_counter()
    found = [f for f in image_findings(check_file, path) if f.rule != "image/main-missing"]
    assert time.perf_counter() - start < 2.0
    assert where(found) == [("image/unreadable", "images[0].path", 5, 12)]
    assert reason in found[0].message
    assert found[0].severity.label == "error"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_symlink_to_dev_zero_is_outside_the_draft_folder_and_never_read(
    write_draft, check_file, tmp_path
):
    _make("dev-zero", tmp_path / "images" / "pic.jpg")
    path = draft(write_draft, ["path: images/pic.jpg, role: main, alt: 图"])
    start = time.perf_counter()
    found = [f for f in image_findings(check_file, path) if f.rule != "image/main-missing"]
    assert time.perf_counter() - start < 2.0
    assert ("image/path-outside-root", "images[0].path") in {(f.rule, f.field) for f in found}
    assert not by_rule(found, "image/unreadable")


def test_path_with_a_nul_character_is_a_finding_not_a_crash(write_draft, check_file):
    path = draft(write_draft, ['path: "images/a\\0b.jpg", role: detail, alt: 细节'])
    found = by_rule(check_file(path), "image/unreadable")
    assert [(f.field, f.line) for f in found] == [("images[0].path", 5)]
    assert "非法字符" in found[0].message


def test_main_image_whose_pixel_data_does_not_decode_is_unreadable(
    write_draft, check_file, tmp_path
):
    """Chunk chain intact (IEND present), compressed data garbage: only decoding can tell, and
    main images are decoded."""
    good = tmp_path / "good.png"
    Image.effect_noise((64, 64), 90).save(good, "PNG")
    data = good.read_bytes()
    ihdr_end = 8 + 8 + 13 + 4
    garbage = b"IDAT" + bytes(range(200, 256)) * 8
    idat = struct.pack(">I", len(garbage) - 4) + garbage + struct.pack(">I", zlib.crc32(garbage))
    iend = data[data.index(b"IEND") - 4 :]
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "main.png").write_bytes(data[:ihdr_end] + idat + iend)
    path = draft(write_draft, ["path: images/main.png, role: main, alt: 主图"])
    found = image_findings(check_file, path)
    assert where(found) == [("image/unreadable", "images[0].path", 5, 12)]
    assert "无法解码" in found[0].message
    detail = draft(write_draft, ["path: images/main.png, role: detail, alt: 细节"])
    assert by_rule(check_file(detail), "image/unreadable") == []  # headers only


def test_jpeg_with_a_long_trailer_after_its_end_marker_is_not_truncated(
    write_draft, check_file, tmp_path
):
    jpeg = white_main(tmp_path / "images" / "d.jpg")
    jpeg.write_bytes(jpeg.read_bytes() + b"SEFH" + bytes(range(256)) * 40)  # phone trailer
    path = draft(write_draft, ["path: images/d.jpg, role: detail, alt: 细节"])
    assert by_rule(check_file(path), "image/unreadable") == []


def test_bomb_and_truncated_jpeg_via_cli_within_two_seconds(cli, write_draft, tmp_path):
    png_claiming(tmp_path / "images" / "huge.png", 30000, 30000)
    _truncated_jpeg(tmp_path / "images" / "cut.jpg")
    for name in ("huge.png", "cut.jpg"):
        path = draft(write_draft, [f"path: images/{name}, role: main, alt: 主图"])
        start = time.perf_counter()
        result = cli("check", "--format", "json", "--select", "image", path)
        elapsed = time.perf_counter() - start
        rows = json.loads(result.stdout)["diagnostics"]
        assert [(d["rule"], d["field"], d["line"], d["column"]) for d in rows] == [
            ("image/unreadable", "images[0].path", 5, 12)
        ]
        assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"


# -- declared sizes, alt, detail images -------------------------------------------------------
def test_declared_size_that_disagrees_with_the_real_pixels(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg")
    solid(tmp_path / "images" / "detail.jpg", (750, 1000))
    path = draft(
        write_draft,
        [
            "path: images/main.jpg, role: main, alt: 主图, width: 800, height: 800",
            "path: images/detail.jpg, role: detail, alt: 细节, width: 750, height: 750",
            "path: images/main.jpg, role: scene, alt: 场景, width: 600",
        ],
    )
    found = by_rule(check_file(path), "image/declared-size-mismatch")
    assert where(found) == [
        ("image/declared-size-mismatch", "images[1].height", 6, 74),
        ("image/declared-size-mismatch", "images[2].width", 7, 58),
    ]
    assert "750×750" in found[0].message and "750×1000" in found[0].message


def test_exif_rotation_is_applied_before_comparing_sizes(write_draft, check_file, tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90°: stored 1000×800, shown 800×1000
    (tmp_path / "images").mkdir()
    Image.new("RGB", (1000, 800), WHITE).save(tmp_path / "images" / "d.jpg", exif=exif)
    path = draft(
        write_draft, ["path: images/d.jpg, role: detail, alt: 细节, width: 800, height: 1000"]
    )
    assert by_rule(check_file(path), "image/declared-size-mismatch") == []


def test_missing_alt_is_info_at_the_image(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg")
    path = draft(
        write_draft, ["path: images/main.jpg, role: main", "path: images/main.jpg, alt: ' '"]
    )
    found = by_rule(check_file(path), "image/alt-missing")
    assert where(found) == [
        ("image/alt-missing", "images[0]", 5, 5),
        ("image/alt-missing", "images[1]", 6, 5),
    ]
    assert {f.severity.label for f in found} == {"advice"}  # a search tip, shown with --advice


def test_pdd_detail_image_outside_the_width_range(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg")
    solid(tmp_path / "images" / "wide.jpg", (2000, 1000))
    solid(tmp_path / "images" / "tall.jpg", (750, 1600))
    solid(tmp_path / "images" / "ok.jpg", (750, 1000))
    lines = [
        "path: images/main.jpg, role: main, alt: 主图",
        "path: images/wide.jpg, role: detail, alt: 宽",
        "path: images/tall.jpg, role: detail, alt: 长",
        "path: images/ok.jpg, role: detail, alt: 好",
    ]
    found = by_rule(check_file(draft(write_draft, lines, "pdd")), "image/detail-size")
    assert where(found) == [
        ("image/detail-size", "images[1].path", 6, 12),
        ("image/detail-size", "images[2].path", 7, 12),
    ]
    assert "2000" in found[0].message and "1500" in found[1].message
    assert by_rule(check_file(draft(write_draft, lines, "taobao")), "image/detail-size") == []


def test_pdd_detail_image_count(write_draft, check_file):
    lines = [
        "path: 'https://img.example.com/m.jpg', role: main, alt: 主图, width: 800, height: 800"
    ]
    lines += [
        f"path: 'https://img.example.com/d{i}.jpg', role: detail, alt: 细节{i}" for i in range(21)
    ]
    found = by_rule(check_file(draft(write_draft, lines, "pdd")), "image/detail-count")
    assert where(found) == [("image/detail-count", "images[21]", 26, 5)]
    assert "21" in found[0].message and "20" in found[0].message


# -- URLs and paths outside the draft folder ----------------------------------------------------
def test_url_is_not_fetched_and_its_declared_size_is_checked(write_draft, check_file):
    path = draft(
        write_draft,
        [
            "path: 'https://img.example.com/m.jpg', role: main, alt: 主图, width: 400, height: 400",
            "path: 'http://127.0.0.1:9/never.jpg', role: detail, alt: 细节",
        ],
    )
    found = image_findings(check_file, path)  # the checker's findings, advice included
    assert where(f for f in found if f.severity.label != "advice") == [
        ("image/main-too-small", "images[0].path", 5, 13)
    ]
    assert where(found) == [
        ("image/main-too-small", "images[0].path", 5, 13),
        ("image/not-verified", "images[0].path", 5, 13),
        ("image/not-verified", "images[1].path", 6, 13),
    ]
    unverified = by_rule(found, "image/not-verified")
    assert {f.severity.label for f in unverified} == {"advice"}
    assert "400×400" in unverified[0].message and "未声明" in unverified[1].message


def test_url_main_image_without_a_declared_size_says_its_size_is_unknown(write_draft, check_file):
    path = draft(
        write_draft,
        [
            "path: 'https://img.example.com/m.jpg', role: main, alt: 主图",
            "path: 'https://img.example.com/d.jpg', role: detail, alt: 细节",
        ],
    )
    found = [f for f in image_findings(check_file, path) if f.severity.label != "advice"]
    assert where(found) == [("image/main-size-unknown", "images[0].path", 5, 13)]
    assert found[0].severity.label == "warning" and "淘宝" in found[0].message


def test_url_main_image_format_comes_from_its_extension(write_draft, check_file):
    path = draft(
        write_draft, ["path: 'https://img.example.com/main.webp?x=1', role: main, alt: 主图"]
    )
    assert where(by_rule(check_file(path), "image/main-format")) == [
        ("image/main-format", "images[0].path", 5, 13)
    ]


@pytest.mark.parametrize("where_to", ["../../etc/passwd", "/etc/passwd", "../outside.jpg"])
def test_path_outside_the_draft_folder_is_a_warning_and_nothing_else(
    write_draft, check_file, tmp_path, where_to
):
    white_main(tmp_path.parent / "outside.jpg", (100, 300))
    path = draft(write_draft, [f"path: {where_to}, role: main, alt: 主图"])
    found = image_findings(check_file, path)
    assert where(found) == [("image/path-outside-root", "images[0].path", 5, 12)]
    assert found[0].severity.label == "warning"


def test_symlink_inside_the_tree_to_a_regular_file_is_followed(write_draft, check_file, tmp_path):
    real = white_main(tmp_path / "assets" / "main.jpg")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "main.jpg").symlink_to(real)
    path = draft(write_draft, ["path: images/main.jpg, role: main, alt: 主图"], "tmall")
    assert image_findings(check_file, path) == []


def test_images_without_a_main_image(write_draft, check_file, tmp_path):
    solid(tmp_path / "images" / "d.jpg", (750, 1000))
    path = draft(write_draft, ["path: images/d.jpg, role: detail, alt: 细节"])
    found = by_rule(check_file(path), "image/main-missing")
    assert where(found) == [("image/main-missing", "images", 4, 1)]
    no_images = write_draft("category: 家居\ntitle: 桌面收纳盒\n", name="bare.yaml")
    assert image_findings(check_file, no_images) == []


def test_a_good_draft_has_no_image_findings(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg")
    solid(tmp_path / "images" / "d1.jpg", (750, 1000), (240, 230, 210))
    path = draft(
        write_draft,
        [
            "path: images/main.jpg, role: main, alt: 白底主图, width: 800, height: 800",
            "path: images/d1.jpg, role: detail, alt: 细节",
        ],
        "pdd",
    )
    assert image_findings(check_file, path) == []


# -- each file is opened once per draft ---------------------------------------------------------
_OPENED: list[str] = []
_WATCH: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _WATCH and isinstance(args[0], (str, bytes, os.PathLike)):
        name = os.fsdecode(args[0])
        if name.startswith(_WATCH[0]):
            _OPENED.append(name)


sys.addaudithook(_audit)


def test_each_image_file_is_opened_once_per_draft(write_draft, check_file, tmp_path):
    white_main(tmp_path / "images" / "main.jpg")
    solid(tmp_path / "images" / "d.jpg", (750, 1000))
    path = draft(
        write_draft,
        [
            "path: images/main.jpg, role: main, alt: 主图, width: 800, height: 800",
            "path: images/d.jpg, role: detail, alt: 细节, width: 750, height: 1000",
            "path: images/main.jpg, role: scene, alt: 场景",
        ],
        "pdd",
    )
    check_file(path)  # warm up: packs, plugins
    _OPENED.clear()
    _WATCH.append(str(tmp_path / "images"))
    try:
        check_file(path)
    finally:
        _WATCH.clear()
    assert sorted(Path(p).name for p in _OPENED) == ["d.jpg", "main.jpg"]


# -- explain ------------------------------------------------------------------------------------
def _rule_ids(pack: str) -> list[str]:
    data = yaml.safe_load((REPO / "rules" / "packs" / f"{pack}.yaml").read_text(encoding="utf-8"))
    return [r["id"] for r in data["rules"]]


@pytest.mark.parametrize("rule_id", _rule_ids("image"))
def test_explain_works_for_every_image_rule(cli, rule_id):
    result = cli("explain", "--no-color", rule_id)
    assert result.exit_code == 0, result.stdout
    assert rule_id in result.stdout and "依据 Reference" in result.stdout
