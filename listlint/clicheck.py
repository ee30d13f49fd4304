"""``listlint check`` once its options are parsed: find the files, fix them if asked, check
them (``listlint.batch``: processes, result cache, progress bar), apply a baseline, write the
report.  Returns the exit status."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import typer

from listlint.config import Config
from listlint.data import os_problem
from listlint.findings import printable
from listlint.results import Report


@dataclass
class Options:
    paths: list[Path]
    format: str = "tree"
    output: Path | None = None
    no_color: bool = False
    today: date | None = None
    fix: bool = False
    diff: bool = False
    exit_zero: bool = False
    statistics: bool = False
    shard: tuple[int, int] | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    scheduler: str | None = None
    notes: list[str] = field(default_factory=list)


def _fail(message: str) -> typer.Exit:
    from listlint.cliutil import fail

    return fail(message)


def run_check(options: Options, config: Config, linter: Any) -> int:
    known = _load_baseline(options)
    found = _files(options, config)
    outside = {} if config.follow_links else _outside(found, options.paths)
    files, catalogues = _split(found, config, outside)
    metas = _open_catalogues(config, catalogues)
    if options.fix or options.diff:
        inside = [f for f in files if f not in outside]
        _fix(linter, inside, write=options.fix and not options.diff)
    from listlint.report import REGISTRY

    keep = REGISTRY[options.format].sources and not options.statistics
    report = _check(
        linter, config, files, keep_sources=keep or options.output is not None, outside=outside
    )
    if metas:
        _with_catalogues(report, linter, config, metas, options)
    if options.write_baseline is not None:
        return _write_baseline(options.write_baseline, report)
    if known is not None and options.baseline is not None:
        _apply_baseline(report, known, options.baseline)
    if not options.diff:  # with --diff the diff is the output; the status is still the check's
        _emit(report, options)
    return 0 if options.exit_zero or not report.failed(config.fail_on) else 1


def _load_baseline(options: Options) -> Any:
    if options.baseline is None or options.write_baseline is not None:
        return None
    from listlint.baseline import BaselineError, load

    try:
        return load(options.baseline)
    except BaselineError as exc:
        raise _fail(str(exc)) from None


def _files(options: Options, config: Config) -> list[Path]:
    from listlint.files import discover, select_shard

    files = list(discover(options.paths, config.exclude, config.base_dir()))
    if options.shard is not None:
        files = select_shard(files, options.paths, *options.shard)
    return files


def _split(
    files: list[Path], config: Config, outside: dict[Path, str]
) -> tuple[list[Path], list[Path]]:
    """(drafts, catalogues): catalogues are streamed row by row (see README "Catalogues");
    a link out of the checked folder stays with the drafts, to be reported and never read."""
    from listlint.draft.catalogue import is_catalogue
    from listlint.files import display_paths

    drafts: list[Path] = []
    catalogues: list[Path] = []
    for file, shown in zip(files, display_paths(files), strict=True):
        wanted = file not in outside and is_catalogue(
            file, shown, config.catalogues, config.max_file_bytes
        )
        (catalogues if wanted else drafts).append(file)
    return drafts, catalogues


def _open_catalogues(config: Config, files: list[Path]) -> list[Any]:
    """Every catalogue's head, before anything is reported: one that cannot be read at all
    stops the run (exit status 2) with its reason in Chinese."""
    if not files:
        return []
    from listlint.batch.catalogue import open_all
    from listlint.draft.catalogue import CatalogueError
    from listlint.files import display_paths

    try:
        return sorted(open_all(config, files, display_paths(files)), key=lambda m: m.display)
    except CatalogueError as exc:
        raise _fail(str(exc)) from None


def _with_catalogues(
    report: Report, linter: Any, config: Config, metas: list[Any], options: Options
) -> None:
    """Add the catalogues to the report: their findings stream into it in report order (by
    path, then row), after or between the drafts' findings; formats that need every finding
    at once (SARIF, JUnit, GitHub, a baseline) get them as a list."""
    from listlint.report import REGISTRY
    from listlint.results import ROW_COUNTS, FindingStream

    report.files += len(metas)
    report.paths.extend(m.display for m in metas)
    report.stats["catalogues"] = len(metas)
    for key in ROW_COUNTS:
        report.stats[key] += 0
    drafts = report.findings
    assert isinstance(drafts, list)
    remote = _scheduler(options.scheduler, config, linter) if options.scheduler else None
    stream = FindingStream(
        _merged(drafts, metas, linter, config, remote, report), hide_advice=not config.advice
    )
    streams = REGISTRY[options.format].streams or options.statistics
    if streams and options.baseline is None and options.write_baseline is None:
        report.findings = stream
    else:
        report.findings = list(stream)
        report.advice_hidden += stream.hidden


def _merged(
    drafts: list[Any],
    metas: list[Any],
    linter: Any,
    config: Config,
    remote: Any,
    report: Report,
) -> Any:
    """The drafts' findings (sorted) and each catalogue's stream, in path order."""
    try:
        i = 0
        for meta in metas:
            while i < len(drafts) and drafts[i].path < meta.display:
                yield drafts[i]
                i += 1
            yield from _catalogue(linter, config, meta, report, remote)
        yield from drafts[i:]
    finally:
        if remote is not None:
            remote.close()


def _scheduler(address: str, config: Config, linter: Any) -> Any:
    try:
        from listlint.batch.dask import SchedulerRun
    except ImportError:
        raise _fail("--scheduler 需要 Dask：pip install 'listlint[dask]'") from None
    try:
        return SchedulerRun(address, config, linter.checker.today())
    except (OSError, TimeoutError) as exc:
        raise _fail(f"无法连接 Dask 调度器 {address}：{exc}") from None


def _catalogue(linter: Any, config: Config, meta: Any, report: Report, remote: Any) -> Any:
    from listlint.batch import batch_gc
    from listlint.batch.catalogue import check_catalogue
    from listlint.draft.catalogue import RowStats
    from listlint.progress import Progress, RowProgress

    stats = RowStats()
    total = meta.total_rows if meta.format == "xlsx" else meta.size
    progress = RowProgress(total, enabled=Progress.wanted(), what=f"检查 {meta.display}")
    try:
        with batch_gc():
            yield from check_catalogue(
                linter.checker,
                meta,
                stats,
                jobs=config.jobs,
                rows_per_chunk=config.catalogue.rows_per_chunk,
                progress=progress.advance,
                remote=remote,
            )
    finally:
        progress.close()
        report.stats.update(stats.counter())


def _outside(files: list[Path], roots: list[Path]) -> dict[Path, str]:
    from listlint.files import outside_links

    return outside_links(files, roots)


def _check(
    linter: Any,
    config: Config,
    files: list[Path],
    *,
    keep_sources: bool,
    outside: dict[Path, str] | None = None,
) -> Report:
    """Check `files`; those in `outside` (links leading out of the checked folder) are
    reported by ``draft/outside-link`` and never read."""
    from listlint.batch import batch_gc, run
    from listlint.engine.resultcache import ResultCache
    from listlint.files import display_paths
    from listlint.findings import SORT_KEY
    from listlint.progress import Progress

    shown = display_paths(files)
    skipped = [(f, d) for f, d in zip(files, shown, strict=True) if outside and f in outside]
    if skipped:
        kept = [(f, d) for f, d in zip(files, shown, strict=True) if f not in outside]
        todo, todo_shown = [f for f, _ in kept], [d for _, d in kept]
    else:
        todo, todo_shown = files, shown
    cache = None
    if config.cache and linter.cache_key:
        cache = ResultCache(config.base_dir(), linter.cache_key, linter.checker.today().isoformat())
    progress = Progress(len(todo), enabled=Progress.wanted())
    sources: dict[str, bytes] | None = {} if keep_sources else None
    try:
        with batch_gc():
            findings = run(
                linter.checker,
                todo,
                jobs=config.jobs,
                progress=progress,
                displays=todo_shown,
                cache=cache,
                sources=sources,
            )
    finally:
        progress.close()
    if skipped:
        findings.extend(_outside_findings(linter, skipped, outside or {}))
    findings.sort(key=SORT_KEY)
    report = linter.report(findings, files=len(files), paths=shown)
    report.sources = sources or {}
    return report


def _outside_findings(
    linter: Any, skipped: list[tuple[Path, str]], outside: dict[Path, str]
) -> list[Any]:
    from listlint.draft.load import outside_link

    messages = linter.resources.messages
    out: list[Any] = []
    for file, display in skipped:
        out.extend(linter.checker.check_doc(outside_link(file, display, outside[file], messages)))
    return out


def _fix(linter: Any, files: list[Path], *, write: bool) -> None:
    from listlint.files import display_path
    from listlint.fix import FixError, fix_file

    for file in files:
        shown = display_path(file)
        try:
            result = fix_file(linter.checker, file, shown, write=write)
        except (OSError, FixError) as exc:
            typer.echo(printable(f"listlint: 未能修复 {shown}：{exc}"), err=True)
            continue
        if result is None:
            continue
        if write:
            typer.echo(printable(f"已修复 {shown} 中的 {result.applied} 处问题"), err=True)
        else:
            sys.stdout.write(result.diff(shown))


def _write_baseline(target: Path, report: Report) -> int:
    from listlint.baseline import BaselineError, write

    try:
        count = write(report.findings, target)
    except (OSError, BaselineError) as exc:
        raise _fail(f"无法写入基线文件 {target}：{exc}") from None
    typer.echo(
        f"listlint: 已把 {report.files} 个文件中的 {count} 个问题记录到基线 {target}", err=True
    )
    return 0


def _apply_baseline(report: Report, known: Any, baseline: Path) -> None:
    from listlint.baseline import apply

    filtered = apply(report.findings, known, baseline, report.paths)
    report.findings = filtered.findings
    if filtered.hidden:
        report.notes.append(f"{filtered.hidden} 个已知问题记录在基线 {baseline} 中，未列出")
    if filtered.stale:
        report.notes.append(
            f"基线中有 {filtered.stale} 个问题已不再出现，可用 --write-baseline {baseline} 更新基线"
        )


def _emit(report: Report, options: Options) -> None:
    from listlint.cliutil import output as _output
    from listlint.report import REGISTRY, Output

    fmt = REGISTRY[options.format]
    if options.statistics:
        from listlint.report.statistics import write_statistics

        write_statistics(report, options.format, _output(options.no_color))
    elif options.output is not None:
        from rich.text import Text

        from listlint.report.tree import console_for, render_summary

        _write_file(report, options)
        console = console_for(_output(options.no_color))
        render_summary(report, console)
        console.print(Text(printable(f"报告已写入 {options.output}"), style="dim"))
    else:
        fmt.writer()(report, _output(options.no_color))
        if fmt.summary_after:
            from listlint.report.tree import console_for, render_summary

            render_summary(report, console_for(Output(sys.stderr)))
    if options.format == "tree" or options.output is not None:
        for note in report.notes:
            typer.echo(printable(f"listlint: {note}"), err=True)


def _write_file(report: Report, options: Options) -> None:
    import io

    from listlint.report import REGISTRY, Output
    from listlint.safewrite import write_file

    assert options.output is not None
    text = io.StringIO()
    REGISTRY[options.format].writer()(report, Output(text, width=120))
    try:  # never through a link planted at the report's name (listlint.safewrite)
        write_file(options.output, text.getvalue().encode("utf-8"))
    except OSError as exc:
        raise _fail(f"无法写入 {options.output}：{os_problem(exc)}") from None
