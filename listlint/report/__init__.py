"""Reporters: each turns a Report into text and never decides anything about findings.

A format is one module with ``write(report, out)`` and one ``register`` line below; the CLI's
``--format``, its help and the README table read ``REGISTRY``.  A program can add its own
format with ``register("name", writer, "help")``.
"""

from __future__ import annotations

import importlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from listlint.results import Report


@dataclass
class Output:
    """Where a report goes and how it may look there."""

    stream: TextIO
    color: bool = False  # ANSI colours (a terminal)
    width: int | None = None  # columns; None: the terminal's, or wide lines in a pipe
    root: Path | None = None  # paths in annotations relative to this (the repository root)
    summary: bool = True  # the tree: end with the one-line summary


Writer = Callable[["Report", Output], None]


@dataclass(frozen=True)
class Format:
    name: str
    target: str | Writer  # "module:function" (imported when used) or the writer itself
    help: str
    file_extension: str = ".txt"
    summary_after: bool = False  # the CLI prints the one-line summary on stderr after it
    sources: bool = False  # shows draft text: the run keeps the drafts' bytes (Report.sources)
    streams: bool = False  # writes findings as they come (a catalogue run streams into it)

    def writer(self) -> Writer:
        if callable(self.target):
            return self.target
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


REGISTRY: dict[str, Format] = {}


def register(name: str, target: str | Writer, help: str, **options: object) -> Format:
    """Add (or replace) an output format."""
    fmt = Format(name, target, help, **options)  # type: ignore[arg-type]
    REGISTRY[name] = fmt
    return fmt


def render(report: Report, name: str, **options: object) -> str:
    """The report in format `name`, as one string (tests, the library)."""
    out = Output(io.StringIO(), **options)  # type: ignore[arg-type]
    REGISTRY[name].writer()(report, out)
    return out.stream.getvalue()  # type: ignore[attr-defined]


def write(report: Report, name: str, out: Output | None = None) -> None:
    REGISTRY[name].writer()(report, out or Output(sys.stdout))


register(
    "tree",
    "listlint.report.tree:write",
    "a tree of findings for people at a terminal (default)",
    sources=True,
    streams=True,
)
register(
    "concise",
    "listlint.report.machine:write_concise",
    "path:line:col: severity rule message, one per line",
    streams=True,
)
register(
    "json",
    "listlint.report.machine:write_json",
    "one JSON object (the contract in the README)",
    file_extension=".json",
    streams=True,
)
register(
    "json-lines",
    "listlint.report.machine:write_json_lines",
    "one JSON object per finding",
    file_extension=".jsonl",
    streams=True,
)
register(
    "sarif",
    "listlint.report.sarif:write",
    "SARIF 2.1.0 for GitHub code scanning and other dashboards",
    file_extension=".sarif",
)
register(
    "github",
    "listlint.report.github:write",
    "GitHub Actions annotations on the pull request",
    summary_after=True,
)
register(
    "junit",
    "listlint.report.junit:write",
    "JUnit XML test report (GitLab, Jenkins, Azure Pipelines)",
    file_extension=".xml",
)
register(
    "html",
    "listlint.report.html:write",
    "one self-contained HTML page for people: overview, listing previews, highlights (Chinese)",
    sources=True,
    file_extension=".html",
)
