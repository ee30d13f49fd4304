"""Item 13: text from a draft or a pack cannot forge a CI log line or drive a terminal.

GitHub Actions runs a log line as a workflow command when, after leading spaces, it starts with
``::`` (``::error file=…::``, ``::add-mask::``, ``::stop-commands::``), and (the older syntax)
when it holds ``##[`` anywhere.  A terminal obeys ESC sequences.  In every text output, every
``::`` and ``##[`` coming from data is broken by a look-alike character (``listlint.findings.
neutralise``: a wrapped line may start anywhere) and control characters are shown as escapes;
pack texts are printed as text, never as rich markup.  Checked for the tree, concise, github
and junit formats, ``--statistics``, errors on stderr, ``listlint title``, ``listlint
explain`` and ``listlint rules``, with a hostile draft and a hostile pack.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): a draft's block-scalar line
``::error::forged`` came out as a tree snippet line `` ::error::forged``; ``listlint title``
wrote the raw ESC and a ``::error::`` line; ``listlint explain`` printed a pack's ``explain``
lines (``::error::``, ESC) as they were and interpreted its ``[red]`` as markup.
"""

from __future__ import annotations

import pytest

from .helpers import run

PACK = r"""pack: evil
version: "1.0"
description: 恶意规则包
rules:
  - id: evil/forge
    kind: terms
    severity: error
    title: "[red]伪造[/red] ::error::from-title ##[error]t"
    message: "命中 {match} ::error file=a.yaml::from-message"
    suggestion: "##[warning]from-suggestion"
    reference: "::add-mask::secret"
    explain: "第一行\n::error::from-explain\n\e[2J##[error]x"
    terms: [水杯]
"""
DRAFT = (
    "category: 家居/水杯\n"
    'title: "北欧\\e[31m水杯 ::error file=d.yaml,line=1::forged-title"\n'
    "description: |\n"
    "  ::error::forged-line 水杯\n"
    "  ##[error]forged-old 水杯\n"
    "  ::stop-commands::token 水杯\n"
)


def _forged(text: str, own_annotations: bool = False) -> list[str]:
    """Lines a runner would execute, or that carry a control character."""
    bad = []
    for line in text.splitlines():
        stripped = line.lstrip()
        own = own_annotations and stripped.startswith(("::error file=", "::warning file=",
                                                       "::notice file="))  # fmt: skip
        if (stripped.startswith("::") and not own) or "##[" in line or "\x1b" in line:
            bad.append(line)
        if own and ("::" in stripped[2:].split("::", 1)[1] or "\x1b" in line):
            bad.append(line)  # our annotation, with a forged command in its data
    return bad


@pytest.fixture
def hostile(work):
    (work / "evil.yaml").write_text(PACK, encoding="utf-8")
    (work / "drafts" / "d.yaml").write_text(DRAFT, encoding="utf-8")
    return work


@pytest.mark.parametrize("fmt", ["tree", "concise", "github", "junit"])
@pytest.mark.parametrize("statistics", [False, True])
def test_reports_carry_no_command_and_no_escape(hostile, cache, fmt, statistics):
    args = ["check", "drafts", "-f", fmt, "--pack", "evil.yaml", "--no-color"]
    proc = run([*args, *(["--statistics"] if statistics else [])], cache=cache, cwd=hostile)
    assert proc.returncode == 1, proc.stderr[-2000:]
    out = proc.stdout + proc.stderr
    assert "forged" in out or statistics  # the values are reported …
    assert _forged(proc.stdout, own_annotations=fmt == "github") == []  # … never as commands
    assert _forged(proc.stderr) == []


def test_errors_on_stderr_carry_no_command(hostile, cache):
    (hostile / "bad.yaml").write_text(
        PACK.replace("kind: terms", 'kind: "x\\n::error::from-kind\\e[2J"'), encoding="utf-8"
    )
    proc = run(["check", "drafts", "--pack", "bad.yaml"], cache=cache, cwd=hostile)
    assert proc.returncode == 2 and "from-kind" in proc.stderr, proc.stderr
    assert _forged(proc.stderr) == [] and "\n" not in proc.stderr.rstrip("\n")


@pytest.mark.parametrize("fmt", ["tree", "json"])
def test_title_command(tmp_path, cache, fmt):
    title = "\x1b[31m红色\x1b[0m连衣裙\n::error::forged ##[error]x [bold]粗[/bold]"
    proc = run(["title", title, "-f", fmt, "--no-color"], cache=cache, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _forged(proc.stdout) == [] and "forged" in proc.stdout


def test_explain_and_rules(hostile, cache):
    explain = run(["explain", "evil/forge", "--pack", "evil.yaml"], cache=cache, cwd=hostile)
    assert explain.returncode == 0, explain.stderr
    assert "from-explain" in explain.stdout and "[red]伪造[/red]" in explain.stdout
    assert _forged(explain.stdout) == []
    rules = run(["rules", "--pack", "evil.yaml", "--no-color"], cache=cache, cwd=hostile)
    assert rules.returncode == 0 and "from-title" in rules.stdout, rules.stderr
    assert _forged(rules.stdout) == []


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif"])
def test_json_formats_keep_the_data_and_carry_no_old_style_command(hostile, cache, fmt):
    """The runner's older syntax runs ``##[error]…`` anywhere in a line, a JSON line too:
    JSON output writes ``#\\u0023[`` instead, which every JSON reader reads back as ``##[``."""
    import json

    args = ["check", "drafts", "-f", fmt, "--pack", "evil.yaml"]
    proc = run(args, cache=cache, cwd=hostile)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert _forged(proc.stdout) == []
    lines = proc.stdout.splitlines() if fmt == "json-lines" else [proc.stdout]
    decoded = json.dumps([json.loads(x) for x in lines], ensure_ascii=False)
    assert "##[warning]from-suggestion" in decoded
