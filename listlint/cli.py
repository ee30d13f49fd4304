"""The command line: parse options, build a Config, call the library, hand findings to a reporter.

Exit status: 0 no finding reaches --fail-on; 1 one does; 2 listlint itself cannot run."""

from __future__ import annotations

import os
import sys
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


@app.command()
def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Draft files or directories (.yaml .yml .json .jsonl).")
    ],
    format: Annotated[Format | None, typer.Option("--format", "-f", help="Output format.")] = None,
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
) -> None:
    """Check drafts and report findings as a tree (default), concise lines or JSON."""
    from listlint.runner import Report, discover, run

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        raise _fail(f"--today must be YYYY-MM-DD, not {today!r}") from None
    for p in paths:
        if not p.exists():
            raise _fail(f"no such file or directory: {p}")
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
    )
    engine = _engine(config)
    files = list(discover(paths, config.exclude))
    if fix or diff:
        _fix(engine, files, write=fix and not diff)
    findings = run(engine, files, jobs=config.jobs)
    findings.sort(key=lambda f: f.sort_key())
    report = Report(files=len(files), findings=findings, engine=engine)
    _emit(report, format or Format.tree, no_color)
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


def _emit(report: Any, fmt: Format, no_color: bool) -> None:
    from listlint.report import machine

    if fmt is Format.json:
        sys.stdout.write(machine.to_json(report))
    elif fmt is Format.json_lines:
        sys.stdout.write(machine.to_json_lines(report))
    elif fmt is Format.concise:
        sys.stdout.write(machine.to_concise(report))
    else:
        from listlint.report.tree import render

        render(report, _console(no_color))


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
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
