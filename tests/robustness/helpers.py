"""Shared pieces of the robustness suite: hypothesis settings, strategies, invariants, and a way
to run the real ``listlint`` command in a separate process (to measure time and memory, or to run
two at once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from listlint.findings import Finding

# Deterministic (derandomize) and moderate, so that CI is reproducible and the whole robustness
# suite stays well inside its time budget.  No example database: CI starts from nothing anyway.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
FUZZ_SMALL = settings(FUZZ, max_examples=40)

# -- hostile text ---------------------------------------------------------------------------------
NASTY_CHARS = [
    "\u0301",  # combining acute
    "\u0489",  # combining cyrillic millions sign (enclosing)
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",  # zero-width
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2069",
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\t",
    "\x0b",
    "\x0c",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\xa0",
    "\u3000",
    "\U0001f600",
    "\U0001f1e8\U0001f1f3",
    "\U00020000",
    "\U0002a6d6",
    "\U000e0041",
    "\U0010fffd",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "ＡＢＣ１２３",
    "①",
    "㎏",
    "ﬁ",
    "İ",
    "ß",
    "Σ",
    "國家級",
    "最",
    "佳",
    "最 佳",
    "最*好",
    "最\u200b好",
    "第一",
    "ＮＯ．１",
    "100%",
    "特效",
    "'",
    '"',
    "\\",
    ":",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "-",
    "?",
    "{",
    "}",
    "[",
    "]",
    ",",
    "%",
    "@",
    "`",
    "\n",
    "\r\n",
    " ",
    "  ",
]
TERMS = ["最好", "最佳", "国家级", "國家級", "第一", "全网第一", "100%有效", "特效", "根治", "NO.1"]


def nasty_text(max_size: int = 40, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Text mixing random code points with the characters that break naive text handling."""
    blacklist = () if surrogates else ("Cs",)
    pieces = st.one_of(
        st.sampled_from(NASTY_CHARS),
        st.sampled_from(TERMS),
        st.characters(blacklist_categories=blacklist),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    )
    return st.lists(pieces, max_size=max_size).map("".join)


def scalars(surrogates: bool = False) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=True, allow_infinity=True),
        nasty_text(surrogates=surrogates),
    )


def structures(surrogates: bool = False) -> st.SearchStrategy[Any]:
    """Arbitrary nested YAML/JSON-able data (string keys, so that JSON can hold it too)."""
    return st.recursive(
        scalars(surrogates),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(nasty_text(12, surrogates), children, max_size=4),
        ),
        max_leaves=25,
    )


def _sku(surrogates: bool) -> st.SearchStrategy[Any]:
    good = st.fixed_dictionaries(
        {"name": nasty_text(surrogates=surrogates), "price": st.floats(-1e9, 1e9)},
        optional={
            "list_price": st.floats(-1e9, 1e9),
            "stock": st.integers(-(10**12), 10**12),
            "presale": st.booleans(),
            "ship_within_days": st.integers(-5, 400),
        },
    )
    return st.one_of(good, scalars(surrogates))


def _image(surrogates: bool) -> st.SearchStrategy[Any]:
    path = st.one_of(
        nasty_text(20, surrogates),
        st.sampled_from(
            [
                "images/main.jpg",
                "../../etc/passwd",
                "/etc/passwd",
                "/dev/zero",
                "https://img.example.com/a.jpg",
                "file:///etc/passwd",
                ".",
                "",
                "images/../../../x.png",
            ]
        ),
    )
    good = st.fixed_dictionaries(
        {"path": path},
        optional={
            "role": st.sampled_from(["main", "detail", "scene", "sku", "bogus"]),
            "alt": nasty_text(surrogates=surrogates),
            "width": st.integers(-10, 10**6),
            "height": st.integers(-10, 10**6),
        },
    )
    return st.one_of(good, scalars(surrogates))


def _document(surrogates: bool) -> st.SearchStrategy[Any]:
    good = st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                [
                    "brand_authorization",
                    "trademark_registration",
                    "quality_inspection_report",
                    "food_production_license",
                    "ccc_certificate",
                    "medical_device_registration",
                    "cosmetics_filing",
                    "unknown_type",
                ]
            )
        },
        optional={
            "number": st.one_of(nasty_text(20, surrogates), st.integers()),
            "issued": st.sampled_from(["2024-01-01", "2099-12-31", "0001-01-01", "not a date"]),
            "expires": st.sampled_from(["2024-01-01", "2099-12-31", "9999-12-31", "x"]),
            "file": st.sampled_from(["docs/a.pdf", "../../etc/passwd", "/etc/shadow", ""]),
        },
    )
    return st.one_of(good, scalars(surrogates))


CATEGORIES = [
    "服装/女装/T恤",
    "食品/休闲零食/坚果",
    "美妆/护肤/面霜",
    "医疗器械/按摩器",
    "数码/手机配件/移动电源",
    "食品/茶叶/绿茶",
    "母婴/婴儿用品/奶瓶",
    "保健食品/维生素",
    "家居/水杯",
]


def drafts(surrogates: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Draft-shaped mappings: the right keys, often the right types, sometimes not."""
    text = nasty_text(surrogates=surrogates)
    return st.fixed_dictionaries(
        {
            # mostly valid, so that the rules run; sometimes not, so that the loader reports
            "title": st.one_of(*[text] * 9, scalars(surrogates)),
            "category": st.one_of(*[st.sampled_from(CATEGORIES)] * 9, nasty_text(15)),
        },
        optional={
            "platform": st.sampled_from(["taobao", "tmall", "jd", "pdd", "douyin", "amazon"]),
            "brand": text,
            "brand_owner": st.booleans(),
            "subtitle": text,
            "description": nasty_text(120, surrogates),
            "selling_points": st.lists(text, max_size=4),
            "attributes": st.dictionaries(
                nasty_text(8, surrogates), st.one_of(text, st.integers(), st.floats()), max_size=4
            ),
            "skus": st.lists(_sku(surrogates), max_size=3),
            "images": st.lists(_image(surrogates), max_size=3),
            "documents": st.lists(_document(surrogates), max_size=3),
            "titel": text,  # a misspelt field
            "listlint-disable": st.lists(st.sampled_from(["adlaw", "title", "x/y", "*"])),
        },
    )


# -- dumping ---------------------------------------------------------------------------------------
YAML_STYLES = [None, None, '"', "'", "|", ">"]


def dump_yaml(data: Any, style: str | None, flow: bool | None, width: int, unicode: bool) -> str:
    import yaml

    return yaml.safe_dump(
        data,
        allow_unicode=unicode,
        default_style=style,
        default_flow_style=flow,
        width=width,
        sort_keys=False,
    )


# -- invariants ------------------------------------------------------------------------------------
def lines_of(text: str) -> list[str]:
    """Lines as listlint counts them: split at '\\n' (a '\\r\\n' line keeps its '\\r')."""
    return text.split("\n")


def _inside(lines: list[str], line: int, column: int) -> bool:
    if line == len(lines) + 1:
        return column == 1
    return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1


def assert_positions_inside(text: str, findings: list[Finding]) -> None:
    lines = lines_of(text)
    for f in findings:
        where = f"{f.rule} {f.field!r} ({f.line}:{f.column}-{f.end_line}:{f.end_column})"
        assert _inside(lines, f.line, f.column), f"start outside the file: {where}"
        assert _inside(lines, f.end_line, f.end_column), f"end outside the file: {where}"
        assert (f.end_line, f.end_column) >= (f.line, f.column), f"end before start: {where}"


def offset_of(text: str, line: int, column: int) -> int:
    lines = lines_of(text)
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def assert_reportable(findings: list[Finding]) -> None:
    """Every finding can be written out as UTF-8 JSON (no lone surrogates, no odd types)."""
    for f in findings:
        json.dumps(f.to_json(), ensure_ascii=False).encode("utf-8")
        assert isinstance(f.line, int) and isinstance(f.column, int)


def assert_no_internal_error(findings: list[Finding]) -> None:
    crashed = [f.message for f in findings if f.rule == "draft/internal-error"]
    assert not crashed, f"a rule crashed: {crashed}"


# -- the real command in a separate process --------------------------------------------------------
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    proc = subprocess.run(sys.argv[1:], capture_output=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(json.dumps({"rc": proc.returncode, "seconds": elapsed, "peak_mb": peak / 1024,
                      "stdout": proc.stdout.decode("utf-8", "replace"),
                      "stderr": proc.stderr.decode("utf-8", "replace")}))
    """
)
LISTLINT = [sys.executable, "-c", "from listlint.cli import main; main()"]


def _cwd(cache: Path, cwd: Path | None) -> Path:
    """Where a child runs: given, or the cache folder (the result cache `.listlint_cache` is
    written in the working folder; never in the repository the tests run from)."""
    if cwd is not None:
        return cwd
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def listlint_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["LISTLINT_CACHE_DIR"] = str(cache)
    env.pop("NO_COLOR", None)
    return env


def run_listlint(
    args: list[str], cache: Path, *, timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LISTLINT, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=listlint_env(cache),
        timeout=timeout,
        cwd=_cwd(cache, cwd),
    )


def measure_listlint(
    args: list[str], cache: Path, *, timeout: float = 120, cwd: Path | None = None
) -> dict[str, Any]:
    """Run ``listlint ARGS`` in a child of a fresh interpreter; wall time and the child's peak RSS
    (``getrusage(RUSAGE_CHILDREN)`` in that interpreter sees only this one child)."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *LISTLINT, *map(str, args)],
        capture_output=True,
        text=True,
        env=listlint_env(cache),
        timeout=timeout,
        cwd=_cwd(cache, cwd),
        check=True,
    )
    return json.loads(out.stdout)


def diagnostics(stdout: str) -> list[dict[str, Any]]:
    return json.loads(stdout)["diagnostics"]
