"""Why the compiled-resources cache is still a pickle: cold start with it, and without it.

    python bench/cache_format.py

Three figures, medians of whole ``listlint check`` processes on one small draft (the
segmentation trie cached in every case, it is not a pickle):

* with the pickle (the normal run),
* without it: packs parsed, compiled and self-tested again (what any format that cannot run
  code would have to redo, at least its regex compilation, about half of it),
* and in-process, the load of the pickle by the restricted unpickler against ``pickle.loads``.
"""

from __future__ import annotations

import gc
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        cache.mkdir(mode=0o700)
        draft = Path(tmp) / "d.yaml"
        draft.write_text("category: 家居/水杯\ntitle: 北欧陶瓷马克杯\n", encoding="utf-8")
        env = dict(os.environ, LISTLINT_CACHE_DIR=str(cache))
        cmd = [sys.executable, "-c", "from listlint.cli import main; main()", "check", str(draft)]

        def one() -> None:
            subprocess.run(cmd, env=env, capture_output=True, check=False)

        def without() -> None:
            for entry in cache.glob("resources-*.pickle"):
                entry.unlink()
            one()

        one()
        warm = _median(one, 9)
        cold = _median(without, 5)
        os.environ["LISTLINT_CACHE_DIR"] = str(cache)
        one()
        from listlint.config import Config
        from listlint.engine import cache as resources_cache

        raw = (cache / f"resources-{resources_cache.key(Config())}.pickle").read_bytes()
        plain = _median(lambda: pickle.loads(raw), 15)
        restricted = _median(lambda: resources_cache._unpickle(raw), 15)
    print(f"cold start with the pickle            {warm:.3f} s")
    print(f"cold start rebuilding from YAML       {cold:.3f} s  ({cold / warm:.1f}×)")
    print(f"pickle.loads of the entry ({len(raw):,} B)  {plain * 1000:.1f} ms")
    print(f"restricted unpickler                  {restricted * 1000:.1f} ms")


if __name__ == "__main__":
    main()
