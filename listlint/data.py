"""The data files of ``rules/`` (packs, platforms, categories, lexicons, document types): where
they are and how a YAML data file is read (bounded, safe, with a source map for line numbers).
Every problem is a ``PackError`` naming file and line."""

from __future__ import annotations

import errno
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
        # line 0: about the file as a whole (unreadable, too large), no position to give
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.reason = file, line, message


_TABLES: dict[str, dict[str, str]] = {}


def _table(name: str) -> dict[str, str]:
    """A translation table from ``data`` of the built-in draft pack (read once)."""
    if name not in _TABLES:
        try:  # a trusted file of the package; plain safe_load (read_yaml could recurse here)
            raw = (builtin_rules_dir() / "packs" / "draft.yaml").read_text(encoding="utf-8")
            data = (yaml.safe_load(raw) or {}).get("data") or {}
            _TABLES[name] = {str(k): str(v) for k, v in (data.get(name) or {}).items()}
        except (OSError, yaml.YAMLError, AttributeError, PackError):
            _TABLES[name] = {}
    return _TABLES[name]


def yaml_problem(problem: str | None) -> str:
    """PyYAML's (or json's) problem text in Chinese, from ``data.yaml_problems`` of the built-in
    draft pack (the text as written when it is not listed)."""
    if not problem:
        return "语法错误"
    for english, chinese in _table("yaml_problems").items():
        if problem.startswith(english):
            return chinese
    return problem


def os_problem(exc: OSError) -> str:
    """Why the system refused a file, in Chinese (``data.os_problems`` by errno name), or the
    system's own words when the table does not list it."""
    name = errno.errorcode.get(exc.errno or -1, "")
    return _table("os_problems").get(name) or exc.strerror or str(exc)


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
        raise PackError(str(path), 0, f"无法读取：{os_problem(exc)}") from None
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
            str(path), (mark.line + 1) if mark else 0, f"YAML 语法错误：{yaml_problem(exc.problem)}"
        ) from None
    except (YAMLLimitError, sourcemap.NodeBudgetExceeded) as exc:
        raise PackError(str(path), 0, f"拒绝读取：{str(exc) or '节点过多（含别名展开）'}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise PackError(str(path), 0, f"YAML 错误：{exc}") from None
    return data, smap
