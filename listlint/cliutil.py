"""What every command-line command shares: the exit-2 error and where output goes."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer


def fail(message: str) -> typer.Exit:
    """A clear error (exit status 2), in Chinese, on stderr."""
    from listlint.findings import printable

    typer.echo(f"listlint: 错误：{printable(message)}", err=True)
    return typer.Exit(2)


def output(no_color: bool, stream: Any = None) -> Any:
    """The report output on `stream` (stdout): colours only on a terminal, never with
    ``--no-color`` or ``NO_COLOR``."""
    from listlint.report import Output

    stream = stream or sys.stdout
    color = (
        not no_color
        and not os.environ.get("NO_COLOR")
        and hasattr(stream, "isatty")
        and stream.isatty()
    )
    return Output(stream, color=color)
