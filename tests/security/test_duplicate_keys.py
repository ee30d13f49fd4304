"""Item 15 (fixed in the refactor): a key written twice in one mapping is ``draft/duplicate-key``,
an error, at every occurrence (only the last counts: a reviewer reading the first one is
misled).  YAML and JSON, top-level and nested keys (attributes, an SKU in a list, JSON lines),
and a key given after a ``<<`` merge is an override, not a duplicate.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): duplicates were a
``draft/syntax`` warning at the last occurrence only (a CI failing on errors passed them).
"""

from __future__ import annotations

import json

from .helpers import diagnostics, run

CASES = {
    "top.yaml": (
        "category: 家居/水杯\ntitle: 水杯甲\ntitle: 水杯乙\n",
        {("title", 2), ("title", 3)},
    ),
    "nested.yaml": (
        "category: 家居/水杯\ntitle: 水杯\nattributes:\n  材质: 陶瓷\n  材质: 玻璃\n"
        "skus:\n  - name: 白色\n    price: 19\n    price: 9\n",
        {
            ("attributes.材质", 4),
            ("attributes.材质", 5),
            ("skus[0].price", 8),
            ("skus[0].price", 9),
        },
    ),
    "merge.yaml": (
        "x-base: &b {材质: 陶瓷, 容量: 300ml}\ncategory: 家居/水杯\ntitle: 水杯\n"
        "attributes:\n  <<: *b\n  材质: 玻璃\n",
        set(),
    ),
    "merge-and-twice.yaml": (
        "x-base: &b {材质: 陶瓷}\ncategory: 家居/水杯\ntitle: 水杯\n"
        "attributes:\n  <<: *b\n  容量: 300ml\n  容量: 500ml\n",
        {("attributes.容量", 6), ("attributes.容量", 7)},
    ),
    "doc.json": (
        json.dumps({"category": "家居/水杯", "title": "水杯"}, ensure_ascii=False, indent=2)[:-2]
        + ',\n  "attributes": {"材质": "陶瓷",\n    "材质": "玻璃"},\n  "title": "水杯乙"\n}\n',
        {("title", 3), ("title", 6), ("attributes.材质", 4), ("attributes.材质", 5)},
    ),
    "lines.jsonl": (
        '{"category": "家居/水杯", "title": "水杯"}\n'
        '{"category": "家居/水杯", "title": "甲", "title": "乙"}\n',
        {("title", 2)},
    ),
}


def test_every_occurrence_of_a_duplicate_key_is_an_error(tmp_path, cache):
    for name, (text, _) in CASES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = run(["check", ".", "-f", "json", "--select", "draft"], cache=cache, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr[-2000:]
    found: dict[str, list[tuple[str, int]]] = {name: [] for name in CASES}
    for d in diagnostics(proc.stdout):
        if d["rule"] == "draft/duplicate-key":
            assert d["severity"] == "error"
            found[d["path"]].append((d["field"], d["line"]))
    for name, (_, expected) in CASES.items():
        assert set(found[name]) == expected, (name, found[name])
    # JSON lines: both occurrences on line 2, at their own columns
    assert len(found["lines.jsonl"]) == 2
