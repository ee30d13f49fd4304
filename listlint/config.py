"""Configuration: ``listlint.yaml`` / ``.listlint.yaml`` / ``[tool.listlint]`` in pyproject.toml,
found upward from the checked path; command-line options override it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError

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
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    exclude: list[str] = Field(default_factory=list, description="glob patterns of files to skip")
    today: date | None = None
    allow: list[str] = Field(default_factory=list, description="words never flagged by terms rules")
    profiles: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="platform parameters to change: {jd: {title_max: 50}}"
    )
    platforms: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="platforms to add: {id: {name, aliases, extends, title_max, …}}",
    )
    max_file_bytes: PositiveInt = 2 * 1024 * 1024
    max_nodes: PositiveInt = 100_000
    cache: bool = True
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


def find_config(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
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
        raise ConfigError(f"{path}: 无法读取：{exc.strerror or exc}") from None
    if raw is None:
        raise ConfigError(f"{path}: 文件过大（{size:,} 字节，上限 {MAX_CONFIG_BYTES:,}）")
    return raw


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        data = _read_toml(path).get("tool", {}).get("listlint", {})
    else:
        from listlint.draft import sourcemap
        from listlint.safeyaml import Limits, YAMLLimitError, parse_yaml

        try:
            text = _read(path).decode("utf-8-sig")
            data, node = parse_yaml(text, Limits(max_nodes=20_000))
            # walk the node graph with aliases expanded: an alias bomb in `profiles` is refused
            # here, before anything copies it
            sourcemap.build(node, text, max_nodes=20_000)
            data = data or {}
        except sourcemap.NodeBudgetExceeded:
            raise ConfigError(
                f"{path}: refused: more than 20,000 nodes (aliases expanded)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        except YAMLLimitError as exc:
            raise ConfigError(f"{path}: refused: {exc}") from None
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            raise ConfigError(f"{path}: YAML syntax error: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: `{loc}`: {err['msg']}") from None
    config.source = str(path)
    # pack paths are relative to the config file
    config.packs = [str((path.parent / p).resolve()) for p in config.packs]
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
    merged = Config.model_validate(data)
    merged.source = config.source
    return merged


__all__ = ["Config", "ConfigError", "find_config", "load_config", "merge", "validate_against"]
