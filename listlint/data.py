"""The data files of ``rules/`` (packs, platforms, categories, lexicons, document types): where
they are and how a YAML data file is read (bounded, safe, with a source map for line numbers).
Every problem is a ``PackError`` naming file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from listlint.draft import sourcemap
from listlint.safeyaml import Limits, YAMLLimitError, parse_yaml, read_limited

# packs are bigger than drafts (a 100,000-term list is fine) but just as bounded
PACK_LIMITS = Limits(max_file_bytes=64 * 1024 * 1024, max_nodes=2_000_000, max_depth=200)


class PackError(Exception):
    """A rule pack cannot be used; ``str()`` is ``file:line: reason``."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.reason = file, line, message


def builtin_rules_dir() -> Path:
    """The built-in packs: inside the installed package, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve().parent  # the listlint package
    for candidate in (here / "rules", here.parent / "rules"):
        if (candidate / "platforms").is_dir():
            return candidate
    raise PackError(str(here / "rules"), 0, "找不到内置规则文件夹（安装不完整？）")


def read_yaml(path: Path) -> tuple[Any, sourcemap.SourceMap]:
    """Parse a YAML file into data and a source map; syntax errors become PackError.  Only a
    regular file is read, and at most ``PACK_LIMITS.max_file_bytes`` of it (a pack named in a
    config may be a FIFO or ``/dev/zero``)."""
    try:
        raw, size = read_limited(path, PACK_LIMITS.max_file_bytes)
    except OSError as exc:
        raise PackError(str(path), 0, f"无法读取：{exc.strerror or exc}") from None
    if raw is None:
        raise PackError(
            str(path), 0, f"文件过大（{size:,} 字节，上限 {PACK_LIMITS.max_file_bytes:,}）"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackError(str(path), 0, "不是 UTF-8 文本") from None
    try:
        data, node = parse_yaml(text, PACK_LIMITS)
        smap = sourcemap.build(node, text, max_nodes=PACK_LIMITS.max_nodes)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(
            str(path), (mark.line + 1) if mark else 0, f"YAML syntax error: {exc.problem}"
        ) from None
    except (YAMLLimitError, sourcemap.NodeBudgetExceeded) as exc:
        raise PackError(str(path), 0, f"refused: {exc or 'too many nodes'}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise PackError(str(path), 0, f"YAML error: {exc}") from None
    return data, smap
