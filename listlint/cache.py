"""Where listlint keeps its caches: one private folder of the user's (compiled packs, the
segmentation dictionary, result indexes of checked projects).

The folder is ``$LISTLINT_CACHE_DIR``, else the platform's user cache folder (platformdirs:
``~/.cache/listlint`` on Linux).  It is created with mode 0700 and used only while it is a real
folder (not a symbolic link) owned by the user and writable by nobody else, inside a parent
that others cannot rename it out of; anything else (a folder planted by another user in a shared
location, a link) is refused and the run goes on without disk caches.  There is no fallback to a
shared temporary folder.  ``LISTLINT_NO_CACHE=1`` turns every disk cache off.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

_POSIX = hasattr(os, "geteuid")


def _private(folder: Path) -> bool:
    """A real folder, owned by this user, not writable by group or others, whose parent
    others cannot rename it out of (not writable by them, or sticky)."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False  # a symbolic link or a file
    if not _POSIX:
        return True
    if info.st_uid != os.geteuid() or info.st_mode & 0o022:
        return False
    try:
        parent = os.stat(folder.parent)
    except OSError:
        return False
    writable_by_others = parent.st_mode & 0o022 and parent.st_uid != os.geteuid()
    return not writable_by_others or bool(parent.st_mode & stat.S_ISVTX)


def _default_folder() -> Path:
    configured = os.environ.get("LISTLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform.startswith("linux") and os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "listlint"
    import platformdirs

    return Path(platformdirs.user_cache_dir("listlint", appauthor=False))


def cache_dir() -> Path | None:
    """The user's private cache folder, created if needed; None when there is none that is safe
    to use (then nothing is cached on disk)."""
    if os.environ.get("LISTLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    folder = _default_folder()
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    return folder if _private(folder) else None


def subfolder(*parts: str, create: bool = False) -> Path | None:
    """A folder below the private cache folder (``results/<project>``), created with mode 0700
    when `create`; None unless every level is a real folder of the user's that nobody else can
    write (a symbolic link planted at any level is never followed, so nothing is written
    through it out of the cache folder)."""
    folder = cache_dir()
    for part in parts:
        if folder is None:
            return None
        folder = folder / part
        if create:
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                pass
            except OSError:
                return None
        if not _private(folder):
            return None
    return folder


def prune(pattern: str, keep: int) -> None:
    """Delete all but the `keep` most recently used files matching `pattern` in the cache
    folder (entries are keyed by content, so every change of a pack leaves an old one behind)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.lstat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def write_private(target: Path, data: bytes) -> None:
    """Write `data` to `target` in a private folder (``cache_dir`` or ``subfolder``): a new
    file created exclusively (never through an existing name or link), then renamed over
    `target` (a link planted at that name is replaced, not written through)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_private(target: Path, limit: int) -> bytes | None:
    """Read a cache file that is a regular file (not a link) of at most `limit` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if _POSIX and info.st_uid != os.geteuid():
            return None
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > limit else b"".join(chunks)
    finally:
        os.close(fd)
