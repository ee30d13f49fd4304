"""Unsafe YAML is never constructed: python tags and the like give a draft/syntax or
draft/schema finding, and nothing runs.  Observed in a separate process under an audit hook
(``os.system``, ``subprocess.Popen``, ``os.exec*`` and ``open`` of the marker are logged), plus
marker files that a constructed object would create."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from listlint.draft.load import load_bytes

from .helpers import diagnostics, listlint_env

TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/object/new:builtins.open ['{marker}', 'w']",
    '!!python/object/apply:builtins.exec [\'open("{marker}", "w")\']',
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!custom {a: 1}",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!timestamp 2024-01-01",
    "!!float nope",
]


def _drafts(marker: Path) -> dict[str, str]:
    out = {}
    for i, tag in enumerate(TAGS):
        value = tag.replace("{marker}", str(marker))
        out[f"title{i}.yaml"] = f"category: 家居\ntitle: {value}\n"
        out[f"list{i}.yaml"] = f"category: 家居\ntitle: 水杯\nselling_points:\n  - {value}\n"
        out[f"top{i}.yaml"] = f"--- {value}\n"
    out["directive.yaml"] = (
        "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\n"
        f"category: 家居\ntitle: !p!os.system ['touch {marker}']\n"
    )
    first = TAGS[0].replace("{marker}", str(marker))
    out["key.yaml"] = f"category: 家居\ntitle: 水杯\n? {first}\n: x\n"
    return out


@pytest.mark.parametrize("name", sorted(_drafts(Path("/m"))))
def test_unsafe_tag_is_a_finding_in_process(tmp_path, name):
    marker = tmp_path / "pwned"
    text = _drafts(marker)[name]
    (doc,) = load_bytes(text.encode(), tmp_path / name, name)
    rules = {f.rule for f in doc.findings}
    assert rules & {"draft/syntax", "draft/schema"}, (text, rules)
    assert not marker.exists()


AUDITED = textwrap.dedent(
    """
    import sys
    log = open(sys.argv.pop(1), "w", encoding="utf-8")
    WATCH = {"os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "exec",
             "compile", "ctypes.dlopen"}
    def hook(event, args):
        if event in WATCH or (event == "open" and "pwned" in str(args[0])):
            log.write(event + " " + repr(args)[:200] + "\\n")
            log.flush()
    sys.addaudithook(hook)
    from listlint.cli import main
    main()
    """
)


def test_unsafe_tags_through_the_cli_under_an_audit_hook(tmp_path, shared_cache):
    marker = tmp_path / "pwned"
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name, text in _drafts(marker).items():
        (folder / name).write_text(text, encoding="utf-8")
    log = tmp_path / "audit.log"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            AUDITED,
            str(log),
            "check",
            str(folder),
            "--format",
            "json",
            "--select",
            "draft",
        ],
        capture_output=True,
        text=True,
        env=listlint_env(shared_cache),
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    events = [
        line
        for line in log.read_text(encoding="utf-8").splitlines()
        # Python compiles its own code (typer, pydantic, dataclasses): ignore compile/exec of
        # library code, keep anything that mentions our marker
        if not line.startswith(("compile", "exec")) or "pwned" in line
    ]
    assert events == [], events
    assert not marker.exists()
    by_file: dict[str, set[str]] = {}
    for d in diagnostics(proc.stdout):
        by_file.setdefault(Path(d["path"]).name, set()).add(d["rule"])
    # every file is either reported (syntax/schema) or, when what the tag builds holds no draft
    # key at all (a whole file that is `--- !!omap [...]`), counted as a skipped non-draft:
    # nothing disappears without a word
    unreported = [
        n for n in _drafts(marker) if not by_file.get(n, set()) & {"draft/syntax", "draft/schema"}
    ]
    assert all(n.startswith("top") for n in unreported), unreported
    assert json.loads(proc.stdout)["summary"]["skipped_non_drafts"] == len(unreported)
