"""Shared test helpers: real files in tmp dirs, the real engine, the real CLI (in-process)."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from listlint.api import Linter
from listlint.cli import app
from listlint.config import Config
from listlint.engine.run import Checker
from listlint.findings import Finding

# the per-user caches (compiled packs, segmentation trie) of this test session live in a temporary
# folder, so running the tests never fills the developer's ~/.cache
os.environ.setdefault("LISTLINT_CACHE_DIR", tempfile.mkdtemp(prefix="listlint-test-cache-"))

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

_CHECKERS: dict[str, Checker] = {}


def engine_for(**config: Any) -> Checker:
    """One checker per distinct config for the whole session (building one runs pack
    self-tests)."""
    key = json.dumps(config, sort_keys=True, default=str)
    if key not in _CHECKERS:
        _CHECKERS[key] = Linter(Config(**config)).checker
    return _CHECKERS[key]


@pytest.fixture
def write_draft(tmp_path: Path) -> Callable[..., Path]:
    """Write a draft file (dedented) and return its path."""

    def write(text: str, name: str = "draft.yaml", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return write


@pytest.fixture
def check_file() -> Callable[..., list[Finding]]:
    """Check one file with the real engine; keyword arguments are Config fields."""

    def run(path: Path, **config: Any) -> list[Finding]:
        return engine_for(**config).check_file(path, str(path))[0]

    return run


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run the real CLI in-process; returns typer's Result (exit_code, stdout)."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs: Any) -> Any:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]
