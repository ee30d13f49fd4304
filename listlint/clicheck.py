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
    notes: list[str] = field(default_factory=list)


def _fail(message: str) -> typer.Exit:
    from listlint.cliutil import fail

    return fail(message)


def run_check(options: Options, config: Config, linter: Any) -> int:
    known = _load_baseline(options)
    files = _files(options, config)
    outside = {} if config.follow_links else _outside(files, options.paths)
    if options.fix or options.diff:
        inside = [f for f in files if f not in outside]
        _fix(linter, inside, write=options.fix and not options.diff)
    from listlint.report import REGISTRY

    keep = REGISTRY[options.format].sources and not options.statistics
    report = _check(
        linter, config, files, keep_sources=keep or options.output is not None, outside=outside
    )
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

    files = list(discover(options.paths, config.exclude))
    if options.shard is not None:
        files = select_shard(files, options.paths, *options.shard)
    return files


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
        raise _fail(f"无法写入 {options.output}：{exc.strerror or exc}") from None
