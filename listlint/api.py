"""The library API: lint a text, a draft held in memory, or files, from Python.

    >>> from listlint import lint_text, lint_draft, lint_paths
    >>> [f.rule for f in lint_text("全网最好的纯棉T恤", field="title", category="服装/女装/T恤")]
    ['adlaw/absolute-terms']

Nothing here writes to the working directory, changes global state (no signal handlers, no
garbage-collector tuning, no process pools) or prints.  ``Linter`` builds its resources (rule
packs, platforms, lexicons) once; the module functions keep one ``Linter`` per config.  The only
files written are listlint's own per-user caches of compiled packs and of the segmentation
dictionary (``LISTLINT_NO_CACHE=1`` turns them off).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listlint.config import Config, ConfigError, load_config
from listlint.draft.load import LoadedDraft, load_draft, load_text
from listlint.engine.run import Checker
from listlint.findings import NOT_A_DRAFT, SORT_KEY, Finding, Severity
from listlint.results import ROW_COUNTS, FindingStream, Report

if TYPE_CHECKING:
    from listlint.engine.resources import Resources

ConfigLike = Config | Mapping[str, Any] | str | Path | None
IN_MEMORY = "<draft>"
TEXT = "<text>"


def as_config(config: ConfigLike) -> Config:
    """A Config from a Config, a mapping of config keys, or a config file path."""
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, str | Path):
        return load_config(Path(config))
    from pydantic import ValidationError

    try:
        return Config.model_validate(dict(config))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise ConfigError(f"`{'.'.join(map(str, err['loc']))}`: {err['msg']}") from None


def build_resources(config: Config) -> Resources:
    """Resources for `config`: packs loaded and self-tested, platforms, lexicons; every config
    value checked (a ``PackError`` or ``ConfigError`` otherwise)."""
    from listlint.config import validate_against
    from listlint.engine import selftest
    from listlint.engine.resources import Resources

    resources = Resources(config)
    validate_against(config, resources)
    selftest.run_all(Checker(resources))
    return resources


class Linter:
    """Lints drafts with one config; its resources are built once and reused."""

    def __init__(
        self,
        config: ConfigLike = None,
        *,
        resources: Resources | None = None,
        today: date | None = None,
    ) -> None:
        self.config = as_config(config) if resources is None else resources.config
        self.resources = resources or build_resources(self.config)
        self.checker = Checker(self.resources, today)

    @classmethod
    def cached(cls, config: ConfigLike = None, *, today: date | None = None) -> Linter:
        """A linter whose resources come from the per-user compiled cache when nothing changed
        (what the command line uses: ≈ 40 ms instead of ≈ 2 s)."""
        from listlint.engine import cache

        resolved = as_config(config)
        resources, key = cache.load(resolved, build_resources)
        linter = cls(resources=resources, today=today)
        linter.cache_key = key
        return linter

    cache_key: str = ""

    # -- texts and drafts in memory ---------------------------------------------------------
    def lint_text(
        self,
        text: str,
        *,
        field: str = "description",
        category: str | None = None,
        platform: str | None = None,
    ) -> list[Finding]:
        """Findings of one text as field `field` (title, subtitle, description …) of a listing
        in `category` on `platform`; lines and columns are those of the text itself."""
        data: dict[str, Any] = {"category": category or "其他", "title": ""}
        if platform:
            data["platform"] = platform
        if field in ("selling_points",):
            data[field] = [text]
            path = "selling_points[0]"
        else:
            data[field] = text
            path = field
        doc = self._doc(data, TEXT)
        found = self._shown(self.checker.check_doc(doc))
        return sorted(
            (_relocate(f, doc, path, text) for f in found if f.field == path),
            key=SORT_KEY,
        )

    def lint_draft(self, draft: Mapping[str, Any] | str | Path) -> list[Finding]:
        """Findings of a draft: a mapping in the draft format, or the path of a draft file.
        For a mapping, ``path`` is ``<draft>`` and lines and columns refer to its JSON form
        (``json.dumps(draft, ensure_ascii=False, indent=2)``); relative image and document paths
        are relative to the working directory."""
        if isinstance(draft, str | Path):
            path = Path(draft)
            return self._shown(self._file(path, str(path)))
        doc = self._doc(dict(draft), IN_MEMORY)
        return sorted(self._shown(self.checker.check_doc(doc)), key=SORT_KEY)

    def lint_paths(self, paths: Iterable[str | Path]) -> Report:
        """Check files and folders (folders are walked as ``listlint check`` walks them), in
        this process, in a stable order."""
        from listlint.draft.catalogue import is_catalogue
        from listlint.draft.load import outside_link
        from listlint.files import discover, display_paths, outside_links

        roots = [Path(p) for p in paths]
        files = list(discover(roots, self.config.exclude, self.config.base_dir()))
        outside = {} if self.config.follow_links else outside_links(files, roots)
        shown = display_paths(files)
        findings: list[Finding] = []
        rows: Counter[str] = Counter()
        config = self.config
        for file, display in zip(files, shown, strict=True):
            if file in outside:  # a link out of the checked folder: reported, never read
                doc = outside_link(file, display, outside[file], self.resources.messages)
                findings.extend(self.checker.check_doc(doc))
            elif is_catalogue(file, display, config.catalogues, config.max_file_bytes):
                stream = self.lint_catalogue(file, display)
                findings.extend(stream)
                rows.update(stream.stats)
                rows["catalogues"] += 1
                rows["advice_hidden"] += stream.hidden
            else:
                findings.extend(self._file(file, display))
        findings.sort(key=SORT_KEY)
        report = self.report(findings, files=len(files), paths=shown)
        report.advice_hidden += rows.pop("advice_hidden", 0)
        report.stats.update(rows)
        return report

    def lint_catalogue(self, path: str | Path, display: str | None = None) -> FindingStream:
        """Findings of a catalogue (JSON lines, CSV, xlsx: one listing a row), checked row by
        row in this process and handed on as they come: iterate it once; its ``stats`` count
        the rows read, checked and rejected when it is done.  Raises ``CatalogueError`` for a
        file that cannot be read as a catalogue at all."""
        from listlint.draft.catalogue import RowChecker, open_catalogue, read_rows

        path = Path(path)
        config = self.config
        meta = open_catalogue(path, display or str(path), config.catalogue, config.max_file_bytes)
        resources = self.resources
        checker = RowChecker(meta, resources.limits, resources.messages, self.checker.check_doc)

        def produce() -> Iterator[Finding]:
            yield from checker.file_findings()
            for key in ROW_COUNTS:
                stream.stats[key] += 0
            usable = meta.mapping.usable  # without a title or category column: counted only
            for record in read_rows(meta):
                stream.stats["rows_read"] += 1
                if not usable:
                    stream.stats["rows_rejected"] += 1
                    continue
                found, checked = checker.row(record)
                stream.stats["rows_checked" if checked else "rows_rejected"] += 1
                yield from found

        stream = FindingStream(produce(), hide_advice=not config.advice)
        return stream

    def report(self, findings: list[Finding], *, files: int, paths: list[str]) -> Report:
        """The run's report: advice is left out (and counted) unless the config asks for it."""
        resources = self.resources
        skipped = {f.path for f in findings if f.rule == NOT_A_DRAFT}
        if skipped:  # files without draft keys: counted, not reported
            findings = [f for f in findings if f.rule != NOT_A_DRAFT]
            paths = [p for p in paths if p not in skipped]
            files -= len(skipped)
        hidden = 0
        if not self.config.advice:
            shown = [f for f in findings if f.severity is not Severity.ADVICE]
            hidden, findings = len(findings) - len(shown), shown
        return Report(
            files=files,
            findings=findings,
            rules=resources.rules,
            selected=frozenset(r.id for r in resources.rules if resources.selection.selected(r.id)),
            paths=paths,
            today=self.checker.today(),
            fail_on=self.config.fail_on,
            advice_hidden=hidden,
            skipped_non_drafts=len(skipped),
        )

    # -- helpers ----------------------------------------------------------------------------
    def _shown(self, findings: list[Finding]) -> list[Finding]:
        """Advice only when the config asks for it (``advice: true``), as in reports."""
        if self.config.advice:
            return findings
        return [f for f in findings if f.severity is not Severity.ADVICE]

    def _file(self, path: Path, display: str) -> list[Finding]:
        found: list[Finding] = []
        for doc in load_draft(path, display, self.resources.limits, None, self.resources.messages):
            found.extend(self.checker.check_doc(doc))
        return sorted(found, key=SORT_KEY)

    def _doc(self, data: dict[str, Any], display: str) -> LoadedDraft:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        return load_text(
            text, Path.cwd() / "draft.json", display, self.resources.limits, as_json=True,
            messages=self.resources.messages,
        )  # fmt: skip


def _relocate(f: Finding, doc: LoadedDraft, path: str, text: str) -> Finding:
    """Move a finding from the JSON form of a one-field draft to positions in `text`."""
    from dataclasses import replace

    f = replace(f, path=TEXT)
    smap = doc.source
    starts = smap._line_starts or []
    try:
        start = starts[f.line - 1] + f.column - 1
        end = starts[f.end_line - 1] + f.end_column - 1
    except IndexError:
        return f
    span = smap.value_index(path, start, end)
    if span is None:
        f.line = f.column = f.end_line = f.end_column = 1
        return f
    i, j = span
    f.line, f.column = _position(text, i)
    f.end_line, f.end_column = _position(text, j)
    return f


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# -- module functions: one Linter per config, built on first use ---------------------------------
_linters: dict[str, Linter] = {}
_lock = threading.Lock()


def _linter(config: ConfigLike) -> Linter:
    resolved = as_config(config)
    key = resolved.model_dump_json()
    with _lock:
        found = _linters.get(key)
        if found is None:
            if len(_linters) >= 8:
                _linters.clear()
            found = _linters[key] = Linter(resolved)
    return found


def lint_text(
    text: str,
    *,
    field: str = "description",
    category: str | None = None,
    platform: str | None = None,
    config: ConfigLike = None,
) -> list[Finding]:
    """Findings of one text (see ``Linter.lint_text``)."""
    return _linter(config).lint_text(text, field=field, category=category, platform=platform)


def lint_draft(
    draft: Mapping[str, Any] | str | Path, *, config: ConfigLike = None
) -> list[Finding]:
    """Findings of one draft, in memory or in a file (see ``Linter.lint_draft``)."""
    return _linter(config).lint_draft(draft)


def lint_paths(paths: Iterable[str | Path], *, config: ConfigLike = None) -> Report:
    """Findings of files and folders (see ``Linter.lint_paths``)."""
    return _linter(config).lint_paths(paths)
