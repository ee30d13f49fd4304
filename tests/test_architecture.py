"""Guard rails of the house: imports flow one way (no cycles), a platform is data a user can
add, an output format is one registry line, rule kinds follow one protocol, and a batch runs
where ``fork`` does not exist."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from listlint.report import REGISTRY, Output, register, render
from listlint.results import Report

PACKAGE = Path(__file__).resolve().parent.parent / "listlint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """listlint modules imported anywhere in `path` (function bodies too), except under
    ``if TYPE_CHECKING:`` (annotations only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(a.name for a in node.names if a.name.startswith("listlint"))

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.startswith("listlint"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)

    Visitor().visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = {t for t in _imports(path) if t in modules and t != name}
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_import_graph_of_the_package_is_acyclic() -> None:
    graph = import_graph()
    assert len(graph) > 40
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_lower_layers_never_import_upward() -> None:
    """Drafts, text and kinds know nothing of the engine, the API, batches, reports or the CLI."""
    upper = ("listlint.engine", "listlint.api", "listlint.batch", "listlint.report", "listlint.cli")
    graph = import_graph()
    for module, targets in graph.items():
        if module.startswith(("listlint.draft", "listlint.text", "listlint.kinds")):
            wrong = [t for t in targets if t.startswith(upper)]
            assert wrong == [], f"{module} imports {wrong}"


def test_a_platform_added_in_the_config_has_its_own_title_limit(
    tmp_path: Path, cli: Any, write_draft: Any
) -> None:
    (tmp_path / "listlint.yaml").write_text(
        "platforms:\n"
        "  xianyu:\n"
        "    name: 闲鱼\n"
        "    aliases: [闲鱼网]\n"
        "    extends: taobao\n"
        "    title_max: 12\n"
        "    title_mode: chars\n",
        encoding="utf-8",
    )
    title = "纯棉短袖T恤女宽松百搭圆领上衣"  # 15 characters: fine on Taobao (30 units), not here
    draft = write_draft(f"platform: 闲鱼网\ncategory: 服装/女装/T恤\ntitle: {title}\n")
    result = cli("check", "-f", "json", "--select", "title/length", "--no-cache", draft)
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert "闲鱼" in finding["message"] and "12" in finding["message"]
    elsewhere = write_draft(
        f"platform: taobao\ncategory: 服装/女装/T恤\ntitle: {title}\n", "t.yaml"
    )
    again = cli("check", "-f", "json", "--select", "title/length", "--no-cache", elsewhere)
    assert json.loads(again.stdout)["diagnostics"] == []


def test_a_bad_platform_number_in_the_config_exits_2(
    tmp_path: Path, cli: Any, write_draft: Any
) -> None:
    (tmp_path / "listlint.yaml").write_text("profiles:\n  jd: {title_max: 长}\n", "utf-8")
    result = cli("check", write_draft("category: 家居\ntitle: 杯子\n"))
    assert result.exit_code == 2 and "title_max" in result.stderr


def test_a_reporter_registered_from_a_test_module_is_a_format(cli: Any, write_draft: Any) -> None:
    def write_rules_only(report: Report, out: Output) -> None:
        for f in report.findings:
            out.stream.write(f"{f.rule}\n")

    register("rules-only", write_rules_only, "the rule id of each finding")
    try:
        path = write_draft("category: 家居/收纳\ntitle: 国家级收纳盒\n")
        result = cli("check", "-f", "rules-only", "--no-cache", path)
        assert result.exit_code == 1
        assert "adlaw/absolute-terms" in result.stdout.splitlines()
        report = Report(files=0, findings=[])
        assert render(report, "rules-only") == ""
    finally:
        del REGISTRY["rules-only"]


def test_an_unknown_format_exits_2_with_a_suggestion(cli: Any, write_draft: Any) -> None:
    result = cli("check", "-f", "sarf", write_draft("category: 家居\ntitle: 杯子\n"))
    assert result.exit_code == 2 and "sarif" in result.stderr


def test_every_rule_kind_follows_the_protocol() -> None:
    from listlint.kinds import KINDS, kind

    for name in KINDS:
        k = kind(name)
        assert callable(k.check) and hasattr(k.Params, "model_validate"), name


@pytest.mark.skipif(sys.platform == "win32", reason="spawn is the default there anyway")
def test_a_batch_runs_with_spawned_workers_where_fork_does_not_exist(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for i in range(80):  # above the threshold for a worker pool
        (drafts / f"d{i:02}.yaml").write_text(
            f"category: 家居/收纳\ntitle: 国家级收纳盒{i}\n", "utf-8"
        )
    runs = {}
    for method in ("fork", "spawn"):
        env = dict(os.environ, LISTLINT_START_METHOD=method, LISTLINT_NO_CACHE="1")
        proc = subprocess.run(
            [sys.executable, "-c", "from listlint.cli import main; main()", "check", str(drafts),
             "-f", "json", "--jobs", "2"],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        runs[method] = json.loads(proc.stdout)
    assert runs["fork"] == runs["spawn"] and runs["spawn"]["files"] == 80
    absolute = [d for d in runs["spawn"]["diagnostics"] if d["rule"] == "adlaw/absolute-terms"]
    assert len(absolute) == 80
