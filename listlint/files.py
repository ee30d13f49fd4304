"""Which files a run checks: walking folders, what is a draft, display paths, CI shards."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from listlint.config import CONFIG_NAMES
from listlint.draft.catalogue.source import CATALOGUE_SUFFIXES
from listlint.draft.load import DRAFT_SUFFIXES

SUFFIXES = DRAFT_SUFFIXES + CATALOGUE_SUFFIXES

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".listlint_cache"}
)


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as reports show it: relative to the working folder when inside it.  Bytes that
    are not UTF-8 (a file name is any bytes on Linux) are shown as ``\\xff`` escapes: Python
    decodes them to lone surrogates, which no report could write."""
    text = str(path)
    if not os.path.isabs(text) and not text.startswith(".."):
        shown = os.path.normpath(text)  # already relative to the working folder
    else:
        try:
            rel = os.path.relpath(path, cwd)
        except ValueError:
            rel = ".."
        shown = text if rel.startswith("..") else rel
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def display_paths(paths: Sequence[Path]) -> list[str]:
    """``display_path`` of many files (the working folder looked up once; a normalised
    absolute path inside it is shown by cutting the folder off, as ``relpath`` would)."""
    try:
        cwd: str | None = os.getcwd()
    except OSError:  # the working folder was deleted
        cwd = None
    prefix = os.path.join(cwd, "") if cwd else None
    out: list[str] = []
    for p in paths:
        text = str(p)
        if prefix and text.startswith(prefix) and os.path.normpath(text) == text:
            rel = text[len(prefix) :]
            if rel.isascii() or rel.isprintable():  # no surrogate escapes to mend
                out.append(rel)
                continue
        out.append(display_path(p, cwd))
    return out


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(rel, p)
        or fnmatch.fnmatchcase(name, p)
        or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*")
        for p in patterns
    )


def matches(file: Path, shown: str, patterns: Sequence[str], base: Path | None = None) -> bool:
    """Whether a config glob (``include``, ``exclude``) names `file`: by its path as shown, its
    name, or its path relative to the config's folder `base` (``drafts/**``)."""
    if not patterns:
        return False
    candidates = {shown, file.name, file.as_posix()}
    if base is not None:
        relative = os.path.relpath(os.path.abspath(file), base.absolute())
        if not relative.startswith(".."):
            candidates.add(Path(relative).as_posix())
    return any(
        fnmatch.fnmatchcase(c, p) or fnmatch.fnmatchcase(c, p.rstrip("/") + "/*")
        for p in patterns
        for c in candidates
    )


def discover(
    paths: Sequence[Path], exclude: Sequence[str] = (), base: Path | None = None
) -> Iterator[Path]:
    """Files named on the command line are checked whatever their name (unless a config
    ``exclude`` glob names them: pre-commit names every staged file); directories are walked
    (not following symlinked directories, so link loops cannot hang the walk), skipping hidden
    files and listlint's own config file (``listlint.yaml`` is not a draft)."""
    seen: set[Path] = set()
    for root in paths:
        if root.is_dir():
            for folder, dirs, files in os.walk(root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if (
                        not name.lower().endswith(SUFFIXES)
                        or name.startswith((".", "~$"))  # hidden; Excel's lock files
                        or name in CONFIG_NAMES
                    ):
                        continue
                    file = Path(folder) / name
                    if file in seen or (
                        exclude
                        and (
                            _excluded(file.relative_to(root).as_posix(), name, exclude)
                            or matches(file, file.as_posix(), exclude, base)
                        )
                    ):
                        continue
                    seen.add(file)
                    yield file
        elif root not in seen:
            seen.add(root)
            if exclude and matches(root, os.path.normpath(root), exclude, base):
                continue
            yield root


def outside_links(files: Sequence[Path], roots: Sequence[Path]) -> dict[Path, str]:
    """The files that are symbolic links leading out of their root, with what each link says:
    the folder named on the command line for a file found in it, the file's own folder for a
    file named on the command line.  Such a draft is not read (``draft/outside-link``) unless
    the run follows links: a contributor's ``drafts/x.yaml -> /home/runner/.ssh/id_rsa`` must
    not be read, parsed and shown in a report."""
    dirs = [r for r in roots if r.is_dir()]
    out: dict[Path, str] = {}
    for file in files:
        if not os.path.islink(file):
            continue
        root = next((r for r in dirs if file.is_relative_to(r)), file.parent)
        try:
            real, base = os.path.realpath(file), os.path.realpath(root)
            target = os.readlink(file)
        except (OSError, ValueError):
            continue  # unreadable links are reported by the reader
        if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
            out[file] = target
    return out


def shard_of(relative: str, count: int) -> int:
    """0-based shard of a file: a stable hash of its POSIX path relative to the checked root
    (not ``hash()``, which is salted per process), so every CI job agrees on the split."""
    digest = hashlib.blake2b(relative.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def select_shard(
    files: Sequence[Path], roots: Sequence[Path], index: int, count: int
) -> list[Path]:
    """The files of shard `index` (1-based) of `count`."""
    dirs = [r for r in roots if r.is_dir()]
    out: list[Path] = []
    for file in files:
        root = next((r for r in dirs if file.is_relative_to(r)), None)
        relative = file.relative_to(root).as_posix() if root is not None else file.as_posix()
        if shard_of(relative, count) == index - 1:
            out.append(file)
    return out
