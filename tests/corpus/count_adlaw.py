#!/usr/bin/env python3
"""Validate an adlaw corpus folder and print counts per file.

Usage: python tests/corpus/count_adlaw.py FOLDER [--list]
       (FOLDER: tests/corpus/adlaw, tests/corpus/adlaw-holdout or tests/corpus/adlaw-blind2)

Checks every *.yaml file in FOLDER: required keys, allowed fields and rule ids,
`match` substrings present in `text` in the order given, no `match` on traps. Prints per file:
entries, violations, traps, and how many entries use Traditional characters, full-width forms or
an evasion spelling (spaces/separators/zero-width/emoji/pinyin inside a term). Exit status 1 on
any validation error. Traditional characters are the ones OpenCC's t2s conversion changes.
"""

import re
import sys
from pathlib import Path

import opencc
import yaml

PACK = Path(__file__).resolve().parents[2] / "rules" / "adlaw.yaml"
# the families a snippet can be labelled with: the pack's phrase rules (kind `terms`); the other
# adlaw rules look at the whole draft, which a one-snippet corpus cannot label
RULES = {
    rule["id"]
    for rule in yaml.safe_load(PACK.read_text(encoding="utf-8"))["rules"]
    if rule["kind"] == "terms"
}
FIELDS = {"title", "subtitle", "description", "selling_points"}
KEYS = {"text", "field", "category", "brand", "expect", "match", "note"}
REQUIRED = {"text", "field", "category", "expect"}

_T2S = opencc.OpenCC("t2s")


def _is_traditional(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" and _T2S.convert(ch) != ch


CJK = r"[\u3400-\u9fff]"
# full-width Latin letters, digits, ％ and ．, and circled numbers; ordinary Chinese punctuation
# （，：；（）！？ …) does not count
FULLWIDTH = re.compile(r"[\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2460-\u24ff]")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
EMOJI = re.compile(r"[\u2600-\u27bf\U0001f000-\U0001faff]")
# a term broken by a separator: inside a `match`, any CJK-separator-CJK; in free text (traps),
# three single CJK characters separated by spaces ("第 一 次")
SEP_IN_MATCH = re.compile(CJK + r"[ \u3000\*\.\-/_·]+" + CJK)
SPACED_TEXT = re.compile(CJK + r" " + CJK + r" " + CJK)
PINYIN_IN_MATCH = re.compile(r"[a-z]" + CJK)
# spelling variants: an ASCII digit for a numeral inside a term (销量第1, 仅此1天), NO1, TOP 1
SPELLING_IN_MATCH = re.compile(r"[第此][0-9]|^NO1$|^TOP\s+1$", re.IGNORECASE)


def variants(entry):
    text = entry["text"]
    matches = entry.get("match") or []
    kinds = set()
    if any(_is_traditional(ch) for ch in text):
        kinds.add("traditional")
    if FULLWIDTH.search(text):
        kinds.add("fullwidth")
    if ZERO_WIDTH.search(text) or EMOJI.search(text) or SPACED_TEXT.search(text):
        kinds.add("evasion")
    if any(
        SEP_IN_MATCH.search(m) or PINYIN_IN_MATCH.search(m) or SPELLING_IN_MATCH.search(m)
        for m in matches
    ):
        kinds.add("evasion")
    return kinds


def validate(path, i, e):
    errs = []
    where = f"{path.name}[{i}]"
    if not isinstance(e, dict):
        return [f"{where}: not a mapping"]
    missing = REQUIRED - e.keys()
    if missing:
        errs.append(f"{where}: missing {sorted(missing)}")
    extra = e.keys() - KEYS
    if extra:
        errs.append(f"{where}: unknown keys {sorted(extra)}")
    if e.get("field") not in FIELDS:
        errs.append(f"{where}: bad field {e.get('field')!r}")
    expect = e.get("expect")
    if not isinstance(expect, list):
        errs.append(f"{where}: expect must be a list")
        expect = []
    for r in expect:
        if r not in RULES:
            errs.append(f"{where}: unknown rule {r!r}")
    if len(set(expect)) != len(expect):
        errs.append(f"{where}: duplicate rule in expect")
    text = e.get("text", "")
    matches = e.get("match")
    if matches is not None:
        if not expect:
            errs.append(f"{where}: a trap must not have match")
        pos = -1
        for m in matches:
            j = text.find(m, pos + 1)
            if j < 0:
                if m in text:
                    errs.append(f"{where}: match {m!r} out of order")
                else:
                    errs.append(f"{where}: match {m!r} not in text")
            else:
                pos = j
    elif expect:
        errs.append(f"{where}: violation without match")
    return errs


def main():
    show = "--list" in sys.argv
    folders = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(folders) != 1:
        sys.exit(__doc__)
    files = sorted(Path(folders[0]).glob("*.yaml"))
    errors = []
    rows = []
    rule_counts = {r: 0 for r in sorted(RULES)}
    texts = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            errors.append(f"{path.name}: not a list")
            continue
        v = t = var = trad = fw = ev = 0
        for i, e in enumerate(data):
            errors += validate(path, i, e)
            if not isinstance(e, dict):
                continue
            key = e.get("text")
            if key in texts:
                errors.append(f"{path.name}[{i}]: duplicate text (also {texts[key]})")
            texts[key] = f"{path.name}[{i}]"
            if e.get("expect"):
                v += 1
                for r in e["expect"]:
                    if r in rule_counts:
                        rule_counts[r] += 1
            else:
                t += 1
            kinds = variants(e)
            var += bool(kinds)
            trad += "traditional" in kinds
            fw += "fullwidth" in kinds
            ev += "evasion" in kinds
            if show and kinds:
                label = "V" if e.get("expect") else "T"
                print(f"{path.name:26} {label} {','.join(sorted(kinds)):30} {e['text']!r}")
        rows.append((path.name, len(data), v, t, var, trad, fw, ev))

    if show:
        print()
    head = (
        "file",
        "entries",
        "violations",
        "traps",
        "trad/fw/evasion",
        "traditional",
        "full-width",
        "evasion",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    tot = ["total"] + [sum(r[k] for r in rows) for k in range(1, 8)]
    print("| " + " | ".join(f"**{x}**" for x in tot) + " |")
    print()
    print("| rule | violation entries expecting it |")
    print("|---|---|")
    for r, n in rule_counts.items():
        print(f"| {r} | {n} |")
    print()
    print(
        "(an entry can be both Traditional and full-width etc.; the trad/fw/evasion column counts "
        "entries with at least one)"
    )
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for err in errors:
            print("  " + err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
