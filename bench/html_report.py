"""The HTML report of a large catalogue: how big the file is and how fast it opens.

    python bench/html_report.py                  # 10,000 drafts (the README's figures)
    python bench/html_report.py --drafts 2000    # a quicker run

Generates a catalogue deterministically (the drafts of bench/run.py, each with a local main
image, a local detail image and a URL image, and a quality report, some of them expired), runs
``listlint check`` on it as whole processes (``--format json``, then ``--format html
--output``: the difference is the report's cost; CPU seconds are steadier than wall seconds on
a shared machine), and opens the report in headless Chromium (``chromium`` on the PATH) a few
times, at the top and at a draft in the middle (its pack unpacked): the page's own timing,
navigation start until the script has rendered the page (``data-ms``), and the wall time of the
whole Chromium process (start, load, and dumping a DOM that holds every pack as text).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import LISTLINT, draft_text, titles

PER_FOLDER = 500
IMAGES_PER_FOLDER = 10


def make_catalogue(root: Path, count: int, seed: int = 11) -> Path:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    pool = titles()
    folder = root / f"catalogue-{count}"
    for i in range(count):
        sub = folder / f"{i // PER_FOLDER:03d}"
        if not (sub / "img").exists():
            (sub / "img").mkdir(parents=True)
            for k in range(IMAGES_PER_FOLDER):
                colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                main = Image.new("RGB", (800, 800), "white")
                ImageDraw.Draw(main).rectangle((200, 150, 600, 650), fill=colour)
                main.save(sub / "img" / f"m{k}.jpg", quality=85)
                Image.new("RGB", (750, 1000), colour).save(sub / "img" / f"d{k}.jpg", quality=85)
        k = i % IMAGES_PER_FOLDER
        expires = f"202{rng.randint(5, 8)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        text = draft_text(rng, pool) + (
            "images:\n"
            f"  - {{path: img/m{k}.jpg, role: main, alt: 主图}}\n"
            f"  - {{path: img/d{k}.jpg, role: detail, alt: 细节}}\n"
            f"  - {{path: 'https://img.example.com/{i}.jpg', role: detail, "
            "width: 750, height: 1000}\n"
            "documents:\n"
            f"  - {{type: quality_inspection_report, number: QT{i:06d}, issued: 2025-06-01, "
            f"expires: {expires}}}\n"
        )
        (sub / f"d{i:05d}.yaml").write_text(text, encoding="utf-8")
    (folder / "listlint.yaml").write_text("cache: false\n", encoding="utf-8")
    return folder


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio",
]  # fmt: skip


def open_in_chromium(
    report: Path, profile: Path, fragment: str = ""
) -> tuple[float, int | None, bool]:
    """(wall seconds of the whole process, the page's data-ms, whether it ran without errors)."""
    cmd = [shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS,
           f"--user-data-dir={profile}", "--window-size=1280,900",
           "--virtual-time-budget=30000", "--dump-dom", report.as_uri() + fragment]  # fmt: skip
    start = time.perf_counter()
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=600).stdout
    wall = time.perf_counter() - start
    tag = re.search(r"<html[^>]*>", dom)
    head = tag.group(0) if tag else ""
    ready = 'data-ready="1"' in head and "data-errors" not in head
    m = re.search(r'data-ms="(\d+)"', head)
    return wall, int(m.group(1)) if m else None, ready


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--opens", type=int, default=3, help="Chromium runs (median)")
    parser.add_argument("--keep", type=Path, help="write the catalogue and report here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="listlint-html-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(work, args.drafts, args.opens)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def check(folder: Path, fmt: str, target: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one ``listlint check`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [LISTLINT, "check", str(folder), "--format", fmt, "--output", str(target),
         "--exit-zero", "--no-cache", "--today", "2026-06-01"],
        check=True, capture_output=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def run(work: Path, drafts: int, opens: int) -> int:
    folder = make_catalogue(work, drafts)
    report = work / "report.html"
    json_run = check(folder, "json", work / "report.json")
    html_run = check(folder, "html", report)
    print(f"drafts                           {drafts:,}")
    for name, (wall, cpu, _) in (("json", json_run), ("html", html_run)):
        print(f"check, --format {name:<5}           {wall:6.1f} s wall, {cpu:6.1f} s CPU")
    print(f"report size                      {report.stat().st_size / 1e6:.1f} MB")
    print(f"peak memory (largest process)    {html_run[2]:.0f} MB")
    if shutil.which("chromium") is None:
        print("chromium not found: open times not measured")
        return 0
    ok = True
    for label, fragment in (("first page", ""), ("a draft in the middle", f"#d{drafts // 2}")):
        results = [open_in_chromium(report, work / f"profile-{n}", fragment) for n in range(opens)]
        pages = sorted(ms for _, ms, _ in results if ms is not None)
        walls = [w for w, _, _ in results]
        ok = ok and all(ready for _, _, ready in results) and len(pages) == opens
        if pages:
            print(
                f"open at {label:<22}   page ready {statistics.median(pages) / 1000:.2f} s "
                f"(best {pages[0] / 1000:.2f} s); chromium process {statistics.median(walls):.1f} s"
            )
    print(f"script errors                    {'none' if ok else 'YES'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
