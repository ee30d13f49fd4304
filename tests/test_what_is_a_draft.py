"""What a draft is (issue #17 item 3): ``listlint check .`` in a real repository checks the drafts
and skips, with a count in the summary, the YAML/JSON files that hold no draft keys
(docker-compose.yml, package.json, mkdocs.yml, tsconfig.json, .pre-commit-config.yaml).  A file
meant as a draft but broken (syntax error, wrong types, misspelt keys) is never skipped; config
``include`` globs make files drafts whatever they hold, ``exclude`` globs skip them, also when
they are named on the command line (pre-commit names every staged file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from listlint.api import Linter

NON_DRAFTS = {
    "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n",
    # package.json has a description, as drafts do: one shared key does not make a draft
    "package.json": '{"name": "shop-site", "version": "1.0.0", "description": "店铺官网",'
    ' "scripts": {"build": "vite build"}}\n',
    "mkdocs.yml": "site_name: 店铺文档\nnav:\n  - 首页: index.md\n",
    "tsconfig.json": '{"compilerOptions": {"strict": true}, "include": ["src"]}\n',
    ".pre-commit-config.yaml": "repos: []\n",
    ".pre-commit-hooks.yaml": "- id: x\n  name: x\n  entry: x\n  language: system\n",
    "config/locales.json": '[{"lang": "zh"}, {"lang": "en"}]\n',
}
CLEAN = "category: 家居/收纳\ntitle: 棉麻收纳盒 大容量 客厅卧室衣物整理箱\n"
BROKEN_DRAFTS = {
    # each is meant as a draft: every one must be reported, with the rule that says why
    "drafts/typo.yaml": ("category: 家居/收纳\ntitel: 收纳盒\n", {"draft/unknown-field"}),
    "drafts/only-typos.yaml": ("titel: 收纳盒\ncatgory: 家居/收纳\n", {"draft/unknown-field"}),
    "drafts/syntax.yaml": ("category: 家居/收纳\ntitle: [收纳盒\n", {"draft/syntax"}),
    "drafts/types.yaml": ("category: 家居/收纳\ntitle: [收纳盒]\n", {"draft/schema"}),
    "drafts/empty.yaml": ("", {"draft/schema"}),
    "drafts/as-list.yaml": ("- category: 家居/收纳\n  title: 收纳盒\n", {"draft/schema"}),
    "drafts/broken.json": ('{"category": "家居/收纳", "title": }\n', {"draft/syntax"}),
}


def _repository(root: Path) -> Path:
    for name, text in {**NON_DRAFTS, "drafts/clean.yaml": CLEAN}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _json(cli: Any, *args: Any) -> dict[str, Any]:
    result = cli("check", "-f", "json", "--no-cache", "--select", "draft,adlaw", *args)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return json.loads(result.stdout)


def test_check_of_a_repository_skips_files_without_draft_keys_and_counts_them(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    data = _json(cli, ".")
    assert data["diagnostics"] == []
    assert data["files"] == 1  # drafts/clean.yaml; hidden files are not walked
    # docker-compose.yml, package.json, mkdocs.yml, tsconfig.json, config/locales.json
    assert data["summary"]["skipped_non_drafts"] == 5
    tree = cli("check", "--no-cache", "--select", "draft,adlaw", ".")
    assert tree.exit_code == 0
    assert "通过：检查 1 个文件" in tree.stdout
    assert "跳过 5 个非草稿文件" in tree.stdout
    for name in NON_DRAFTS:
        assert name not in tree.stdout


def test_files_named_on_the_command_line_are_skipped_the_same_way(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit names every staged file: the hidden .pre-commit-config.yaml too."""
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    data = _json(cli, *NON_DRAFTS, "drafts/clean.yaml")
    assert data["diagnostics"] == []
    assert data["files"] == 1
    assert data["summary"]["skipped_non_drafts"] == len(NON_DRAFTS)


@pytest.mark.parametrize("name", sorted(BROKEN_DRAFTS))
def test_a_broken_draft_is_reported_never_skipped(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _repository(tmp_path)
    text, rules = BROKEN_DRAFTS[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in ((".",), (name,)):
        data = _json(cli, *args)
        found = {d["rule"] for d in data["diagnostics"] if d["path"] == name}
        assert rules <= found, (args, data["diagnostics"])
        assert data["summary"]["error"] >= 1
        assert data["summary"]["skipped_non_drafts"] == (5 if args == (".",) else 0)


def test_config_include_makes_a_file_a_draft_whatever_it_holds(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    (tmp_path / "listlint.yaml").write_text("include: ['products/**']\n", encoding="utf-8")
    product = tmp_path / "products" / "cup.json"
    product.parent.mkdir()
    product.write_text('{"name": "最好的水杯", "price": 9}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "drafts")  # the globs are relative to the config's folder
    data = _json(cli, "..")
    shown = Path("..", "products", "cup.json").as_posix()
    found = {(d["path"], d["rule"]) for d in data["diagnostics"]}
    assert (shown, "draft/schema") in found  # no title, no category
    assert (shown, "draft/unknown-field") in found  # name, price
    assert data["summary"]["skipped_non_drafts"] == 5
    assert data["files"] == 2


def test_config_exclude_skips_files_named_on_the_command_line(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    (tmp_path / "listlint.yaml").write_text("exclude: ['drafts/old/**']\n", encoding="utf-8")
    old = tmp_path / "drafts" / "old" / "tee.yaml"
    old.parent.mkdir()
    old.write_text("category: 服装/女装/T恤\ntitle: 最好的T恤\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (("drafts/old/tee.yaml", "drafts/clean.yaml"), ("drafts",)):
        data = _json(cli, *args)
        assert data["diagnostics"] == [] and data["files"] == 1, args
    # without the exclude the draft is checked
    (tmp_path / "listlint.yaml").write_text("exclude: []\n", encoding="utf-8")
    data = _json(cli, "drafts/old/tee.yaml")
    assert [d["rule"] for d in data["diagnostics"]] == ["adlaw/absolute-terms"]


def test_the_library_reports_the_skipped_count(tmp_path: Path) -> None:
    _repository(tmp_path)
    report = Linter({"select": ["draft", "adlaw"]}).lint_paths([tmp_path])
    assert report.findings == [] and report.files == 1
    assert report.summary()["skipped_non_drafts"] == 5
    assert report.paths == [str(tmp_path / "drafts" / "clean.yaml")]
