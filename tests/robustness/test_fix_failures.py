"""--fix failure modes: the original file is intact whatever goes wrong, fixes never touch text
outside their spans, and encodings, BOMs and line endings survive.  (The happy path is in
tests/test_fix.py.)

Independent of the built-in packs: a small pack of our own with a ``terms`` rule, ``fix: delete``.

How failures are produced, for real:

* disk full midway: the fixing process runs with ``RLIMIT_FSIZE`` (SIGXFSZ ignored), so writing
  the temporary file fails with EFBIG after a few bytes, as on a full disk; where the test can
  mount a 64 KiB tmpfs, also a genuinely full file system (ENOSPC);
* a read-only folder: a read-only bind mount where mounting is possible (tests run as root, and
  root ignores permission bits, so ``chmod`` proves nothing);
* the folder vanishes between check and write (replaced by a regular file: ENOTDIR), and the
  file changes between read and write: another writer acts while listlint is checking (an engine
  whose ``check_doc`` does the writing, the moment a concurrent editor would)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from listlint.api import build_resources
from listlint.config import Config
from listlint.draft.load import load_bytes
from listlint.engine.run import Checker
from listlint.fix import FixError, fix_file

from .helpers import FUZZ, listlint_env

PACK = """pack: fixer
version: "1.0"
description: robustness tests of --fix
rules:
  - id: fixer/banned
    kind: terms
    severity: error
    title: banned words
    message: 删除“{match}”
    reference: test
    boundary: none
    fix: {action: delete}
    terms: [最好]
"""
TERM = "最好"


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "fixer.yaml"
    path.write_text(PACK, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine(pack_file) -> Checker:
    return Checker(
        build_resources(Config(builtin_packs=False, packs=[str(pack_file)], cache=False))
    )


def fix(engine: Checker, path: Path, write: bool = True):
    return fix_file(engine, path, path.name, write=write)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".listlint-tmp")]


def _forms(ch: str) -> list[str]:
    code = f"{ord(ch):04x}"
    return [ch, "\\u" + code, "\\u" + code.upper()]


# TERM as it may stand in a file: raw, or with JSON \\u escapes
TERM_FORMS = sorted({a + b for a in _forms(TERM[0]) for b in _forms(TERM[1])})


def only_term_deletions(old: str, new: str) -> bool:
    """`new` is `old` with some whole occurrences of TERM (in any written form) deleted, and
    nothing else changed."""
    states = {(0, 0)}
    seen = set(states)
    while states:
        following = set()
        for i, j in states:
            if i == len(old) and j == len(new):
                return True
            if i < len(old) and j < len(new) and old[i] == new[j]:
                following.add((i + 1, j + 1))
            for form in TERM_FORMS:
                if old.startswith(form, i):
                    following.add((i + len(form), j))
        states = following - seen
        seen |= states
    return False


# -- property: a fix deletes exactly its term, or nothing ---------------------------------------
FILLER = st.text(
    alphabet=st.sampled_from(
        [
            *"纯棉短袖T恤女宽松百搭abcXYZ0123 ，。！:#'\"-\\{}[]&*",
            *["\t", "\u200b", "\u200f", "\U0001f600", "\U00020000", "é", "ｅ", "\u3000"],
        ]
    ),
    max_size=12,
)


@st.composite
def texts_with_terms(draw) -> str:
    parts = draw(st.lists(FILLER, min_size=1, max_size=5))
    return TERM.join(parts) if len(parts) > 1 else TERM + parts[0]


@st.composite
def drafts_to_fix(draw):
    data = {"category": "家居/水杯", "title": draw(texts_with_terms())}
    if draw(st.booleans()):
        data["description"] = draw(texts_with_terms()) + "\n" + draw(texts_with_terms()) + "\n"
    if draw(st.booleans()):
        data["selling_points"] = [draw(texts_with_terms()), draw(FILLER)]
    if draw(st.booleans()):
        data["skus"] = [{"name": draw(texts_with_terms()), "price": 99}]
    if draw(st.booleans()):
        data["attributes"] = {"材质": draw(texts_with_terms())}
    return data


def render(data, how: str) -> tuple[str, str]:
    import yaml

    if how == "json":
        return json.dumps(data, ensure_ascii=False, indent=2), ".json"
    if how == "json-ascii":
        return json.dumps(data, ensure_ascii=True), ".json"
    style = {"plain": None, "single": "'", "double": '"', "literal": "|", "folded": ">"}[how]
    return yaml.safe_dump(data, allow_unicode=True, default_style=style, sort_keys=False), ".yaml"


@FUZZ
@given(
    data=drafts_to_fix(),
    how=st.sampled_from(["plain", "single", "double", "literal", "folded", "json", "json-ascii"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_fix_deletes_exactly_its_terms_or_nothing(
    engine, tmp_path_factory, data, how, newline, encoding
):
    text, suffix = render(data, how)
    if newline != "\n":
        text = text.replace("\n", newline)
    folder = tmp_path_factory.mktemp("fix", numbered=True)
    path = folder / ("draft" + suffix)
    raw = text.encode(encoding)
    path.write_bytes(raw)
    (before,) = load_bytes(raw, path, path.name)
    try:
        result = fix(engine, path)
    except FixError:
        result = None
    after_raw = path.read_bytes()
    assert not leftovers(folder)
    if result is None:
        assert after_raw == raw
        return
    # same encoding and BOM; only whole terms deleted; the rest byte for byte
    if encoding == "utf-8-sig":
        assert after_raw.startswith(b"\xef\xbb\xbf")
    else:
        assert not after_raw.startswith(b"\xef\xbb\xbf")
    after = after_raw.decode(encoding)
    assert only_term_deletions(text, after), (text, after)
    assert after.count("\r\n") == text.count("\r\n") and after.count("\r") == text.count("\r")
    (again,) = load_bytes(after_raw, path, path.name)
    assert again.draft is not None and before.draft is not None
    old = dict((p, t) for p, _, t in before.draft.text_fields())
    new = dict((p, t) for p, _, t in again.draft.text_fields())
    assert old.keys() == new.keys()
    for key, value in old.items():
        assert new[key] in (value, value.replace(TERM, "")), (key, value, new[key])
    assert again.draft.category == before.draft.category
    assert [s.price for s in again.draft.skus] == [s.price for s in before.draft.skus]


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("category: 家居\ntitle: 杯子最好的选择\n", ".yaml", "category: 家居\ntitle: 杯子的选择\n"),
        (
            "category: 家居\r\ntitle: 杯子最好\r\ndescription: |\r\n  第一行\r\n  最好的杯\r\n",
            ".yaml",
            "category: 家居\r\ntitle: 杯子\r\ndescription: |\r\n  第一行\r\n  的杯\r\n",
        ),
        (  # old Mac line endings: CR only
            "category: 家居\rtitle: 杯子\rdescription: |\r  第一行\r  最好的杯\r",
            ".yaml",
            "category: 家居\rtitle: 杯子\rdescription: |\r  第一行\r  的杯\r",
        ),
        (
            '{"category": "\\u5bb6\\u5c45", "title": "\\u676f\\u6700\\u597d\\u7684"}',
            ".json",
            '{"category": "\\u5bb6\\u5c45", "title": "\\u676f\\u7684"}',
        ),
        (
            '{"category": "x", "title": "杯😀\\ud83d\\ude00最好"}',
            ".json",
            '{"category": "x", "title": "杯😀\\ud83d\\ude00"}',
        ),
        (  # duplicate key: the data holds the last one; the first stays as it is
            "category: 家居\ntitle: 最好的第一个\ntitle: 最好的第二个\n",
            ".yaml",
            "category: 家居\ntitle: 最好的第一个\ntitle: 的第二个\n",
        ),
        (  # a merged title: never the whole document
            "base: &b {title: 最好的杯}\n<<: *b\ncategory: 家居\n",
            ".yaml",
            "base: &b {title: 的杯}\n<<: *b\ncategory: 家居\n",
        ),
    ],
    ids=["plain", "crlf-block", "cr-only", "json-escapes", "json-astral", "duplicate", "merge"],
)
def test_fix_edits_exactly_the_span(engine, tmp_path, text, suffix, expected):
    path = tmp_path / ("d" + suffix)
    path.write_bytes(text.encode("utf-8"))
    result = fix(engine, path)
    assert result is not None
    assert path.read_bytes().decode("utf-8") == expected


@pytest.mark.parametrize(
    "text",
    [
        'category: 家居\ntitle: "杯\\t最好"\n',  # a YAML escape: the map is not exact
        "category: 家居\ntitle: 最好123\n",  # deleting would turn the title into a number
        "category: 家居\ntitle: 最好\n",  # deleting would leave `title:`, a null
        "category: 家居\ntitle: 最好'杯'\n",  # deleting would start a quoted scalar
    ],
    ids=["yaml-escape", "type-change", "null", "quote"],
)
def test_unsafe_fixes_are_not_applied(engine, tmp_path, text):
    path = tmp_path / "d.yaml"
    path.write_bytes(text.encode())
    with contextlib.suppress(FixError):
        assert fix(engine, path) is None
    assert path.read_bytes() == text.encode()
    assert not leftovers(tmp_path)


def test_gb18030_bom_and_crlf_are_preserved(engine, tmp_path):
    text = "category: 家居\r\ntitle: 杯子最好的选择\r\ndescription: 满200减30\r\n"
    for name, encoding, bom in [
        ("gbk.yaml", "gb18030", b""),
        ("bom.yaml", "utf-8", b"\xef\xbb\xbf"),
    ]:
        path = tmp_path / name
        path.write_bytes(bom + text.encode(encoding))
        assert fix(engine, path) is not None
        assert path.read_bytes() == bom + text.replace(TERM, "").encode(encoding)


# -- failures while writing ----------------------------------------------------------------------
FIX_IN_CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv.pop(1)),) * 2)
    from listlint.cli import main
    main()
    """
)


def test_disk_full_midway_leaves_the_original_intact(tmp_path, pack_file):
    """The temporary file can take 64 bytes, then writing fails (EFBIG, as ENOSPC on a full
    disk): the original is untouched, the temporary file is gone, the run goes on."""
    draft = tmp_path / "d.yaml"
    text = "category: 家居/水杯\ntitle: 杯子最好的选择\ndescription: |\n" + "  很好的杯子。\n" * 50
    draft.write_text(text, encoding="utf-8")
    before = draft.read_bytes()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            FIX_IN_CHILD,
            "64",
            "check",
            "--fix",
            "--pack",
            pack_file,
            "--select",
            "fixer",
            "--format",
            "json",
            draft,
        ],
        capture_output=True,
        text=True,
        env=listlint_env(tmp_path / "cache"),
        cwd=tmp_path,
        timeout=120,
    )
    assert draft.read_bytes() == before
    assert not leftovers(tmp_path)
    assert "未能修复" in proc.stderr, proc.stderr
    assert proc.returncode == 1  # the findings are still reported
    assert json.loads(proc.stdout)["diagnostics"][0]["rule"] == "fixer/banned"


@contextlib.contextmanager
def mounted(target: Path, *args: str):
    target.mkdir(exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def test_genuinely_full_file_system(tmp_path, engine):
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=64k", "tmpfs") as small:
        draft = small / "d.yaml"
        draft.write_text("category: 家居\ntitle: 杯子最好的选择\n", encoding="utf-8")
        before = draft.read_bytes()
        with contextlib.suppress(OSError), open(small / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
        with pytest.raises(OSError):
            fix(engine, draft)
        assert draft.read_bytes() == before
        assert not leftovers(small)


def test_read_only_folder(tmp_path, engine):
    source = tmp_path / "src"
    source.mkdir()
    draft = source / "d.yaml"
    draft.write_text("category: 家居\ntitle: 杯子最好的选择\n", encoding="utf-8")
    before = draft.read_bytes()
    with mounted(tmp_path / "ro", "--bind", "-o", "ro", str(source)) as ro:
        with pytest.raises(OSError):
            fix(engine, ro / "d.yaml")
        assert (ro / "d.yaml").read_bytes() == before
    assert draft.read_bytes() == before and not leftovers(source)


class Meddler(Checker):
    """A checker that lets something happen to the file system while it checks a draft."""

    action = None

    def check_doc(self, doc, rules=None, **kw):
        found = super().check_doc(doc, rules, **kw)
        if type(self).action is not None:
            type(self).action(doc.file)
        return found


@pytest.fixture
def meddler(pack_file):
    engine = Meddler(
        build_resources(Config(builtin_packs=False, packs=[str(pack_file)], cache=False))
    )
    yield engine
    Meddler.action = None


def test_file_changed_between_read_and_write_is_not_overwritten(tmp_path, meddler):
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: 杯子最好的选择\n", encoding="utf-8")
    edited = "category: 家居\ntitle: 用户刚改好的标题最好\n".encode()
    Meddler.action = lambda file: file.write_bytes(edited)
    with pytest.raises(FixError, match="changed"):
        fix(meddler, draft)
    assert draft.read_bytes() == edited  # the other writer's bytes, untouched
    assert not leftovers(tmp_path)


def test_folder_replaced_by_a_file_between_check_and_write(tmp_path, meddler):
    folder = tmp_path / "drafts"
    folder.mkdir()
    draft = folder / "d.yaml"
    original = "category: 家居\ntitle: 杯子最好的选择\n".encode()
    draft.write_bytes(original)
    moved = tmp_path / "moved-" / uuid.uuid4().hex
    moved.parent.mkdir()

    def swap(file: Path) -> None:
        folder.rename(moved)
        folder.write_bytes(b"not a folder any more")

    Meddler.action = swap
    with pytest.raises(OSError):
        fix(meddler, draft)
    assert (moved / "d.yaml").read_bytes() == original
    assert not leftovers(moved)


def test_file_replaced_by_a_symlink_or_given_as_one_is_not_fixed(tmp_path, engine):
    real = tmp_path / "real.yaml"
    real.write_text("category: 家居\ntitle: 杯子最好的选择\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(FixError, match="symbolic link"):
        fix(engine, link)
    assert link.is_symlink() and "最好" in real.read_text(encoding="utf-8")


def test_cli_fix_never_writes_without_fix(tmp_path, pack_file):
    """Without --fix (and with --diff) nothing is written, not even a temporary file."""
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: 杯子最好的选择\n", encoding="utf-8")
    before = draft.stat()
    for extra in ([], ["--diff"]):
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "from listlint.cli import main; main()",
                "check",
                "--pack",
                str(pack_file),
                "--select",
                "fixer",
                *extra,
                str(draft),
            ],
            capture_output=True,
            text=True,
            env=listlint_env(tmp_path / "cache"),
            cwd=tmp_path,
            timeout=120,
        )
        assert proc.returncode == 1
        after = draft.stat()
        assert (after.st_mtime_ns, after.st_ino, after.st_size) == (
            before.st_mtime_ns,
            before.st_ino,
            before.st_size,
        )
    assert not leftovers(tmp_path)
