"""Packs test themselves: every bad example of a rule must produce a finding of that rule and
every good example none, or the pack does not load (like textlint/prh specs)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from listlint.categories.table import CategoryTable
from listlint.data import PackError
from listlint.draft.load import load_text
from listlint.engine.run import Checker
from listlint.kinds.base import Rule
from listlint.packs.loader import LoadedPack

_WORD = {"bad": "反例（bad）", "good": "正例（good）"}


# Examples are judged on this date, never on the run's --today: whether a pack loads must not
# depend on the day (``--today 9999-12-31`` made document-expired's good example, a licence
# valid until 2099, fail, and no pack loaded); the compiled-resources cache, whose key leaves
# the date out, holds packs that passed on this date.
EXAMPLE_DATE = date(2025, 1, 1)


def run_all(checker: Checker) -> None:
    dated = Checker(checker.resources, EXAMPLE_DATE)
    for pack in checker.resources.packs:
        run_examples(pack, dated)


_FIELD_SLOTS = {
    "title": "title",
    "text": "title",
    "subtitle": "subtitle",
    "description": "description",
    "selling_points": "selling_points",
    "attributes": "attributes",
    "skus.name": "skus",
    "images.alt": "images",
}


def example_draft(
    rule: Rule, example: str | dict[str, Any], table: CategoryTable | None = None
) -> dict[str, Any]:
    """A draft around one example: a text example goes into the rule's first field, in a
    category of the rule's first family (or glob), on its first platform."""
    scope = rule.spec.scope
    category = "家居/收纳"
    if scope.families and table is not None:
        category = table.path_name(scope.families[0]).replace(" > ", "/")
    elif scope.categories:
        category = (
            scope.categories[0].replace("/**", "").replace("**/", "").replace("*", "其他") or "其他"
        )
    draft: dict[str, Any] = {
        "platform": (scope.platforms or ["taobao"])[0],
        "category": category,
        "title": "示例商品",
    }
    if isinstance(example, dict):
        draft.update(example)
        return draft
    slot = _FIELD_SLOTS.get(scope.fields[0], "title") if scope.fields else "title"
    if slot == "selling_points":
        draft[slot] = [example]
    elif slot == "attributes":
        draft[slot] = {"说明": example}
    elif slot == "skus":
        draft[slot] = [{"name": example, "price": 99}]
    elif slot == "images":
        draft[slot] = [{"path": "https://img.example.com/a.jpg", "role": "main", "alt": example}]
    else:
        draft[slot] = example
    return draft


def run_examples(pack: LoadedPack, checker: Checker) -> None:
    """A pack tests itself: every bad example must produce a finding of its rule, every good
    example none.  A pack whose examples fail does not load."""
    for rule in pack.rules:
        for verdict, examples in (
            ("bad", rule.spec.examples.bad),
            ("good", rule.spec.examples.good),
        ):
            for example in examples:
                data = example_draft(rule, example, checker.resources.categories)
                text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
                doc = load_text(
                    text,
                    Path(pack.file).parent / "example.yaml",
                    "example.yaml",
                    messages=checker.resources.messages,
                )
                if doc.draft is None:
                    problems = "; ".join(f.message for f in doc.findings)
                    raise PackError(
                        rule.source.rsplit(":", 1)[0],
                        int(rule.source.rsplit(":", 1)[1]),
                        f"规则 {rule.id} 的{_WORD[verdict]}不是有效的草稿"
                        f"（{problems}）：{example!r}",
                    )
                found = checker.check_doc(doc, [rule], default_profiles=True)
                found = [f for f in found if f.rule == rule.id]
                if (verdict == "bad") != bool(found):
                    what = (
                        "没有报告问题"
                        if verdict == "bad"
                        else f"被报告了问题（{found[0].message}）"
                    )
                    file, line = rule.source.rsplit(":", 1)
                    raise PackError(
                        file, int(line), f"规则 {rule.id} 的{_WORD[verdict]}{what}：{example!r}"
                    )
