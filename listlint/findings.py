"""Findings: what every check produces and every reporter consumes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import IntEnum
from operator import attrgetter

# the marker of a file that holds no draft keys: never reported as a finding, counted as skipped
NOT_A_DRAFT = "draft/not-a-draft"


class Severity(IntEnum):
    """Ordered so that comparisons mean "at least as severe".  ``ADVICE`` is not a violation
    (title recipe, detail-page structure): reports leave it out unless asked for."""

    ADVICE = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (error, warning, info, advice)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(slots=True)
class Fix:
    """Replace the characters [start, end) of the decoded file text with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    field: str
    rule: str
    severity: Severity
    match: str
    message: str
    suggestion: str | None = None
    reference: str = ""
    fix: Fix | None = field(default=None, compare=False)
    # a catalogue's findings: the listing's row (1 = the first listing; 0 = the file or its
    # header) and the name of the column the finding points into (None: the row as a whole)
    row: int | None = None
    column_name: str | None = None

    def printable(self) -> Finding:
        """A copy safe to print on a line of a terminal or CI log: control characters in the
        draft-derived text (a line break, CR, ESC, NEL, U+2028 …) become visible escapes, so a
        value cannot forge a line of its own or an escape sequence (JSON output escapes anyway)."""
        return replace(
            self,
            path=printable(self.path),
            rule=printable(self.rule),
            field=printable(self.field),
            match=printable(self.match),
            message=printable(self.message),
            suggestion=printable(self.suggestion) if self.suggestion else self.suggestion,
            reference=printable(self.reference),
            column_name=printable(self.column_name) if self.column_name else self.column_name,
        )

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # pickled as constructor arguments (workers send findings to the parent): half the
        # bytes and half the time of the default slot-by-name state
        return (
            Finding,
            (
                self.path, self.line, self.column, self.end_line, self.end_column, self.field,
                self.rule, self.severity, self.match, self.message, self.suggestion,
                self.reference, self.fix, self.row, self.column_name,
            ),
        )  # fmt: skip

    def where(self) -> str:
        """A catalogue finding's row and column, for formats without keys of their own
        (concise, GitHub, JUnit); "" for a draft's finding."""
        if self.row is None:
            return ""
        if not self.row:
            return "（整个文件）" if self.column_name is None else f"（列“{self.column_name}”）"
        column = f"，列“{self.column_name}”" if self.column_name else ""
        return f"（第 {self.row} 个商品{column}）"

    def sort_key(self) -> tuple[str, int, int, str, int, int]:
        return SORT_KEY(self)  # type: ignore[no-any-return]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "field": self.field,
            "rule": self.rule,
            "severity": self.severity.label,
            "match": self.match,
            "message": self.message,
            "suggestion": self.suggestion,
            "reference": self.reference,
            "fixable": self.fix is not None,
        }
        if self.row is not None:
            out["row"] = self.row
            out["column_name"] = self.column_name
        return out


_ESCAPES = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_ESCAPES.update(
    {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x1B: "\\e", 0x2028: "\\u2028", 0x2029: "\\u2029"}
)


# GitHub Actions runs a log line as a workflow command when it starts with "::" (after leading
# spaces) or holds "##[" anywhere; a wrapped line can start anywhere, so every such pair is
# broken with a look-alike of the same width: the second colon of "::" becomes U+2236 RATIO,
# the second "#" of "##[" U+FF03.  One character for one: columns stay aligned.
_COMMAND = re.compile(r"(?<=:):|(?<=#)#(?=\[)")
_LOOKALIKE = {":": "\u2236", "#": "\uff03"}


def neutralise(text: str) -> str:
    """``text`` with nothing a CI log could run as a workflow command (``::``, ``##[``)."""
    if "::" not in text and "##[" not in text:
        return text
    return _COMMAND.sub(lambda m: _LOOKALIKE[m.group()], text)


def printable(text: str) -> str:
    """``text`` safe on one line of a terminal or CI log: control characters shown as escapes
    (``\\n``, ``\\e`` …) and workflow-command markers broken (``neutralise``)."""
    return neutralise(text.translate(_ESCAPES))


def json_safe(text: str) -> str:
    """Serialised JSON with every ``##[`` written ``#\\u0023[``: the same data for any JSON
    reader, and nothing the Actions runner's older command syntax (``##[error]…`` anywhere in
    a line) would run.  (``::`` cannot start a JSON line: strings are quoted.)"""
    return text.replace("##[", "#\\u0023[") if "##[" in text else text


def printable_lines(text: str) -> str:
    """``printable`` for text of several lines (a rule's ``explain``): the line breaks stay."""
    return "\n".join(printable(line) for line in text.split("\n"))


# the report order: by file, position, rule (an attrgetter: sorting 60,000 findings of a
# catalogue run costs a third of what a Python key function does)
SORT_KEY = attrgetter("path", "line", "column", "rule", "end_line", "end_column")
