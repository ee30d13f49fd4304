"""A committed copy of this checkout, for tests that install listlint the way users do (pip from
a Git URL at a commit, pre-commit from a repo at a rev): the copy holds what an install needs,
so the tests do not depend on what is committed in this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INSTALL_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
INSTALL_DIRS = ("listlint", "rules")


def git_env(home: Path) -> dict[str, str]:
    """The environment for git and the tools under test: no user or system git config, a
    private user cache folder, plain output."""
    values = {
        **os.environ,
        "XDG_CACHE_HOME": str(home / "user-cache"),
        "GIT_AUTHOR_NAME": "listlint tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "listlint tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "NO_COLOR": "1",
    }
    for name in ("GITHUB_ACTIONS", "LISTLINT_CACHE_DIR", "VIRTUAL_ENV"):
        values.pop(name, None)
    return values


def git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def commit_copy(dest: Path, env: dict[str, str]) -> str:
    """Copy what an install needs into `dest`, commit it there, return the commit's SHA."""
    for name in INSTALL_FILES:
        shutil.copy2(REPO / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".listlint_cache")
    for name in INSTALL_DIRS:
        shutil.copytree(REPO / name, dest / name, ignore=ignore)
    git(dest, "init", "-q", env=env)
    git(dest, "add", "-A", env=env)
    git(dest, "commit", "-q", "-m", "listlint under test", env=env)
    return git(dest, "rev-parse", "HEAD", env=env)
