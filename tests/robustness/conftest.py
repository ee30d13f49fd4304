"""Fixtures of the robustness suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One $LISTLINT_CACHE_DIR for the subprocess runs of this suite (built once, reused)."""
    return tmp_path_factory.mktemp("listlint-cache")
