"""Item 4: a draft file that is a symbolic link leading out of the checked folder is not read.

A contributor commits ``drafts/leak.yaml -> ../../secret.yaml`` (or ``-> /etc/passwd``,
``-> ~/.ssh/id_rsa``).  Without ``--follow-links`` (or ``follow-links: true`` in the config) the
link is reported (``draft/outside-link``) and its target is never opened: no report, in any
format, holds a byte of it.  "Out of the folder" is out of the folder named on the command
line, or for a file named on the command line, out of its own folder.  The tree view shows
draft text only from the bytes the check read (``Report.sources``), never by reading a file
again.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the landed code read the
link's target, checked it as a draft and printed its line (``title: 最好 SECRET-TOKEN-42``)
under the link's name in the tree view; it had no ``--follow-links``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import COUNT_OPENS, diagnostics, opened, python, run

SECRET = "SECRET-TOKEN-42"
TARGET = f"category: 家居/水杯\ntitle: 最好 {SECRET}\n"


@pytest.fixture
def leaky(work: Path) -> Path:
    secret = work / "secret" / "credentials.yaml"
    secret.parent.mkdir()
    secret.write_text(TARGET, encoding="utf-8")
    (work / "drafts" / "leak.yaml").symlink_to("../secret/credentials.yaml")
    (work / "drafts" / "same.yaml").symlink_to("ok.yaml")  # a link that stays inside
    return work


@pytest.mark.parametrize("fmt", ["tree", "json", "concise", "github", "junit", "sarif"])
@pytest.mark.parametrize("named", ["folder", "file"])
def test_a_link_out_of_the_folder_is_reported_and_never_read(leaky, cache, fmt, named):
    target = "drafts" if named == "folder" else "drafts/leak.yaml"
    proc = run(["check", target, "-f", fmt, "--no-color"], cache=cache, cwd=leaky)
    assert proc.returncode == 1, proc.stderr
    assert SECRET not in proc.stdout and SECRET not in proc.stderr, "bytes of the target shown"
    assert "draft/outside-link" in proc.stdout
    if fmt == "json":
        found = {(d["path"], d["rule"]) for d in diagnostics(proc.stdout)}
        leak = [rule for path, rule in found if path.endswith("leak.yaml")]
        assert leak == ["draft/outside-link"], found
        if named == "folder":  # the link that stays inside is read like any draft
            assert ("drafts/same.yaml", "adlaw/absolute-terms") in found


def test_follow_links_reads_the_target(leaky, cache):
    proc = run(["check", "drafts", "-f", "json", "--follow-links"], cache=cache, cwd=leaky)
    rules = {d["rule"] for d in diagnostics(proc.stdout) if d["path"].endswith("leak.yaml")}
    assert "adlaw/absolute-terms" in rules and "draft/outside-link" not in rules
    (leaky / "listlint.yaml").write_text("follow-links: true\n", encoding="utf-8")
    again = run(["check", "drafts", "-f", "json"], cache=cache, cwd=leaky)
    assert diagnostics(again.stdout) == diagnostics(proc.stdout)


# the command under an audit hook that counts how often each file under drafts/ is opened
@pytest.mark.parametrize("follow", [False, True])
@pytest.mark.parametrize("cached", [False, True])
def test_the_tree_shows_only_the_bytes_the_check_read(leaky, cache, cached, follow):
    """Every draft is opened once, and the tree shows its text from those bytes (the tree used
    to open every file again to print its snippets: a FIFO hung it, a file swapped meanwhile
    put other bytes in the report).  Without --follow-links the link's target is not opened
    at all; with it, the target is the draft and its text is shown."""
    args = ["check", "drafts", "--no-color", *(["--follow-links"] if follow else [])]
    if not cached:
        args.append("--no-cache")
    for _ in range(2 if cached else 1):
        proc = python(COUNT_OPENS, *args, cwd=leaky, cache=cache)
    assert proc.returncode == 1, proc.stderr
    counts = opened(leaky)
    assert counts and set(counts.values()) == {1}, counts
    assert ("drafts/leak.yaml" in counts) == follow, counts
    assert (f"title: 最好 {SECRET}" in proc.stdout) == follow
