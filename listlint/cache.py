"""Where listlint keeps caches that are safe to delete: compiled packs and the segmentation
dictionary (per user), results (per project, ``.listlint_cache``)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """``$LISTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/listlint``, else ``~/.cache/listlint``;
    a temporary folder when none of those is writable."""
    candidates = []
    if os.environ.get("LISTLINT_CACHE_DIR"):
        candidates.append(Path(os.environ["LISTLINT_CACHE_DIR"]))
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidates.append(Path(base) / "listlint")
    candidates.append(
        Path(tempfile.gettempdir()) / f"listlint-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    )
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    return Path(tempfile.mkdtemp(prefix="listlint-"))


def prune(pattern: str, keep: int) -> None:
    """Delete all but the `keep` most recently used files matching `pattern` in the cache dir
    (entries are keyed by content, so every change of a pack leaves an old one behind)."""
    folder = cache_dir()
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
