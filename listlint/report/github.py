"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=drafts/tee.yaml,line=5,col=3,endLine=5,endColumn=5,title=adlaw/absolute-terms::…``

Escaping follows the runner's rules: in the message ``%``, CR and LF are percent-encoded; in
property values ``:`` and ``,`` are encoded as well.

GitHub places an annotation by its path from the repository root, so paths are rewritten from
the working folder to the root of the git checkout around it (listlint run in ``shop/`` reports
``shop/drafts/tee.yaml``); outside a checkout they stay as they are."""

from __future__ import annotations

import os
from pathlib import Path

from listlint.findings import Finding, Severity
from listlint.report import Output
from listlint.results import Report

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.ADVICE: "notice",
}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def repository_root(start: str) -> str | None:
    """The nearest folder at or above `start` holding ``.git`` (a folder, or a file in a
    worktree or submodule)."""
    here = os.path.abspath(start)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def from_root(path: str, cwd: str | None, root: str | None) -> str:
    """`path` (as reports show it: relative to `cwd`, or absolute) relative to `root`."""
    if root is None or cwd is None:
        return Path(path).as_posix()
    full = os.path.normpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, root)
    return Path(path if rel.startswith("..") else rel).as_posix()


def annotation(f: Finding, cwd: str | None = None, root: str | None = None) -> str:
    props = [
        ("file", from_root(f.path, cwd, root)),
        ("line", str(f.line)),
        ("col", str(f.column)),
        ("endLine", str(f.end_line)),
        ("endColumn", str(f.end_column)),
        ("title", f"listlint {f.rule}"),
    ]
    message = f.message + f.where()
    if f.suggestion:
        message += f"\n建议：{f.suggestion}"
    if f.reference:
        message += f"\n依据：{f.reference}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[f.severity]} {head}::{escape_data(message)}"


def to_github(report: Report) -> str:
    try:
        cwd: str | None = os.getcwd()
    except OSError:  # the working folder was deleted
        cwd = None
    root = repository_root(cwd) if cwd else None
    return "".join(annotation(f.printable(), cwd, root) + "\n" for f in report.findings)


def write(report: Report, out: Output) -> None:
    out.stream.write(to_github(report))
