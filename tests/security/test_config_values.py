"""Item 14: config and pack values that make no sense are refused when they load, in Chinese,
with a did-you-mean where one helps, exit status 2; a typo must never silently switch a check
off or make every draft "too large".

Config: ``max-file-bytes`` of 0 or below, an unknown key (``plaform``), an unknown default
platform, an unknown platform under ``profiles``, ``title_max`` that is not a positive number
(text, negative, zero; in ``profiles`` and in an added platform), ``fail-on`` outside its
choices.  Packs: a ``profile:NAME`` naming no platform parameter (in a rule's parameters or
its ``reference``).

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): ``max-file-bytes: -5`` and
``0`` were accepted (every draft became draft/too-large, exit 1), ``title_max: 长`` / ``-3`` and
an unknown ``profiles`` platform were accepted silently (exit 0), ``profile:title_mxa`` loaded
(the rule never fired); the errors that existed (unknown key, unknown platform) were English
without a did-you-mean.
"""

from __future__ import annotations

import pytest

from .helpers import no_traceback, run

CONFIGS = {
    "max-bytes-negative": ("max-file-bytes: -5\n", ["max-file-bytes", "应大于 0"]),
    "max-bytes-zero": ("max-file-bytes: 0\n", ["max-file-bytes", "应大于 0"]),
    "unknown-key": ("plaform: jd\n", ["plaform", "是否想写 platform"]),
    "unknown-platform": ("platform: tmal\n", ["tmal", "是否想写 tmall"]),
    "unknown-profile": ("profiles: {jdd: {title_max: 50}}\n", ["jdd", "是否想写 jd"]),
    "title-max-text": ("profiles: {jd: {title_max: 长}}\n", ["title_max", "正数"]),
    "title-max-negative": ("profiles: {jd: {title_max: -3}}\n", ["title_max", "正数"]),
    "title-max-zero": ("profiles: {taobao: {title_max: 0}}\n", ["title_max", "正数"]),
    "added-platform": (
        "platforms: {xianyu: {name: 闲鱼, extends: taobao, title_max: 十二}}\n",
        ["title_max", "正数"],
    ),
    "fail-on": ("fail-on: errors\n", ["fail-on", "error"]),
    "unknown-rule-in-ignore": (
        "ignore: [adlaw/absolute-term]\n",
        ["adlaw/absolute-term", "是否想写 adlaw/absolute-terms"],
    ),
    "unknown-rule-in-severity": (
        "severity: {title/lenght: error}\n",
        ["title/lenght", "是否想写 title/length"],
    ),
}


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_a_config_value_that_makes_no_sense_exits_2(work, cache, case):
    text, words = CONFIGS[case]
    (work / "listlint.yaml").write_text(text, encoding="utf-8")
    proc = run(["check", "drafts", "-f", "json"], cache=cache, cwd=work)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:], proc.stdout[-500:])
    no_traceback(proc)
    assert proc.stderr.startswith("listlint: 错误：配置有误："), proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


PACK = """pack: mine
version: "1.0"
description: 本店规则
rules:
  - id: mine/title-length
    kind: length
    severity: error
    title: 标题过长
    message: 标题过长
    reference: {reference}
    field: title
    max: {maximum}
"""


@pytest.mark.parametrize(
    ("maximum", "reference", "typo"),
    [("profile:title_mxa", "本店规范", "title_mxa"), ("30", "profile:title_refrence", "title_r")],
)
def test_a_profile_reference_with_a_typo_is_a_pack_error(work, cache, maximum, reference, typo):
    pack = work / "mine.yaml"
    pack.write_text(PACK.format(maximum=maximum, reference=reference), encoding="utf-8")
    proc = run(["check", "drafts", "--pack", pack], cache=cache, cwd=work)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    no_traceback(proc)
    assert f"{pack}:5:" in proc.stderr and "mine/title-length" in proc.stderr, proc.stderr
    assert f"profile:{typo}" in proc.stderr and "是否想写 profile:" in proc.stderr, proc.stderr


def test_a_profile_reference_every_platform_defines_loads(work, cache):
    pack = work / "mine.yaml"
    pack.write_text(PACK.format(maximum="profile:title_max", reference="r"), encoding="utf-8")
    proc = run(["check", "drafts", "--pack", pack, "-f", "json"], cache=cache, cwd=work)
    assert proc.returncode == 1, proc.stderr[-2000:]
