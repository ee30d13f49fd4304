"""Hostile rule packs: catastrophic regexes cannot hang a run, a very large pack loads and runs,
a malformed pack exits 2 with ``file:line`` (never a traceback, never a crash)."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import pytest

from .helpers import diagnostics, measure_listlint, run_listlint

HEAD = """pack: {name}
version: "1.0"
description: hostile pack
rules:
"""


def pack(tmp: Path, name: str, rules: str) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(HEAD.format(name=name) + textwrap.dedent(rules), encoding="utf-8")
    return path


def drafts(folder: Path, count: int, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"d{i}.yaml").write_text(
            f"category: 家居/水杯\ntitle: {title}\nsubtitle: {title}\n"
            f"description: |\n  {title}\n  {title}\n",
            encoding="utf-8",
        )
    return folder


REDOS = """\
  - id: evil/{id}
    kind: pattern
    severity: error
    title: catastrophic
    message: bad
    reference: none
    "on": {on}
    regex: '{regex}'
"""


@pytest.mark.parametrize("on", ["normalized", "original"])
def test_catastrophic_regex_cannot_hang_a_run(tmp_path, shared_cache, on):
    """Two catastrophic patterns on 'aaaa…!' titles, 10 drafts × 4 fields.  The `regex`
    module defuses (a+)+$ by itself (no backtracking blow-up: it simply does not match), but
    (a|aa)+$ backtracks Fibonacci(n) times: the per-match timeout (0.1 s) ends each search and
    the run reports a warning per field, in bounded time."""
    rules = REDOS.format(id="nested", regex="(a+)+$", on=on) + REDOS.format(
        id="alternation", regex="(a|aa)+$", on=on
    )
    evil = pack(tmp_path, "evil", rules)
    folder = drafts(tmp_path / "drafts", 10, "a" * 40 + "!")
    run = measure_listlint(
        ["check", folder, "--pack", evil, "--select", "evil", "--format", "json"],
        shared_cache,
        timeout=120,
    )
    assert run["rc"] in (0, 1), run["stderr"]
    found = diagnostics(run["stdout"])
    assert {d["rule"] for d in found} == {"evil/alternation"}, "the timeout must be reported"
    assert {d["severity"] for d in found} == {"warning"}
    assert all("超时" in d["message"] for d in found)
    assert run["seconds"] < 60, run


TERMS_REDOS = """\
  - id: evil/{id}
    kind: terms
    severity: error
    title: catastrophic helper regex
    message: bad
    reference: none
    boundary: none
    terms: [aaaa]
    {key}: {value}
"""


@pytest.mark.parametrize(
    ("key", "value"),
    [("exception_patterns", '["(a|aa)+$"]'), ("qualified_by", '"(a|aa)+$"')],
)
def test_catastrophic_helper_regex_in_a_terms_rule(tmp_path, shared_cache, key, value):
    """Exception patterns and `qualified_by` run with the same timeout: no crashed rule."""
    evil = pack(tmp_path, "evil", TERMS_REDOS.format(id="t", key=key, value=value))
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: " + "a" * 30 + "!\n", encoding="utf-8")
    run = measure_listlint(
        ["check", draft, "--pack", evil, "--select", "evil", "--format", "json"],
        shared_cache,
        timeout=120,
    )
    rules = [d["rule"] for d in diagnostics(run["stdout"])]
    assert "draft/internal-error" not in rules
    assert run["seconds"] < 60


def test_catastrophic_exception_pattern_costs_one_timeout_per_field(tmp_path, shared_cache):
    evil = pack(
        tmp_path, "evil", TERMS_REDOS.format(id="t", key="exception_patterns", value='["(a|aa)+$"]')
    )
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: " + ("a" * 30 + "!") * 100 + "\n", encoding="utf-8")
    try:
        run = run_listlint(["check", draft, "--pack", evil], shared_cache, timeout=8)
    except Exception as exc:
        raise AssertionError(f"not finished in 8 s: {exc}") from None
    assert run.returncode in (0, 1)


WHEN_REDOS = """\
  - id: evil/when
    kind: required
    severity: error
    title: catastrophic condition
    message: bad
    reference: none
    when: {{{key}: '(a|aa)+$'}}
    require: {{fields: [brand]}}
"""


@pytest.mark.parametrize("key", ["text", "attribute_text"])
def test_catastrophic_regex_in_a_condition(tmp_path, shared_cache, key):
    evil = pack(tmp_path, "evil", WHEN_REDOS.format(key=key))
    draft = tmp_path / "d.yaml"
    draft.write_text(
        "category: 家居\ntitle: " + "a" * 40 + "!\nattributes: {材质: " + "a" * 40 + "!}\n",
        encoding="utf-8",
    )
    run = run_listlint(["check", draft, "--pack", evil, "--format", "json"], shared_cache)
    rules = [d["rule"] for d in diagnostics(run.stdout)]
    assert "draft/internal-error" not in rules, rules


def test_category_glob_with_many_double_stars_cannot_hang_a_run(tmp_path, shared_cache):
    evil = pack(
        tmp_path,
        "evil",
        """\
  - id: evil/glob
    kind: terms
    severity: error
    title: glob
    message: bad
    reference: none
    terms: [水杯]
    scope: {categories: ["**/**/**/**/**/**/**/**/b"]}
""",
    )
    draft = tmp_path / "d.yaml"
    draft.write_text("category: " + "/".join(["a"] * 60) + "\ntitle: 水杯\n", encoding="utf-8")
    try:
        run = run_listlint(["check", draft, "--pack", evil], shared_cache, timeout=8)
    except Exception as exc:
        raise AssertionError(f"not finished in 8 s: {exc}") from None
    assert run.returncode in (0, 1)


def test_a_pack_with_100k_terms_loads_and_runs(tmp_path, shared_cache):
    """Generated: 100,000 distinct Chinese terms in one terms rule.  Times are measured by
    bench/robustness.py; here only a generous safety bound."""
    rng = random.Random(7)
    terms: set[str] = set()
    while len(terms) < 100_000:
        terms.add("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5))))
    ordered = sorted(terms)
    body = "".join(f"      - {t}\n" for t in ordered)
    big = pack(
        tmp_path,
        "big",
        "  - id: big/terms\n    kind: terms\n    severity: warning\n    title: t\n"
        "    message: 命中 {match}\n    reference: generated\n    boundary: none\n"
        "    terms:\n" + body,
    )
    folder = drafts(tmp_path / "drafts", 5, f"北欧简约{ordered[12345]}陶瓷马克杯")
    run = measure_listlint(
        ["check", folder, "--pack", big, "--select", "big", "--format", "json"],
        tmp_path / "cache",
        timeout=300,
    )
    assert run["rc"] == 0, run["stderr"]
    found = diagnostics(run["stdout"])
    assert {d["match"] for d in found} == {ordered[12345]}
    assert len(found) == 5 * 4  # title, subtitle and two description lines, in 5 drafts
    assert run["seconds"] < 120, run


MALFORMED = {
    "syntax": ("pack: bad\nversion: '1'\ndescription: x\nrules:\n  - id: bad/x\n    kind: [\n", 7),
    "unknown-kind": (
        "pack: bad\nversion: '1'\ndescription: x\nrules:\n  - id: bad/x\n    kind: exist\n"
        "    severity: error\n    title: t\n    message: m\n    reference: r\n",
        6,
    ),
    "bad-regex": (
        "pack: bad\nversion: '1'\ndescription: x\nrules:\n  - id: bad/x\n    kind: pattern\n"
        "    severity: error\n    title: t\n    message: m\n    reference: r\n    regex: '(a'\n",
        5,
    ),
    "not-a-mapping": ("- just\n- a list\n", 1),
    "python-tag": (
        "pack: bad\nversion: '1'\ndescription: !!python/object/apply:os.system ['true']\n"
        "rules: []\n",
        3,
    ),
    "alias-bomb": (
        "pack: bad\nversion: '1'\ndescription: x\nrules: []\nx:\n"
        '  a: &a ["l","l","l","l","l","l","l","l","l"]\n'
        + "".join(
            f"  {c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        0,
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_pack_exits_2_with_file_and_line(tmp_path, shared_cache, case):
    text, line = MALFORMED[case]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: 水杯\n", encoding="utf-8")
    run = run_listlint(["check", draft, "--pack", bad], shared_cache, timeout=60)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    # a problem with the whole file names the file alone ("bad.yaml: reason"), never ":0:"
    where = f"{bad}:{line}:" if line else f"{bad}: "
    assert where in run.stderr, run.stderr
    reason = run.stderr.split(where, 1)[1].strip()
    assert reason and reason[-1] != "：", run.stderr  # the reason is said, not left empty


def test_binary_and_non_utf8_packs_exit_2(tmp_path, shared_cache):
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: 水杯\n", encoding="utf-8")
    for name, raw in [("bin.yaml", bytes(range(256))), ("gbk.yaml", "pack: 坏\n".encode("gbk"))]:
        (tmp_path / name).write_bytes(raw)
        run = run_listlint(["check", draft, "--pack", tmp_path / name], shared_cache)
        assert run.returncode == 2 and str(tmp_path / name) in run.stderr
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize("case", ["deep", "merge-chain"])
def test_pack_resource_attacks_exit_2_quickly(tmp_path, shared_cache, case):
    head = "pack: bad\nversion: '1'\ndescription: x\nrules: []\n"
    if case == "deep":
        text = head + "x: " + "[" * 200_000 + "]" * 200_000 + "\n"
    else:
        text = (
            head
            + "x:\n  a0: &a0 {k0: 1}\n"
            + "".join(f"  a{i}: &a{i} {{<<: *a{i - 1}, k{i}: 1}}\n" for i in range(1, 20_000))
        )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: 水杯\n", encoding="utf-8")
    try:
        run = run_listlint(["check", draft, "--pack", bad], shared_cache, timeout=8)
    except Exception as exc:
        raise AssertionError(f"not finished in 8 s: {exc}") from None
    assert run.returncode == 2, (run.returncode, run.stderr[-500:])
    assert f"{bad}:" in run.stderr


@pytest.mark.parametrize("case", ["deep", "alias-bomb"])
def test_hostile_config_file_exits_2_quickly(tmp_path, shared_cache, case):
    if case == "deep":
        text = "select: " + "[" * 5000 + "]" * 5000 + "\n"
    else:
        text = "profiles:\n  taobao:\n    x: &a [l,l,l,l,l,l,l,l,l]\n" + "".join(
            f"    {c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
            for p, c in zip("abcdefg", "bcdefgh", strict=True)
        )
    (tmp_path / "listlint.yaml").write_text(text, encoding="utf-8")
    draft = tmp_path / "d.yaml"
    draft.write_text("category: 家居\ntitle: 水杯\n", encoding="utf-8")
    try:
        run = run_listlint(["check", draft], shared_cache, timeout=8, cwd=tmp_path)
    except Exception as exc:
        raise AssertionError(f"not finished in 8 s: {exc}") from None
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr[-500:]
    assert "listlint.yaml" in run.stderr


def test_result_of_a_catastrophic_run_is_valid_json(tmp_path, shared_cache):
    """The timeout warning carries the pattern text: the report must still be valid JSON."""
    evil = pack(tmp_path, "evil", REDOS.format(id="q", regex='(a|aa)+"\\$', on="original"))
    folder = drafts(tmp_path / "drafts", 1, "a" * 40 + "!")
    run = run_listlint(["check", folder, "--pack", evil, "--format", "json"], shared_cache)
    json.loads(run.stdout)
