"""The pre-commit hook, end to end with the real ``pre-commit`` tool.

pre-commit installs a hook repository from git at a rev, so the test copies what a hook install
needs from this checkout (pyproject.toml, README.md, listlint/, rules/, .pre-commit-hooks.yaml)
into a temporary git repository and commits it there: the test does not depend on what is
committed in this checkout.  pre-commit then builds the hook's virtualenv (pip installs the copy
and its dependencies from the package index: slow, about a minute, and done once per session:
the environment lives in a module-scoped PRE_COMMIT_HOME).

The seller's repository uses the README's snippet as written, its placeholders (repository URL
and commit) replaced by that copy; it holds drafts with their images and scans and the files a
real repository has (docker-compose.yml, package.json, mkdocs.yml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from checkout_copy import REPO, commit_copy, git, git_env

pytest.importorskip("pre_commit", reason="pre-commit is not installed")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)


BAD = """\
platform: taobao
category: 服装/女装/T恤
title: 全网最好的纯棉短袖T恤女
"""
OTHER_FILES = {
    "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n",
    "package.json": '{"name": "shop-site", "version": "1.0.0", "description": "店铺官网"}\n',
    "mkdocs.yml": "site_name: 店铺文档\nnav:\n  - 首页: index.md\n",
    "notes.txt": "not a draft\n",
}
CLEAN_FILES = (
    "drafts/clean-tee/draft.yaml",
    "drafts/clean-tee/images/main.jpg",
    "drafts/clean-tee/docs/qt.pdf",
    "drafts/clean-tea/draft.yaml",
    "drafts/photo.jpg",
    "drafts/scan.pdf",
    *OTHER_FILES,
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    values = git_env(home)  # the user's cache folder as platformdirs finds it, in `home`
    values.update({"PRE_COMMIT_HOME": str(home / "pre-commit"), "PRE_COMMIT_COLOR": "never"})
    return values


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this checkout's hook, committed; returns (path, rev)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    return repo, commit_copy(repo, env)


def readme_snippet() -> str:
    """The README's pre-commit snippet, as written."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### pre-commit\n", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def _image(path: Path, size: tuple[int, int], fmt: str = "JPEG") -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "white").save(path, fmt)


@pytest.fixture(scope="module")
def project(
    tmp_path_factory: pytest.TempPathFactory, hook_repo: tuple[Path, str], env: dict[str, str]
) -> Path:
    """A product-content repository using the README's snippet; its environment is built once."""
    root = tmp_path_factory.mktemp("shop")
    repo, rev = hook_repo
    snippet = readme_snippet()
    url = re.search(r"repo: (\S+)", snippet).group(1)
    sha = re.search(r"rev: (\S+)", snippet).group(1)
    config = snippet.replace(url, repo.as_posix()).replace(sha, rev)
    assert config.count(repo.as_posix()) == 1 and config.count(rev) == 1
    (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for name in ("clean-tee", "clean-tea"):  # drafts with their JPEG images and PDF scans
        shutil.copytree(REPO / "examples" / name, root / "drafts" / name)
    (root / "drafts" / "bad.yaml").write_text(BAD, encoding="utf-8")
    _image(root / "drafts" / "photo.jpg", (800, 800))
    _image(root / "drafts" / "scan.pdf", (600, 800), "PDF")
    for name, text in OTHER_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q", env=env)
    git(root, "add", "-A", env=env)
    git(root, "commit", "-q", "-m", "drafts", env=env)
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


def _untouched(root: Path, env: dict[str, str]) -> None:
    assert git(root, "status", "--porcelain", "--ignored", env=env) == ""


def test_the_readme_snippet_passes_on_clean_drafts_next_to_images_and_other_files(
    project: Path, env: dict[str, str]
) -> None:
    result = _pre_commit(project, env, "run", "--files", *CLEAN_FILES)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output and "请另存为" not in output
    _untouched(project, env)


def test_the_readme_snippet_fails_on_a_bad_draft(project: Path, env: dict[str, str]) -> None:
    result = _pre_commit(project, env, "run", "--files", "drafts/bad.yaml", *CLEAN_FILES)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "listlint" in output and "Failed" in output
    assert "adlaw/absolute-terms" in output and "drafts/bad.yaml" in output
    failed = output.split("Failed", 1)[1]
    for name in CLEAN_FILES:
        assert name not in failed, name
    _untouched(project, env)


def test_all_files_reports_only_the_bad_draft(project: Path, env: dict[str, str]) -> None:
    result = _pre_commit(project, env, "run", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "drafts/bad.yaml" in output
    for name in (".pre-commit-config.yaml", "docker-compose.yml", "package.json", "mkdocs.yml"):
        assert name not in output.split("Failed", 1)[1], name
    _untouched(project, env)


def test_a_files_override_lets_images_through_and_they_are_skipped(
    project: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """The 0.1 README's `files: ^drafts/` replaced the hook's filter: JPEGs and PDFs reached
    listlint and were reported as drafts to save as UTF-8."""
    original = (project / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    config = tmp_path / "override.yaml"  # outside the repository: its tree stays clean
    config.write_text(original + "        files: ^drafts/\n", encoding="utf-8")
    result = _pre_commit(project, env, "run", "--config", str(config), "--files", *CLEAN_FILES)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "请另存为" not in output and "draft/encoding" not in output
    _untouched(project, env)
