"""Read a draft file: bytes → text → YAML/JSON → validated Draft + SourceMap + draft/* findings.

Nothing here raises on bad input: every problem becomes a ``draft/…`` finding, whose texts come
from the ``draft`` pack (``listlint.messages``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from listlint.data import os_problem
from listlint.draft import sourcemap
from listlint.draft.model import Draft
from listlint.findings import Finding, Severity
from listlint.messages import Messages, builtin
from listlint.safeyaml import (
    BoundedSafeLoader,
    Limits,
    YAMLLimitError,
    construct,
    count_nodes,
    nesting_estimate,
    parse_yaml,
    read_limited,
)

__all__ = ["Limits", "LoadedDraft", "YAMLLimitError", "load_bytes", "load_draft", "load_text",
           "outside_link", "parse_yaml", "read_limited"]  # fmt: skip

DRAFT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")


def has_draft_suffix(file: Path) -> bool:
    """Only these files can be drafts: a JPEG, a PDF or a README never is, whatever matches."""
    return file.name.lower().endswith(DRAFT_SUFFIXES)


@dataclass(slots=True)
class LoadedDraft:
    path: str  # as shown in findings
    file: Path  # the file on disk
    text: str  # decoded text (BOM removed)
    source: sourcemap.SourceMap
    draft: Draft | None
    findings: list[Finding] = field(default_factory=list)
    encoding: str = "utf-8"
    bom: bool = False
    index_map: dict[str, list[int]] = field(default_factory=dict)  # list → model idx → file idx
    messages: Messages | None = None
    not_draft: bool = False  # parsed, but holds no draft keys (``looks_like_draft``)

    @property
    def root(self) -> Path:
        return self.file.parent

    def field_path(self, path: str) -> str:
        """Rewrite model list indices to file indices when invalid items were dropped."""
        if not self.index_map:
            return path
        for name, mapping in self.index_map.items():
            prefix = f"{name}["
            if path.startswith(prefix):
                close = path.index("]")
                idx = int(path[len(prefix) : close])
                if idx < len(mapping):
                    return f"{name}[{mapping[idx]}]{path[close + 1 :]}"
        return path

    def finding(
        self,
        field_path: str,
        rule: str,
        severity: Severity,
        message: str,
        *,
        start: int | None = None,
        end: int | None = None,
        match: str = "",
        suggestion: str | None = None,
        reference: str = "",
        key: bool = False,
    ) -> Finding:
        field_path = self.field_path(field_path)
        if key:
            s, e = self.source.key_span(field_path)
        else:
            s, e = self.source.span(field_path, start, end)
        if start is not None and not match:
            match = self.text[s:e]
        return self.finding_at(
            s, e, field_path, rule, severity, message, match=match, suggestion=suggestion,
            reference=reference,
        )  # fmt: skip

    def report(
        self,
        rule: str,
        variant: str | None = None,
        field_path: str = "",
        /,
        **kw: Any,
    ) -> Finding:
        """Add a finding of a ``draft/*`` rule (see ``make``) to the draft's findings."""
        found = self.make(rule, variant, field_path, **kw)
        self.findings.append(found)
        return found

    def make(
        self,
        rule: str,
        variant: str | None = None,
        field_path: str = "",
        /,
        *,
        at: tuple[int, int] | None = None,
        key: bool = False,
        match: str | None = None,
        **values: Any,
    ) -> Finding:
        """A finding of a ``draft/*`` rule, its texts from the messages (variant `variant`), at
        a field (its key with `key`), or at the file characters ``at``.  The first three
        parameters are positional only: ``rule=`` is a placeholder of a message (the
        ``draft/internal-error`` text names the rule that crashed)."""
        text = (self.messages or builtin()).text(rule, variant, **values)
        if at is not None:
            start, end = at
            start = max(0, min(start, len(self.text)))
            end = min(max(end, start), len(self.text))
            shown = self.text[start:end] if match is None else match
            found = self.finding_at(
                start, end, field_path, rule, text.severity, text.message, match=shown
            )
        else:
            found = self.finding(
                field_path, rule, text.severity, text.message, key=key, match=match or ""
            )
        found.suggestion, found.reference = text.suggestion, text.reference
        return found

    def finding_at(
        self,
        start: int,
        end: int,
        field_path: str,
        rule: str,
        severity: Severity,
        message: str,
        *,
        match: str = "",
        suggestion: str | None = None,
        reference: str = "",
    ) -> Finding:
        """A finding at the file characters [start, end)."""
        line, col = self.source.position(start)
        end_line, end_col = self.source.position(end)
        return Finding(
            path=self.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            field=field_path,
            rule=rule,
            severity=severity,
            match=match,
            message=message,
            suggestion=suggestion,
            reference=reference,
        )


# -- decoding ----------------------------------------------------------------------------------
def decode(raw: bytes) -> tuple[str | None, str, bool]:
    """Return (text, encoding, had_bom); text is None for undecodable/binary input."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8", True
        except UnicodeDecodeError:
            return None, "binary", True
    if b"\x00" in raw:
        return None, "binary", False
    try:
        return raw.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError:
        return None, "binary", False


# -- the loader --------------------------------------------------------------------------------
Content = tuple[bytes | None, int] | OSError  # what read_limited returned, or its error


def read_content(file: Path, limits: Limits) -> Content:
    """``read_limited`` with its error as a value (to be read in one process, used in another)."""
    try:
        return read_limited(file, limits.max_file_bytes)
    except OSError as exc:
        return exc


def load_draft(
    file: Path,
    display: str | None = None,
    limits: Limits | None = None,
    content: Content | None = None,
    messages: Messages | None = None,
) -> list[LoadedDraft]:
    """Load one file (a ``.jsonl`` file holds one draft per line); `content`: the file as
    ``read_content`` already read it."""
    limits = limits or Limits()
    display = display if display is not None else str(file)
    if not has_draft_suffix(file):
        # a JPEG, PDF or README named on the command line (pre-commit passes what its `files`
        # pattern lets through): never a draft, never read; counted as skipped
        other = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None, messages=messages)
        other.not_draft = True
        return [other]
    if content is None:
        content = read_content(file, limits)
    if isinstance(content, OSError):
        empty = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None, messages=messages)
        empty.report("draft/unreadable", reason=os_problem(content))
        return [empty]
    raw, size = content
    if raw is None:
        return [_too_large(file, display, size, limits, messages)]
    return load_bytes(raw, file, display, limits, messages)


def outside_link(
    file: Path, display: str, target: str, messages: Messages | None = None
) -> LoadedDraft:
    """A draft file that is a symbolic link leading out of the checked folder: reported
    (``draft/outside-link``), never read (``listlint.files.outside_links``)."""
    doc = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None, messages=messages)
    shown = target.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    doc.report("draft/outside-link", target=shown)
    return doc


def load_bytes(
    raw: bytes,
    file: Path,
    display: str,
    limits: Limits | None = None,
    messages: Messages | None = None,
) -> list[LoadedDraft]:
    limits = limits or Limits()
    if len(raw) > limits.max_file_bytes:
        return [_too_large(file, display, len(raw), limits, messages)]
    text, encoding, bom = decode(raw)
    if text is None:
        broken = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None, encoding=encoding,
                             messages=messages)  # fmt: skip
        broken.report("draft/encoding", "binary")
        return [broken]
    if file.suffix.lower() == ".jsonl":
        docs = _load_jsonl(text, file, display, limits, messages)
    else:
        as_json = file.suffix.lower() == ".json"
        docs = [
            load_text(text, file, display, limits, as_json=as_json, messages=messages, sniff=True)
        ]
    for doc in docs:
        doc.encoding, doc.bom = encoding, bom
        if encoding != "utf-8":
            found = doc.report("draft/encoding")
            doc.findings.insert(0, doc.findings.pop())  # first: it explains what follows
            assert found is doc.findings[0]
    return docs


def _too_large(
    file: Path, display: str, size: int, limits: Limits, messages: Messages | None
) -> LoadedDraft:
    doc = LoadedDraft(display, file, "", sourcemap.SourceMap(""), None, messages=messages)
    doc.report("draft/too-large", size=f"{size:,}", limit=f"{limits.max_file_bytes:,}")
    return doc


def _load_jsonl(
    text: str, file: Path, display: str, limits: Limits, messages: Messages | None
) -> list[LoadedDraft]:
    """One draft per non-blank line.  The lines share one index of line starts, so positions
    cost a binary search whatever the number of lines (linear in the file, not quadratic)."""
    docs: list[LoadedDraft] = []
    starts = sourcemap.line_starts(text)
    base = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            docs.append(
                load_text(
                    text,
                    file,
                    display,
                    limits,
                    as_json=True,
                    base=base,
                    end=base + len(body),
                    messages=messages,
                    starts=starts,
                )
            )
        base += len(line)
    return docs


def load_text(
    text: str,
    file: Path,
    display: str,
    limits: Limits | None = None,
    *,
    as_json: bool = False,
    base: int = 0,
    end: int | None = None,
    messages: Messages | None = None,
    starts: list[int] | None = None,
    sniff: bool = False,
) -> LoadedDraft:
    """Load one draft from `text`.  With `sniff` (a whole file), a parsed file that holds no
    draft keys (``docker-compose.yml``, ``package.json``) is marked ``not_draft``; a file that
    cannot be parsed is always a draft."""
    limits = limits or Limits()
    body = text[base:end] if (base or end is not None) else text
    doc = LoadedDraft(display, file, text, sourcemap.SourceMap(text, base, _line_starts=starts),
                      None, messages=messages)  # fmt: skip
    # the estimate never exceeds the text's length: a short draft cannot be too deep
    if len(body) > limits.max_depth and nesting_estimate(body) > limits.max_depth:
        doc.report("draft/too-large", "depth", limit=limits.max_depth)
        return doc
    try:
        data, source, lone = _parse(body, doc, as_json, limits)
    except sourcemap.NodeBudgetExceeded:
        doc.report("draft/too-large", "nodes", limit=f"{limits.max_nodes:,}")
        return doc
    if doc.findings or source is None:
        return doc
    doc.source = source
    # loaded whole all the same: a config ``include`` glob may make it a draft (the checker
    # decides, listlint.engine.run)
    doc.not_draft = sniff and not looks_like_draft(data)
    _duplicates(doc)
    if lone:
        doc.report("draft/encoding", "surrogates", at=(lone[0], lone[0] + 6), count=len(lone))
    if data is None:
        doc.report("draft/schema", "empty")
        return doc
    if not isinstance(data, dict):
        doc.report("draft/schema", "not-mapping")
        return doc
    from listlint.draft.validate import validate

    validate(doc, data)
    return doc


# keys only a draft has: one of them (or a close misspelling: titel, catgory) makes a draft
_DRAFT_KEYS = ("title", "category", "subtitle", "brand", "brand_owner", "selling_points", "skus",
               "documents", "listlint-disable")  # fmt: skip
# keys other files have too (package.json has a description): two of them make a draft
_SHARED_KEYS = frozenset({"platform", "description", "attributes", "images"})


def looks_like_draft(data: Any) -> bool:
    """Whether parsed YAML/JSON is meant as a draft: a mapping with a draft key (or a close
    misspelling of one) or two keys drafts share with other files; a list holding such a
    mapping; anything else that is not a mapping or a list (empty, a lone value: a draft
    written wrong, reported as such).  A mapping or list without draft keys (a
    ``docker-compose.yml``, a ``package.json``) is not a draft."""
    if isinstance(data, list):
        return any(isinstance(item, dict) and looks_like_draft(item) for item in data)
    if not isinstance(data, dict):
        return True
    keys = [k for k in data if isinstance(k, str)]
    if any(k in _DRAFT_KEYS for k in keys) or len(_SHARED_KEYS.intersection(keys)) >= 2:
        return True
    import difflib

    return any(difflib.get_close_matches(k, _DRAFT_KEYS, n=1, cutoff=0.8) for k in keys)


def _duplicates(doc: LoadedDraft) -> None:
    """``draft/duplicate-key`` at every occurrence of a key written twice in one mapping."""
    if not doc.source.duplicates:
        return
    groups: dict[str, list[tuple[int, int]]] = {}
    for path, key_start, key_end in doc.source.duplicates:
        groups.setdefault(path, []).append((key_start, key_end))
    for path, places in groups.items():
        if len(places) < 2:
            continue
        lines = "、".join(str(doc.source.position(s)[0]) for s, _ in places)
        name = path.rsplit(".", 1)[-1]
        for start, stop in places:
            found = doc.report("draft/duplicate-key", path, at=(start, stop), name=name,
                               count=len(places), lines=lines)  # fmt: skip
            found.field = path


_SURROGATE_ESCAPES = re.compile(
    r"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


def _mend_surrogates(body: str) -> tuple[str, list[int]]:
    """Replace each lone surrogate escape (``\\ud800`` not part of a pair) by ``\\ufffd``:
    the same length, so every index stays put.  Python's json would decode it into a string
    that cannot be written as UTF-8 (every report would fail)."""
    if "\\" not in body:
        return body, []
    lone: list[int] = []

    def mend(m: re.Match[str]) -> str:
        token = m.group()
        if len(token) == 6:
            lone.append(m.start())
            return "\\ufffd"
        return token

    mended = _SURROGATE_ESCAPES.sub(mend, body)
    return mended, lone


def _parse(
    body: str, doc: LoadedDraft, as_json: bool, limits: Limits
) -> tuple[Any, sourcemap.SourceMap | None, list[int]]:
    """(data, source map, lone surrogate escapes); a syntax error becomes a finding of `doc`.
    Raises NodeBudgetExceeded."""
    base = doc.source.base
    starts = doc.source._line_starts
    loader: Any = None
    fmt = "JSON" if as_json else "YAML"
    try:
        if as_json:
            mended, lone = _mend_surrogates(body)
            if not mended.strip():
                return None, sourcemap.SourceMap(doc.text, base, _line_starts=starts), lone
            data = json.loads(mended)
            smap = sourcemap.build_json(mended, doc.text, base, limits.max_nodes)
            smap._line_starts = starts or smap._line_starts
            return data, smap, lone
        if len(body) * 2 >= limits.max_nodes:  # could hold more nodes than the budget
            count_nodes(body, limits.max_nodes)
        loader = BoundedSafeLoader(body, limits.max_nodes)
        node = loader.get_single_node()
        data = construct(loader, node) if node is not None else None
        source = sourcemap.build(node, doc.text, base, limits.max_nodes, loader.merged)
        return data, source, []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index = base + (mark.index if mark else 0)
        problem = _problem(doc, (exc.problem or exc.context or "").strip())
        doc.report("draft/syntax", at=(index, index + 1), match="", format=fmt, problem=problem)
    except json.JSONDecodeError as exc:
        index = base + exc.pos
        doc.report("draft/syntax", at=(index, index + 1), match="", format=fmt,
                   problem=_problem(doc, exc.msg))  # fmt: skip
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        doc.report("draft/syntax", "other", problem=_problem(doc, str(exc)))
    finally:
        if loader is not None:
            loader.dispose()
    return None, None, []


def _problem(doc: LoadedDraft, problem: str) -> str:
    """The parser's problem in Chinese, from the draft pack's ``data.yaml_problems`` (PyYAML's
    text when it is not listed); JSON's messages are translated the same way."""
    table = (doc.messages or builtin()).data("draft/syntax").get("yaml_problems") or {}
    if not problem:
        return "语法错误"
    for english, chinese in table.items():
        if problem.startswith(english):
            return str(chinese)
    return problem
