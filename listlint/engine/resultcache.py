"""The result cache: an unchanged draft is not checked again.

One JSON index per compiled engine and check date: the engine key covers the listlint version,
every pack/profile/lexicon file's content and the config.  An entry holds a draft's path, the
SHA-256 of its bytes, its findings, and the size and mtime of every local file the draft names
(images, document scans): findings about those files stay valid only while they are unchanged.
A finding is stored as a row of positional values whose repeated strings (rule, message,
reference …) are indexes into one string table: a 10,000-draft index is a tenth of the size of
one with a JSON object per finding, and reads in a tenth of the time.

The indexes live in the user's private cache folder (``listlint.cache``), one folder per
checked project (a digest of its root), never in the checked repository: a pre-commit hook or a
CI job leaves the working tree untouched.  The index is JSON, never pickle, and it is
authenticated with an HMAC-SHA256 keyed by a random per-user secret kept beside it
(``result-cache.key``, mode 0600), so an index that was not written by this user's listlint is
ignored: it cannot make a draft look clean.  Every folder level is checked to be a real private
folder (``listlint.cache.subfolder``: a link is never followed out of the cache folder), and the
index is written as a new file renamed into place, so
two concurrent runs never see a partial index; the last writer wins, and every entry it holds is
still keyed by content.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from listlint.findings import Finding, Fix, Severity

_VERSION = "4"


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _secret() -> bytes | None:
    """The per-user key that authenticates result indexes (created once, mode 0600)."""
    from listlint.cache import cache_dir, read_private

    folder = cache_dir()
    if folder is None:
        return None
    path = folder / "result-cache.key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
    key = read_private(path, 64)
    return key if key is not None and len(key) == 32 else None


_HEAD = b'{"mac":"'
_MID = b'","entries":'


def _mac(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


class ResultCache:
    def __init__(self, root: Path, engine_key: str, today: str) -> None:
        from listlint.cache import cache_dir

        base = cache_dir()
        project = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape"))
        self.project = project.hexdigest()[:20]
        self.folder = (base or Path(".")) / "results" / self.project
        self.file = self.folder / f"results-{_VERSION}-{engine_key}-{today}.json"
        self.entries: dict[str, Any] | None = None  # display path → {"sha", "deps", "rows"}
        self.strings: list[str] = []  # the string table the rows refer to
        self._ids: dict[str, int] | None = None
        self.dirty = False
        self.key = _secret() if base is not None else None

    def load(self) -> None:
        if self.entries is not None:
            return
        self.entries = {}
        if self.key is None:
            return
        from listlint.cache import read_private, subfolder

        if subfolder("results", self.project) is None:  # none yet, or not a private folder
            return
        raw = read_private(self.file, 1 << 30)
        if raw is None:
            return
        # {"mac":"<64 hex>","entries":<body>}: the MAC covers the body's bytes exactly as stored
        head = len(_HEAD) + 64 + len(_MID)
        if not (
            raw.startswith(_HEAD) and raw[head - len(_MID) : head] == _MID and raw.endswith(b"}")
        ):
            return
        body = raw[head:-1]
        mac = raw[len(_HEAD) : len(_HEAD) + 64].decode("ascii", "replace")
        if not hmac.compare_digest(mac, _mac(self.key, body)):
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        if (
            isinstance(data, dict)
            and isinstance(data.get("strings"), list)
            and isinstance(data.get("files"), dict)
        ):
            self.strings, self.entries = data["strings"], data["files"]

    def get(self, display: str, sha: str) -> list[Finding] | None:
        self.load()
        assert self.entries is not None
        entry = self.entries.get(display)
        if not isinstance(entry, dict) or entry.get("sha") != sha:
            return None
        for name, size, mtime in entry.get("deps", []):
            try:
                st = os.stat(name)
                current = [st.st_size, st.st_mtime_ns]
            except (OSError, ValueError):
                current = [-1, -1]
            if current != [size, mtime]:
                return None
        table = self.strings
        try:
            return [_finding(row, display, table) for row in entry["rows"]]
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def put(self, display: str, sha: str, findings: list[Finding], deps: list[Path]) -> None:
        self.load()
        assert self.entries is not None
        stats: list[Any] = []
        for dep in deps:
            try:
                st = os.stat(dep)
                stats.append([str(dep), st.st_size, st.st_mtime_ns])
            except (OSError, ValueError):
                stats.append([str(dep), -1, -1])
        self.entries[display] = {
            "sha": sha,
            "deps": stats,
            "rows": [self._row(f, display) for f in findings],
        }
        self.dirty = True

    def _id(self, text: str) -> int:
        ids = self._ids
        if ids is None:
            ids = self._ids = {s: i for i, s in enumerate(self.strings)}
        i = ids.get(text)
        if i is None:
            i = ids[text] = len(self.strings)
            self.strings.append(text)
        return i

    def _row(self, f: Finding, display: str) -> list[Any]:
        fix = None if f.fix is None else [f.fix.start, f.fix.end, f.fix.replacement]
        return [
            f.line, f.column, f.end_line, f.end_column, self._id(f.field), self._id(f.rule),
            int(f.severity), f.match, self._id(f.message),
            -1 if f.suggestion is None else self._id(f.suggestion), self._id(f.reference), fix,
            -1 if f.path == display else self._id(f.path),
        ]  # fmt: skip

    def save(self) -> None:
        if not self.dirty or self.entries is None or self.key is None:
            return
        from listlint.cache import subfolder, write_private

        if subfolder("results", self.project, create=True) != self.folder:
            return  # a link or a foreign folder planted in the cache: nothing is written
        try:
            strings, files = self._compacted()
            body = json.dumps(
                {"strings": strings, "files": files}, ensure_ascii=False, separators=(",", ":")
            )
            data = body.encode("utf-8", "surrogatepass")
            write_private(
                self.file, _HEAD + _mac(self.key, data).encode("ascii") + _MID + data + b"}"
            )
            self.dirty = False
        except (OSError, ValueError, TypeError):
            pass  # no usable cache folder: run without the cache

    def _compacted(self) -> tuple[list[str], dict[str, Any]]:
        """The entries with a string table holding only the strings they still use (messages
        of findings that went away are dropped)."""
        assert self.entries is not None
        old = self.strings
        ids: dict[int, int] = {}
        strings: list[str] = []

        def keep(i: int) -> int:
            if i < 0:
                return i
            j = ids.get(i)
            if j is None:
                j = ids[i] = len(strings)
                strings.append(old[i])
            return j

        files: dict[str, Any] = {}
        for display, entry in self.entries.items():
            rows = [
                [keep(v) if c in _STRING_COLUMNS else v for c, v in enumerate(r)]
                for r in entry["rows"]
            ]
            files[display] = {"sha": entry["sha"], "deps": entry["deps"], "rows": rows}
        return strings, files


# the columns of a row (``ResultCache._row``) that hold string-table indexes (-1: none)
_STRING_COLUMNS = frozenset({4, 5, 8, 9, 10, 12})


def _finding(row: list[Any], display: str, table: list[str]) -> Finding:
    line, column, end_line, end_column, field, rule, severity, match, message = row[:9]
    suggestion, reference, fix, path = row[9:13]
    finding = Finding(
        display if path < 0 else table[path], line, column, end_line, end_column, table[field],
        table[rule], Severity(severity), match, table[message],
        None if suggestion < 0 else table[suggestion], table[reference],
    )  # fmt: skip
    if fix is not None:
        finding.fix = Fix(fix[0], fix[1], fix[2])
    return finding
