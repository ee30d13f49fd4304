"""Item 6: every other file listlint opens is read once, bounded, and only when it is a regular
file; files it writes are never written through a planted link.

* packs named with ``--pack`` or in a config, ``--baseline FILE``, ``--config FILE``: a FIFO or
  a link to ``/dev/zero`` is an exit-2 error in Chinese, at once, within a memory limit;
* a config found upward that is a link out of its folder (``listlink.yaml -> /etc/shadow``),
  and packs a config names outside its folder and the working folder, are refused: their
  content must never reach a CI log (a key of an unknown-key error quoted the file's first
  line, a YAML error quoted an excerpt);
* ``--output FILE`` where the repository planted a link at that name: the link is replaced,
  nothing outside is written; ``-o /dev/null`` and ``-o /dev/stdout`` still work;
* ``--write-baseline`` to a FIFO-like stream works, to a folder is an error;
* ``listlint title -`` reads at most 64 MiB of stdin (``/dev/zero`` piped in).

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): ``--baseline /dev/zero``
read until the memory limit (MemoryError, exit 1) or hung on a FIFO; ``--pack``/config packs
on a FIFO blocked; the config link printed ``root:SECRET-HASH…`` (the secret file's first line)
in its error; ``-o`` wrote the report through the planted link into ``outside/victim.txt``;
``title -`` read ``/dev/zero`` until MemoryError.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .helpers import no_traceback, run

MEMORY = 768 << 20
SECRET = "root:SECRET-HASH-0123456789:20228:0:99999:7:::"


@pytest.fixture
def specials(work: Path) -> Path:
    os.mkfifo(work / "fifo.yaml")
    (work / "zero.yaml").symlink_to("/dev/zero")
    return work


def _exit_2(proc, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    no_traceback(proc)
    assert "listlint: 错误：" in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.mark.parametrize("special", ["fifo.yaml", "zero.yaml"])
@pytest.mark.parametrize("how", ["--pack", "config-packs", "--baseline", "--config"])
def test_special_files_named_anywhere_are_errors_not_hangs(specials, cache, special, how):
    args = ["check", "drafts", "-f", "json"]
    if how == "config-packs":
        (specials / "listlint.yaml").write_text(f"packs: [{special}]\n", encoding="utf-8")
    else:
        args += [how, special]
    proc = run(args, cache=cache, cwd=specials, memory=MEMORY, timeout=30)
    _exit_2(proc)
    assert special in proc.stderr or "/dev/zero" in proc.stderr, proc.stderr


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the project (``work`` is the test's ``tmp_path``)."""
    target = tmp_path_factory.mktemp("outside") / "shadow"
    target.write_text(SECRET + "\nbin:*:20228:0:99999:7:::\n", encoding="utf-8")
    return target


@pytest.mark.parametrize("how", ["config-link", "config-pack"])
def test_files_outside_the_project_named_by_its_config_are_not_read(work, cache, secret, how):
    if how == "config-link":
        (work / "listlint.yaml").symlink_to(secret)
    else:
        (work / "listlint.yaml").write_text(f"packs: [{secret}]\n", encoding="utf-8")
    proc = run(["check", "drafts"], cache=cache, cwd=work, memory=MEMORY)
    _exit_2(proc)
    assert "SECRET-HASH" not in proc.stderr + proc.stdout, "the secret reached the log"


def test_a_yaml_error_in_a_config_quotes_no_excerpt(work, cache):
    (work / "listlint.yaml").write_text("select: [adlaw\nSECRET-LINE: x\n", encoding="utf-8")
    proc = run(["check", "drafts"], cache=cache, cwd=work)
    _exit_2(proc, "listlint.yaml")
    assert "SECRET-LINE" not in proc.stderr


def test_output_never_follows_a_planted_link(work, cache, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (work / "report.sarif").symlink_to(victim)
    proc = run(["check", "drafts", "-f", "sarif", "-o", "report.sarif"], cache=cache, cwd=work)
    assert proc.returncode == 1, proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n", "written through the link"
    assert not (work / "report.sarif").is_symlink()
    assert '"version": "2.1.0"' in (work / "report.sarif").read_text(encoding="utf-8")


def _dev_null_intact() -> bool:
    return stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize("stream", ["/dev/null", "/dev/stdout"])
def test_output_to_a_stream_still_works(work, cache, stream):
    proc = run(["check", "drafts", "-f", "concise", "-o", stream], cache=cache, cwd=work)
    assert proc.returncode == 1, proc.stderr
    assert _dev_null_intact() and os.path.islink("/dev/stdout")
    if stream == "/dev/stdout":
        assert "adlaw/absolute-terms" in proc.stdout


def test_write_baseline_to_a_folder_or_a_stream(work, cache):
    folder = run(["check", "drafts", "--write-baseline", "drafts"], cache=cache, cwd=work)
    _exit_2(folder, "目录")
    stream = run(["check", "drafts", "--write-baseline", "/dev/stdout"], cache=cache, cwd=work)
    assert stream.returncode == 0 and '"findings"' in stream.stdout, stream.stderr
    assert _dev_null_intact() and os.path.islink("/dev/stdout")


def test_title_reads_stdin_bounded(tmp_path, cache):
    with open("/dev/zero", "rb") as zero:
        proc = run(["title", "-"], cache=cache, cwd=tmp_path, memory=MEMORY, stdin=zero)
    _exit_2(proc, "标准输入")
