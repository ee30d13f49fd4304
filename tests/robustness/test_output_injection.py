"""Text from a draft must not forge output: a value holding a line break followed by a
GitHub workflow command (``::error file=…::``) or a fake finding line, or terminal escape
sequences, must not reach a CI log as a line of its own or as a raw control character."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import run_listlint

FORGED = (
    "a\\n::error file=evil.yaml,line=1::forged\\ninj.yaml:9:9: error fake/rule forged\\r\\e[2K.pdf"
)
DRAFT = (
    "category: 食品/休闲零食/坚果\ntitle: 坚果\ndocuments:\n"
    '  - {type: food_production_license, number: SC11234567890123, file: "' + FORGED + '"}\n'
)
KNOWN: dict[str, str] = {}  # formats with a known injection bug (none now: Finding.printable)


def _params():
    for fmt in ["tree", "concise", "github", "junit", "json", "json-lines", "sarif"]:
        marks = []
        if fmt in KNOWN:
            marks.append(
                pytest.mark.xfail(
                    strict=True,
                    reason=f"{KNOWN[fmt]} writes draft text (here a document `file` value used "
                    "in the message) with its line breaks / CR / ESC unescaped: a forged "
                    "'::error file=…::' workflow command or finding line starts a line of the CI "
                    "log.  Escape control characters in messages (\\n → ↵ or \\\\n, drop ESC)",
                )
            )
        yield pytest.param(fmt, marks=marks, id=fmt)


@pytest.mark.parametrize("fmt", list(_params()))
def test_draft_text_cannot_forge_lines_or_escape_sequences(tmp_path, shared_cache, fmt):
    draft = tmp_path / "inj.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    run = run_listlint(["check", draft, "--format", fmt, "--no-color"], shared_cache, cwd=tmp_path)
    assert run.returncode == 1, run.stderr[-500:]
    assert "forged" in run.stdout  # the value is reported …
    for line in run.stdout.splitlines():  # … but inside its finding, never as a line
        assert not line.startswith(("::error file=evil", "inj.yaml:9:9")), line
    assert "\x1b" not in run.stdout and "\r" not in run.stdout
    assert Path(draft).read_text(encoding="utf-8") == DRAFT
