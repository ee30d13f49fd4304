"""Fixtures of the security suite: one private cache folder for the whole session (the compiled
packs are built once), a folder of drafts per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DRAFT = "category: 家居/水杯\ntitle: 最好的北欧陶瓷马克杯\n"


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private ``$LISTLINT_CACHE_DIR`` (mode 0700) shared by the children of this suite."""
    folder = tmp_path_factory.mktemp("security-cache") / "listlint"
    folder.mkdir(mode=0o700)
    os.chmod(folder.parent, 0o700)
    return folder


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A project folder with one ordinary draft in ``drafts/``."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "ok.yaml").write_text(DRAFT, encoding="utf-8")
    return tmp_path
