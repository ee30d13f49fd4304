"""The command line: parse options, build a Config, call the library, hand findings to a reporter.

Exit status: 0 no finding reaches --fail-on; 1 one does; 2 listlint itself cannot run."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from listlint import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="listlint: compliance linter for Chinese e-commerce product listings (电商商品合规检查).",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    tree = "tree"
    concise = "concise"
    json = "json"
    json_lines = "json-lines"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class PlatformName(StrEnum):
    taobao = "taobao"
    tmall = "tmall"
    jd = "jd"
    pdd = "pdd"
    douyin = "douyin"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"listlint: error: {message}", err=True)
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"listlint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """listlint checks product drafts (YAML/JSON) against advertising law and platform rules."""


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def build_config(
    paths: list[Path],
    config_file: Path | None,
    **overrides: Any,
) -> Any:
    from listlint.config import ConfigError, find_config, load_config, merge

    try:
        if config_file is not None:
            if not config_file.is_file():
                raise _fail(f"config file not found: {config_file}")
            found: Path | None = config_file
        else:
            found = find_config(paths[0] if paths else Path.cwd())
        config = load_config(found)
        return merge(config, **overrides)
    except ConfigError as exc:
        raise _fail(f"bad config: {exc}") from None


def _engine(config: Any) -> Any:
    from listlint.engine import Engine
    from listlint.packs.loader import PackError

    try:
        return Engine.load(config)
    except PackError as exc:
        raise _fail(f"bad rule pack: {exc}") from None


def _console(no_color: bool, stderr: bool = False) -> Any:
    from rich.console import Console

    console = Console(
        no_color=no_color or bool(os.environ.get("NO_COLOR")), stderr=stderr, highlight=False
    )
    if not console.is_terminal:
        console.width = 200  # pipes and logs: wide lines rather than wrapped ones
    return console


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(v) for v in value.split("/"))
    except ValueError:
        raise _fail(f"--shard must look like I/N (e.g. 1/4), not {value!r}") from None
    if count < 1 or not 1 <= index <= count:
        raise _fail(f"--shard {value}: need 1 <= I <= N")
    return index, count


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def default_format() -> Format:
    """GitHub annotations inside GitHub Actions, the tree elsewhere."""
    return Format.github if os.environ.get("GITHUB_ACTIONS") == "true" else Format.tree


class _Progress:
    """A progress bar on stderr, shown only on a terminal outside CI and only once a run has
    taken more than `delay` seconds (short runs stay quiet)."""

    def __init__(self, total: int, *, enabled: bool, delay: float = 1.0) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.total, self.enabled, self.delay = total, enabled, delay
        self.done = 0
        self.bar: Any = None
        self.task: Any = None

    @staticmethod
    def wanted() -> bool:
        return sys.stderr.isatty() and not _in_ci() and os.environ.get("TERM", "") not in ("dumb",)

    def __call__(self, n: int) -> None:
        self.done += n
        if self.bar is None:
            if not self.enabled or self.done >= self.total:
                return
            if self.clock() - self.started < self.delay:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("检查草稿 checking"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("check", total=self.total, completed=self.done)
        self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@app.command()
def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Draft files or directories (.yaml .yml .json .jsonl).")
    ],
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: tree; github inside GitHub Actions).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report to this file; the terminal shows a summary."
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule ids or prefixes (comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these rule ids or prefixes.")
    ] = None,
    platform: Annotated[
        PlatformName | None,
        typer.Option("--platform", help="Default platform for drafts that name none."),
    ] = None,
    fail_on: Annotated[
        Level | None,
        typer.Option("--fail-on", help="Lowest severity that makes the exit status 1."),
    ] = None,
    pack: Annotated[
        list[Path] | None, typer.Option("--pack", help="Extra rule pack file (repeatable).")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Config file (default: found upward).")
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Date for expiry checks, YYYY-MM-DD.")
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply the fixes rules declare (atomic writes).")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when findings fail the run.")
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option("--statistics", help="Print the number of findings per rule instead."),
    ] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="I/N",
            help="Check only shard I of N (a stable split by path, for CI matrices).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings not recorded in this baseline."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Record the current findings as the baseline."),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Neither read nor write the result and pack caches."),
    ] = False,
) -> None:
    """Check drafts and report findings: a tree (default), concise lines, JSON, JSON lines,
    SARIF, GitHub annotations or JUnit XML."""
    from listlint.findings import SORT_KEY
    from listlint.runner import Report, discover, display_paths, run, select_shard

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        raise _fail(f"--today must be YYYY-MM-DD, not {today!r}") from None
    if jobs is not None and jobs < 0:
        raise _fail("--jobs must be 0 (all cores) or more")
    shard_spec = _shard(shard)
    for p in paths:
        if not p.exists():
            raise _fail(f"no such file or directory: {p}")
    known = None
    if baseline is not None and write_baseline is None:
        from listlint.baseline import BaselineError, load

        try:
            known = load(baseline)
        except BaselineError as exc:
            raise _fail(str(exc)) from None
    config = build_config(
        paths,
        config_file,
        select=_split(select),
        ignore=_split(ignore),
        platform=platform.value if platform else None,
        fail_on=fail_on.value if fail_on else None,
        packs=[str(p.resolve()) for p in pack or []],
        today=day,
        jobs=jobs,
        cache=False if no_cache else None,
    )
    engine = _engine(config)
    files = list(discover(paths, config.exclude))
    if shard_spec is not None:
        files = select_shard(files, paths, *shard_spec)
    if fix or diff:
        _fix(engine, files, write=fix and not diff)
    shown = display_paths(files)
    progress = _Progress(len(files), enabled=_Progress.wanted())
    try:
        findings = run(engine, files, jobs=config.jobs, progress=progress, displays=shown)
    finally:
        progress.close()
    findings.sort(key=SORT_KEY)
    report = Report(
        files=len(files),
        findings=findings,
        engine=engine,
        paths=shown,
    )

    if write_baseline is not None:
        from listlint.baseline import write

        try:
            count = write(findings, write_baseline)
        except OSError as exc:
            raise _fail(f"cannot write baseline {write_baseline}: {exc}") from None
        typer.echo(
            f"listlint: recorded {count} finding(s) in {len(files)} file(s) in {write_baseline}",
            err=True,
        )
        raise typer.Exit(0)

    notes: list[str] = []
    if known is not None and baseline is not None:
        from listlint.baseline import apply

        filtered = apply(findings, known, baseline, report.paths)
        report.findings = filtered.findings
        if filtered.hidden:
            notes.append(f"{filtered.hidden} 个已知问题记录在基线 {baseline} 中，未列出")
        if filtered.stale:
            notes.append(
                f"基线中有 {filtered.stale} 个问题已不再出现，"
                f"可用 --write-baseline {baseline} 更新基线"
            )

    fmt = format or default_format()
    if statistics:
        _statistics(report, fmt, no_color)
    elif output is not None:
        _write_report(report, fmt, output)
        console = _console(no_color)
        from listlint.report.tree import render_summary

        render_summary(report, console)
        console.print(f"报告已写入 report written to {output}", style="dim", highlight=False)
    else:
        _emit(report, fmt, no_color)
    if notes and (fmt is Format.tree or output is not None):
        for note in notes:
            typer.echo(f"listlint: {note}", err=True)
    raise typer.Exit(0 if exit_zero or not report.failed(config.fail_on) else 1)


def _fix(engine: Any, files: list[Path], *, write: bool) -> None:
    from listlint.fix import FixError, fix_file
    from listlint.runner import display_path

    for file in files:
        try:
            result = fix_file(engine, file, display_path(file), write=write)
        except (OSError, FixError) as exc:
            typer.echo(f"listlint: could not fix {file}: {exc}", err=True)
            continue
        if result is None:
            continue
        if write:
            typer.echo(f"fixed {result.applied} finding(s) in {display_path(file)}", err=True)
        else:
            sys.stdout.write(result.diff(display_path(file)))


def render_chunks(report: Any, fmt: Format) -> Iterable[str] | None:
    """The report in a machine format, as text chunks; None for the tree (a rich rendering)."""
    if fmt is Format.json:
        from listlint.report.machine import iter_json

        return iter_json(report)
    if fmt is Format.json_lines:
        from listlint.report.machine import iter_json_lines

        return iter_json_lines(report)
    if fmt is Format.concise:
        from listlint.report.machine import iter_concise

        return iter_concise(report)
    if fmt is Format.sarif:
        from listlint.report.sarif import to_sarif

        return [to_sarif(report)]
    if fmt is Format.github:
        from listlint.report.github import to_github

        return [to_github(report)]
    if fmt is Format.junit:
        from listlint.report.junit import to_junit

        return [to_junit(report)]
    return None


def render_text(report: Any, fmt: Format) -> str | None:
    """The report as one string in a machine format; None for the tree."""
    chunks = render_chunks(report, fmt)
    return None if chunks is None else "".join(chunks)


def _emit(report: Any, fmt: Format, no_color: bool) -> None:
    chunks = render_chunks(report, fmt)
    if chunks is not None:
        write = sys.stdout.write
        for chunk in chunks:
            write(chunk)
        sys.stdout.flush()
        if fmt is Format.github:
            from rich.console import Console

            from listlint.report.tree import render_summary

            render_summary(report, Console(no_color=True, highlight=False, width=200))
        return
    from listlint.report.tree import render

    render(report, _console(no_color))


def _write_report(report: Any, fmt: Format, output: Path) -> None:
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        chunks = render_chunks(report, fmt)
        with output.open("w", encoding="utf-8") as fh:
            if chunks is None:
                from rich.console import Console

                from listlint.report.tree import render

                render(report, Console(file=fh, no_color=True, width=120, highlight=False))
            else:
                fh.writelines(chunks)
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc}") from None


def statistics_rows(report: Any) -> list[dict[str, Any]]:
    from collections import Counter

    counts = Counter(f.rule for f in report.findings)
    severity = {f.rule: f.severity.label for f in report.findings}
    fixable = Counter(f.rule for f in report.findings if f.fix is not None)
    rows = []
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = report.engine.rule(rule_id)
        rows.append(
            {
                "rule": rule_id,
                "severity": severity[rule_id],
                "count": count,
                "fixable": fixable[rule_id],
                "title": rule.spec.title if rule is not None else "",
            }
        )
    return rows


def _statistics(report: Any, fmt: Format, no_color: bool) -> None:
    import json

    rows = statistics_rows(report)
    if fmt in (Format.json, Format.json_lines):
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.concise:
        for row in rows:
            sys.stdout.write(f"{row['count']:6d}  {row['rule']}  [{row['severity']}]\n")
        return
    from rich.table import Table

    from listlint.report.tree import render_summary

    console = _console(no_color)
    table = Table(header_style="bold", show_edge=False)
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("rule", no_wrap=True, min_width=max((len(r["rule"]) for r in rows), default=4))
    table.add_column("severity", no_wrap=True)
    table.add_column("fixable", justify="right", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["count"]),
            row["rule"],
            row["severity"],
            str(row["fixable"] or ""),
            row["title"],
        )
    if rows:
        console.print(table)
    render_summary(report, console)


@app.command("rules")
def rules_cmd(
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    pack: Annotated[list[Path] | None, typer.Option("--pack", help="Extra rule pack file.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color")] = False,
) -> None:
    """List every rule: id, severity, scope and a one-line description."""
    from rich.table import Table

    config = build_config([Path.cwd()], config_file, packs=[str(p.resolve()) for p in pack or []])
    engine = _engine(config)
    table = Table(show_lines=False, header_style="bold")
    for col in ("rule", "severity", "scope", "description"):
        table.add_column(col)
    for rule in engine.all_rules:
        scope = rule.spec.scope
        parts = []
        if scope.platforms:
            parts.append(",".join(scope.platforms))
        if scope.categories:
            parts.append(" ".join(scope.categories))
        if scope.exclude_categories:
            shown = " ".join(scope.exclude_categories[:3])
            more = len(scope.exclude_categories) - 3
            parts.append(f"not {shown}" + (f" (+{more})" if more > 0 else ""))
        if scope.fields != ["text"] and rule.kind in ("terms", "pattern"):
            parts.append("fields: " + ",".join(scope.fields))
        on = "" if engine.selected(rule.id) else " (off)"
        table.add_row(rule.id, rule.severity.label + on, "; ".join(parts) or "all", rule.spec.title)
    _console(no_color).print(table)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. adlaw/absolute-terms.")],
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    pack: Annotated[list[Path] | None, typer.Option("--pack", help="Extra rule pack file.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color")] = False,
) -> None:
    """Explain a rule: what it checks, why, its reference, bad and good examples."""
    from listlint.report.explain import render_rule

    config = build_config([Path.cwd()], config_file, packs=[str(p.resolve()) for p in pack or []])
    engine = _engine(config)
    rule = engine.rule(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, [r.id for r in engine.all_rules], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `listlint rules`"
        raise _fail(f"unknown rule {rule_id!r}{hint}")
    render_rule(rule, _console(no_color))


class TitleFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command("title")
def title_cmd(
    text: Annotated[
        str,
        typer.Argument(help="The title; `-` reads one title per line from stdin (JSON lines)."),
    ],
    category: Annotated[
        str | None, typer.Option("--category", help="Category path, e.g. 服装/女装/T恤.")
    ] = None,
    brand: Annotated[str | None, typer.Option("--brand", help="The draft's brand.")] = None,
    format: Annotated[
        TitleFormat, typer.Option("--format", "-f", help="tree (default) or json.")
    ] = TitleFormat.tree,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours.")] = False,
) -> None:
    """Take a title apart: brand, core words, attributes, scenes, other words and length."""
    import json

    from listlint.title.anatomy import analyze_title

    if text == "-":
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.read() if stream is not None else sys.stdin.read()
        lines = raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw
        for line in lines.splitlines():
            line = line.strip()
            if line:
                data = analyze_title(line, brand=brand, category=category).to_json()
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    if not text.strip():
        raise _fail("the title is empty")
    anatomy = analyze_title(text, brand=brand, category=category)
    if format is TitleFormat.json:
        typer.echo(json.dumps(anatomy.to_json(), ensure_ascii=False, indent=2))
        return
    from listlint.report.title import render_anatomy

    render_anatomy(anatomy, _console(no_color))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the draft format (for editors)."""
    import json

    from listlint.draft.model import Draft

    data = Draft.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "listlint product draft"
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def main() -> None:
    # pydantic looks for plugins in every installed distribution's entry points before it
    # builds the first model; a command-line run has none to offer (set the variable to ""
    # to let pydantic look anyway)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = 0
    try:
        app()
    except KeyboardInterrupt:
        code = 130
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    _exit(code)


def _exit(code: int) -> None:
    """End a one-shot run without tearing the interpreter down object by object.

    Everything Python's normal exit does that has an effect outside the process still happens:
    the ``atexit`` handlers run (logging flush, multiprocessing clean-up, ``weakref.finalize``)
    and standard output and error are flushed.  What is skipped is the final garbage collection
    and the module-by-module deallocation of the engine (packs, lexicons, automaton), about
    40 ms of every cold run spent freeing memory the operating system reclaims anyway."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or broken pipe: nothing left to deliver
            if code == 0:
                code = 1
    os._exit(code)
