"""Resource attacks on the draft reader: alias bombs, merge-key bombs, deep nesting, huge files,
huge lines, binary files, special files.  Each is refused or bounded; the dangerous ones run in a
separate ``listlint`` process, so that a crash (libyaml's composer segfaults at ~100,000 levels of
nesting) or a memory blow-up fails the test instead of killing the test run.

Time bounds here are generous safety bounds (a hang is minutes); the measured times are in
``bench/robustness.py``."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from listlint.draft.load import Limits, load_bytes, load_draft

from .helpers import diagnostics, measure_listlint, run_listlint

MB = 1024 * 1024


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
        prev = name
    return "category: 家居\ntitle: 水杯\n" + "\n".join(lines) + "\n"


def merge_chain(levels: int) -> str:
    """Each mapping merges the previous one (``<<: *prev``): PyYAML copies all merged keys into
    every level, quadratic in time and memory (a 365 KB file took 38 s and 1.8 GB)."""
    lines = ["a0: &a0 {k0: 1}"]
    lines += [f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: 1}}" for i in range(1, levels)]
    return "category: 家居\ntitle: 水杯\n" + "\n".join(lines) + "\n"


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


# -- in-process: the loader refuses quickly ------------------------------------------------------
def test_alias_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    (doc,) = load_draft(path)
    assert time.perf_counter() - start < 2
    assert rules_of(doc.findings) == ["draft/too-large"]
    assert doc.draft is None


def test_alias_bomb_inside_a_field_is_refused(tmp_path):
    text = billion_laughs().replace("i: &i", "attributes:\n  炸弹: &i")
    (doc,) = load_bytes(text.encode(), tmp_path / "d.yaml", "d.yaml")
    assert "draft/too-large" in rules_of(doc.findings)


def test_merge_key_chain_is_refused_quickly(tmp_path):
    for levels in (500, 10_000):
        start = time.perf_counter()
        (doc,) = load_bytes(merge_chain(levels).encode(), tmp_path / "m.yaml", "m.yaml")
        assert time.perf_counter() - start < 5
        assert rules_of(doc.findings) == ["draft/too-large"]


def test_merge_keys_still_work_in_ordinary_drafts(tmp_path):
    text = (
        "base: &base {name: 白色, price: 99, stock: 5}\n"
        "category: 服装/女装/T恤\ntitle: 纯棉T恤\n"
        "skus:\n  - {<<: *base, name: 白色 M}\n  - {<<: *base, name: 白色 L, price: 109}\n"
    )
    (doc,) = load_bytes(text.encode(), tmp_path / "d.yaml", "d.yaml")
    assert doc.draft is not None
    assert [(s.name, s.price) for s in doc.draft.skus] == [("白色 M", 99), ("白色 L", 109)]
    assert rules_of(doc.findings) == ["draft/unknown-field"]  # `base` only


def test_sexagesimal_integer_cannot_stall_the_parser(tmp_path):
    """YAML 1.1 reads ``1:1:1`` as a base-60 integer with big-number arithmetic: quadratic, and
    not covered by Python's int-digits limit (200 KB took 1.9 s, 2 MB would take minutes)."""
    text = (
        "category: 家居\ntitle: 水杯\nskus:\n  - name: a\n    price: 1\n    stock: 1"
        + ":1" * 200_000
    )
    start = time.perf_counter()
    (doc,) = load_bytes(text.encode(), tmp_path / "d.yaml", "d.yaml")
    assert time.perf_counter() - start < 2
    assert rules_of(doc.findings) == ["draft/syntax"]
    assert (doc.findings[0].line, doc.findings[0].column) == (6, 12)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "title: " + "{a: " * 10_000 + "}" * 10_000,
        "- " * 10_000 + "x\n",
        "? " * 10_000 + "x\n",
        "".join(" " * i + "- \n" for i in range(0, 4_000, 2)),  # 2,000 levels: 4 MB
    ],
    ids=["flow-seq", "flow-map", "compact-block-seq", "complex-keys", "indented-block"],
)
def test_deep_nesting_is_refused_before_the_parser_runs(tmp_path, text):
    limits = Limits(max_file_bytes=200 * MB)
    for suffix in (".yaml", ".json"):
        (doc,) = load_bytes(text.encode(), tmp_path / ("d" + suffix), "d" + suffix, limits)
        assert rules_of(doc.findings) == ["draft/too-large"], suffix
        assert "嵌套" in doc.findings[0].message


def test_nesting_just_inside_the_limit_is_read(tmp_path):
    text = "category: 家居\ntitle: 水杯\nattributes: " + "[" * 400 + "]" * 400 + "\n"
    (doc,) = load_bytes(text.encode(), tmp_path / "d.yaml", "d.yaml")
    assert "draft/too-large" not in rules_of(doc.findings)
    assert "draft/schema" in rules_of(doc.findings)  # attributes must be a mapping


@pytest.mark.parametrize(
    "body",
    ["[" + "1," * 1_000_000 + "1]", "- 1\n" * 500_000, '{"k": [' + "0," * 1_000_000 + "0]}"],
    ids=["yaml-flow", "yaml-block", "json"],
)
def test_a_million_nodes_within_the_size_limit_are_refused_without_composing_them(tmp_path, body):
    """Composing a million nodes took 5.4 s and 477 MB: they are counted on the event stream
    first (libyaml's parser holds no tree)."""
    suffix = ".json" if body.startswith("{") else ".yaml"
    start = time.perf_counter()
    (doc,) = load_bytes(body.encode(), tmp_path / ("d" + suffix), "d" + suffix)
    assert time.perf_counter() - start < 5
    assert rules_of(doc.findings) == ["draft/too-large"]


# -- special files -------------------------------------------------------------------------------
def test_empty_file_and_comment_only_file(tmp_path):
    for name, content in [("empty.yaml", b""), ("comment.yaml", b"# nothing here\n# at all\n")]:
        path = tmp_path / name
        path.write_bytes(content)
        (doc,) = load_draft(path)
        assert rules_of(doc.findings) == ["draft/schema"]
        assert "为空" in doc.findings[0].message
    (tmp_path / "empty.json").write_bytes(b"  \n")
    (doc,) = load_draft(tmp_path / "empty.json")
    assert rules_of(doc.findings) == ["draft/schema"]
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    assert load_draft(tmp_path / "empty.jsonl") == []


def test_binary_garbage_with_a_yaml_name(tmp_path):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(os.urandom(64 * 1024) + b"\x00")
    (doc,) = load_draft(path)
    assert rules_of(doc.findings) == ["draft/encoding"]
    assert doc.findings[0].severity.label == "error"


def test_special_files_named_like_drafts_are_unreadable_findings(tmp_path):
    """/dev/zero has st_size 0 and never ends; a FIFO blocks on open; a directory is not a
    file.  None of them may hang the run or exhaust memory."""
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    for name in ("zero.yaml", "fifo.yaml", "folder.yaml", "loop.yaml"):
        start = time.perf_counter()
        (doc,) = load_draft(tmp_path / name)
        assert time.perf_counter() - start < 2, name
        assert rules_of(doc.findings) == ["draft/unreadable"], name


# -- the real command, in its own process ---------------------------------------------------------
def test_cli_alias_bomb_bounded_time_and_memory(tmp_path, shared_cache):
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    run = measure_listlint(["check", path, "--format", "json"], shared_cache)
    assert run["rc"] == 1, run["stderr"]
    assert [d["rule"] for d in diagnostics(run["stdout"])] == ["draft/too-large"]
    assert run["peak_mb"] < 200, run
    assert run["seconds"] < 30, run


def test_cli_folder_of_hostile_files_finishes_with_a_finding_each(tmp_path, shared_cache):
    """Everything at once, in one folder, through directory discovery and the result cache:
    deep nesting of each kind (a crash would be a negative exit status), a bomb, binary
    garbage, special files."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    files = {
        "flow100k.yaml": "[" * 100_000 + "]" * 100_000,
        "block10k.yaml": "- " * 10_000 + "x\n",
        "json10k.json": "[" * 10_000 + "]" * 10_000,
        "bomb.yaml": billion_laughs(),
        "merge.yaml": merge_chain(3000),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "garbage.yaml").write_bytes(os.urandom(4096) + b"\x00")
    (folder / "empty.yaml").write_bytes(b"")
    (folder / "comment.yaml").write_bytes(b"# only a comment\n")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.yaml")
    # --follow-links: the link to /dev/zero leads out of the folder, which is otherwise
    # draft/outside-link without being opened; here it is opened and refused as a device
    run = measure_listlint(
        ["check", folder, "--format", "json", "--follow-links"], shared_cache, cwd=tmp_path
    )
    assert run["rc"] == 1, run["stderr"]
    found: dict[str, list[str]] = {}
    for d in diagnostics(run["stdout"]):
        found.setdefault(Path(d["path"]).name, []).append(d["rule"])
    assert found == {
        "flow100k.yaml": ["draft/too-large"],
        "block10k.yaml": ["draft/too-large"],
        "json10k.json": ["draft/too-large"],
        "bomb.yaml": ["draft/too-large"],
        "merge.yaml": ["draft/too-large"],
        "garbage.yaml": ["draft/encoding"],
        "empty.yaml": ["draft/schema"],
        "comment.yaml": ["draft/schema"],
        "zero.yaml": ["draft/unreadable"],
        "fifo.yaml": ["draft/unreadable"],
    }
    assert run["peak_mb"] < 200 and run["seconds"] < 60, run


def test_cli_50_mb_file_is_refused_without_reading_it(tmp_path, shared_cache):
    path = tmp_path / "huge.yaml"
    line = "  新疆长绒棉，32支双股织造，透气不闷汗。适合通勤、居家、出游。\n".encode()
    with path.open("wb") as handle:
        handle.write("category: 服装/女装/T恤\ntitle: 纯棉T恤\ndescription: |\n".encode())
        block = line * (MB // len(line))
        for _ in range(50):
            handle.write(block)
    assert path.stat().st_size > 49 * MB
    run = measure_listlint(["check", path, "--format", "json"], shared_cache)
    assert run["rc"] == 1, run["stderr"]
    (finding,) = diagnostics(run["stdout"])
    assert finding["rule"] == "draft/too-large"
    assert "2,097,152" in finding["message"]
    assert run["peak_mb"] < 200 and run["seconds"] < 30, run


def test_cli_10_mb_single_line_is_refused_above_the_configured_limit(tmp_path, shared_cache):
    path = tmp_path / "line.yaml"
    path.write_bytes(
        "category: 服装/女装/T恤\ntitle: 纯棉T恤\ndescription: ".encode()
        + "透气不闷汗，".encode() * (10 * MB // 18)
        + b"\n"
    )
    run = measure_listlint(["check", path, "--format", "json"], shared_cache)
    assert [d["rule"] for d in diagnostics(run["stdout"])] == ["draft/too-large"]
    assert run["peak_mb"] < 200 and run["seconds"] < 30, run
    # the limit is configurable (`max-file-bytes`); a lower one refuses smaller files too
    (tmp_path / "listlint.yaml").write_text("max-file-bytes: 1000\n", encoding="utf-8")
    small = tmp_path / "small.yaml"
    small.write_text("category: 家居\ntitle: 水杯\ndescription: " + "好" * 1000 + "\n")
    run = run_listlint(["check", small, "--format", "json"], shared_cache)
    (finding,) = diagnostics(run.stdout)
    assert finding["rule"] == "draft/too-large" and "1,000" in finding["message"]


def test_cli_1_mb_single_line_description_within_the_limit_is_checked_in_bounded_time(
    tmp_path, shared_cache
):
    """Every rule is linear in the length of a field (terms.py was quadratic: a 1 MB
    description took 69 s)."""
    path = tmp_path / "line.yaml"
    words = "新疆长绒棉透气不闷汗适合通勤居家出游采用最好工艺，国家级品质舒适柔软。"
    path.write_text(
        "category: 服装/女装/T恤\ntitle: 纯棉T恤\ndescription: "
        + words * (MB // 3 // len(words))
        + "\n",
        encoding="utf-8",
    )
    try:
        run = run_listlint(["check", path, "--format", "json"], shared_cache, timeout=30)
    except Exception as exc:  # subprocess.TimeoutExpired: the bound is the assertion
        raise AssertionError(f"not finished within 30 s: {exc}") from None
    assert run.returncode == 1
    assert any(d["rule"].startswith("adlaw/") for d in diagnostics(run.stdout))


def test_category_with_thousands_of_segments_is_checked_in_bounded_time(tmp_path, shared_cache):
    path = tmp_path / "d.yaml"
    path.write_text("category: " + "/".join(["面霜"] * 5000) + "\ntitle: 面霜\n", encoding="utf-8")
    try:
        run = run_listlint(["check", path, "--format", "json"], shared_cache, timeout=8)
    except Exception as exc:  # subprocess.TimeoutExpired
        raise AssertionError(f"not finished within 8 s: {exc}") from None
    assert run.returncode in (0, 1)


WIDE_FIELDS = {
    "title-terms": lambda n: {"title": "最好" * n},
    "title-terms-sep": lambda n: {"title": "最好，" * n},
    "title-cjk": lambda n: {"title": "国家级" * n},
    "title-traditional": lambda n: {"title": "國家級" * n},
    "title-ascii": lambda n: {"title": "NO.1 " * n},
    "title-evasion": lambda n: {"title": "最 好 " * n},
    "desc-lines": lambda n: {"description": "最好\n" * n},
    "desc-terms": lambda n: {"description": "最好" * n},
    "desc-digits": lambda n: {"description": "100%" * n},
    "sku-name": lambda n: {"skus": [{"name": "最好" * n, "price": 1}]},
    "alt": lambda n: {"images": [{"path": "https://x/a.jpg", "role": "main", "alt": "最好" * n}]},
    "subtitle-promo": lambda n: {"subtitle": "满200减30" * n},
    "attr-value": lambda n: {"attributes": {"材质": "最好" * n}},
    "selling-points": lambda n: {"selling_points": ["最好"] * (n // 10)},
}


def wide_draft(folder: Path, name: str, fields: dict) -> Path:
    import yaml

    data = {"category": "食品/休闲零食/坚果", "title": "坚果", **fields}
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")
    return path


def test_one_huge_field_of_hostile_text_is_checked_in_bounded_time(tmp_path, shared_cache):
    """Every rule must be about linear in the length of a field: 30-60 KB of one repeated
    pattern per field (ten thousand candidate matches), every field kind."""
    folder = tmp_path / "wide"
    folder.mkdir()
    for name, make in WIDE_FIELDS.items():
        wide_draft(folder, name, make(10_000))
    run = measure_listlint(["check", folder, "--format", "json"], shared_cache, timeout=120)
    assert run["rc"] == 1, run["stderr"][-800:]
    assert {Path(d["path"]).stem for d in diagnostics(run["stdout"])} == set(WIDE_FIELDS)
    assert "draft/internal-error" not in {d["rule"] for d in diagnostics(run["stdout"])}
    assert run["seconds"] < 60, run


@pytest.mark.parametrize(
    "fields",
    [{"brand": "最", "title": "最好" * 50_000}, {"title": "100%" * 50_000}],
    ids=["brand-in-title", "title-percent"],
)
def test_title_structure_is_linear_in_the_title_length(tmp_path, shared_cache, fields):
    path = wide_draft(tmp_path, "d", fields)
    try:
        run = run_listlint(["check", path, "--format", "json"], shared_cache, timeout=8)
    except Exception as exc:  # subprocess.TimeoutExpired
        raise AssertionError(f"not finished within 8 s: {exc}") from None
    assert run.returncode == 1
