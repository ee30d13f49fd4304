"""Items 9 and 16: every regex of a pack is checked when the pack loads, and limited regexes
share a time budget per field and per draft.

* Item 9, compile cost: the ``regex`` module compiles ``x{n}`` as n copies, so a huge count
  (``[a-z]{4294967294}``: 20 GB) or nested counts (``(?:a{1000}){1000}``: 274 MB) exhaust
  memory before any draft is read.  A count above 1,000, an expansion above 100,000 units or a
  pattern above 5,000 characters is a pack error naming the file, the rule's line and the
  pattern's line, in Chinese, exit status 2.
* Item 9, match cost: forty catastrophic patterns (``(a|aa)+$``) cost 0.1 s each per field per
  draft.  Now every limited search of a draft draws on one budget (0.25 s per text, 1 s per
  draft); the rules whose searches found it spent report their usual timeout warning.
* Item 16: a regex that does not compile anywhere in a pack (``when.text``,
  ``when.attribute_text`` of ``required``, ``any_of``/``unless`` of ``documents``, a terms
  rule's ``unless``/``exception_patterns``/``qualified_by``, a pattern rule's ``exceptions``, a
  listing hook) is a pack error when the pack loads, not a crash (or silence) at the first draft.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): ``[a-z]{4294967294}`` ran
into the memory limit (the pack error said only ``rule 'evil/x':``), ``(?:a{1000}){1000}`` and
6,000-character patterns loaded; three drafts with forty catastrophic rules took 30 s; a bad
``when.text``/``when.attribute_text`` of a ``required`` rule loaded and silently never matched;
the other bad regexes were refused, but in English and without the pattern's line.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from .helpers import diagnostics, no_traceback, run

HEAD = 'pack: evil\nversion: "1.0"\ndescription: 恶意规则包\nrules:\n'
RULE = """\
  - id: evil/{id}
    kind: {kind}
    severity: error
    title: t
    message: m
    reference: r
"""


def _pack(folder: Path, body: str) -> Path:
    path = folder / "evil.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _pattern_rule(rule_id: str, pattern: str) -> str:
    return RULE.format(id=rule_id, kind="pattern") + f"    regex: '{pattern}'\n"


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("[a-z]{4294967294}", "重复次数"),
        ("(?:a{1000}){1000}", "展开"),
        ("(?:(?:a{100}){100}){100}", "展开"),
        ("a" * 6000, "过长"),
    ],
)
def test_regexes_that_cost_gigabytes_to_compile_are_pack_errors(work, cache, pattern, reason):
    pack = _pack(work, _pattern_rule("x", pattern))
    start = time.perf_counter()
    proc = run(["check", "drafts", "--pack", pack], cache=cache, cwd=work, timeout=30)
    assert time.perf_counter() - start < 20
    assert proc.returncode == 2, proc.stderr[-2000:]
    no_traceback(proc)
    assert f"{pack}:5:" in proc.stderr and "evil/x" in proc.stderr, proc.stderr
    assert "第 11 行" in proc.stderr and reason in proc.stderr, proc.stderr


def test_many_catastrophic_patterns_share_one_budget_per_draft(work, cache):
    rules = "".join(_pattern_rule(f"r{i:02}", "(a|aa)+$") for i in range(40))
    pack = _pack(work, rules)
    drafts = work / "drafts"
    evil = "a" * 40 + "!"
    for i in range(3):
        (drafts / f"evil{i}.yaml").write_text(
            f"category: 家居/水杯\ntitle: {evil}\nsubtitle: {evil}\n", encoding="utf-8"
        )
    (drafts / "ok.yaml").unlink()
    start = time.perf_counter()
    proc = run(
        ["check", "drafts", "--pack", pack, "--select", "evil", "-f", "json", "--no-cache"],
        cache=cache,
        cwd=work,
        timeout=120,
    )
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr[-2000:]  # timeouts are warnings
    found = diagnostics(proc.stdout)
    assert {d["severity"] for d in found} == {"warning"} and all(
        "超时" in d["message"] for d in found
    )
    assert len(found) == 3 * 2 * 40  # every rule reports every field it could not search
    # 3 drafts × at most 1 s of regex time, plus start-up; 40 × 0.1 s per field before
    assert seconds < 12, seconds


BAD = "(坏"
CASES = {
    "required.when.text": (
        "required",
        f"when: {{text: '{BAD}'}}\n    require: {{fields: [brand]}}",
    ),
    "required.when.attribute_text": (
        "required",
        f"when: {{attribute_text: '{BAD}'}}\n    require: {{fields: [brand]}}",
    ),
    "documents.any_of": (
        "documents",
        f"check: required\n    require: [ccc_certificate]\n    any_of: [{{text: '{BAD}'}}]",
    ),
    "documents.unless": (
        "documents",
        "check: required\n    require: [ccc_certificate]\n"
        f"    unless: [{{attribute_text: '{BAD}'}}]",
    ),
    "terms.unless": ("terms", f"terms: [水杯]\n    unless: '{BAD}'"),
    "terms.exception_patterns": ("terms", f"terms: [水杯]\n    exception_patterns: ['{BAD}']"),
    "terms.qualified_by": ("terms", f"terms: [水杯]\n    qualified_by: '{BAD}'"),
    "terms.term.unless": ("terms", f"terms: [{{term: 水杯, unless: '{BAD}'}}]"),
    "pattern.exceptions": ("pattern", f"regex: 水杯\n    exceptions: ['{BAD}']"),
    "listing.hooks": (
        "listing",
        f"check: promo-stacking\n    hooks: [{{name: 坏, regex: '{BAD}'}}]",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_bad_regex_of_a_pack_is_an_error_at_load(work, cache, case):
    kind, params = CASES[case]
    pack = _pack(work, RULE.format(id="bad", kind=kind) + f"    {params}\n")
    proc = run(["check", "drafts", "--pack", pack], cache=cache, cwd=work, timeout=30)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    no_traceback(proc)
    assert f"{pack}:5:" in proc.stderr and "evil/bad" in proc.stderr, proc.stderr
    assert "正则表达式无效" in proc.stderr, proc.stderr
    assert re.search(r"第 1[1-3] 行", proc.stderr), proc.stderr


def test_a_spent_regex_budget_is_reported_as_a_timeout_not_as_a_crash(monkeypatch, tmp_path):
    """On a busy machine the per-draft budget can run out inside any kind (listing hooks too):
    the rule's verdict is unknown and says so as ``draft/check-timeout``, never a crash report
    and never a silent pass."""
    from listlint.api import Linter, Severity
    from listlint.kinds import regexes

    linter = Linter({"advice": True})  # self-tests run with the real budget
    monkeypatch.setattr(regexes, "DRAFT_BUDGET", 0.0)
    monkeypatch.setattr(regexes, "FIELD_BUDGET", 0.0)
    monkeypatch.setattr(regexes, "TRUSTED_TEXT_MAX", 0)  # built-in patterns limited as well
    draft = {
        "platform": "taobao",
        "category": "服装/T恤",
        "title": "纯棉短袖T恤男夏季宽松圆领",
        "description": "满300减50，第二件半价，再叠加店铺券。" * 200,
    }
    findings = linter.lint_draft(draft)
    rules = {f.rule for f in findings}
    assert "draft/internal-error" not in rules
    timeouts = [f for f in findings if f.rule == "draft/check-timeout"]
    assert timeouts
    severity = {r.id: r.severity for r in linter.resources.rules}
    for found in timeouts:  # 规则 <id> 在这份草稿上…: a warning, advice for an advice rule
        rule = found.message.split()[1]
        assert found.severity is min(Severity.WARNING, severity[rule]), found
