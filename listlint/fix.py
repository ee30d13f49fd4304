"""Apply declared fixes to draft files: byte-identical outside the changed spans, atomic writes.

The file is re-read and re-checked right before fixing so spans match its current content; the
new text is written to a temporary file in the same folder and moved over the original with
``os.replace`` only if the original has not changed in the meantime.  Encoding (UTF-8, with or
without BOM, GB18030), line endings and everything outside the spans are preserved."""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from listlint.draft.load import decode
from listlint.engine import Engine
from listlint.findings import Finding, Fix


class FixError(Exception):
    pass


@dataclass
class FixResult:
    path: Path
    applied: int
    old: str
    new: str

    def diff(self, display: str) -> str:
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                fromfile=f"a/{display}",
                tofile=f"b/{display}",
            )
        )


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (the first by position wins an overlap)."""
    chosen: list[Fix] = []
    last_end = -1
    for fx in sorted(fixes, key=lambda f: (f.start, f.end)):
        if fx.start >= last_end and fx.end <= len(text):
            chosen.append(fx)
            last_end = fx.end
    out = text
    for fx in reversed(chosen):
        out = out[: fx.start] + fx.replacement + out[fx.end :]
    return out, len(chosen)


def fix_file(engine: Engine, path: Path, display: str, *, write: bool) -> FixResult | None:
    raw = path.read_bytes()
    text, encoding, bom = decode(raw)
    if text is None:
        return None
    findings: list[Finding] = engine.check_file(path, display)
    fixes = [f.fix for f in findings if f.fix is not None]
    if not fixes:
        return None
    new, count = apply_fixes(text, fixes)
    if new == text:
        return None
    result = FixResult(path, count, text, new)
    if write:
        data = (b"\xef\xbb\xbf" if bom else b"") + new.encode(encoding)
        atomic_write(path, data, expected=raw)
    return result


def atomic_write(path: Path, data: bytes, *, expected: bytes) -> None:
    folder = path.parent
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".listlint-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        if path.read_bytes() != expected:
            raise FixError(f"{path}: the file changed while it was being fixed; nothing written")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
