"""The pre-commit hook, end to end with the real ``pre-commit`` tool.

pre-commit installs a hook repository from git at a rev, so the test copies what a hook install
needs from this checkout (pyproject.toml, README.md, listlint/, rules/, .pre-commit-hooks.yaml)
into a temporary git repository and commits it there: the test does not depend on what is
committed in this checkout.  pre-commit then builds the hook's virtualenv (pip installs the copy
and its dependencies from the package index: slow, about a minute, and done once per session:
the environment lives in a module-scoped PRE_COMMIT_HOME)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

REPO = Path(__file__).resolve().parent.parent
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_DIRS = ("listlint", "rules")

BAD = """\
platform: taobao
category: 服装/女装/T恤
title: 全网最好的纯棉短袖T恤女
"""
CLEAN = """\
platform: taobao
category: 服装/女装/T恤
title: 棉语夏季纯棉短袖T恤女宽松百搭圆领上衣
"""


def _git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    values = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "LISTLINT_CACHE_DIR": str(home / "listlint-cache"),
        "GIT_AUTHOR_NAME": "listlint tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "listlint tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    values.pop("GITHUB_ACTIONS", None)  # plain output, whatever CI runs the tests
    return values


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this checkout's hook, committed; returns (path, rev)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        shutil.copy2(REPO / name, repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".listlint_cache")
    for name in HOOK_DIRS:
        shutil.copytree(REPO / name, repo / name, ignore=ignore)
    _git(repo, "init", "-q", env=env)
    _git(repo, "add", "-A", env=env)
    _git(repo, "commit", "-q", "-m", "listlint hook under test", env=env)
    return repo, _git(repo, "rev-parse", "HEAD", env=env)


@pytest.fixture(scope="module")
def project(
    tmp_path_factory: pytest.TempPathFactory, hook_repo: tuple[Path, str], env: dict[str, str]
) -> Path:
    """A seller's repository using the hook; its environment is built once, here."""
    root = tmp_path_factory.mktemp("shop")
    repo, rev = hook_repo
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {repo.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: listlint\n"
        # only the packs these drafts exercise: other packs may add warnings over time
        "        args: [--select, 'adlaw,draft']\n",
        encoding="utf-8",
    )
    drafts = root / "drafts"
    drafts.mkdir()
    (drafts / "bad.yaml").write_text(BAD, encoding="utf-8")
    (drafts / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    (root / "notes.txt").write_text("not a draft\n", encoding="utf-8")
    _git(root, "init", "-q", env=env)
    _git(root, "add", "-A", env=env)
    _git(root, "commit", "-q", "-m", "drafts", env=env)
    built = _pre_commit(root, env, "install-hooks")
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def _pre_commit(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_fails_on_a_bad_draft(project: Path, env: dict[str, str]) -> None:
    result = _pre_commit(project, env, "run", "--files", "drafts/bad.yaml", "drafts/clean.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "listlint" in output and "Failed" in output
    assert "adlaw/absolute-terms" in output
    assert "drafts/bad.yaml" in output
    assert "drafts/clean.yaml" not in output.split("Failed", 1)[1]


def test_hook_passes_on_a_clean_draft(project: Path, env: dict[str, str]) -> None:
    result = _pre_commit(project, env, "run", "--files", "drafts/clean.yaml", "notes.txt")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output


def test_hook_checks_every_draft_with_all_files(project: Path, env: dict[str, str]) -> None:
    # .pre-commit-config.yaml is YAML too, but the hook's exclude keeps it out
    result = _pre_commit(project, env, "run", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "drafts/bad.yaml" in output
    assert ".pre-commit-config.yaml" not in output
