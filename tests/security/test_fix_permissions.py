"""Item 3: ``--fix`` rewrites only files the user may write, and keeps owner, group and mode.

The rule (``listlint.fix.writable``): a file is writable when its mode bits say so for the
user, as ``os.access`` decides for an ordinary user (owner bits if the user owns it, else group
bits if the user is in its group, else the others'); for root, which passes every access check,
a file nobody may write (``st_mode & 0o222 == 0``) is read-only.  A read-only file is reported
on stderr in Chinese and left alone.  The new file gets the original's owner, group and mode;
when the group (or owner) cannot be kept, the fix is refused rather than the group changed.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): the landed code rewrote a
0444 file (the test runs as root), and when ``chown`` failed it suppressed the error and
replaced the file by one of the fixer's group (here root's).
"""

from __future__ import annotations

import os
import stat

from .helpers import python, run

DRAFT = "category: 服饰配件/围巾\ntitle: '顶级羊绒围巾 加厚 ins风'\n"
FIXED = "category: 服饰配件/围巾\ntitle: '羊绒围巾 加厚 ins风'\n"
NOBODY = 65534
OTHER_GROUP = 54321


def test_a_read_only_file_is_reported_not_rewritten(tmp_path, cache):
    draft = tmp_path / "scarf.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    os.chmod(draft, 0o444)
    inode = draft.stat().st_ino
    proc = run(["check", "--fix", draft], cache=cache, cwd=tmp_path)
    assert draft.read_text(encoding="utf-8") == DRAFT, "a read-only file was rewritten"
    assert draft.stat().st_ino == inode and stat.S_IMODE(draft.stat().st_mode) == 0o444
    assert "只读" in proc.stderr, proc.stderr
    assert proc.returncode == 1  # the findings stand


def test_owner_group_and_mode_of_a_fixed_file_are_kept(tmp_path, cache):
    draft = tmp_path / "scarf.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    os.chown(draft, NOBODY, OTHER_GROUP)
    os.chmod(draft, 0o640)
    run(["check", "--fix", draft], cache=cache, cwd=tmp_path)
    assert draft.read_text(encoding="utf-8") == FIXED
    info = draft.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, OTHER_GROUP, 0o640)


# the command with chown failing as it does for a user who is not in the file's group
CHOWN_FAILS = """
import errno, os, sys
def refuse(*args, **kwargs):
    raise PermissionError(errno.EPERM, "Operation not permitted")
os.chown = os.fchown = os.lchown = refuse
sys.argv[0] = "listlint"
from listlint.cli import main
main()
"""


def test_a_fix_that_cannot_keep_the_group_is_refused(tmp_path, cache):
    """The file's group is one the new file cannot be given (``chown`` fails, as for a user
    who is not a member of it; simulated, the tests run as root and root may chown): nothing
    is written, the file keeps its group and content, and no temporary file is left."""
    draft = tmp_path / "scarf.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    os.chown(draft, os.getuid(), OTHER_GROUP)
    os.chmod(draft, 0o664)
    proc = python(CHOWN_FAILS, "check", "--fix", draft, cwd=tmp_path, cache=cache)
    info = draft.stat()
    assert info.st_gid == OTHER_GROUP, "the fix changed the file's group"
    assert draft.read_text(encoding="utf-8") == DRAFT, proc.stderr
    assert "属组" in proc.stderr, proc.stderr
    assert not list(tmp_path.glob(".*listlint-tmp")), "a temporary file was left behind"
