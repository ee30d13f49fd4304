"""Paths: image and document paths that leave the draft's folder are reported and never opened;
symbolic-link loops and links out of the tree do not hang or widen the directory walk.

"Never opened" is observed, not assumed: the command runs under a ``sys.addaudithook`` hook
that logs every ``open`` audit event (``open()``, ``io.open``, ``os.open`` all raise it)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from .helpers import diagnostics, listlint_env, run_listlint

AUDITED = textwrap.dedent(
    """
    import sys
    log = open(sys.argv.pop(1), "w", encoding="utf-8")
    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)):
            path = args[0].decode("utf-8", "replace") if isinstance(args[0], bytes) else args[0]
            log.write(path + "\\n")
            log.flush()
    sys.addaudithook(hook)
    from listlint.cli import main
    main()
    """
)


def audited_run(args: list[str], cache: Path, log: Path, cwd: Path) -> tuple[int, str, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", AUDITED, str(log), *map(str, args)],
        capture_output=True,
        text=True,
        env=listlint_env(cache),
        cwd=cwd,
        timeout=120,
    )
    opened = {
        os.path.realpath(os.path.join(cwd, line))
        for line in log.read_text(encoding="utf-8").splitlines()
        if line
    }
    return proc.returncode, proc.stdout, opened


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (800, 800), "white").save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/outside/ holds files a hostile draft points at; tmp/repo/drafts/ holds the drafts."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(jpeg())
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 secret\n")
    (tmp_path / "repo" / "drafts" / "images").mkdir(parents=True)
    return tmp_path


def test_paths_outside_the_draft_folder_are_reported_and_never_opened(tree, shared_cache):
    outside = tree / "outside"
    drafts = tree / "repo" / "drafts"
    paths = [
        "../../outside/secret.jpg",
        str(outside / "secret.jpg"),
        "images/../../../outside/secret.jpg",
        "..\\..\\outside\\secret.jpg",
    ]
    docs = ["../../outside/secret.pdf", str(outside / "secret.pdf")]
    draft = {
        "category": "食品/休闲零食/坚果",
        "title": "每日坚果混合装",
        "images": [
            {"path": p, "role": "main" if i == 0 else "detail", "alt": "图"}
            for i, p in enumerate(paths)
        ],
        "documents": [
            {"type": "food_production_license", "number": "SC11234567890123", "file": d}
            for d in docs
        ],
    }
    (drafts / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    log = tree / "opened.log"
    rc, stdout, opened = audited_run(
        ["check", "drafts", "--format", "json", "--today", "2026-03-01"],
        shared_cache,
        log,
        tree / "repo",
    )
    assert rc in (0, 1)
    found = diagnostics(stdout)
    image_fields = {d["field"] for d in found if d["rule"] == "image/path-outside-root"}
    assert image_fields == {f"images[{i}]" for i in range(len(paths))} or image_fields == {
        f"images[{i}].path" for i in range(len(paths))
    }, found
    doc_fields = {d["field"] for d in found if d["rule"] == "qualification/path-outside-root"}
    assert len(doc_fields) == len(docs), found
    leaked = {p for p in opened if p.startswith(str(outside.resolve()))}
    assert not leaked, f"opened outside the draft folder: {leaked}"
    assert str((drafts / "d.json").resolve()) in opened  # the hook does see opens


def test_a_symlink_inside_the_folder_does_not_lead_outside(tree, shared_cache):
    drafts = tree / "repo" / "drafts"
    (drafts / "images" / "main.jpg").symlink_to(tree / "outside" / "secret.jpg")
    (drafts / "d.yaml").write_text(
        "category: 家居/水杯\ntitle: 陶瓷马克杯\n"
        "images:\n  - {path: images/main.jpg, role: main, alt: 白底正面图}\n",
        encoding="utf-8",
    )
    _, _, opened = audited_run(
        ["check", "drafts", "--format", "json"], shared_cache, tree / "o.log", tree / "repo"
    )
    assert not {p for p in opened if p.startswith(str((tree / "outside").resolve()))}


def test_symlink_loops_and_links_out_of_the_tree_do_not_hang_the_walk(tmp_path, shared_cache):
    root = tmp_path / "drafts"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "up").symlink_to(root)  # a loop through the root
    (root / "a" / "self").symlink_to(root / "a")  # a loop to itself
    (root / "a" / "b" / "c").symlink_to(root / "a" / "b" / "c")  # a link to itself (ELOOP)
    (root / "etc").symlink_to("/etc")  # out of the tree
    (root / "dev").symlink_to("/dev")
    draft = "category: 家居/水杯\ntitle: 陶瓷马克杯\n"
    (root / "one.yaml").write_text(draft, encoding="utf-8")
    (root / "a" / "b" / "two.yaml").write_text(draft, encoding="utf-8")
    (root / "a" / "loop.yaml").symlink_to(root / "a" / "loop.yaml")  # a file link loop
    run = run_listlint(["check", root, "--format", "json"], shared_cache, timeout=60)
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    assert report["files"] == 3  # one.yaml, two.yaml and the looping loop.yaml
    loop = [d for d in report["diagnostics"] if d["path"].endswith("loop.yaml")]
    assert [d["rule"] for d in loop] == ["draft/unreadable"]
    assert not any("/etc/" in d["path"] or "/dev/" in d["path"] for d in report["diagnostics"])


def test_a_looping_path_on_the_command_line_is_a_usage_error(tmp_path, shared_cache):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    run = run_listlint(["check", loop], shared_cache, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "fmt", ["tree", "concise", "json", "json-lines", "sarif", "github", "junit"]
)
def test_file_names_that_are_not_utf8_do_not_break_any_report(tmp_path, shared_cache, fmt):
    """A file name is any bytes on Linux (and in git); Python hands undecodable bytes over as
    lone surrogates, which no UTF-8 report can write.  They are shown as \\xff escapes."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"\xff\xfe-bad.yaml")
    with open(bad, "wb") as handle:
        handle.write("category: 家居/水杯\ntitle: 全网最好的杯子\n".encode())
    run = run_listlint(["check", folder, "--format", fmt], shared_cache, cwd=tmp_path)
    assert run.returncode == 1, run.stderr[-800:]
    assert "Traceback" not in run.stderr
    shown = run.stdout.replace("\\\\", "\\").replace("%5C", "\\")  # JSON, SARIF URIs
    assert "\\xff\\xfe-bad.yaml" in shown
    if fmt == "json":
        assert {Path(d["path"]).name for d in diagnostics(run.stdout)} == {"\\xff\\xfe-bad.yaml"}
