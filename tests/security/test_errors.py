"""Item 11: every error is one Chinese line and exit status 2, never a traceback, never exit 1
(exit 1 means "a draft failed"; CI must tell a crash from that).

* ``--write-baseline .`` (a folder), and 5,000-character paths given to every option that
  takes one, and written in a draft (image, document scan);
* running out of memory (a child under a small ``RLIMIT_AS``, at several limits): whatever
  point the run reaches, it ends with a finding report (exit 1) or ``内存不足`` (exit 2); the
  crash report itself allocates nothing (a reserve is freed first, the text is prepared);
  importing the command line is guarded too (``listlint.__main__``, the console script);
* a rule that crashes (here: raises RuntimeError) becomes a ``draft/internal-error`` finding
  and the run goes on; a rule that runs out of memory ends the run (exit 2): every following
  rule ran out too, each after a long struggle near the limit (a run hung for minutes).

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): ``--write-baseline .``
ended in a traceback (``ValueError: PosixPath('.') has an empty name``, exit 1), the long path
in a traceback (``OSError: File name too long``), and under memory limits the MemoryError
traceback exited 1.  The refactored code (before this round's fix) could not report a crashed
rule at all: ``doc.make("draft/internal-error", rule=…)`` clashed with the parameter ``rule``
and the TypeError ended the run.
"""

from __future__ import annotations

import json

import pytest

from .helpers import no_traceback, python, run

LONG = "长" * 5000  # 15,000 bytes in UTF-8: over PATH_MAX and NAME_MAX


def _exit_2(proc) -> None:  # type: ignore[no-untyped-def]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    no_traceback(proc)
    assert proc.stderr.startswith("listlint: 错误："), proc.stderr[-2000:]


def test_write_baseline_to_the_current_folder(work, cache):
    _exit_2(run(["check", "drafts", "--write-baseline", "."], cache=cache, cwd=work))


@pytest.mark.parametrize(
    "args",
    [
        ["check", f"{LONG}.yaml"],
        ["check", "drafts", "--baseline", LONG],
        ["check", "drafts", "--write-baseline", f"{LONG}.json"],
        ["check", "drafts", "--config", LONG],
        ["check", "drafts", "--pack", LONG],
        ["check", "drafts", "-o", f"{LONG}.json"],
        ["check", "drafts", "--shard", LONG],
        ["check", "drafts", "--today", LONG],
        ["explain", LONG],
        ["title", LONG, "--category", LONG],
    ],
    ids=[
        "draft",
        "baseline",
        "write-baseline",
        "config",
        "pack",
        "output",
        "shard",
        "today",
        "explain",
        "title",
    ],
)
def test_a_5000_character_path_is_an_error_not_a_traceback(work, cache, args):
    proc = run(args, cache=cache, cwd=work)
    no_traceback(proc)
    if args[0] == "title":  # any title is analysed; a long one is just long
        assert proc.returncode == 0, proc.stderr[-2000:]
    else:
        _exit_2(proc)


def test_5000_character_paths_inside_a_draft_are_findings(work, cache):
    (work / "drafts" / "long.yaml").write_text(
        "category: 家居/水杯\ntitle: 北欧陶瓷马克杯\n"
        f"images:\n  - {{path: {LONG}.jpg, role: main}}\n"
        "documents:\n"
        f"  - {{type: ccc_certificate, number: '2021011234567890', file: {LONG}.pdf}}\n",
        encoding="utf-8",
    )
    proc = run(["check", "drafts", "-f", "json"], cache=cache, cwd=work)
    assert proc.returncode == 1, proc.stderr[-2000:]
    rules = {d["rule"] for d in json.loads(proc.stdout)["diagnostics"]}
    assert "draft/internal-error" not in rules
    assert {"image/file-missing", "image/unreadable"} & rules, rules


@pytest.mark.parametrize("megabytes", [100, 160, 220, 280])
def test_running_out_of_memory_exits_2(tmp_path, cache, megabytes):
    draft = tmp_path / "big.yaml"
    items = "".join(f"  - 最好的北欧陶瓷马克杯{i}\n" for i in range(40_000))
    draft.write_text(f"category: 家居/水杯\ntitle: 水杯\nselling_points:\n{items}", "utf-8")
    proc = run(
        ["check", draft.name, "-f", "json", "--no-cache"],
        cache=cache,
        cwd=tmp_path,
        memory=megabytes << 20,
        timeout=120,
    )
    no_traceback(proc)
    if proc.returncode == 1:  # enough memory after all: a whole report
        assert json.loads(proc.stdout)["diagnostics"]
    else:
        assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
        assert proc.stderr.startswith("listlint: 错误："), proc.stderr[-2000:]


def test_the_console_script_exits_2_when_the_command_cannot_be_imported(tmp_path):
    code = """
import sys
sys.modules["typer"] = None  # importing the command line fails
from listlint.__main__ import main
main()
"""
    proc = python(code, "check", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("listlint: 错误："), proc.stderr


CRASHING_RULE = """
import sys
import listlint.kinds.length as length
def boom(rule, ctx):
    raise {error}("boom")
length.check = boom
sys.argv[0] = "listlint"
from listlint.cli import main
main()
"""


def test_a_crashing_rule_is_a_finding_and_the_run_goes_on(work, cache):
    proc = python(
        CRASHING_RULE.format(error="RuntimeError"),
        *["check", "drafts", "-f", "json", "--no-cache"],
        cwd=work,
        cache=cache,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    found = json.loads(proc.stdout)["diagnostics"]
    crashed = [d for d in found if d["rule"] == "draft/internal-error"]
    assert crashed and all("RuntimeError" in d["message"] for d in crashed), found
    assert any(d["rule"] == "adlaw/absolute-terms" for d in found)  # the other rules ran


def test_a_rule_that_runs_out_of_memory_stops_the_run_with_exit_2(work, cache):
    """Out of memory is not a rule's bug: every following rule would run out too (under a
    memory limit, each ran until it failed: the run took minutes).  It ends the run."""
    proc = python(
        CRASHING_RULE.format(error="MemoryError"),
        *["check", "drafts", "-f", "json", "--no-cache"],
        cwd=work,
        cache=cache,
    )
    assert proc.returncode == 2 and "内存不足" in proc.stderr, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
