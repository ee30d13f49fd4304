"""Configuration: ``listlint.yaml`` / ``.listlint.yaml`` / ``[tool.listlint]`` in pyproject.toml,
found upward from the checked path; command-line options override it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError

from listlint.data import os_problem, yaml_problem
from listlint.draft.catalogue.settings import CatalogueSettings

CONFIG_NAMES = ("listlint.yaml", ".listlint.yaml", "pyproject.toml")


class ConfigError(Exception):
    pass


class Config(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, alias_generator=lambda s: s.replace("_", "-")
    )

    platform: str = Field("taobao", description="default platform (id or alias: 淘宝, 京东 …)")
    packs: list[str] = Field(default_factory=list, description="extra pack files")
    select: list[str] = Field(default_factory=list, description="rule ids or prefixes to run")
    ignore: list[str] = Field(default_factory=list, description="rule ids or prefixes to skip")
    severity: dict[str, Literal["error", "warning", "info", "advice"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    advice: bool = Field(
        False, description="show advice (title recipe, detail-page structure …) in reports"
    )
    exclude: list[str] = Field(default_factory=list, description="glob patterns of files to skip")
    include: list[str] = Field(
        default_factory=list,
        description="glob patterns of files that are drafts whatever keys they hold",
    )
    today: date | None = None
    allow: list[str] = Field(default_factory=list, description="words never flagged by terms rules")
    profiles: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="platform parameters to change: {jd: {title_max: 50}}"
    )
    platforms: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="platforms to add: {id: {name, aliases, extends, title_max, …}}",
    )
    categories: dict[str, Any] = Field(
        default_factory=dict,
        description="category table additions: {nodes: {id: {name, names}}, aliases: {名: id}}",
    )
    max_file_bytes: PositiveInt = 2 * 1024 * 1024
    max_nodes: PositiveInt = 100_000
    cache: bool = True
    follow_links: bool = Field(
        False, description="read draft files that are links leading out of the checked folder"
    )
    jobs: int = Field(0, ge=0)
    builtin_packs: bool = True
    catalogues: list[str] = Field(
        default_factory=list,
        description="glob patterns of files streamed as catalogues (besides .csv, .xlsx and "
        ".jsonl files over max-file-bytes)",
    )
    catalogue: CatalogueSettings = Field(
        default_factory=CatalogueSettings, description="how catalogue columns map to fields"
    )
    source: str | None = Field(None, exclude=True, description="the config file used")

    def base_dir(self) -> Path:
        return Path(self.source).parent if self.source else Path.cwd()

    def effective_today(self) -> date:
        return self.today or date.today()


def _inside(path: Path, *folders: Path) -> bool:
    """Does `path` (links resolved) lie in one of `folders` (links resolved)?"""
    real = os.path.realpath(path)
    for folder in folders:
        base = os.path.realpath(folder).rstrip(os.sep) + os.sep
        if real.startswith(base):
            return True
    return False


def find_config(start: Path) -> Path | None:
    """The config file for `start`: the first found upward.  One that is a symbolic link
    leading out of its folder (and out of the working folder) is refused: a repository's
    ``listlint.yaml -> /etc/shadow`` would otherwise be read, and its keys quoted in errors."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if not _inside(candidate, folder, Path.cwd()):
                raise ConfigError(f"{candidate}: 配置文件是指向其目录之外的符号链接，拒绝读取")
            if name == "pyproject.toml" and "listlint" not in _read_toml(candidate).get("tool", {}):
                continue
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a pyproject.toml is on the way up

    try:
        return tomllib.loads(_read(path).decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


MAX_CONFIG_BYTES = 1 << 20


def _read(path: Path) -> bytes:
    """A config file's bytes: a regular file of at most 1 MiB (not a FIFO, not /dev/zero)."""
    from listlint.safeyaml import read_limited

    try:
        raw, size = read_limited(path, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取：{os_problem(exc)}") from None
    if raw is None:
        raise ConfigError(f"{path}: 文件过大（{size:,} 字节，上限 {MAX_CONFIG_BYTES:,}）")
    return raw


# pydantic's error types in Chinese ({…}: the error's context)
_REASONS = {
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "literal_error": "应为 {expected} 之一",
    "list_type": "应为列表",
    "dict_type": "应为键值映射",
    "string_type": "应为文本",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_type": "应为日期 YYYY-MM-DD",
}


def _reason(exc: ValidationError) -> str:
    """The first problem of a config, in Chinese; an unknown key with a did-you-mean."""
    import difflib

    err = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden" and len(err["loc"]) == 1:
        keys = [f.alias or name for name, f in Config.model_fields.items() if name != "source"]
        close = difflib.get_close_matches(str(err["loc"][0]), keys, n=1, cutoff=0.6)
        hint = f"，是否想写 {close[0]}？" if close else f"（可用的配置项：{', '.join(keys)}）"
        return f"未知的配置项 `{loc}`{hint}"
    template = _REASONS.get(err["type"])
    if template is None:
        return f"`{loc}`: 取值不正确（{err['msg']}）"
    try:
        ctx = {k: str(v).replace(" or ", ", ") for k, v in (err.get("ctx") or {}).items()}
        reason = template.format(**ctx)
    except (KeyError, IndexError):
        reason = template
    return f"`{loc}`: {reason}，而不是 {err.get('input')!r}"[:500]


def _read_yaml_config(path: Path) -> Any:
    """A YAML config file, safely and bounded; every problem a ConfigError in Chinese."""
    from listlint.draft import sourcemap
    from listlint.safeyaml import Limits, YAMLLimitError, parse_yaml

    try:
        text = _read(path).decode("utf-8-sig")
        data, node = parse_yaml(text, Limits(max_nodes=20_000))
        # walk the node graph with aliases expanded: an alias bomb in `profiles` is refused
        # here, before anything copies it
        sourcemap.build(node, text, max_nodes=20_000)
        return data or {}
    except sourcemap.NodeBudgetExceeded:
        raise ConfigError(f"{path}: 拒绝读取：节点超过 20,000 个（含别名展开）") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: 无法读取：不是 UTF-8 文本") from None
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取：{os_problem(exc)}") from None
    except YAMLLimitError as exc:
        raise ConfigError(f"{path}: 拒绝读取：{exc}") from None
    except yaml.MarkedYAMLError as exc:
        # the problem and its line, never the parser's excerpt of the file: a config that
        # is a link to /etc/shadow must not print its first line in a CI log
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}: " if mark else ""
        problem = yaml_problem(exc.problem or exc.context)
        raise ConfigError(f"{path}:{line}YAML 语法错误：{problem}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ConfigError(f"{path}: YAML 错误：{exc}") from None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        data = _read_toml(path).get("tool", {}).get("listlint", {})
    else:
        data = _read_yaml_config(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置文件的顶层必须是映射（键: 值）")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_reason(exc)}") from None
    config.source = str(path)
    # pack paths are relative to the config file; a config (often the repository's) may name
    # packs only inside its own folder or the working folder: not /etc/shadow, not ~/.ssh
    packs = []
    for name in config.packs:
        pack = (path.parent / name).resolve()
        if not _inside(pack, path.parent, Path.cwd()):
            raise ConfigError(f"{path}: `packs`: {name} 在配置文件所在目录和当前目录之外，拒绝读取")
        packs.append(str(pack))
    config.packs = packs
    return config


def validate_against(config: Config, resources: Any) -> None:
    """Config values that only make sense with the packs and platforms loaded: a platform
    name, rule ids in select / ignore / severity.  Each mistake is a ConfigError with a
    did-you-mean (a typo must not silently switch a rule off)."""
    import difflib

    where = f"{config.source}: " if config.source else ""
    platforms = resources.platforms
    found = platforms.resolve(config.platform)
    if found is None:
        guess = platforms.suggest(config.platform)
        hint = f"，是否想写 {guess}？" if guess else f"（可选：{platforms.describe()}）"
        raise ConfigError(f"{where}`platform`: 未知平台 {config.platform!r}{hint}")
    config.platform = found
    _check_catalogue(config, where)
    ids = list(resources.by_id)
    packs = {i.split("/")[0] for i in ids}
    for key, entries in (
        ("select", config.select),
        ("ignore", config.ignore),
        ("severity", list(config.severity)),
    ):
        for entry in entries:
            entry = entry.strip().rstrip("/")
            if entry in packs or any(i == entry or i.startswith(entry + "/") for i in ids):
                continue
            close = difflib.get_close_matches(entry, [*ids, *packs], n=1, cutoff=0.6)
            hint = f"，是否想写 {close[0]}？" if close else "（用 listlint rules 查看所有规则）"
            raise ConfigError(f"{where}`{key}`: 没有名为 {entry!r} 的规则{hint}")


def _check_catalogue(config: Config, where: str) -> None:
    """The catalogue preset must exist (a typo must not silently map nothing)."""
    import difflib

    from listlint.draft.catalogue.settings import presets

    name = config.catalogue.preset
    if name is not None and name not in presets():
        close = difflib.get_close_matches(name, list(presets()), n=1, cutoff=0.5)
        hint = f"，是否想写 {close[0]}？" if close else f"（可选：{'、'.join(presets())}）"
        raise ConfigError(f"{where}`catalogue.preset`: 没有名为 {name!r} 的预设{hint}")


def merge(config: Config, **overrides: Any) -> Config:
    """Command-line values (not None, not empty) win over the file."""
    data = config.model_dump()
    for key, value in overrides.items():
        if value is None or value == [] or value == ():
            continue
        if key == "packs":
            data[key] = [*data.get(key, []), *value]
        else:
            data[key] = value
    try:
        merged = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_reason(exc)) from None
    merged.source = config.source
    return merged


__all__ = ["Config", "ConfigError", "find_config", "load_config", "merge", "validate_against"]
