"""listlint performance benchmark: every target of the performance issue, one table.

    python bench/run.py            # full run (~2 minutes on 2 cores)
    python bench/run.py --quick    # fewer repetitions and drafts, for a smoke test

Every figure is measured on whole `listlint` processes (the console script next to the
interpreter running this file), with medians over repetitions.  Drafts are generated
deterministically from the real titles in ../shared/data/real-titles/ when that folder exists,
from synthetic titles otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_TITLES = REPO.parent / "shared" / "data" / "real-titles"
BIN = Path(sys.executable).parent
LISTLINT = str(BIN / "listlint")

CATEGORIES = [
    "服装/女装/T恤",
    "服装/男装/衬衫",
    "鞋靴/运动鞋",
    "箱包/双肩包",
    "食品/休闲零食/坚果",
    "食品/茶叶/绿茶",
    "美妆/护肤/面霜",
    "母婴/婴儿用品/奶瓶",
    "玩具/积木",
    "数码/手机配件/数据线",
    "电脑办公/键盘",
    "家用电器/小家电/电水壶",
    "家居/床上用品/枕头",
    "厨具/锅具/炒锅",
    "珠宝首饰/项链",
    "运动户外/登山鞋",
    "宠物/猫粮",
]
SENTENCES = [
    "新疆长绒棉，32支双股织造，透气不闷汗。",
    "适合通勤、居家、出游，百搭不挑人。",
    "建议首次使用前清洗，最好冷藏保存。",
    "第一次使用请阅读说明书，按步骤操作。",
    "包装内含主机一台、说明书一份、保修卡一张。",
    "支持七天无理由退换货，全国联保一年。",
    "产地：浙江杭州；材质：食品级304不锈钢。",
    "全网最低价，限时秒杀，仅此一天！",
    "采用国家级工艺，顶级品质。",
]
SYNTHETIC = [
    "户外速干短裤男夏季登山透气弹力五分裤",
    "纯棉短袖T恤女宽松百搭圆领上衣",
    "每日坚果混合装孕妇零食",
]


def titles() -> list[str]:
    out: list[str] = []
    for name in ("taobao-ecner-titles.txt", "jd-gaiic2022-titles.txt"):
        path = SHARED_TITLES / name
        if path.is_file():
            out += [t.strip() for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    return out or SYNTHETIC


def draft_text(rng: random.Random, pool: Sequence[str]) -> str:
    title = rng.choice(pool).replace('"', "")[:60]
    desc = "".join(f"  {rng.choice(SENTENCES)}\n" for _ in range(rng.randint(2, 5)))
    price = rng.choice([19.9, 39, 59, 99, 129, 199, 299])
    return (
        f"platform: {rng.choice(['taobao', 'tmall', 'jd', 'pdd', 'douyin'])}\n"
        f"category: {rng.choice(CATEGORIES)}\n"
        f'title: "{title}"\n'
        f"subtitle: 满200减30 现货速发\n"
        f"description: |\n{desc}"
        f"attributes:\n  材质: 棉100%\n  产地: 浙江\n"
        f"skus:\n"
        f"  - {{name: 白色 M, price: {price}, list_price: {price * 1.3:.0f}, stock: 20}}\n"
        f"  - {{name: 黑色 L, price: {price}, stock: 5}}\n"
    )


def make_dir(root: Path, count: int, seed: int = 7) -> Path:
    folder = root / f"drafts-{count}"
    if folder.exists():
        return folder
    rng = random.Random(seed)
    pool = titles()
    for i in range(count):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"d{i:05d}.yaml").write_text(draft_text(rng, pool), encoding="utf-8")
    (folder / "listlint.yaml").write_text("cache: false\n", encoding="utf-8")
    return folder


def timed(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def median(cmd: Sequence[str], reps: int, **kw: object) -> float:
    timed(cmd, **kw)  # warm-up: builds the per-user caches, fills the OS page cache
    return statistics.median(timed(cmd, **kw) for _ in range(reps))


def medians(cmds: Sequence[Sequence[str]], reps: int, **kw: object) -> list[float]:
    """Median times of several commands run in turn (a, b, c, a, b, c …), so that the machine's
    drift from minute to minute weighs on all of them alike: the ratios between them (cold start
    to floor, tree view to JSON) are what the targets are about."""
    for cmd in cmds:
        timed(cmd, **kw)  # warm-up
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(reps):
        for i, cmd in enumerate(cmds):
            times[i].append(timed(cmd, **kw))
    return [statistics.median(t) for t in times]


def peak_rss_mb(cmd: Sequence[str]) -> float:
    """Peak RSS of the largest process of `cmd` (ru_maxrss of the children of a fresh wrapper)."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024


def make_terms_pack(path: Path, count: int, seed: int = 3) -> Path:
    rng = random.Random(seed)
    alphabet = "鑫淼焱垚犇骉龘靐齉麤乂亍冫刂卩厶"
    terms = sorted(
        {"".join(rng.choice(alphabet) for _ in range(rng.randint(3, 5))) for _ in range(count * 2)}
    )[:count]
    lines = [
        "pack: bench",
        'version: "1"',
        "description: 基准测试用词表",
        "rules:",
        "  - id: bench/terms",
        "    kind: terms",
        "    severity: warning",
        "    title: 基准词表",
        "    message: 命中“{match}”",
        "    reference: bench",
        "    terms:",
        *(f"      - {t}" for t in terms),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def image_dir(root: Path, drafts: int = 100, per: int = 5) -> tuple[Path, int]:
    from PIL import Image

    folder = root / "images"
    img_dir = folder / "img"
    img_dir.mkdir(parents=True, exist_ok=True)
    for i in range(per):
        Image.new("RGB", (800, 800), (255, 255, 255)).save(img_dir / f"{i}.jpg", quality=80)
    for d in range(drafts):
        images = "".join(
            f"  - {{path: img/{i}.jpg, role: {'main' if i == 0 else 'detail'}, alt: 图{i}}}\n"
            for i in range(per)
        )
        (folder / f"d{d:04d}.yaml").write_text(
            f"category: 家居/水杯\ntitle: 保温杯\nimages:\n{images}", encoding="utf-8"
        )
    (folder / "listlint.yaml").write_text("cache: false\n", encoding="utf-8")
    return folder, drafts * per


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    reps = 3 if args.quick else 7
    big = 2000 if args.quick else 10000
    small = big // 10
    root = Path(tempfile.mkdtemp(prefix="listlint-bench-"))
    env = dict(os.environ, LISTLINT_CACHE_DIR=str(root / "usercache"))
    # byte-code caching as on any user's machine (a pip install compiles .pyc files too); a
    # developer shell with PYTHONDONTWRITEBYTECODE=1 would recompile every module every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows: list[tuple[str, str, str, bool]] = []
    try:
        one = root / "one.yaml"
        one.write_text(draft_text(random.Random(1), titles()), encoding="utf-8")
        (root / "listlint.yaml").write_text("cache: false\n", encoding="utf-8")
        floor, cold, tree = medians(
            [
                [sys.executable, "-c", "import yaml, pydantic, typer, rich"],
                [LISTLINT, "check", str(one), "--format", "json"],
                [LISTLINT, "check", str(one)],
            ],
            max(reps, 9),
            env=env,
        )
        rows.append(
            ("dependency floor (import yaml, pydantic, typer, rich)", f"{floor:.3f} s", "—", True)
        )
        rows.append(
            (
                "cold start, one draft, JSON",
                f"{cold:.3f} s = {cold / floor:.2f}× floor",
                "≤ 2.5× floor",
                cold <= 2.5 * floor,
            )
        )
        rows.append(
            (
                "cold start, one draft, tree view",
                f"{tree:.3f} s (+{(tree / cold - 1) * 100:.0f} %)",
                "≤ +10 %",
                tree <= cold * 1.10,
            )
        )

        d_big, d_small = make_dir(root, big), make_dir(root, small)
        cmd_big = [LISTLINT, "check", str(d_big), "--format", "json", "--exit-zero"]
        t_big = median(cmd_big, max(2, reps // 2), env=env)
        t_small = median(
            [LISTLINT, "check", str(d_small), "--format", "json", "--exit-zero"], reps, env=env
        )
        rate = big / t_big
        rows.append(
            (
                f"throughput, {big:,} text-only drafts, 2 cores",
                f"{rate:,.0f} drafts/s ({t_big:.2f} s)",
                "≥ 1,500/s",
                rate >= 1500,
            )
        )
        rss = peak_rss_mb(cmd_big)
        rows.append(("peak memory (largest process)", f"{rss:.0f} MB", "≤ 250 MB", rss <= 250))
        ratio = t_big / t_small
        rows.append((f"growth: {big:,} vs {small:,} drafts", f"{ratio:.2f}×", "≤ 11×", ratio <= 11))

        p1 = make_terms_pack(root / "terms-2k.yaml", 2000)
        p10 = make_terms_pack(root / "terms-20k.yaml", 20000)
        base = [LISTLINT, "check", str(d_big), "--format", "json", "--exit-zero", "--pack"]
        t1 = median([*base, str(p1)], max(2, reps // 2), env=env)
        t10 = median([*base, str(p10)], max(2, reps // 2), env=env)
        rows.append(
            (
                "growth: 20,000 vs 2,000 extra terms",
                f"{t10 / t1:.2f}× ({t1:.2f} s → {t10:.2f} s)",
                "≤ 1.3×",
                t10 / t1 <= 1.3,
            )
        )

        img_folder, n_images = image_dir(root)
        header_cmd = [
            LISTLINT,
            "check",
            str(img_folder),
            "--format",
            "json",
            "--exit-zero",
            "--select",
            "image",
            "--ignore",
            "image/white-background",
            "--jobs",
            "1",
        ]
        t_img = median(header_cmd, reps, env=env)
        rows.append(
            (
                f"images, header checks ({n_images} images, 1 process)",
                f"{n_images / t_img:,.0f} images/s",
                "≥ 500/s",
                n_images / t_img >= 500,
            )
        )
        white = white_background_ms()
        if white is not None:
            rows.append(
                ("white-background test, 800×800 JPEG", f"{white:.1f} ms", "≤ 20 ms", white <= 20)
            )

        cached_dir = root / "cached"
        shutil.copytree(d_big, cached_dir)
        (cached_dir / "listlint.yaml").write_text("cache: true\n", encoding="utf-8")
        cmd_cached = [LISTLINT, "check", str(cached_dir), "--format", "json", "--exit-zero"]
        timed(cmd_cached, cwd=cached_dir, env=env)  # fills .listlint_cache
        t_cached = statistics.median(
            timed(cmd_cached, cwd=cached_dir, env=env) for _ in range(max(2, reps // 2))
        )
        rows.append(
            (
                "re-run, unchanged directory, result cache on",
                f"{t_cached:.2f} s = {t_cached / t_big * 100:.0f} % of uncached",
                "≤ 15 %",
                t_cached <= 0.15 * t_big,
            )
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    kind = "real" if SHARED_TITLES.is_dir() else "synthetic"
    print(
        f"listlint benchmark: {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, {kind} titles"
    )
    print(f"{'measurement'.ljust(width)} | {'figure':<36} | {'target':<13} | result")
    print(f"{'-' * width}-|-{'-' * 36}-|-{'-' * 13}-|-------")
    for name, figure, target, ok in rows:
        print(f"{name.ljust(width)} | {figure:<36} | {target:<13} | {'pass' if ok else 'FAIL'}")
    return 0 if all(r[3] for r in rows) else 1


def white_background_ms() -> float | None:
    """Median time of the image pack's white-background test on an 800×800 JPEG: open the file,
    decode it at 1/8 scale (``probe_file(..., want_pixels=True)``) and measure the frame."""
    try:
        from listlint.kinds.image import probe_file, white_share
    except ImportError:
        return None
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.jpg"
        img = Image.new("RGB", (800, 800), (255, 255, 255))
        img.paste((200, 30, 30), (200, 200, 600, 600))
        img.save(path, quality=85)
        times = []
        for _ in range(21):
            start = time.perf_counter()
            probe = probe_file(path, True)
            share = white_share(probe.thumb, 235, 0.03)
            times.append((time.perf_counter() - start) * 1000)
        assert share > 0.9, share
    return statistics.median(times)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    sys.exit(main())
