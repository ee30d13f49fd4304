"""The command line: parse options, build a Config, call the library, hand the report to a
reporter.  Process pools, garbage-collector tuning and the fast exit live here (and in
``listlint.batch``), never in the library.

Exit status: 0 no finding reaches --fail-on; 1 one does; 2 listlint itself cannot run."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from listlint import __version__
from listlint.cliutil import fail
from listlint.cliutil import output as _output
from listlint.report import REGISTRY

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="listlint: compliance linter for Chinese e-commerce product listings (电商商品合规检查).",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


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


def build_config(paths: list[Path], config_file: Path | None, **overrides: Any) -> Any:
    from listlint.config import ConfigError, find_config, load_config, merge

    try:
        if config_file is not None:
            if not config_file.is_file():
                raise fail(f"找不到配置文件：{config_file}")
            found: Path | None = config_file
        else:
            found = find_config(paths[0] if paths else Path.cwd())
        return merge(load_config(found), **overrides)
    except ConfigError as exc:
        raise fail(f"配置有误：{exc}") from None


def linter_for(config: Any, today: date | None = None) -> Any:
    """The cached linter of `config` (packs loaded, self-tested, every value checked)."""
    from listlint.api import Linter
    from listlint.config import ConfigError
    from listlint.data import PackError

    try:
        return Linter.cached(config, today=today)
    except PackError as exc:
        raise fail(f"规则包有误：{exc}") from None
    except ConfigError as exc:
        raise fail(f"配置有误：{exc}") from None


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(v) for v in value.split("/"))
    except ValueError:
        raise fail(f"--shard 的格式应为 I/N（如 1/4），而不是 {value!r}") from None
    if count < 1 or not 1 <= index <= count:
        raise fail(f"--shard {value}：需要 1 ≤ I ≤ N")
    return index, count


def default_format() -> str:
    """GitHub annotations inside GitHub Actions, the tree elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "tree"


def _format(value: str | None) -> str | None:
    if value is None or value in REGISTRY:
        return value
    import difflib

    close = difflib.get_close_matches(value, list(REGISTRY), n=1)
    hint = f"，是否想写 {close[0]}？" if close else ""
    raise fail(f"未知的输出格式 {value!r}{hint}（可选：{', '.join(REGISTRY)}）")


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"--today 的格式应为 YYYY-MM-DD，而不是 {value!r}") from None


FORMAT_HELP = "Output format: " + "; ".join(f"{f.name}: {f.help}" for f in REGISTRY.values())


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Draft files, catalogues (.jsonl .csv .xlsx) or directories of them."),
    ],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=FORMAT_HELP + " (default: tree; github in Actions)."),
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
        str | None,
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
        typer.Option("--no-cache", help="Neither read nor write the result cache."),
    ] = False,
    advice: Annotated[
        bool,
        typer.Option(
            "--advice",
            help="Also show advice (title recipe, detail-page structure, optional attributes).",
        ),
    ] = False,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links",
            help="Read drafts that are symbolic links leading out of the checked folder.",
        ),
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Check catalogue rows on this Dask scheduler (tcp://host:8786; listlint[dask]).",
        ),
    ] = None,
) -> None:
    """Check drafts and catalogues and report findings (a tree by default; see --format).
    Errors and warnings are what a platform rejects or a regulator fines; advice is shown with
    --advice."""
    from listlint.clicheck import Options, run_check

    options = Options(
        paths=paths,
        format=_format(format) or default_format(),
        output=output,
        no_color=no_color,
        today=_today(today),
        fix=fix,
        diff=diff,
        exit_zero=exit_zero,
        statistics=statistics,
        shard=_shard(shard),
        baseline=baseline,
        write_baseline=write_baseline,
        scheduler=scheduler,
    )
    if jobs is not None and jobs < 0:
        raise fail("--jobs 必须是 0（所有核心）或正整数")
    for p in paths:
        if not os.path.lexists(p):
            raise fail(f"没有这个文件或目录：{p}")
    config = build_config(
        paths,
        config_file,
        select=_split(select),
        ignore=_split(ignore),
        platform=platform,
        fail_on=fail_on.value if fail_on else None,
        packs=[str(p.resolve()) for p in pack or []],
        today=options.today,
        jobs=jobs,
        cache=False if no_cache else None,
        advice=True if advice else None,
        follow_links=True if follow_links else None,
    )
    raise typer.Exit(run_check(options, config, linter_for(config, options.today)))


@app.command("rules")
def rules_cmd(
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    pack: Annotated[list[Path] | None, typer.Option("--pack", help="Extra rule pack file.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color")] = False,
) -> None:
    """List every rule: id, severity, scope and a one-line description."""
    from listlint.report.rules import write_rules

    config = build_config([Path.cwd()], config_file, packs=[str(p.resolve()) for p in pack or []])
    linter = linter_for(config)
    write_rules(linter.resources, _output(no_color))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. adlaw/absolute-terms.")],
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    pack: Annotated[list[Path] | None, typer.Option("--pack", help="Extra rule pack file.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color")] = False,
) -> None:
    """Explain a rule: what it checks, why, its reference, bad and good examples."""
    from listlint.report.explain import render_rule
    from listlint.report.tree import console_for

    config = build_config([Path.cwd()], config_file, packs=[str(p.resolve()) for p in pack or []])
    linter = linter_for(config)
    rule = linter.resources.rule(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, list(linter.resources.by_id), n=3)
        hint = f"，是否想写 {'、'.join(close)}？" if close else "（用 listlint rules 查看所有规则）"
        raise fail(f"没有名为 {rule_id!r} 的规则{hint}")
    render_rule(rule, console_for(_output(no_color)))


TITLES_MAX_BYTES = 64 << 20  # `listlint title -`: titles read from stdin


class TitleFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command("category")
def category_cmd(
    texts: Annotated[
        list[str],
        typer.Argument(help='Categories as written, e.g. 保健品/鱼油 "Beauty/Skin care".'),
    ],
    format: Annotated[
        TitleFormat, typer.Option("--format", "-f", help="tree (default) or json.")
    ] = TitleFormat.tree,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform whose rules are listed.")
    ] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours.")] = False,
) -> None:
    """What a category resolves to, why, and what follows: documents, banned claims, required
    attributes, title limits per platform.  Exit status 1 when a text resolves to nothing."""
    import json

    from listlint.engine.explain import category_facts

    config = build_config([Path.cwd()], config_file, platform=platform)
    linter = linter_for(config)
    facts = [category_facts(linter.resources, text, config.platform) for text in texts]
    unknown = any(item["family"] is None for item in facts)
    if format is TitleFormat.json:
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        from listlint.report.category import render_category
        from listlint.report.tree import console_for

        console = console_for(_output(no_color))
        for item in facts:
            render_category(item, console)
    if unknown:  # a script can tell that a category would not be understood
        raise typer.Exit(1)


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

    from listlint.findings import json_safe
    from listlint.title.anatomy import analyze_title

    if text == "-":
        stream = getattr(sys.stdin, "buffer", None) or sys.stdin
        raw = stream.read(TITLES_MAX_BYTES + 1)  # bounded: stdin may be /dev/zero
        if len(raw) > TITLES_MAX_BYTES:
            raise fail(f"标准输入超过 {TITLES_MAX_BYTES:,} 字节，请分批输入")
        lines = raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw
        for line in lines.splitlines():
            line = line.strip()
            if line:
                data = analyze_title(line, brand=brand, category=category).to_json()
                sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False)) + "\n")
        return
    if not text.strip():
        raise fail("标题为空")
    anatomy = analyze_title(text, brand=brand, category=category)
    verdict = _title_verdict(text, category, brand) if category else None
    if format is TitleFormat.json:
        data = anatomy.to_json()
        if verdict is not None:
            data["category_verdict"] = verdict
        typer.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    from listlint.report.title import render_anatomy, render_verdict
    from listlint.report.tree import console_for

    console = console_for(_output(no_color))
    render_anatomy(anatomy, console)
    if verdict is not None:
        render_verdict(verdict, console)


def _title_verdict(text: str, category: str, brand: str | None) -> dict[str, Any]:
    from listlint.engine.explain import title_verdict, verdict_json

    linter = linter_for(build_config([Path.cwd()], None))
    found, verdict = title_verdict(linter.resources, text, category, brand)
    return verdict_json(found, verdict, linter.resources.categories)


class MergeFormat(StrEnum):
    json = "json"
    sarif = "sarif"


@app.command()
def merge(
    files: Annotated[
        list[Path], typer.Argument(help="JSON reports or SARIF logs of `listlint check`.")
    ],
    format: Annotated[
        MergeFormat | None,
        typer.Option("--format", "-f", help="json or sarif (default: the inputs' format)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the merged report here.")
    ] = None,
) -> None:
    """Merge the reports of several runs (a CI matrix's shards) into one report."""
    from listlint.report.merge import MergeError, write

    try:
        if output is None:
            write(files, format.value if format else None, sys.stdout)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            write(files, format.value if format else None, handle)
    except MergeError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        from listlint.data import os_problem

        raise fail(f"无法写入 {output}：{os_problem(exc)}") from None
    typer.echo(f"已把 {len(files)} 个报告合并到 {output}", err=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the draft format (for editors)."""
    import json

    from listlint.draft.schema import draft_json_schema

    typer.echo(json.dumps(draft_json_schema(), ensure_ascii=False, indent=2))


# written without allocating when memory has run out
_OUT_OF_MEMORY = "listlint: 错误：内存不足（设置 LISTLINT_DEBUG=1 查看详情）\n".encode()
_CRASHED = "listlint: 错误：内部错误（设置 LISTLINT_DEBUG=1 查看详情）\n".encode()


def main() -> None:
    # pydantic looks for plugins in every installed distribution's entry points before it
    # builds the first model; a command-line run has none to offer (set the variable to ""
    # to let pydantic look anyway)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    reserve = bytearray(1 << 20)  # freed when memory runs out, to report it
    code = 0
    try:
        app()
    except KeyboardInterrupt:
        code = 130
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BaseException as exc:
        del reserve
        code = _report_crash(exc)
    _exit(code)


def _report_crash(exc: BaseException) -> int:
    """``_crash``, and exit status 2 even when reporting the crash fails in turn (memory)."""
    try:
        return _crash(exc)
    except BaseException:
        _write_stderr(_OUT_OF_MEMORY if isinstance(exc, MemoryError) else _CRASHED)
        return 2


def _write_stderr(data: bytes) -> None:
    with contextlib.suppress(OSError):
        os.write(2, data)


def _crash(exc: BaseException) -> int:
    """Any error that reaches the top: one Chinese line on stderr and exit status 2, never 1
    (CI must tell a crash from a failing draft); ``LISTLINT_DEBUG=1`` shows the traceback."""
    if isinstance(exc, typer.Exit):
        return int(exc.exit_code)
    if isinstance(exc, MemoryError):
        exc.__traceback__ = None  # the frames hold what filled the memory
        _write_stderr(_OUT_OF_MEMORY)
        return 2
    if os.environ.get("LISTLINT_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    from listlint.findings import printable

    if isinstance(exc, OSError):
        from listlint.data import os_problem

        what = f"系统错误：{os_problem(exc)}"
    else:
        what = f"内部错误：{type(exc).__name__}: {exc}"
    sys.stderr.write(
        f"listlint: 错误：{printable(what)[:2000]}（设置 LISTLINT_DEBUG=1 查看详情）\n"
    )
    return 2


def _exit(code: int) -> None:
    """End a one-shot run without tearing the interpreter down object by object.

    Everything Python's normal exit does that has an effect outside the process still happens:
    the ``atexit`` handlers run (logging flush, multiprocessing clean-up, ``weakref.finalize``)
    and standard output and error are flushed.  What is skipped is the final garbage collection
    and the module-by-module deallocation of the resources (packs, lexicons, automaton), about
    40 ms of every cold run spent freeing memory the operating system reclaims anyway."""
    try:
        import atexit

        atexit._run_exitfuncs()
    except BaseException:  # (memory) the exit status stands
        if code in (0, 1):
            code = 2
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed or broken pipe: nothing left to deliver
            if code == 0:
                code = 1
        except BaseException:  # MemoryError while flushing
            code = 2
    os._exit(code)
