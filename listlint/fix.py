"""Apply declared fixes to draft files: byte-identical outside the changed spans, atomic writes.

Safety, in order:

1. Only regular files are fixed, never a symbolic link (replacing a link would turn it into a
   file, and following it could write outside the checked tree); files above ``max-file-bytes``
   are left alone.
2. The file is read once; the findings come from exactly those bytes, so spans match them.
3. A fix is applied only where the source map is exact: the span is a run of characters of a
   scalar that stand in the file as they are in the value (no YAML escapes, nothing folded that
   could not be aligned).  Overlapping fixes: the first by position wins.
4. The new text is read back before anything is written: it must parse to the same draft except
   for the fixed text (each fixed field equal to its old value with the span replaced), with no
   new syntax or schema finding.  Otherwise nothing is written (``FixError``).
5. The new bytes (same encoding, BOM and line endings as before) go to a temporary file in the
   same folder, which is flushed, fsynced and moved over the original with ``os.replace`` only
   if the original still holds the bytes that were read.  A failure at any point (disk full,
   read-only folder, the file changed meanwhile) leaves the original untouched and removes the
   temporary file.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from listlint.data import os_problem
from listlint.draft.load import LoadedDraft, decode, load_bytes, read_limited
from listlint.engine.run import Checker
from listlint.findings import Finding, Fix


class FixError(Exception):
    pass


@dataclass
class FixResult:
    path: Path
    applied: int
    old: str
    new: str
    skipped: int = 0  # fixes left out because the result would not read back safely

    def diff(self, display: str) -> str:
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                fromfile=f"a/{display}",
                tofile=f"b/{display}",
            )
        )


def _choose(fixes: list[Fix], length: int) -> list[Fix]:
    """Non-overlapping fixes inside the text (the first by position wins an overlap)."""
    chosen: list[Fix] = []
    last_end = -1
    for fx in sorted(fixes, key=lambda f: (f.start, f.end)):
        if 0 <= fx.start <= fx.end <= length and fx.start >= last_end:
            chosen.append(fx)
            last_end = fx.end
    return chosen


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (the first by position wins an overlap)."""
    chosen = _choose(fixes, len(text))
    out = text
    for fx in reversed(chosen):
        out = out[: fx.start] + fx.replacement + out[fx.end :]
    return out, len(chosen)


@dataclass
class _Planned:
    doc: LoadedDraft
    finding: Finding
    fix: Fix
    model_path: str  # the field as the draft model names it (list indices of kept items)
    value_span: tuple[int, int]


def _plan(doc: LoadedDraft, findings: list[Finding]) -> list[_Planned]:
    """The fixes of one draft that land exactly on the text of a text field."""
    if doc.draft is None:
        return []
    model_paths = {doc.field_path(p): p for p, _, _ in doc.draft.text_fields()}
    out: list[_Planned] = []
    for f in findings:
        fx = f.fix
        if fx is None or f.field not in model_paths or not doc.source.exact(f.field):
            continue
        span = doc.source.value_index(f.field, fx.start, fx.end)
        if span is None:
            continue
        out.append(_Planned(doc, f, fx, model_paths[f.field], span))
    return out


def fix_file(checker: Checker, path: Path, display: str, *, write: bool) -> FixResult | None:
    if path.is_symlink():
        raise FixError(f"{display} 是符号链接（symbolic link），未修复（请修复它指向的文件）")
    raw, _ = read_limited(path, checker.resources.limits.max_file_bytes)
    if raw is None:
        return None  # too large: the check reports draft/too-large
    text, encoding, bom = decode(raw)
    if text is None:
        return None
    docs = load_bytes(raw, path, display, checker.resources.limits, checker.resources.messages)
    planned: list[_Planned] = []
    for doc in docs:
        planned.extend(_plan(doc, checker.check_doc(doc)))
    chosen_fixes = {id(fx) for fx in _choose([p.fix for p in planned], len(text))}
    planned = [p for p in planned if id(p.fix) in chosen_fixes]
    if not planned:
        return None
    accepted, refused = _accept(docs, planned, text, path, display, checker)
    if not accepted:
        raise refused or FixError(f"{display}：没有能安全应用的修复，未写入")
    new, count = apply_fixes(text, [p.fix for p in accepted])
    if new == text:
        return None
    result = FixResult(path, count, text, new, skipped=len(planned) - len(accepted))
    if write:
        try:
            data = (b"\xef\xbb\xbf" if bom else b"") + new.encode(encoding)
        except UnicodeEncodeError as exc:
            raise FixError(f"{display}：修复后的文字无法以 {encoding} 保存，未写入") from exc
        atomic_write(path, data, expected=raw)
    return result


# -- read-back verification ----------------------------------------------------------------------
def _accept(
    docs: list[LoadedDraft],
    planned: list[_Planned],
    text: str,
    path: Path,
    display: str,
    checker: Checker,
) -> tuple[list[_Planned], FixError | None]:
    """The fixes that can be applied together: all of them if the result reads back right,
    else field by field, keeping each field's fixes only if the result still reads back right
    (e.g. deleting the whole plain title ``最好`` would leave ``title:``, a null)."""
    try:
        _verify(
            docs, planned, apply_fixes(text, [p.fix for p in planned])[0], path, display, checker
        )
        return planned, None
    except FixError as exc:
        first = exc
    groups: dict[tuple[int, str], list[_Planned]] = {}
    for p in planned:
        groups.setdefault((id(p.doc), p.finding.field), []).append(p)
    accepted: list[_Planned] = []
    for group in groups.values():
        trial = accepted + group
        try:
            _verify(
                docs, trial, apply_fixes(text, [p.fix for p in trial])[0], path, display, checker
            )
        except FixError:
            continue
        accepted = trial
    return accepted, first


_PATH = re.compile(r"^([A-Za-z_-]+)(?:\[(\d+)\])?(?:\.(.+))?$", re.S)


def _set(data: dict[str, Any], path: str, value: str) -> None:
    m = _PATH.match(path)
    if m is None:
        raise KeyError(path)
    name, index, rest = m.groups()
    target: Any = data[name]
    if index is not None:
        if rest is None:
            target[int(index)] = value
            return
        target = target[int(index)]
    if rest is None:
        data[name] = value
    else:
        target[rest] = value


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, default=str)


_STRICT = ("draft/syntax", "draft/schema", "draft/too-large", "draft/encoding")


def _verify(
    docs: list[LoadedDraft],
    planned: list[_Planned],
    new: str,
    path: Path,
    display: str,
    checker: Checker,
) -> None:
    """The new text must read back as the same drafts with only the fixed text changed."""
    refused = FixError(f"{display}：修复后的文件读回来不是只改了修复文字的同一份草稿；未写入")
    again = load_bytes(new.encode("utf-8"), path, display, checker.resources.limits)
    if len(again) != len(docs):
        raise refused
    for old, fresh in zip(docs, again, strict=True):
        if not _same_but_fixed(old, fresh, [p for p in planned if p.doc is old]):
            raise refused


def _same_but_fixed(old: LoadedDraft, fresh: LoadedDraft, mine: list[_Planned]) -> bool:
    """Does `fresh` read as `old` with exactly `mine` applied (and no new draft problem)?"""
    if old.draft is None:
        return not mine and fresh.draft is None
    if fresh.draft is None:
        return False
    for rule in _STRICT:
        was = sum(1 for f in old.findings if f.rule == rule)
        if sum(1 for f in fresh.findings if f.rule == rule) > was:
            return False
    expected = old.draft.model_dump(by_alias=True)
    texts = {p: t for p, _, t in old.draft.text_fields()}
    by_field: dict[str, list[_Planned]] = {}
    for p in mine:
        by_field.setdefault(p.model_path, []).append(p)
    try:
        for model_path, items in by_field.items():
            value = texts[model_path]
            if len(value) != len(old.source.nodes[items[0].finding.field].value or ""):
                return False
            for p in sorted(items, key=lambda p: p.value_span, reverse=True):
                i, j = p.value_span
                value = value[:i] + p.fix.replacement + value[j:]
            _set(expected, model_path, value)
    except (KeyError, IndexError, TypeError):
        return False
    return _canonical(fresh.draft.model_dump(by_alias=True)) == _canonical(expected)


# -- writing -------------------------------------------------------------------------------------
def writable(info: os.stat_result) -> bool:
    """May the user rewrite a file with this status?  Decided from its mode bits, as
    ``os.access`` decides for an ordinary user: the owner's bits if the user owns it, else the
    group's if the user is in its group, else the others'.  Root passes every ``access`` check,
    so for root a file is read-only when nobody may write it (``st_mode & 0o222 == 0``): a
    ``chmod a-w`` file is left alone whoever runs ``--fix``."""
    mode = info.st_mode
    if not hasattr(os, "geteuid"):
        return bool(mode & stat.S_IWUSR)
    euid = os.geteuid()
    if euid == 0:
        return bool(mode & 0o222)
    if info.st_uid == euid:
        return bool(mode & stat.S_IWUSR)
    if info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        return bool(mode & stat.S_IWGRP)
    return bool(mode & stat.S_IWOTH)


def _keep_owner(fd: int, info: os.stat_result, path: Path) -> None:
    """Give the new file the original's owner, group and permission bits, or refuse: a fix
    never hands a file to another group (or owner) than it had."""
    if hasattr(os, "fchown"):
        new = os.fstat(fd)
        if (new.st_uid, new.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.fchown(fd, info.st_uid, info.st_gid)
            except OSError as exc:
                raise FixError(
                    f"{path}：无法保留文件的属主和属组（uid {info.st_uid}，gid {info.st_gid}："
                    f"{os_problem(exc)}），未修复"
                ) from None
    os.fchmod(fd, stat.S_IMODE(info.st_mode))  # after fchown, which may clear set-id bits


def atomic_write(path: Path, data: bytes, *, expected: bytes) -> None:
    """Replace `path` by `data` if it still holds `expected`, keeping its owner, group and
    mode; all or nothing.  A file the user may not write (``writable``) is refused."""
    folder = path.parent
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise FixError(f"{path} 不是普通文件，未修复")
    if not writable(info):
        raise FixError(f"{path} 是只读文件（权限 {stat.filemode(info.st_mode)}），未修复")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".listlint-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _keep_owner(handle.fileno(), info, path)
            os.fsync(handle.fileno())
        current, _ = read_limited(path, len(expected))
        if current != expected:
            raise FixError(f"{path}：修复期间文件被改动，未写入")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
