"""The README's CI snippet works today (issue #17 item 2): the GitHub Actions workflow's `run:`
steps, run as a script in a fresh virtual environment with the workflow's `LISTLINT` variable
(its placeholder URL and commit replaced by a committed local copy of this checkout), install
listlint with pip from Git at that commit and check a folder of drafts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from checkout_copy import REPO, commit_copy, git_env

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)


def workflow() -> dict:
    """The first GitHub Actions workflow of the README's CI section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### GitHub Actions\n", 1)[1]
    return yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])


def test_the_workflow_pins_listlint_to_a_commit_in_one_place() -> None:
    flow = workflow()
    spec = flow["env"]["LISTLINT"]
    assert re.fullmatch(r"listlint @ git\+\S+\.git@[0-9a-f]{40}", spec), spec
    steps = [s["run"] for s in flow["jobs"]["listlint"]["steps"] if "run" in s]
    assert steps[0] == 'pip install "$LISTLINT"'
    assert all("listlint check" in s for s in steps[1:])


def test_the_workflow_steps_install_listlint_and_check_a_folder(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    source = tmp_path / "listlint-src"
    source.mkdir()
    rev = commit_copy(source, env)
    flow = workflow()
    url, sha = re.fullmatch(r"listlint @ git\+(\S+)@(\w+)", flow["env"]["LISTLINT"]).groups()
    # file://localhost/…: the pip a fresh venv bundles refuses an empty host (file:///…)
    local = f"file://localhost{source.as_posix()}"
    env["LISTLINT"] = flow["env"]["LISTLINT"].replace(url, local).replace(sha, rev)
    assert env["LISTLINT"] == f"listlint @ git+{local}@{rev}"
    work = tmp_path / "content"
    shutil.copytree(REPO / "examples" / "clean-tee", work / "drafts" / "clean-tee")
    (work / "package.json").write_text('{"name": "site"}\n', encoding="utf-8")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    steps = [s["run"] for s in flow["jobs"]["listlint"]["steps"] if "run" in s]
    script = "\n".join(["set -eu", f'. "{venv}/bin/activate"', *steps])
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    installed = subprocess.run(
        [str(venv / "bin" / "pip"), "show", "listlint"], capture_output=True, text=True
    )
    assert "Name: listlint" in installed.stdout
    assert "通过：检查 1 个文件" in result.stdout
    sarif = (work / "listlint.sarif").read_text(encoding="utf-8")
    assert '"version": "2.1.0"' in sarif
