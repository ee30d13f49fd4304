"""Writing the files a user names on the command line (``--output``, ``--write-baseline``):
never through a link someone planted in the checked repository.

A regular file, a missing one or a symbolic link is replaced as a whole: a new file created
exclusively beside it (``mkstemp``: never through an existing name or link), renamed over the
name (a link there is replaced, not followed).  A character device or FIFO named directly
(``-o /dev/null``), or a stream the user names under ``/dev`` or ``/proc`` (``/dev/stdout``,
a link to the process's own output), is written in place; a link in the repository that leads
to a device is just a link, and is replaced.  Anything else (a folder, a block device, a
socket) is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

_STREAM_ROOTS = ("/dev/", "/proc/")


class WriteError(OSError):
    """The target cannot be written safely; ``str()`` is a Chinese reason."""


def _stream(target: Path, info: os.stat_result) -> bool:
    """Write in place?  A device or FIFO named as such, or a path the user gave under /dev or
    /proc that leads to one (``/dev/stdout`` is a link to the process's own output)."""
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return True
    if not stat.S_ISLNK(info.st_mode) or not os.path.abspath(target).startswith(_STREAM_ROOTS):
        return False
    try:
        final = os.stat(target)
    except OSError:
        return False
    return (
        stat.S_ISCHR(final.st_mode) or stat.S_ISFIFO(final.st_mode) or stat.S_ISREG(final.st_mode)
    )


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` as described above; raises OSError (``WriteError`` for a
    target that must not be written)."""
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and _stream(target, info):
        with open(target, "wb") as handle:  # a stream the user named: written in place
            handle.write(data)
        return
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        kind = "目录" if stat.S_ISDIR(info.st_mode) else "设备或套接字"
        raise WriteError(0, f"{target} 是{kind}，不是普通文件")
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if info is not None and stat.S_ISREG(info.st_mode):
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # as open() would have created it
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
